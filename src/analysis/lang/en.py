"""English: every word list and spelling rule the stages use for English text, in one place.

Looked up by language code through :func:`analysis.lang.get` ("en"); the model is spaCy's
``lang/en``. A module never keeps its own copy of these lists, and no module reaches into
another for them. Grammar lists (closed classes, abbreviations, honorifics) live here as code;
the lexicons users tune are CSV files in ``analysis/data/``, named here (:data:`STOPWORDS`,
:data:`REPORTING_VERBS`, :data:`QUOTE_CUES`, :data:`HEDGES`).

Contents (:data:`analysis.lang.REQUIRED` lists what every language module provides):

- sentence splitting (analysis.segment): :data:`TITLES`, :data:`NUMBER_ABBREVIATIONS`,
  :data:`ABBREVIATIONS`, :data:`NEVER_SPLIT_DOTTED`, :data:`SENTENCE_STARTERS`,
  :data:`SPEECH_VERBS`;
- names (analysis.actors): :data:`NOT_GIVEN_NAMES` (honorifics, titles, days, months);
- quotes (analysis.quotes): :data:`PRONOUNS`, :data:`OTHER_PRONOUNS`, :data:`DETERMINERS`,
  :data:`DEFINITE`, :data:`BETWEEN`, :data:`PHRASE_STOP`, :data:`INTRO`, :data:`CONJ_ADVERBS`;
- attribution (analysis.attribution): :data:`AUX`, :data:`NEG`, :data:`PARENTHETICAL` (regex
  pieces), the reporting-verb and hedge lexicons;
- language identification (analysis.clean): :data:`FUNCTION_WORDS`;
- terms (analysis.rewrites, story, distinctive): :data:`STOPWORDS`, :func:`stem`,
  :func:`reporting_verb_words`; frame dictionaries (analysis.frames): :func:`inflect`.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import pandas as pd

CODE = "en"

#: Data files (in ``analysis/data/``) of English lexicons.
STOPWORDS = "stopwords_en.csv"
REPORTING_VERBS = "reporting_verbs.csv"
QUOTE_CUES = "quote_cues.csv"
HEDGES = "hedges.csv"

# --------------------------------------------------------------------------------------------
# Sentence splitting (analysis.segment). Part of the splitter's grammar, not a lexicon users
# tune; all comparisons for abbreviations are case-insensitive.


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


#: Titles before a name: a period after one never ends a sentence.
TITLES: frozenset[str] = _words(
    """mr mrs ms messrs mme dr prof gen sen rep gov lt col maj capt cpt sgt cmdr adm brig
    gens sens reps pres supt insp det atty rev hon fr amb"""
)

#: Abbreviations that are followed by a number ("No. 5", "Jan. 20", "Art. 5").
NUMBER_ABBREVIATIONS: frozenset[str] = _words(
    """no nos art arts vol vols fig figs ch sec para pp p nr pt ref op
    jan feb mar apr jun jul aug sep sept oct nov dec"""
)

#: Abbreviations that may end a sentence: a period after one is a boundary only before a
#: sentence starter. Month abbreviations are here too (when not followed by a number); words
#: that are also ordinary English words ("no", "art", "sun") are left out on purpose.
ABBREVIATIONS: frozenset[str] = _words(
    """inc co corp ltd llc plc bros jr sr st mt ft ave blvd rd vs v etc approx dept univ
    assn intl govt jan feb mar apr jun jul aug sep sept oct nov dec tue tues thu thur thurs"""
)

#: Abbreviations that introduce an example or a gloss (e.g., i.e., cf., viz., ca.): a period
#: after one never ends a sentence.
NEVER_SPLIT_DOTTED: frozenset[str] = frozenset({"e.g", "i.e", "cf", "viz", "ca"})

#: Words that commonly open a sentence. After an abbreviation, acronym or initial a period
#: ends the sentence only when one of these follows ("proposed by the U.S. The next day").
SENTENCE_STARTERS: frozenset[str] = _words(
    """The A An This That These Those There Then Here He She It They We I You His Her Its
    Their Our My Your But And Or So Yet Nor For In On At As By To From With Without After
    Before During Since Until While When Where Whether If Although Though Despite However
    Meanwhile Moreover Furthermore Also Still Now Later Earlier Today Yesterday Tomorrow
    Some Many Most Much More Several Both Each Every All Any No Not None Other Another Such
    One Two Three Last Next According Under Over Among Between Asked Instead Even Only
    What Who Why How Which"""
)

#: Speech verbs for the "?” Trump asked" exception.
SPEECH_VERBS: frozenset[str] = _words(
    """said says asked asks added adds wrote writes told tells replied replies shouted
    insisted insists continued posted tweeted wondered demanded"""
)


# --------------------------------------------------------------------------------------------
# Names (analysis.actors).

# Capitalised words that may stand directly before a surname without being a first name. This is
# English grammar (honorifics, days, months), not story data; catalog title words are added to it.
NOT_GIVEN_TEXT = """
    Mr Mrs Ms Miss Dr Prof Professor Rev Judge Justice Sir Dame Lord Lady President Vice Prime
    Minister Chancellor Secretary Councillor Councilor Councilman Councilwoman Alderman
    Senator Sen Rep Governor Gov General Gen Mayor Premier King Queen Prince Pope Ambassador
    Envoy Spokesman Spokeswoman Spokesperson Minister Leader Prof Professor Rev Reverend Judge
    Justice Sheriff Rabbi Bishop Cardinal Col Colonel Capt Captain Lt Sgt Adm Admiral
    Speaker Chairman Chairwoman Chair Commissioner Director Administrator Chief Representative
    Congressman Congresswoman Dean Attorney
    Former Both And Or But As When With
    By For From Of On In At To Then Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    January February March April May June July August September October November December
    Mon Tue Wed Thu Fri Sat Sun Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Prof Professor"""
NOT_GIVEN_NAMES = frozenset(NOT_GIVEN_TEXT.split())


# --------------------------------------------------------------------------------------------
# Quotes (analysis.quotes).


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# English grammar words (closed classes), not a lexicon users tune.
PRONOUNS = {"he": "person", "she": "person", "it": "institution"}
OTHER_PRONOUNS = frozenset({"they", "we", "i", "you"})
# The author's pronoun in the narration (outside quotation marks): an unnamed source.
AUTHOR_PRONOUNS = frozenset({"i"})
DETERMINERS = frozenset({"the", "a", "an", "his", "her", "its", "their", "this", "that", "one"})
DEFINITE = frozenset({"the", "his", "her", "its", "their", "this", "that"})
# Words that may stand between a subject and its verb ("Trump also said", "he has warned").
BETWEEN = _wordset(
    """also later then again once previously recently repeatedly reportedly separately publicly
    personally earlier already subsequently further just even has had have was were is are
    would will had not never"""
)
# Words that end a noun phrase (prepositions, conjunctions, relative pronouns).
PHRASE_STOP = _wordset(
    """and or but nor that which who whom whose to for of in on at with by from as than into
    onto about after before during since until while when where because if though although
    not no so"""
)
# Prepositions beyond PHRASE_STOP: after a quoted word one shows a predicate ('"disappointed"
# over'), not a quoted modifier of a noun ('"high occupancy" planes').
PREPOSITIONS = _wordset(
    """over against among amid across around toward towards like despite without within through
    throughout under above below beyond per via upon up down off out near along behind inside
    outside is are was were be been being has have had will would can could may might should
    must do does did"""
)
# Sentence-initial words that open an adverbial before the subject ("Earlier in the day, ...").
INTRO = _wordset(
    """however earlier later meanwhile in on at during after before since while when despite
    following separately speaking asked furthermore moreover but and yet also still instead
    last this for with by as then now today yesterday overnight afterwards subsequently
    nevertheless nonetheless to"""
)
CONJ_ADVERBS = _wordset("but and yet however meanwhile also still furthermore moreover then now")
# Speakers (issue #16). Role nouns of bodies, not persons: a description headed by one may be
# an institution.
BODY_NOUNS = _wordset(
    "ministry office government agency army military mission delegation team statement "
    "administration"
)
# Documents: never a speaker; their words are the words of the body or person that issued them
# ("the statement said" after "The Kremlin said in a statement"; "according to a report by X").
DOCUMENT_NOUNS = _wordset(
    """statement report release study analysis letter survey memo declaration readout document
    paper poll review assessment communique communiqué resolution bill transcript filing proposal
    manifesto legislation draft plan deal faq faqs fact-sheet factsheet platform"""
)
# Speakers, third pass (issue #16). Lower-case words that join the capitalised words of one
# name ("Institute for Energy Research president Jane Doe").
NAME_CONNECTORS = _wordset("of for")
# Sizes of a group referred back to ("the two leaders said"): its first named member speaks.
GROUP_SIZES = {"two": 2, "three": 3, "four": 4, "five": 5, "both": 2}
# Days and months: never a speaker or a document's owner ("Wednesday's letter", "X on Sunday
# said").
DATE_WORDS = _wordset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december"""
)
# Party nouns of a description ("the New York Democrat"): a person named before, not a name.
PARTY_NOUNS = _wordset("democrat republican")
# Relative pronouns that may be the subject of a cue ("the FAQ … that said"): their antecedent.
RELATIVES = _wordset("that which")
# Verbs whose subject issued a document ("Sen. Roe introduced the bill"), and the participles
# that name its issuer after it ("a resolution drafted by Roe").
ISSUE_VERBS = _wordset(
    """issued issues issue released releases published publishes unveiled unveils introduced
    introduces drafted drafts wrote writes circulated circulates sponsored sponsors proposed
    proposes filed files announced announces signed signs authored co-sponsored cosponsored
    adopted put penned pens"""
)
# Last words of a capitalised name that make it a document, not a speaker ("Green New Deal",
# "Clean Power Plan", "Paris Agreement"): its words are its issuer's.
DOCUMENT_NAME_WORDS = _wordset(
    "deal act plan agreement accord resolution bill treaty protocol declaration report assessment"
)
# Heads of definite descriptions of an organisation ("the group", "the company"): the body
# last named in the article.
ORG_HEADS = _wordset(
    """group company firm agency organization organisation movement campaign coalition
    association union network institute foundation party administration newspaper network
    council committee commission bloc"""
)
# Modifiers that make a document the state's ("a government report", "the federal report"):
# its issuer is the catalog's one government (a body whose name has a BODY_KIND_WORDS["govt"]
# word), as "the government" is (gold conventions 34 and 42).
STATE_DOCUMENT_MODIFIERS = _wordset("government federal national")
# Eighth pass (issue #16, analysis.quotes): document nouns of one kind, a written finding.
# "the report says" refers back to the last of them ("the National Climate Assessment ...
# the report says"), never to a person's statement or letter.
FINDING_DOCUMENTS = _wordset("report study analysis survey review assessment paper publication")
# Verbs of writing before "by": the agent wrote the document. Publishing or releasing it is
# not authorship (gold convention 42): a state's document keeps the state as its issuer.
AUTHORING_VERBS = _wordset("written authored produced prepared conducted drafted")
# Subordinators between a name and a participle cue: "Roe, in complaining about …", "Roe,
# while praising …": the name is the participle's subject.
GERUND_SUBORDINATORS = _wordset("in while when by after before")
# Irregular past tenses, which the verb-like test of a subject ("-ed", "-s", a cue) misses
# ("CBS's anchor Jane Roe spoke of the “…”"): English grammar, not story data.
IRREGULAR_PAST = _wordset(
    """spoke wrote gave made took led went came put found thought felt kept held brought sent
    left met began ran saw knew grew drew threw chose rose fell stood sought struck bore"""
)
# Auxiliaries of the passive: "X was asked to “…”", "X was found more likely to lose cases
# “…”": X is no speaker of the quote (the agent is).
PASSIVE_AUX = _wordset("was were been being")
# ... except where the passive still reports the subject's speech ("X was quoted as saying").
PASSIVE_SPEECH = _wordset("quoted heard overheard recorded caught filmed")
# Auxiliaries of a reporting verb in the passive ("X is described as “…”", "X was called “…” by
# Y"): the agent after "by" speaks, else no one (gold convention 38).
PASSIVE_REPORTING_AUX = _wordset("was were been being is are be")
# Verbs of directing someone, which are no cues: in the passive before "to" and a quote ("the
# crew were instructed to “hold the line”") the words are the unnamed director's, no one's.
DIRECTIVE_VERBS = _wordset(
    "instructed ordered directed commanded urged advised encouraged exhorted bidden enjoined"
)
# An outlet's voice named by its staff ("the editorial board writes", "the editors write"):
# the outlet last named (a body whose name has a BODY_KIND_WORDS["media"] word).
OUTLET_VOICES = _wordset("board editors editorial")
# Verbs of "as X put it," and "what X calls": the quote is X's wording.
WORDING_VERBS = _wordset(
    "put puts saw sees see call calls called described describes describe termed terms dubbed dubs"
)
# Heads of descriptions that name no one in particular, even with "the".
GENERIC_HEADS = _wordset(
    """official officials source sources aide aides analyst analysts expert experts people
    critics leaders scientists diplomats observers insiders officers residents journalist
    journalists others"""
)
# Eighth pass (issue #16, analysis.quotes): plural nouns of a generic group that are no
# actor even when capitalised as a speaker ("Republicans Say It's ...", "Critics said"):
# an unnamed source (gold: generic plurals are no mentions; their words are unnamed_source).
GENERIC_GROUPS = GENERIC_HEADS | _wordset(
    """democrats republicans conservatives liberals progressives activists environmentalists
    opponents supporters critics protesters voters celebrities celebs media economists"""
)
COUNT_WORDS = _wordset(
    "one two three four five six seven eight nine ten several some many few most"
)
# Capitalised words that open a clause but are no speaker ("According to", "There was").
NOT_SUBJECTS = _wordset("according asked there here this these those")
# Verbs of intent before "to" (issue #16, analysis.quotes): a short quote right after "wants
# to", "pledged to" is the infinitive's verb phrase, someone's words ('vowed to "fix the
# gates"'), not a thing named after a preposition.
INTENT_VERBS = _wordset(
    """want wants wanted wanting need needs needed needing pledge pledges pledged pledging vow
    vows vowed vowing promise promises promised promising plan plans planned planning aim aims
    aimed aiming hope hopes hoped hoping seek seeks seeking sought vowed"""
)
# Causatives before "<someone> to <verb of saying>" (issue #16, eighth pass, analysis.quotes):
# "X said it would go, leading one group to call the plan a “…”": the group's words, not X's.
CAUSATIVE_VERBS = _wordset(
    """lead leads leading led prompt prompts prompting prompted cause causes causing caused
    spur spurs spurring spurred drive drives driving drove force forces forcing forced push
    pushes pushing pushed inspire inspires inspiring inspired provoke provokes provoking
    provoked move moves moving moved"""
)
# Base forms of verbs of saying after such a causative and "to".
CAUSED_SPEECH = _wordset(
    """say call describe label dub brand declare warn accuse denounce decry dismiss question
    ask praise blast slam mock deride condemn criticize criticise complain tweet write"""
)
# Verbs that characterise someone or something "as" a quoted word (issue #16,
# analysis.quotes): 'criticised the plan as "reckless"' quotes someone's words (fragment).
CHARACTERISING_VERBS = _wordset(
    """criticized criticised criticizing criticising described describes describing labeled
    labelled labels labeling labelling branded brands branding dismissed dismisses dismissing
    denounced denounces denouncing characterized characterised characterizes decried slammed
    blasted derided mocked"""
)
# Words after which a short quote is a scare quote ('his "climate" minister').
SCARE_AFTER = _wordset("my our your his her its their this these those so-called")
# Quote kinds (issue #16, analysis.quotes): a quote right after one of these nouns is a word
# quoted as a word ('the term "resilience"', 'words like "adaptation"', 'the last name "X"'):
# a scare quote (gold rule 22), whoever the sentence's subject is.
METALINGUISTIC = _wordset(
    "term terms word words phrase phrases name label slogan hashtag expression"
)
# Gender of a person within one article (issue #16, analysis.quotes): "he" never refers to a
# person the article calls "she" (and the reverse). Votes (analysis.attribution.person_genders):
# a gendered pronoun with one person named before it in its sentence, and a gendered honorific
# or role word right before the name ("Congresswoman X", "Mr. X": a data file with a source).
PRONOUN_GENDER = {
    **dict.fromkeys(("he", "him", "his", "himself"), "m"),
    **dict.fromkeys(("she", "her", "hers", "herself"), "f"),
}
GENDERED_TITLES_FILE = "gendered_titles_en.csv"  # in analysis/data: title, gender, source


def _gendered_titles() -> dict[str, str]:
    """Title (lower case, no full stop) -> "m" | "f", from :data:`GENDERED_TITLES_FILE`."""
    ref = resources.files("analysis") / "data" / GENDERED_TITLES_FILE
    with ref.open("r", encoding="utf-8") as fh:
        rows = pd.read_csv(fh, dtype=str, keep_default_na=False)
    return {
        t.strip().lower(): g.strip() for t, g in zip(rows["title"], rows["gender"], strict=True)
    }


GENDERED_TITLES = _gendered_titles()
# Nouns of something said: "X's quip that “…”", "X's July 30 remark: “…”" give X as the speaker
# of a quote with no other speaker (issue #16, analysis.quotes).
SPEECH_NOUNS = _wordset(
    """quip quips remark remarks comment comments claim claims words warning warnings promise
    pledge assertion argument suggestion tweet tweets message line joke boast vow admission
    complaint plea prediction description"""
)
# Irregular past forms a document's relative clause governs a quote with ("a report that found
# that it is “…”"); regular ones end in -ed or -s (issue #16, analysis.quotes).
FINDING_VERBS = _wordset("found read held saw thought put")
# Bodies referred back to by a common noun (issue #16, analysis.actors; gold rule 14: "the
# party", "the company", "the newspaper", "administration officials"): noun -> the kind of body
# it refers to, and the words of a body's name that give its kind. A "company"/"group" noun binds
# to the last body named in the three sentences before whose name has none of these words.
BODY_ANAPHORS = {
    "party": "party",
    "paper": "media",
    "newspaper": "media",
    "department": "department",
    "administration": "administration",
    "government": "govt",
    "company": "other",
    "firm": "other",
    "group": "other",
    "organization": "other",
    "organisation": "other",
    # issue #16, story D/E classes (gold rules 14 and 49): "the agency", "the panel", "the
    # cabinet" (the administration)
    "agency": "agency",
    "service": "service",
    "panel": "panel",
    "committee": "committee",
    "cabinet": "administration",
    # issue #16, story G classes (gold rules 14, 74): "the court" (the last court named), "the
    # region" (a body's regional office, only where it is no area: not after "in the")
    "court": "court",
    "region": "region",
    # issue #16, tenth pass (stories H and I): "the campaign" (the last campaign named; "his
    # campaign", "Roe's campaign": the candidate's), "the network" (an outlet), "the charity",
    # "the council", "the commission", "the university" (the last one named)
    "campaign": "campaign",
    "network": "media",
    "charity": "other",
    "council": "council",
    "commission": "commission",
    "university": "university",
}
# Modifiers kept before "court" ("the lower court", "the appeals court"); "lower" picks
# the last court that is no supreme court, "high"/"top" the last that is one.
# Nouns after "campaign" that make it the activity, not the body ("campaign ads", "the
# campaign trail"; analysis.actors)
CAMPAIGN_MODIFIED = _wordset(
    """ad ads trail stop stops finance finances event events rally rallies promise promises
    pledge pledges website season speech speeches money funds fund platform slogan literature
    materials video videos"""
)
ANAPHOR_MODIFIERS = _wordset("lower appeals appellate high top")
# Nouns an anaphoric body noun modifies with no determiner ("agency officials", "administration
# effort": gold rules 3 and 14), and the data a government publishes ("a government study",
# "government statistics": gold rules 34 and 42).
BARE_ANAPHORS = _wordset("agency administration")
GOVERNMENT_DATA = _wordset(
    "study studies report reports statistics data figures estimates publication survey analysis"
)
BODY_KIND_WORDS = {
    "party": _wordset("party gop"),
    "media": _wordset(
        """times post journal tribune herald gazette guardian telegraph chronicle globe mail
        examiner news press cnn nbc cbs abc bbc npr msnbc fox reuters politico axios"""
    ),
    "department": _wordset("department"),
    "administration": _wordset("administration"),
    "govt": _wordset("government"),
    "government": _wordset(
        """government agency commission congress house senate ministry service council bureau
        office court nations union committee survey laboratory administration department
        white"""
    ),
    "agency": _wordset("agency service department bureau commission survey"),
    "service": _wordset("service"),
    "panel": _wordset("panel"),
    "committee": _wordset("committee"),
    "court": _wordset("court circuit"),
    "region": _wordset("region"),
    "campaign": _wordset("campaign"),
    "council": _wordset("council"),
    "commission": _wordset("commission"),
    "university": _wordset("university"),
}
# Capitalised words that start or end a body's or place's name, not a person's: "Secretary of
# the X", "Bank of X" are no "<First> <Last> of X" (analysis.actors, gold rule 60)
NOT_PERSON_NAME_WORDS = _wordset(
    """the a an and of for from in on at to by with bank university college school institute
    department ministry office agency council committee commission academy association board
    bureau center centre court house senate congress union league society foundation fund
    party group company corporation service survey museum laboratory city county state
    republic kingdom united states nations"""
)
# Social platforms: "on Twitter", "took to Facebook" is the medium, not the company acting
# (gold rule 16; analysis.actors).
PLATFORMS = _wordset(
    """twitter facebook instagram youtube tiktok reddit linkedin snapchat whatsapp telegram
    weibo wechat tumblr pinterest"""
)
# Head words of a place or institution named after a person ("the Doe Wilderness Area", "the
# Roe Center"): the person's name in it is no mention (analysis.actors).
NAMED_AFTER_HEADS = _wordset(
    """area center centre tower foundation institute library school university park airport
    building bridge street avenue forest wilderness prize award hall museum stadium hotel
    club resort"""
)
# Head words of a body that can belong to a parent body named just before it ("the UN's Panel
# on Tides", gold rule 41): the parent is then no mention (analysis.actors).
SUB_BODY_HEADS = _wordset(
    """panel committee subcommittee commission council agency office bureau program programme
    institute center centre service survey laboratory department ministry court board
    university college"""
)
# Small words a title-case title leaves in lower case ('"Pope, in the Air, Puts Foot Down on X"').
TITLE_SMALL_WORDS = _wordset("a an the of and or nor but in on at to for with from by as vs via")
SPOKES = _wordset("spokesman spokeswoman spokesperson spokespeople spokesmen spokeswomen")
RELATIVE_WHO = "who"
# An anonymous source's formula after its description (issue #16, eighth pass): "the employee,
# who asked not to be named, said"; "a diplomat who spoke on condition of anonymity".
ANONYMITY = (
    r"who\s+(?:asked|requested|spoke|declined|did\s+not\s+want|(?:was|were|is|are)\s+not"
    r"\s+authori[sz]ed)\b[^,.;:!?\n]{0,60}?\b(?:named|identified|anonymity|anonymously|publicly)\b"
)
# "a spokesman for X" (X's voice when X is a body), "an aide to X", "a representative of X"
# (a person of X whom the article does not name: an unnamed source)
AGENT_ROLES = r"spokes(?:man|woman|person)|aide|adviser|advisor|representative|employee|staffer"
AGENT_PREPOSITIONS = "for|to|of"
# Speaker rules of issue #16 (analysis.quotes): the object of one of these is no subject or
# antecedent ("talk to Trump", "before Trump was elected", "in Helsinki").
OBJECT_PREPOSITIONS = _wordset(
    """to with about before after for from by of against on at than like into over under
    between among toward towards beside besides including in near outside inside across"""
)
# Regex pieces: the issuer after a document ("a report by X", "a statement issued by X"), the
# agent of a passive ("was adopted by X"), the conjunction of coordinated names ("A and B").
ISSUED_BY = (
    r"(?:(?:(?:issued|released|published|drafted|introduced|circulated|sponsored|co-sponsored|"
    r"proposed|written|authored|produced|prepared|conducted|pushed|unveiled|championed|backed|"
    r"put\s+forward)\s+)?(?:by|from)"
    r"|published\s+in)"  # "a study published in the Journal of X": the journal (convention 42)
)
AGENT_BY = "by"
AND_WORD = "and"
#: Verbs that report speech only in an inverted tag right after a quote ('“…,” echoed X'), as
#: their other uses take an object ("X echoed the sentiment"): not in the cue file.
INVERTED_CUES = _wordset("echoed read")
#: Participles that report a finding only in an absolute clause ("with the report finding “…”").
ABSOLUTE_CUES = _wordset("finding")
#: Words that join two subjects rather than open a description of one ("X, and Y said").
COORDINATORS = _wordset("and or but nor")
# Indefinite pronouns for a person: "someone remarked" is an unnamed source.
INDEFINITE_PERSONS = _wordset("someone somebody another")
# Plural nouns of a body's authors: "the scientists of the Tide Project wrote" gives the
# body's words (gold convention 90; tenth pass, issue #16, analysis.quotes).
AUTHOR_GROUPS = _wordset("scientists researchers authors")
# Common nouns of a person (no office): "recalls a friend saying" makes the friend the
# participle's subject, an unnamed source (tenth pass, issue #16, analysis.quotes).
PERSON_NOUNS = _wordset(
    """friend man woman neighbor neighbour resident colleague relative stranger student teacher
    worker farmer voter member supporter protester fisherman mother father son daughter"""
)
# Determiners of an unnamed person after a cue ("asked one user", "said a resident").
INDEFINITE_DETERMINERS = _wordset("a an one another")
# Cues that, with no agent ("When asked if ..."), report a reporter's question.
QUESTION_CUES = _wordset("asked")
# Nouns after a catalog title that make it a modifier of a whole sector, no one body ("the
# utility industry", "the bank sector": issue #16, story G class; analysis.actors).
SECTOR_NOUNS = _wordset("industry industries sector sectors market markets lobby")
# Words before a title that make it another office ("deputy EPA administrator" is not the EPA
# administrator; "former president" is not the president) unless the catalog title has them.
TITLE_MODIFIERS = _wordset("deputy former assistant acting vice ex associate interim")
# Role words of a person's title ("press secretary", "CEO"): an institution before one and a
# name is part of the title (analysis.actors).
ROLE_WORDS = _wordset(
    """president minister secretary secretary-general spokesman spokeswoman spokesperson press
    chief head administrator director ceo chairman chairwoman chair leader official aide adviser
    advisor envoy ambassador host anchor reporter correspondent editor strategist commissioner
    governor senator general counsel founder executive deputy speaker rep sen gov
    representative congressman congresswoman mayor specialist bureaucrat staffer lobbyist
    scientist researcher professor economist analyst engineer fellow oceanographer
    climatologist meteorologist geologist glaciologist ecologist biologist physicist chemist
    lawyer attorney manager coordinator organizer campaigner expert lecturer historian"""
)


# --------------------------------------------------------------------------------------------
# Attribution (analysis.attribution): regex pieces.

# Words allowed between a subject and its reporting verb (English grammar, not a lexicon).
AUX = (
    r"(?:has|have|had|was|were|is|are|will|would|could|can|may|might|should|must|did|does|do"
    r"|been|being|also|later|then|again|further|previously|earlier|once|since|already|still"
    r"|now|first|often|too|\w+ly)"
)
NEG = r"(?:not|never|(?:did|does|do|has|have|had|was|were|is|are|could|would|should|ca|wo)n['’]t)"
PARENTHETICAL = r"(?:\s*,\s*(?:however|though|meanwhile|too|also|in\s+turn|for\s+example)\s*,)"


# --------------------------------------------------------------------------------------------
# Tone toward a mention (analysis.tone): who does what to whom. The acts themselves (verbs and
# nouns of criticism and praise, with a source column) are the lexicon data/tone_acts.csv
# (word, act negative/positive, kind verb/noun, source), read by analysis.tone.
#: A preposition between an act noun and the mention ("criticism of X", "attacks on X").
TONE_ACT_PREPOSITIONS = _wordset("of on against into to for toward towards with")
#: A preposition that makes the mention the target of an act by itself ("a case against X").
TONE_AGAINST = _wordset("against")
#: Coordination: "accused A and X" makes X an object of "accused" too.
TONE_COORDINATION = _wordset("and or")
#: Words allowed between a subject and its act beyond the next two ("X, who has also
#: repeatedly praised"); the two words right after the mention may be any.
TONE_BETWEEN = _wordset(
    "has have had also repeatedly again publicly openly sharply strongly then later who"
)


# --------------------------------------------------------------------------------------------
# Language identification (analysis.clean): English function words.

FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "his",
        "in",
        "into",
        "is",
        "it",
        "its",
        "not",
        "of",
        "on",
        "or",
        "said",
        "she",
        "that",
        "the",
        "their",
        "they",
        "this",
        "to",
        "was",
        "were",
        "which",
        "who",
        "will",
        "with",
        "would",
    ]
)


# --------------------------------------------------------------------------------------------
# Terms: stopwords, crude stemming (analysis.rewrites, story, distinctive), reporting-verb forms.

_VOWEL = re.compile(r"[aeiouy]")


@cache
def stem(word: str) -> str:
    """Crude suffix stripping for a lower-case word so inflections share a stem.

    strikes/strike -> strik, bombings/bombing -> bomb, agreed/agree -> agre,
    negotiation/negotiated -> negotiat, energies/energy -> energi. Irregular forms (struck) are
    left alone; words of 3 letters or fewer are returned unchanged.
    """
    if len(word) <= 3:
        return word
    w = word
    if w.endswith("ies"):
        w = w[:-3] + "i"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if w.endswith("eed"):
        w = w[:-1]  # agreed -> agree
    for suffix in ("ations", "ation", "ings", "ing", "ed"):
        base = w[: -len(suffix)]
        if w.endswith(suffix) and len(base) >= 3 and _VOWEL.search(base):
            w = base + ("at" if suffix.startswith("ation") else "")
            if len(w) >= 4 and w[-1] == w[-2] and w[-1] not in "lsz":
                w = w[:-1]  # stopped -> stop
            break
    if w.endswith("y") and len(w) > 3:
        w = w[:-1] + "i"
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    return w


@cache
def reporting_verb_words() -> frozenset[str]:
    """The one-word forms of the shipped reporting verbs ("said", "told", "claimed" ...),
    lower-case: outlets pick different verbs for the same statement."""
    ref = resources.files("analysis") / "data" / REPORTING_VERBS
    with ref.open("r", encoding="utf-8") as fh:
        forms = pd.read_csv(fh, dtype=str, keep_default_na=False)["forms"]
    words = {f.strip().lower() for fs in forms for f in fs.split("|")}
    return frozenset(f for f in words if f and " " not in f)


# --------------------------------------------------------------------------------------------
# Inflection (analysis.frames: a dictionary entry's regular forms).

_VOWELS = "aeiou"


def _double_final(word: str) -> bool:
    """Consonant-vowel-consonant ending (stop, plan): a doubled-consonant variant is added."""
    return (
        len(word) >= 3
        and word[-1] not in _VOWELS + "wxy"
        and word[-2] in _VOWELS
        and word[-3] not in _VOWELS
    )


def inflect(word: str) -> list[str]:
    """Regular inflections of a lower-case word: the word, -s/-es/-ies, -ed/-d/-ied, -ing.

    Spelling rules: final e is dropped before -ing and takes -d (negotiate -> negotiating,
    negotiated); consonant + y -> -ies/-ied; a final consonant after a single vowel is also
    doubled (stop -> stopped, stopping; both variants are kept, so "targeted" still matches);
    -ate verbs also get -ation/-ations (negotiate -> negotiation). Words shorter than 3 letters
    and words that do not end in a letter are returned alone. Over-generated non-words are
    harmless: they never occur in text.
    """
    if len(word) < 3 or not word[-1].isalpha():
        return [word]
    forms = [word]
    if word.endswith(("s", "x", "z", "ch", "sh")):
        forms.append(word + "es")
    elif word[-1] == "y" and word[-2] not in _VOWELS:
        forms.append(word[:-1] + "ies")
    else:
        forms.append(word + "s")
    if word[-1] == "e":
        forms.append(word + "d")
        if word.endswith("ie"):
            forms.append(word[:-2] + "ying")
        elif word.endswith("ee"):
            forms.append(word + "ing")
        else:
            forms.append(word[:-1] + "ing")
    elif word[-1] == "y" and word[-2] not in _VOWELS:
        forms += [word[:-1] + "ied", word + "ing"]
    else:
        forms += [word + "ed", word + "ing"]
        if _double_final(word):
            forms += [word + word[-1] + "ed", word + word[-1] + "ing"]
    if word.endswith("ate"):
        forms += [word[:-1] + "ion", word[:-1] + "ions"]
    return list(dict.fromkeys(forms))
