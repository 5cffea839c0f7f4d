"""Mean sentence tone per outlet (or any article column) with a 95% interval: the headline tone
measure, as a pipeline table (``tone_by_outlet``).

Input: the sentence sentiment table (analysis.sentiment.score_sentences: article_id,
sentence_index, instrument, polarity, polarity_domain ...) and the articles table of the
articles counted (analysis.scope decides which). Per article, the sum of the sentence scores and
the number of scored sentences; per group, ``value = sum / count`` (the mean over the group's
sentences) with a seeded cluster-bootstrap interval over its articles (analysis.stats.summarize:
articles resampled with replacement; NaN with fewer than two articles). A sentence without a
score (NaN) is left out of that score's mean.

Columns (:data:`TONE_COLUMNS`, with ``outlet`` standing for the ``by`` columns): ``outlet``,
``instrument``, ``score`` (``polarity``, or ``polarity_domain`` when the domain lexicon is on),
``value``, ``ci_low``, ``ci_high``, ``n`` (sentences), ``n_articles``, ``unit``; sorted by
the ``by`` columns, instrument, score.

:func:`drivers_by_group` (pipeline table ``tone_drivers``): the words behind the scores. Each
scored sentence lists the words that moved it with their contribution (the ``drivers`` and
``drivers_domain`` columns of analysis.sentiment, ``word:value;...``); per group x instrument x
drivers column x word (lower-cased): ``sentences`` (sentences it moved), ``total`` (summed
contribution) and ``mean``, both rounded to 4 decimals. Columns (:data:`DRIVER_COLUMNS`):
``outlet``, ``instrument``, ``drivers``, ``word``, ``sentences``, ``total``, ``mean``; sorted
by the ``by`` columns, instrument, drivers, word.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.stats import summarize

SCORES = ("polarity", "polarity_domain")
UNIT = "mean sentence polarity"
TONE_COLUMNS = ["instrument", "score", "value", "ci_low", "ci_high", "n", "n_articles", "unit"]
DRIVERS = ("drivers", "drivers_domain")
DRIVER_COLUMNS = ["instrument", "drivers", "word", "sentences", "total", "mean"]


def _per_article(scores: pd.DataFrame) -> pd.DataFrame:
    """Sum and count of each score column per article (one row per article x score)."""
    parts = []
    for column in SCORES:
        if column not in scores:
            continue
        s = scores.dropna(subset=[column])
        parts.append(
            s.groupby("article_id", sort=True)[column]
            .agg(numerator="sum", n="size")
            .reset_index()
            .assign(denominator=lambda d: d["n"].astype(float), score=column, measure="mean")
        )
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def tone_by_group(
    scores: pd.DataFrame,
    articles: pd.DataFrame,
    by: Sequence[str] = ("outlet",),
    n_boot: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """Mean sentence tone per ``by`` group x instrument x score (see the module docstring)."""
    by = list(by)
    parts = []
    for instrument in sorted(set(scores["instrument"].tolist())):
        per = _per_article(scores[scores["instrument"] == instrument])
        if per.empty:
            continue
        res = summarize(
            per, articles, by, n_boot, seed, item="score", measures={"mean": (1.0, UNIT)}
        )
        parts.append(res.assign(instrument=instrument))
    columns = [*by, *TONE_COLUMNS]
    if not parts:
        return pd.DataFrame(columns=columns)
    out = pd.concat(parts, ignore_index=True)[columns]
    return out.sort_values([*by, "instrument", "score"], kind="stable").reset_index(drop=True)


def parse_drivers(text: str) -> list[tuple[str, float]]:
    """``"crisis:-0.78;not good:-0.35"`` -> [("crisis", -0.78), ("not good", -0.35)]."""
    out = []
    for part in (text or "").split(";"):
        word, sep, value = part.rpartition(":")
        if sep and word:
            try:
                out.append((word, float(value)))
            except ValueError:
                continue
    return out


def driver_rows(scores: pd.DataFrame) -> pd.DataFrame:
    """Every (sentence, word) contribution of the drivers columns, parsed once: ``article_id``,
    ``instrument``, ``drivers`` (the column), ``word`` (lower-cased), ``value``; in the order
    of ``scores`` per instrument (sorted) and column (:data:`DRIVERS`)."""
    parts = []
    for instrument in sorted(set(scores["instrument"].tolist())):
        s = scores[scores["instrument"] == instrument]
        for column in DRIVERS:
            if column not in s:
                continue
            rows = [
                (a, word.lower(), value)
                for a, text in zip(s["article_id"].tolist(), s[column].tolist(), strict=True)
                for word, value in parse_drivers(text)
            ]
            if rows:
                found = pd.DataFrame(rows, columns=["article_id", "word", "value"])
                parts.append(found.assign(instrument=instrument, drivers=column))
    columns = ["article_id", "instrument", "drivers", "word", "value"]
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True)[columns]


def drivers_by_group(
    scores: pd.DataFrame,
    articles: pd.DataFrame,
    by: str = "outlet",
    parsed: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The words behind the scores per ``by`` group (see the module docstring). ``parsed``:
    :func:`driver_rows` of ``scores`` when already at hand (the same result, parsed once)."""
    rows = driver_rows(scores) if parsed is None else parsed
    columns = [by, *DRIVER_COLUMNS]
    group_of = articles.set_index("article_id")[by]
    rows = rows.assign(group=rows["article_id"].map(group_of)).dropna(subset=["group"])
    if rows.empty:
        return pd.DataFrame(columns=columns)
    out = (
        rows.groupby(["instrument", "drivers", "group", "word"], sort=True)
        .agg(sentences=("value", "size"), total=("value", "sum"), mean=("value", "mean"))
        .reset_index()
    )
    out["total"] = out["total"].round(4)
    out["mean"] = out["mean"].round(4)
    out = out.rename(columns={"group": by})[columns]
    out["sentences"] = out["sentences"].astype("int64")
    return out.sort_values([by, "instrument", "drivers", "word"], kind="stable").reset_index(
        drop=True
    )


# --- topic words (#17 item 5) --------------------------------------------------------------------

#: a word is a topic driver when it is among the TOPIC_TOP strongest drivers (|total|) of more
#: than TOPIC_SHARE of the outlets with drivers, and of at least TOPIC_MIN_GROUPS outlets
TOPIC_TOP, TOPIC_SHARE, TOPIC_MIN_GROUPS = 10, 0.5, 3
TOPIC_COLUMNS = [
    "instrument", "word", "outlets_top", "outlets", "share_outlets", "sentences", "total",
    "mean", "lexicon_line",
]  # fmt: skip
TOPIC_SCORE = "polarity_topic_neutral"


def topic_drivers(
    drivers: pd.DataFrame,
    by: str = "outlet",
    top: int = TOPIC_TOP,
    share: float = TOPIC_SHARE,
    min_groups: int = TOPIC_MIN_GROUPS,
) -> pd.DataFrame:
    """The story's topic words among the tone drivers: words that drive tone across every
    outlet rather than set one apart. From the ``tone_drivers`` table (unaltered ``drivers``
    column, single words): per instrument, each ``by`` group's ``top`` words by absolute summed
    contribution (ties by word); a word is a topic driver when it is in the top words of more
    than ``share`` of the groups with drivers and of at least ``min_groups`` of them. Columns
    :data:`TOPIC_COLUMNS`: ``outlets_top`` (groups with the word in their top), ``outlets``
    (groups with drivers), ``share_outlets``, ``sentences``, ``total`` and ``mean`` over all
    groups, ``lexicon_line`` (the domain-lexicon row that neutralises it:
    ``word,0,0``); sorted by instrument, outlets_top (most first), word."""
    d = drivers[(drivers["drivers"] == "drivers") & ~drivers["word"].str.contains(" ")]
    parts = []
    for instrument, g in d.groupby("instrument", sort=True):
        g = g.assign(abs=g["total"].abs()).sort_values(
            [by, "abs", "word"], ascending=[True, False, True], kind="stable"
        )
        n_groups = g[by].nunique()
        tops = g.groupby(by, sort=True).head(top)
        count = tops.groupby("word", sort=True)[by].nunique()
        words = count[(count > share * n_groups) & (count >= min_groups)]
        if words.empty:
            continue
        sums = g[g["word"].isin(words.index)].groupby("word", sort=True)
        res = sums.agg(sentences=("sentences", "sum"), total=("total", "sum")).reset_index()
        res["mean"] = (res["total"] / res["sentences"]).round(4)
        res["total"] = res["total"].round(4)
        res["outlets_top"] = res["word"].map(words).astype("int64")
        res["outlets"] = n_groups
        res["share_outlets"] = (res["outlets_top"] / n_groups).round(4)
        res["instrument"] = instrument
        res["lexicon_line"] = res["word"] + ",0,0"
        parts.append(res)
    if not parts:
        return pd.DataFrame(columns=TOPIC_COLUMNS)
    out = pd.concat(parts, ignore_index=True)[TOPIC_COLUMNS]
    out["sentences"] = out["sentences"].astype("int64")
    return out.sort_values(
        ["instrument", "outlets_top", "word"], ascending=[True, False, True], kind="stable"
    ).reset_index(drop=True)


def _holds(text: str, chosen: set[str]) -> bool:
    """Whether a drivers string (:func:`parse_drivers`) has a word (its parts split on white
    space, lower-cased) in ``chosen``. An ASCII string none of whose words occurs in it, lower-
    cased, cannot have one (lower-casing ASCII maps each character alone): not parsed."""
    if not text:
        return False
    if text.isascii():
        low = text.lower()
        if not any(w in low for w in chosen):
            return False
    return any(t in chosen for w, _ in parse_drivers(text) for t in w.lower().split())


def topic_neutral_tone(
    scores: pd.DataFrame,
    sentences: pd.DataFrame,
    articles: pd.DataFrame,
    words: Sequence[str],
    mentions: pd.DataFrame | None = None,
    by: Sequence[str] = ("outlet",),
    n_boot: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """Mean TextBlob sentence tone per ``by`` group with the topic ``words`` neutralised, as a
    user's domain-lexicon line ``word,0,0`` would (TextBlob's algorithm on its lexicon with
    those words at polarity 0; names masked as in the sentence scores: analysis.sentiment
    .name_spans with the catalog ``mentions``). Only sentences whose TextBlob drivers hold
    one of the words are re-scored; the others keep their polarity. Columns and intervals as
    :func:`tone_by_group`, ``score`` = :data:`TOPIC_SCORE`; empty without words."""
    from analysis.sentiment import DomainLexicon, name_spans, score_sentences

    columns = [*by, *TONE_COLUMNS]
    tb = scores[scores["instrument"] == "textblob"]
    if not len(words) or tb.empty:
        return pd.DataFrame(columns=columns)
    chosen = set(words)
    hit = [_holds(text, chosen) for text in tb["drivers"].tolist()]
    keys = ["article_id", "sentence_index"]
    touched = tb.loc[hit, keys]
    lexicon = DomainLexicon("topic words", "", tuple((w, 0.0, 0.0) for w in sorted(chosen)))
    polarity = tb.set_index(keys)["polarity"].copy()
    if len(touched):
        sub = sentences.merge(touched, on=keys, how="inner")
        again = score_sentences(sub, ["textblob"], lexicon, name_spans(sub, mentions))
        again = again.set_index(keys)
        polarity.loc[again.index] = again["polarity_domain"]
    neutral = polarity.reset_index().assign(instrument="textblob")
    out = tone_by_group(neutral, articles, by, n_boot, seed)
    return out.assign(score=TOPIC_SCORE)[columns]


TOPIC_EFFECT_COLUMNS = [
    "outlet", "polarity", "ci_low", "ci_high", TOPIC_SCORE, "ci_low_neutral", "ci_high_neutral",
    "n", "n_articles", "change",
]  # fmt: skip


def topic_effect(
    tone: pd.DataFrame,
    scores: pd.DataFrame,
    sentences: pd.DataFrame,
    articles: pd.DataFrame,
    words: Sequence[str],
    mentions: pd.DataFrame | None = None,
    n_boot: int = 1000,
    seed: int = 0,
    by: str = "outlet",
) -> pd.DataFrame:
    """The topic words' effect per outlet (pipeline table ``topic_effect``), as
    :func:`domain_effect` shows the domain lexicon's: TextBlob's unaltered mean sentence
    polarity (from the ``tone_by_outlet`` table ``tone``) with its interval beside the mean
    with the topic ``words`` read as neutral (:func:`topic_neutral_tone`, ``*_neutral``), ``n``
    (sentences), ``n_articles`` and ``change`` (neutral - unaltered, rounded to 6 decimals);
    sorted by outlet. Empty (with its columns) without topic words. ``by``: another article
    column in place of ``outlet`` (``group`` with the ``tone_by_group`` table:
    ``topic_effect_by_group``)."""
    columns = [by, *TOPIC_EFFECT_COLUMNS[1:]]
    neutral = topic_neutral_tone(scores, sentences, articles, words, mentions, (by,),
                                 n_boot, seed)  # fmt: skip
    if neutral.empty:
        return pd.DataFrame(columns=columns)
    t = tone[(tone["instrument"] == "textblob") & (tone["score"] == "polarity")]
    cols = [by, "value", "ci_low", "ci_high", "n", "n_articles"]
    both = t[cols].merge(neutral[cols], on=[by, "n", "n_articles"],
                         suffixes=("", "_neutral"))  # fmt: skip
    both = both.rename(columns={"value": "polarity", "value_neutral": TOPIC_SCORE})
    both["change"] = (both[TOPIC_SCORE] - both["polarity"]).round(6)
    return both[columns].sort_values(by, kind="stable").reset_index(drop=True)


TOPIC_GROUP_COLUMNS = ["group", *TOPIC_COLUMNS, "corpus_topic"]


def topic_drivers_by_group(
    scores: pd.DataFrame,
    articles: pd.DataFrame,
    corpus_words: Sequence[str] = (),
    top: int = TOPIC_TOP,
    share: float = TOPIC_SHARE,
    min_groups: int = TOPIC_MIN_GROUPS,
    parsed: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The topic words of each outlet group (pipeline table ``topic_drivers_by_group``): per
    value of ``articles["group"]`` (analysis.scope.with_group), :func:`topic_drivers` on the
    per-outlet drivers (:func:`drivers_by_group`) of the group's articles, so a word is a
    group's topic word when it is among the ``top`` drivers of more than ``share`` of the
    group's outlets with drivers and of at least ``min_groups`` of them (a group with fewer
    such outlets has none). ``outlets_top`` and ``outlets`` count the group's outlets;
    ``corpus_topic``: the word is also a topic word of the whole corpus (``corpus_words``), so
    False marks a word that drives the tone of most of one group's outlets but not of most
    outlets. Columns :data:`TOPIC_GROUP_COLUMNS`, sorted by group, then as
    :func:`topic_drivers`. ``parsed``: :func:`driver_rows` of ``scores``, when at hand."""
    corpus = set(corpus_words)
    parts = []
    rows = driver_rows(scores) if parsed is None else parsed
    for group, arts in articles.groupby("group", sort=True):
        drivers = drivers_by_group(scores, arts, "outlet", rows)
        found = topic_drivers(drivers, "outlet", top, share, min_groups)
        if len(found):
            parts.append(found.assign(group=group, corpus_topic=found["word"].isin(corpus)))
    if not parts:
        return pd.DataFrame(columns=TOPIC_GROUP_COLUMNS)
    return pd.concat(parts, ignore_index=True)[TOPIC_GROUP_COLUMNS]


OVERALL_DRIVER_COLUMNS = ["instrument", "drivers", "word", "sentences", "total"]


def drivers_overall(drivers: pd.DataFrame, by: str = "outlet") -> pd.DataFrame:
    """The words behind the scores over every group (pipeline table ``tone_drivers_overall``):
    the ``tone_drivers`` table (:func:`drivers_by_group`) added up over its ``by`` groups per
    instrument x drivers column x word: ``sentences`` and ``total`` (the groups' rounded totals
    summed, rounded to 4 decimals); sorted by instrument, drivers, word."""
    if drivers.empty:
        return pd.DataFrame(columns=OVERALL_DRIVER_COLUMNS)
    out = (
        drivers.drop(columns=[by])
        .groupby(["instrument", "drivers", "word"], sort=True)
        .agg(sentences=("sentences", "sum"), total=("total", "sum"))
        .reset_index()
    )
    out["total"] = out["total"].round(4)
    return out.astype({"sentences": "int64"})[OVERALL_DRIVER_COLUMNS]


DOMAIN_EFFECT_COLUMNS = [
    "outlet",
    "polarity",
    "ci_low",
    "ci_high",
    "polarity_domain",
    "ci_low_domain",
    "ci_high_domain",
    "n",
    "n_articles",
    "change",
]


def domain_effect(
    tone: pd.DataFrame, instrument: str = "textblob", by: str = "outlet"
) -> pd.DataFrame:
    """The domain lexicon's effect per outlet (pipeline table ``domain_effect``), from the
    ``tone_by_outlet`` table: the ``instrument``'s unaltered mean sentence polarity with its
    interval beside the domain-adjusted one (``*_domain``), ``n`` (sentences scored),
    ``n_articles`` and ``change`` (adjusted - unaltered, rounded to 6 decimals); sorted by
    outlet. Empty (with its columns) when the domain lexicon is off. ``by``: another column in
    place of ``outlet`` (``group`` with ``tone_by_group``: ``domain_effect_by_group``)."""
    columns = [by, *DOMAIN_EFFECT_COLUMNS[1:]]
    t = tone[tone["instrument"] == instrument]
    cols = [by, "value", "ci_low", "ci_high", "n", "n_articles"]
    raw = t.loc[t["score"] == "polarity", cols]
    dom = t.loc[t["score"] == "polarity_domain", cols]
    if dom.empty:
        return pd.DataFrame(columns=columns)
    both = raw.merge(dom, on=[by, "n_articles"], suffixes=("", "_domain"))
    both = both.rename(columns={"value": "polarity", "value_domain": "polarity_domain"})
    both["change"] = (both["polarity_domain"] - both["polarity"]).round(6)
    return both[columns].sort_values(by, kind="stable").reset_index(drop=True)
