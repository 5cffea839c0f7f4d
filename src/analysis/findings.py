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


def scope_note(articles: pd.DataFrame, rewrites: str) -> str:
    """How many rewrites the measures left out (``rewrites="once"``), "" when none."""
    n_rw = int((articles.get("rewrite_of", pd.Series(dtype=str)).fillna("") != "").sum())
    if rewrites == "once" and n_rw:
        return (
            f" {n_rw} rewrite{'s' if n_rw > 1 else ''} of another article "
            "left out (rewrites: once)."
        )
    return ""


def intervals_differ(a: pd.Series, b: pd.Series) -> bool | None:
    """Whether two rows' 95% intervals (ci_low, ci_high) are apart; None without an interval."""
    if pd.isna(a["ci_low"]) or pd.isna(b["ci_low"]):
        return None
    return a["ci_high"] < b["ci_low"] or b["ci_high"] < a["ci_low"]


# --- 02 tone ------------------------------------------------------------------------------------


def tone_by_outlet(means: pd.DataFrame, label: str) -> str:
    """``means``: tone_by_outlet rows of one instrument and score (outlet, value, ci_low,
    ci_high, n), highest value first; ``label``: the instrument's name."""
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


def domain_effect(both: pd.DataFrame) -> str:
    """``both``: per outlet, polarity and polarity_domain (TextBlob) and their ``change``."""
    down = int((both["change"] < 0).sum())
    up = int((both["change"] > 0).sum())
    big = both.loc[both["change"].abs().idxmax()]
    return (
        f"The domain lexicon lowers the mean polarity at {down} and raises it at {up} of "
        f"{len(both)} outlets; the largest change is at {big['outlet']}: "
        f"{num(big['polarity'], 3, True)} unaltered, {num(big['polarity_domain'], 3, True)} "
        "with the domain lexicon. The unaltered score stays the reference."
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


def share_of_voice(mat: pd.DataFrame) -> str:
    """``mat``: outlet x speaker matrix of shares of quoted words."""
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
        kind = "the most negative tone" if low < 0 else "the least positive tone (none is negative)"
        finding = (
            f"Sentences about {join_names(low_names)} have {kind}: mean "
            f"{num(low, 3, True)} ({label})."
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
