"""The finding sentences: one plain-language sentence (or a few) per view, worded from the
pipeline's tables. Every sentence a report states above a figure is built here, from the
numbers the figure draws, so wording and numbers are checked in one place (tests/test_findings.py)
and figure code only draws (analysis.figures).

Each function takes tables (pandas DataFrames with the columns named in its docstring) and
plain values, and returns a string. None of them computes a measure: the measures are pipeline
tables (analysis.pipeline.Tables).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

#: Beyond this many outlets a finding names the extremes and the spread, not every outlet (the
#: rest is in the table under it).
MAX_NAMED = 3


def join_names(names: Sequence[str], limit: int = 3) -> str:
    """ "A", "A and B", "A, B and C", "A, B, C and 2 more"."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    if len(names) > limit:
        return ", ".join(names[:limit]) + f" and {len(names) - limit} more"
    return ", ".join(names[:-1]) + " and " + names[-1]


def plural(n: int, word: str, many: str | None = None) -> str:
    """ "1 span", "3 spans" (``many`` for irregular plurals)."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def num(x: float, digits: int = 2, signed: bool = False) -> str:
    """A number for a sentence ("n/a" when missing)."""
    if x is None or pd.isna(x):
        return "n/a"
    return f"{x:+.{digits}f}" if signed else f"{x:.{digits}f}"


def pct(x: float) -> str:
    """A share as a whole percentage ("n/a" when missing)."""
    return "n/a" if pd.isna(x) else f"{100 * x:.0f}%"


def leaders(series: pd.Series, highest: bool = True) -> tuple[list[str], float]:
    """(the index labels sharing the highest (lowest) value, that value)."""
    s = series.dropna()
    if s.empty:
        return [], float("nan")
    best = s.max() if highest else s.min()
    return sorted(str(i) for i in s[s == best].index), float(best)


def scope_note(once: pd.DataFrame) -> str:
    """For a view with whole-corpus (pooled) numbers: the rewrites those count once (``once``:
    analysis.scope.counted_once, article_id and outlet) and that per-outlet numbers keep them;
    "" when none."""
    if once.empty:
        return ""
    ids = [f"{a} ({o})" for a, o in zip(once["article_id"], once["outlet"], strict=True)]
    return (
        f" Whole-corpus numbers count shared text once: {plural(len(once), 'article')} that "
        f"rewrite{'s' if len(once) == 1 else ''} another article of the corpus "
        f"({join_names(ids, 3)}) {'is' if len(once) == 1 else 'are'} left out of them "
        "(rewrites: once); per-outlet numbers keep every article."
    )


def intervals_differ(a: pd.Series, b: pd.Series) -> bool | None:
    """Whether two rows' 95% intervals (ci_low, ci_high) are apart; None without an interval."""
    if pd.isna(a["ci_low"]) or pd.isna(b["ci_low"]):
        return None
    return a["ci_high"] < b["ci_low"] or b["ci_high"] < a["ci_low"]


# --- 02 tone ------------------------------------------------------------------------------------


def tone_by_outlet(means: pd.DataFrame, label: str, min_n: int = 1) -> str:
    """``means``: tone_by_outlet rows of one instrument and score (outlet, value, ci_low,
    ci_high, n), highest value first; ``label``: the instrument's name. The extremes are taken
    among the outlets with at least ``min_n`` sentences (all of them when none has)."""
    enough = means[means["n"] >= min_n]
    fewer = len(means) - len(enough)
    if fewer and len(enough):
        return tone_by_outlet(enough, label) + (
            f" (Outlets with at least {min_n} sentences; {plural(fewer, 'outlet')} with fewer "
            "are in the table.)"
        )
    top, low = means.iloc[0], means.iloc[-1]
    if len(means) == 1:
        return (
            f"Mean sentence polarity ({label}) at {top['outlet']} is {num(top['value'], 3, True)} "
            f"over {int(top['n'])} sentences."
        )
    finding = (
        f"Mean sentence polarity ({label}) ranges from {num(low['value'], 3, True)} at "
        f"{low['outlet']} to {num(top['value'], 3, True)} at {top['outlet']}."
    )
    differ = intervals_differ(top, low)
    if differ is None:
        return finding + (
            " At least one of them has a single article, so there is no interval: the "
            "difference rests on single articles."
        )
    if differ:
        return finding + " Their 95% intervals do not overlap."
    return finding + " Their 95% intervals overlap, so the difference is not clear."


def instrument_agreement(agreement: pd.DataFrame) -> str:
    """``agreement``: the instrument_agreement table."""
    row = agreement[
        (agreement["instrument_a"] == "textblob") & (agreement["instrument_b"] == "vader")
    ]
    if row.empty:
        return "TextBlob and VADER could not be compared."
    r = row.iloc[0]
    return (
        f"TextBlob and VADER put {pct(r['sign_agreement'])} of {int(r['n'])} sentences in the "
        f"same class (positive, neutral within ±{r['neutral_band']:g}, or negative); "
        f"Pearson r = {num(r['pearson'])}, Spearman rho = {num(r['spearman'])}."
    )


def tone_drivers(words: Sequence[str], label: str) -> str:
    """``words``: the words that move the scores most, most first."""
    return f"The words that move the {label} scores most are " + join_names(words, 3) + "."


def domain_effect(both: pd.DataFrame, what: str = "outlets", closing: bool = True) -> str:
    """``both``: per outlet, polarity and polarity_domain (TextBlob) and their ``change``;
    ``what``: the rows' plural noun; ``closing``: end with the sentence on the reference (once
    per view: a per-group sentence that follows the per-outlet one leaves it out)."""
    down = int((both["change"] < 0).sum())
    up = int((both["change"] > 0).sum())
    big = both.loc[both["change"].abs().idxmax()]
    return (
        f"The domain lexicon lowers the mean polarity at {down} and raises it at {up} of "
        f"{len(both)} {what}; the largest change is at {big['outlet']}: "
        f"{num(big['polarity'], 3, True)} unaltered, {num(big['polarity_domain'], 3, True)} "
        "with the domain lexicon."
        + (" The unaltered score stays the reference." if closing else "")
    )


# --- 03 actors ----------------------------------------------------------------------------------


def attention(overall: pd.DataFrame, by_outlet: pd.DataFrame, shares: pd.DataFrame) -> str:
    """``overall``: mentions_per_1000_words per actor (actor, value), most first;
    ``by_outlet``: outlet x actor matrix of the same; ``shares``: share_articles_mentioning per
    actor (actor, value)."""
    top = overall.iloc[0]
    col = by_outlet[top["actor"]].dropna()
    where = ""
    if len(col) > 1:
        o, v = col.idxmax(), col.max()
        where = f", most at {o} ({v:.1f})"
    share = shares.set_index("actor").loc[top["actor"], "value"]
    return (
        f"{top['actor']} gets the most attention: {top['value']:.1f} mentions per 1,000 words "
        f"across the analysed articles{where}, named in {pct(share)} of them."
    )


def prominence(data: pd.DataFrame) -> str:
    """``data``: prominence per actor (actor, value)."""
    names, best = leaders(data.set_index("actor")["value"])
    return (
        f"Most prominent: {join_names(names)}, named in the headline, standfirst or lead of "
        f"{pct(best)} of the articles that mention {'them' if len(names) > 1 else 'it'}."
    )


def prominence_structure(share: float | None, multi: int = 0, total: int = 0) -> str:
    """What the paragraph breaks of the corpus let prominence say ("" when at least half of
    the articles have two or more body paragraphs, or nothing is known). ``share``: the share
    of the analysed articles with two or more body paragraphs (``multi`` of ``total``)."""
    if share is None or share >= 0.5:
        return ""
    if multi == 0:
        return (
            "No analysed article has more than one body paragraph (the texts have no paragraph "
            "breaks), so the lead is the whole article and every mention counts as prominent: "
            "prominence is 1 for every actor here and says nothing about where actors are placed."
        )
    return (
        f"Only {pct(share)} of the analysed articles ({multi:,} of {total:,}) have more than "
        "one body paragraph; in the others the lead is the whole article and every mention "
        "counts as prominent, so prominence here overstates how prominently actors are placed."
    )


def _most_common(leads: list[list[str]]) -> tuple[str, int]:
    """The name leading most rows (ties: the first by name) and in how many rows."""
    counts = pd.Series([n for names in leads for n in names]).value_counts()
    best = counts[counts == counts.max()].index
    return sorted(best)[0], int(counts.max())


def share_of_voice(mat: pd.DataFrame, quotes: pd.Series | None = None, min_n: int = 1) -> str:
    """``mat``: outlet x speaker matrix of shares of quoted words; ``quotes``: each outlet's
    attributed quotes (for the spread: outlets with at least ``min_n``). Up to MAX_NAMED
    outlets: who each quotes most; beyond: the speaker most often quoted most, and the spread
    of the top shares."""
    rows = {o: r.dropna() for o, r in mat.iterrows()}
    rows = {o: r for o, r in rows.items() if not r.empty and r.max() > 0}
    if len(rows) > MAX_NAMED:
        name, k = _most_common([leaders(r)[0] for r in rows.values()])
        tops = pd.Series({o: r.max() for o, r in rows.items()})
        if quotes is not None and (quotes.reindex(tops.index) >= min_n).any():
            tops = tops[quotes.reindex(tops.index) >= min_n]
            among = f" among the outlets with at least {min_n} quotes"
        else:
            among = ""
        hi, lo = tops.idxmax(), tops.idxmin()
        return (
            f"{name} is the most quoted speaker at {k} of {len(rows)} outlets. The share of "
            f"quoted words an outlet gives its most quoted speaker ranges from {pct(tops[lo])} "
            f"at {lo} to {pct(tops[hi])} at {hi}{among}; every outlet is in the table."
        )
    sentences = []
    for outlet, row in mat.iterrows():
        row = row.dropna()
        if row.empty or row.max() <= 0:
            continue
        names, best = leaders(row)
        each = " each" if len(names) > 1 else ""
        sentences.append(
            f"{outlet} quotes {join_names(names)} most: {pct(best)} of its quoted words{each}."
        )
    return " ".join(sentences) or "No outlet quotes a catalog actor."


def tone_about_vs_voice(both: pd.DataFrame, label: str) -> str:
    """``both``: per actor, value_about and value_voice (mean polarity)."""
    low_names, low = leaders(both.set_index("actor")["value_about"], highest=False)
    finding = ""
    if low_names:
        kind = "the most negative" if low < 0 else "the least positive (none is negative)"
        finding = (
            f"Tone about {join_names(low_names)} is {kind}: mean {num(low, 3, True)} ({label})."
        )
    gap = (both["value_voice"] - both["value_about"]).abs()
    if gap.notna().any():
        g = both.loc[gap.idxmax()]
        finding += (
            f" The largest gap between tone about an actor and the actor's own words is for "
            f"{g['actor']}: {num(g['value_about'], 3, True)} about, "
            f"{num(g['value_voice'], 3, True)} in own quotes."
        )
    return finding.strip()


def tone_readings(n_mentions: int, n_differ: int, n_opposite: int, label: str) -> str:
    """``n_mentions`` of the focus actors with both tone readings, ``n_differ`` of them in
    different classes, ``n_opposite`` in opposite directions; ``label``: the sentence
    instrument."""
    return (
        f"Of {n_mentions} mentions of the focus actors that tone about counts, the tone toward "
        f"the mention and the tone of its whole sentence ({label}) put {n_differ} in different "
        f"classes (negative / neutral / positive), {n_opposite} of them in opposite directions. "
        "Tone toward a mention agrees with human coders far better than sentence tone on "
        "NewsMTSC (macro-F1 0.62 vs 0.42 for sentence TextBlob, 0.52 for VADER; "
        "docs/METHODS.md)."
    )


def stance(data: pd.DataFrame, verbs: pd.DataFrame) -> str:
    """``data``: stance_index per actor (actor, value, n); ``verbs``: actor, verb_class, verbs."""
    names, best = leaders(data.set_index("actor")["value"])
    row = data.set_index("actor").loc[names[0]]
    dist = verbs[(verbs["actor"] == names[0]) & (verbs["verb_class"] == "distancing")]["verbs"]
    return (
        f"Reporting verbs distance the reporter most from {join_names(names)}: stance "
        f"{num(best, 2, True)} over {int(row['n'])} attributed statements"
        + (f" (distancing verbs: {dist.iloc[0]})." if len(dist) else ".")
    )


def actor_evidence(actor: str, about: pd.DataFrame, voice: pd.DataFrame, st: pd.DataFrame) -> str:
    """Evidence rows (analysis.aggregate.evidence) of one actor: tone_about, share_of_voice and
    stance_index rows (``numerator`` column)."""
    return (
        f"Evidence for {actor}: {len(about)} sentences about {actor}"
        + (f" (mean polarity {num(about['numerator'].mean(), 3, True)})" if len(about) else "")
        + f", {len(voice)} quotes ({int(voice['numerator'].sum())} words) and {len(st)} "
        "attributed statements."
    )


# --- 01 corpus overview -------------------------------------------------------------------------


def articles_per_outlet(totals: pd.Series, n_articles: int, n_events: int) -> str:
    """``totals``: articles per outlet (index: outlet)."""
    names, n = leaders(totals)
    events_text = f" and {plural(n_events, 'event')}" if n_events else " (no events given)"
    most = f"{join_names(names)} ({int(n)} each)" if len(names) > 1 else f"{names[0]} ({int(n)})"
    return (
        f"{n_articles} articles from {len(totals)} outlets{events_text} were analysed. "
        f"Most articles: {most}."
    )


def cleaning_summary(by: pd.DataFrame, totals: pd.DataFrame) -> str:
    """``by``: the ``cleaning_by_category`` table (category, chars, spans), largest first;
    ``totals``: the ``cleaning_totals`` table (per action: spans, chars, articles,
    input_chars; analysis.overview)."""
    removed = totals[totals["action"] == "removed"]
    n_chars = int(removed["chars"].sum())
    n_spans = int(removed["spans"].sum())
    n_articles = int(removed["articles"].sum())
    total_in = int(totals["input_chars"].max()) if len(totals) else 0
    top = by.iloc[0]
    share = f" ({100 * n_chars / total_in:.1f}% of the decoded input)" if total_in else ""
    return (
        f"Cleaning removed {n_chars:,} characters{share} in {n_spans} spans from "
        f"{n_articles} articles; the largest category is {top['category']} "
        f"({plural(int(top['chars']), 'character')} in {plural(int(top['spans']), 'span')})."
    )


def languages(counts: pd.DataFrame, n_articles: int, set_aside: pd.DataFrame, kept: str) -> str:
    """``counts``: articles per language; ``set_aside``: ledger rows of passages set aside for
    their language; ``kept``: the languages kept, as text."""
    if len(counts) == 1:
        first = f"All {n_articles} analysed articles are in {counts['language'].iloc[0]!r}."
    else:
        parts = [f"{int(r.articles)} in {r.language!r}" for r in counts.itertuples()]
        first = f"The {n_articles} analysed articles are " + join_names(parts, 6) + "."
    second = (
        f" Cleaning set aside {len(set_aside)} passages in languages other than {kept} "
        f"({int(set_aside['n_chars'].sum()):,} characters)."
        if len(set_aside)
        else f" No passage was set aside for its language (kept: {kept})."
    )
    return first + second


def rewrites(flagged: pd.DataFrame, outlet_of: pd.Series, rewrite_setting: str) -> str:
    """``flagged``: the rewrite pairs flagged (rewrites table); ``outlet_of``: article_id ->
    outlet."""
    parts = []
    for p in flagged.head(MAX_NAMED).itertuples():
        parts.append(
            f"{p.article_id} ({outlet_of[p.article_id]}) rewrites {p.source_id} "
            f"({outlet_of[p.source_id] if p.source_id in outlet_of.index else 'unknown'}): "
            f"{p.n_aligned} of its {p.n_sentences} body sentences align in order "
            f"(coverage {p.coverage:.2f}, mean similarity {p.mean_similarity:.2f})"
        )
    n_art = flagged["article_id"].nunique()  # articles, not pairs: one may match two sources
    count = f"{n_art} article{'s are' if n_art > 1 else ' is'} flagged as a rewrite" + (
        f" ({len(flagged)} article pairs)" if len(flagged) != n_art else ""
    )
    handling = (
        " With rewrites: once, whole-corpus measures count each rewrite's text once (the "
        "original carries it); per-outlet measures keep every article, since a rewrite is "
        "what that outlet's readers saw."
        if rewrite_setting == "once"
        else " With rewrites: all, rewrites are counted like any other article."
    )
    more = (
        f"; and {plural(len(flagged) - MAX_NAMED, 'more pair')} in the table"
        if len(flagged) > MAX_NAMED
        else ""
    )
    return f"{count}: " + "; ".join(parts) + more + "." + handling


def accounting(acc: pd.DataFrame, outlets: pd.DataFrame | None = None) -> str:
    """``acc``: the accounting table (status, reason); ``outlets``: the outlets table
    (analysis.scope.outlet_table: outlet, status, reason), to name the outlets of the input
    with no analysed article."""
    n_ok = int((acc["status"] == "analysed").sum())
    n_ex = len(acc) - n_ok
    finding = f"Every input is accounted for: {len(acc)} items, {n_ok} analysed, {n_ex} excluded."
    if n_ex:
        reasons = acc[acc["status"] == "excluded"]["reason"].value_counts()
        finding += " Most common reason: " + f"{reasons.index[0]} ({int(reasons.iloc[0])})."
    gone = outlets[outlets["status"] == "excluded"] if outlets is not None else []
    if len(gone):
        names = [f"{o} ({r})" for o, r in zip(gone["outlet"], gone["reason"], strict=True)]
        finding += (
            f" {plural(len(gone), 'outlet')} of the input {'has' if len(gone) == 1 else 'have'}"
            f" no analysed article: {join_names(names, 5)}."
        )
    return finding


# --- 04 framing ---------------------------------------------------------------------------------


def frame_shares(mat: pd.DataFrame) -> str:
    """``mat``: outlet x frame matrix of shares of sentences. Up to MAX_NAMED outlets: each
    one's most used frame; beyond: the frame most used at most outlets and its spread."""
    used = mat[(mat.fillna(0) > 0).any(axis=1)]
    if len(used) > MAX_NAMED:
        frame, k = _most_common([leaders(r)[0] for _, r in used.iterrows()])
        col = used[frame].dropna()
        hi, lo = col.idxmax(), col.idxmin()
        return (
            f"The {frame} frame is the most used at {k} of {len(used)} outlets; its share of "
            f"sentences ranges from {pct(col[lo])} at {lo} to {pct(col[hi])} at {hi}. Every "
            "outlet and frame is in the table."
        )
    sentences = []
    for outlet, row in mat.iterrows():
        names, best = leaders(row)
        if names and best > 0:
            sentences.append(
                f"{outlet} uses the {join_names(names)} frame most ({pct(best)} of its sentences)."
            )
    return " ".join(sentences) or "No frame term occurs in the analysed articles."


def frame_by_actor(best: pd.Series, n_actor_sentences: int) -> str:
    """``best``: the most frequent actor x frame row (actor, frame, n_sentences,
    share_of_actor_sentences)."""
    return (
        f"The most frequent pairing is {best['actor']} with the {best['frame']} frame: "
        f"{int(best['n_sentences'])} of the {n_actor_sentences} sentences naming "
        f"{best['actor']} ({pct(best['share_of_actor_sentences'])}) use it."
    )


def frame_decisions(presence: pd.DataFrame) -> str:
    """``presence``: the frame model's table per frame over every article (frame,
    n_articles, n_present, share_present, n_dominant; analysis.frame_model.presence_overall)."""
    per = presence.set_index("frame").sort_index()
    n_art = int(per["n_articles"].max()) if len(per) else 0
    names, best = leaders(per["share_present"])
    dom = per["n_dominant"].sort_values(ascending=False, kind="stable")
    lead = (
        f"the most common dominant frame (weighted to the headline and lead) is {dom.index[0]} "
        f"({int(dom.iloc[0])} of {n_art})"
        if len(dom) and dom.iloc[0] > 0
        else "no article has a dominant frame"
    )
    if not names or best == 0:
        return f"The frame model finds none of its frames in the {n_art} articles."
    return (
        f"Across {n_art} articles the frame model finds the {join_names(names)} frame most often "
        f"({pct(best)} of articles); {lead}."
    )


def frame_evidence(frame: str, rows: pd.DataFrame, limit: int) -> str:
    """``rows``: the frame's evidence rows (article_id)."""
    return (
        f"The {frame} frame occurs in {len(rows)} sentences of {rows['article_id'].nunique()} "
        f"articles; the first {min(limit, len(rows))} are shown with the matched terms."
    )


def story_coverage(omissions: pd.DataFrame, n_shared: int, n_elements: int) -> str:
    """``omissions``: per event x outlet, elements and omitted (figures._omissions)."""
    if omissions.empty or omissions["omitted"].max() == 0:
        finding = "No outlet omits a story element that another outlet of the same event tells."
    else:
        worst = omissions.sort_values(
            ["omitted", "outlet"], ascending=[False, True], kind="stable"
        ).iloc[0]
        finding = (
            f"{worst['outlet']} omits the most story elements that other outlets of the same event "
            f"tell: {int(worst['omitted'])} of the {int(worst['elements'])} elements of event "
            f"{worst['event'] or '(none)'}."
        )
    return finding + f" {n_shared} of {n_elements} elements are told by two or more outlets."


def significance_note(top: pd.DataFrame) -> str:
    """Says so when no word reaches |z| >= 1.96 (the 5% level of the log-odds z-score)."""
    if top.empty or top["z"].abs().max() >= 1.96:
        return ""
    return " None of these reaches |z| >= 1.96, so none is clearly distinctive on this corpus."


def _best_per_outlet(top: pd.DataFrame) -> pd.DataFrame:
    """Each outlet's first term (``top`` is best first per outlet); by outlet name up to
    MAX_NAMED outlets, else the highest z first."""
    best = top.groupby("outlet", sort=True).head(1).reset_index(drop=True)
    if len(best) > MAX_NAMED:
        best = best.sort_values(["z", "outlet"], ascending=[False, True], kind="stable")
    return best


def _more_outlets(n_outlets: int, what: str = "outlet") -> str:
    left = n_outlets - MAX_NAMED
    return f"; and {plural(left, f'more {what}')} in the table" if left > 0 else ""


def words_near_actor(actor: str, top: pd.DataFrame, what: str = "outlet") -> str:
    """``top``: the top terms near ``actor`` per outlet (outlet, term, z), best first;
    ``what``: what a row of ``outlet`` is (an outlet, or an outlet group's name)."""
    best = _best_per_outlet(top)
    parts = [f"{r.outlet}: '{r.term}' (z = {r.z:.1f})" for r in best.head(MAX_NAMED).itertuples()]
    finding = (
        f"Near {actor}, the word most typical of each {what}: "
        + "; ".join(parts)
        + _more_outlets(len(best), what)
        + "."
    )
    return finding + significance_note(top)


def distinctive_words(top: pd.DataFrame, what: str = "outlet") -> str:
    """``top``: the top distinctive terms per outlet (outlet, term, z, count_group,
    count_rest), best first; ``what``: what a row of ``outlet`` is."""
    best = _best_per_outlet(top)
    parts = [
        f"{r.outlet}: '{r.term}' (z = {r.z:.1f}; {plural(int(r.count_group), 'use')} vs "
        f"{int(r.count_rest)} elsewhere)"
        for r in best.head(MAX_NAMED).itertuples()
    ]
    finding = (
        f"The most distinctive word of each {what}: "
        + "; ".join(parts)
        + _more_outlets(len(best), what)
        + "."
    )
    return finding + significance_note(top)


# --- over time (reports 01, 02, 03; analysis.timeline) -----------------------------------------


def time_scope_note(n_once: int) -> str:
    """For an over-time view of whole-corpus numbers: how many rewrites they count once."""
    if not n_once:
        return ""
    return (
        f" Per bin, {plural(n_once, 'rewrite')} of another article of the corpus "
        f"{'counts' if n_once == 1 else 'count'} once (listed in report 01)."
    )


def no_time_axis(n_days: int) -> str:
    """When the dates span fewer than two days (``n_days`` distinct days)."""
    return (
        f"The analysed articles carry dates on {plural(n_days, 'day')}, so there is no "
        "over-time view (it needs dates on two days or more)."
    )


def coverage_over_time(corpus: pd.DataFrame, n_undated: int, lines: str) -> str:
    """``corpus``: coverage_over_time rows of level corpus (bin, period, period_end,
    n_articles), in period order; ``lines``: what the figure draws besides the corpus."""
    bin_ = corpus["bin"].iloc[0]
    busy = corpus.sort_values(["n_articles", "period"], ascending=[False, True], kind="stable")
    top = busy.iloc[0]
    empty = int((corpus["n_articles"] == 0).sum())
    finding = (
        f"{plural(int(corpus['n_articles'].sum()), 'dated article')} from "
        f"{corpus['period'].iloc[0]} to {corpus['period_end'].iloc[-1]}, counted per {bin_} "
        f"({plural(len(corpus), bin_)}, {empty} without an article); the busiest {bin_} starts "
        f"{top['period']} with {plural(int(top['n_articles']), 'article')}."
    )
    if lines:
        finding += f" Lines: {lines}."
    if n_undated:
        verb = "is" if n_undated == 1 else "are"
        finding += f" {plural(n_undated, 'article')} without a date {verb} in no {bin_}."
    return finding


def tone_over_time(tone: pd.DataFrame, label: str) -> str:
    """``tone``: tone_over_time rows of one instrument and score (period, value, ci_low,
    ci_high, n, n_articles), in period order."""
    bin_ = tone["bin"].iloc[0]
    s = tone.dropna(subset=["value"])
    low = s.loc[s["value"].idxmin()]
    high = s.loc[s["value"].idxmax()]
    finding = (
        f"Mean sentence polarity ({label}) per {bin_} ranges from {num(low['value'], 3, True)} "
        f"({bin_} of {low['period']}, {plural(int(low['n_articles']), 'article')}) to "
        f"{num(high['value'], 3, True)} ({bin_} of {high['period']}, "
        f"{plural(int(high['n_articles']), 'article')})."
    )
    differ = intervals_differ(high, low) if len(s) > 1 else None
    if differ is None:
        return finding + " One of them rests on a single article, so there is no interval."
    return finding + (
        " Their 95% intervals do not overlap."
        if differ
        else " Their 95% intervals overlap, so the change is not clear."
    )


def attention_over_time(shares: pd.DataFrame) -> str:
    """``shares``: actor_attention_over_time rows of share_articles_mentioning for the actors
    shown (actor, period, value, n_articles)."""
    s = shares.dropna(subset=["value"])
    if s.empty:
        return "No shown actor is named in a dated article."
    bin_ = shares["bin"].iloc[0]
    parts = []
    for actor, g in s.groupby("actor", sort=False):
        best = g.sort_values(["value", "period"], ascending=[False, True], kind="stable").iloc[0]
        parts.append(
            f"{actor} peaks in the {bin_} of {best['period']} ({pct(best['value'])} of "
            f"{plural(int(best['n_articles']), 'article')})"
        )
    return (
        "Share of articles naming each actor: "
        + "; ".join(parts[:3])
        + (f"; {len(parts) - 3} more in the table." if len(parts) > 3 else ".")
    )


def actor_tone_over_time(tone: pd.DataFrame, label: str) -> str:
    """``tone``: actor_tone_over_time rows (actor, period, value, n) of the actors shown."""
    s = tone.dropna(subset=["value"])
    if s.empty:
        return "No shown actor has a tone reading in a dated article."
    bin_ = tone["bin"].iloc[0]
    solid = s.dropna(subset=["ci_low"])  # two articles or more: an interval
    if solid.empty:
        return f"Every {bin_}'s tone about the shown actors rests on a single article."
    low = solid.sort_values(["value", "period"], kind="stable").iloc[0]
    return (
        f"Lowest tone about an actor in one {bin_} with two or more articles ({label}): "
        f"{low['actor']}, {num(low['value'], 3, True)} in the {bin_} of {low['period']} "
        f"({plural(int(low['n']), 'reading')}, {plural(int(low['n_articles']), 'article')}, "
        f"95% interval {num(low['ci_low'], 3, True)} to {num(low['ci_high'], 3, True)})."
    )


def topic_words(topic: pd.DataFrame, both: pd.DataFrame, top: int, share: float) -> str:
    """``topic``: topic_drivers rows of one instrument (word, outlets_top, outlets,
    lexicon_line), most outlets first; ``both``: per outlet ``polarity`` and
    ``polarity_topic_neutral`` (TextBlob) and their ``change``; ``top``/``share``: the rule."""
    if topic.empty:
        return (
            f"No single word is among the {top} strongest tone drivers of more than "
            f"{pct(share)} of the outlets, so no topic word drives tone across the outlets."
        )
    words = [f"'{r.word}' ({r.outlets_top} of {r.outlets} outlets)" for r in topic.itertuples()]
    finding = (
        f"{join_names(words, 4)} {'is' if len(topic) == 1 else 'are'} among the {top} strongest "
        f"tone drivers of more than {pct(share)} of the outlets: the story's vocabulary, not "
        "one outlet's tone."
    )
    if len(both) and both["change"].notna().any():
        big = both.loc[both["change"].abs().idxmax()]
        finding += (
            f" Read as neutral (TextBlob), they change the mean polarity most at "
            f"{big['outlet']}: {num(big['polarity'], 3, True)} unaltered, "
            f"{num(big['polarity_topic_neutral'], 3, True)} with them neutral."
        )
    lines = "; ".join(topic["lexicon_line"].head(6))
    return finding + (
        f" Lines that neutralise them in your domain lexicon (term,polarity,subjectivity): {lines}."
    )


# --- per outlet group (#17 item 2) ---------------------------------------------------------------


def group_range(
    rows: pd.DataFrame, what: str, measure: str, fmt=None, min_n: int = 1, n: str = "n"
) -> str:
    """One sentence on a per-group measure: ``rows`` (group, value, ci_low, ci_high and the
    count ``n``) of one measure; ``what``: the outlet_group's name; ``measure``: its words. The
    extremes among the groups with at least ``min_n`` (all when none has), and whether their
    95% intervals overlap."""
    fmt = fmt or (lambda v: num(v, 3, True))
    r = rows.dropna(subset=["value"])
    enough = r[r[n] >= min_n] if len(r[r[n] >= min_n]) else r
    if enough.empty:
        return ""
    enough = enough.sort_values(["value", "group"], kind="stable")
    low, top = enough.iloc[0], enough.iloc[-1]
    if len(enough) == 1:
        return f"By {what}: {measure} is {fmt(top['value'])} at {top['group']}."
    text = (
        f"By {what}: {measure} ranges from {fmt(low['value'])} at {low['group']} to "
        f"{fmt(top['value'])} at {top['group']}"
    )
    differ = intervals_differ(top, low)
    if differ is None:
        return text + " (one of them rests on a single article: no interval)."
    return text + (" (95% intervals apart)." if differ else " (95% intervals overlap).")


def topic_words_by_group(topic: pd.DataFrame, what: str) -> str:
    """``topic``: topic_drivers_by_group rows of one instrument (group, word, outlets_top,
    outlets, corpus_topic). Names the words that drive most of one group's outlets' tone but
    are not topic words of the whole corpus."""
    if topic.empty:
        return (
            f"No {what} has a word among the strongest tone drivers of most of its outlets "
            "(a group needs at least three outlets with drivers)."
        )
    own = topic[~topic["corpus_topic"].astype(bool)]
    if own.empty:
        return (
            f"Every {what}'s topic words are topic words of the whole corpus: no group has "
            "tone-driving vocabulary of its own."
        )
    parts = [
        f"'{r.word}' at {r.group} ({r.outlets_top} of {r.outlets} outlets)"
        for r in own.sort_values(["outlets_top", "group", "word"], ascending=[False, True, True],
                                 kind="stable").itertuples()
    ]  # fmt: skip
    return (
        f"Words that drive the tone of most outlets of one {what} but not of most outlets: "
        f"{join_names(parts, 4)}."
    )


def over_time_by_group(rows: pd.DataFrame, what: str, measure: str, fmt, min_n: int,
                       n: str, highest: bool = True) -> str:  # fmt: skip
    """``rows``: a per-group over-time table (group, actor, period, value, ci_low, ci_high,
    ``n``, n_articles) of the actors shown. The highest (or lowest) group x bin value among
    those resting on at least ``min_n`` (``n``) and having an interval."""
    r = rows.dropna(subset=["value", "ci_low"])
    r = r[r[n] >= min_n]
    if r.empty:
        return (
            f"By {what}: no {rows['bin'].iloc[0] if len(rows) else 'bin'} of a group rests on "
            f"{min_n} or more observations with an interval; the values are in the table."
        )
    bin_ = r["bin"].iloc[0]
    best = r.sort_values(["value", "group", "actor", "period"], ascending=[not highest, True,
                                                                           True, True],
                         kind="stable").iloc[0]  # fmt: skip
    return (
        f"By {what}, the {'highest' if highest else 'lowest'} {measure} in one {bin_} with an "
        f"interval: {best['actor']} at {best['group']} in the {bin_} of {best['period']}, "
        f"{fmt(best['value'])} (95% interval {fmt(best['ci_low'])} to {fmt(best['ci_high'])}, "
        f"{plural(int(best['n_articles']), 'article')})."
    )
