"""Distinctive language: words and phrases that set an outlet (or group of outlets) apart.

Method: log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008,
"Fightin' Words", eq. 16-22). For term w, group i and the rest of the corpus j (all other
groups pooled), with counts y, totals n (per n-gram order), prior pseudo-counts a_w and
a_0 = sum of a_w over the vocabulary::

    delta_w = log((y_iw + a_w) / (n_i + a_0 - y_iw - a_w))
              - log((y_jw + a_w) / (n_j + a_0 - y_jw - a_w))
    var_w   = 1 / (y_iw + a_w) + 1 / (y_jw + a_w)
    z_w     = delta_w / sqrt(var_w)

Priors (``prior``): ``"corpus"`` (default; informative: a_w = alpha0 * y_w / n with y_w the
term's count in the whole corpus analysed and n the corpus total, so a_0 = alpha0), a number
(uniform: a_w = prior for every term) or a mapping term -> a_w (e.g. scaled counts from a
background corpus; a term missing from it gets the mapping's smallest value).

Terms: tokens of analysis.segment.tokenize, lower-cased, ’ -> ', a possessive 's or ' cut
("Ukraine's" -> "ukraine"); tokens without a letter (pure numbers) are dropped. Unigrams and
bigrams of adjacent tokens in a sentence with only whitespace between them (no punctuation);
with ``remove_stopwords`` (default) unigram stopwords are dropped and a bigram is kept only
when neither word is a stopword (``stopwords``; default: those of ``language``, the run's
language resources, via analysis.lang.stopword_set; None: the default language's).
Unigrams and bigrams are scored separately (their own totals n).

Scope: the terms count the sentences of the articles in ``articles`` only; which articles those
are (the selection, rewrites counted once) is decided before, by analysis.scope.

Tables:

- :func:`distinctive_terms`: ``group``, ``ngram`` (1 | 2), ``term``, ``count_group``,
  ``count_rest``, ``n_group``, ``n_rest`` (totals of that n-gram order), ``prior`` (a_w),
  ``log_odds``, ``z``, ``examples`` (up to ``n_examples`` refs "article_id:sentence_index" of
  group sentences holding the term, in order). One row per group x term used by the group at
  least ``min_count`` times; sorted by group, ngram, z descending, term.
- :func:`actor_context_terms`: the same columns plus ``actor`` (after ``group``): words within
  ``k`` tokens before or after a mention of the actor (same sentence; the mention's own tokens
  excluded; a token near several mentions of one actor counted once), group vs the same actor's
  contexts in the other groups; unigrams only.
- :func:`top_terms` (pipeline tables ``distinctive_top`` and ``actor_context_top``): the
  :data:`TOP_N` highest-z terms of each group (and actor), both n-gram orders together: the
  columns of the table it ranks plus ``rank`` (1 = highest z; ties by term); sorted by group
  (actor), rank. The reports show these.
- :func:`term_examples`: the sentences holding a term (article_id, sentence_index, text).
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import ModuleType
from typing import NamedTuple

import numpy as np
import pandas as pd

from analysis.arrays import ragged, round_floats, unique
from analysis.lang import stopword_set
from analysis.segment import token_pieces, tokenize
from analysis.tokens import Tokens, check, token_table

DEFAULT_ALPHA0 = 100.0
TERM_COLUMNS: list[str] = [
    "group",
    "ngram",
    "term",
    "count_group",
    "count_rest",
    "n_group",
    "n_rest",
    "prior",
    "log_odds",
    "z",
    "examples",
]
# the columns of TERM_COLUMNS that hold numbers
_NUMERIC_TERM_COLUMNS = tuple(c for c in TERM_COLUMNS if c not in ("group", "term", "examples"))
#: Terms per group (and actor) in the ranked tables the reports show (:func:`top_terms`).
TOP_N = 5
_LETTER = re.compile(r"[^\W\d_]")
_POSSESSIVE = re.compile(r"'s?$")

Ref = str  # "article_id:sentence_index", as the examples column shows it


def _check(table: pd.DataFrame, required: Iterable[str], name: str) -> None:
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise ValueError(f"{name} table is missing column(s): {', '.join(missing)}")


def normalize_token(token: str) -> str:
    """Lower-case, ’ -> ', possessive cut; "" when the token has no letter."""
    t = token.lower().replace("’", "'")
    t = _POSSESSIVE.sub("", t) if len(t) > 2 else t
    return t if _LETTER.search(t) else ""


# a corpus repeats its words: each distinct token string is normalised once
_normalized = functools.lru_cache(maxsize=1 << 18)(normalize_token)


def sentence_tokens(text: str) -> list[tuple[str, int, int]]:
    """(normalised token, start, end) for each word token of ``text`` ("" tokens kept)."""
    return [(_normalized(text[s:e]), s, e) for s, e in tokenize(text)]


def sentence_terms(text: str, stop: frozenset[str], remove_stopwords: bool = True) -> list[str]:
    """Unigram and bigram terms of one sentence, in order (see module docstring)."""
    pieces = token_pieces(text)  # gap, token, gap, ..., token, gap: tokens and gaps in one scan
    toks = [_normalized(t) for t in pieces[1::2]]
    if not remove_stopwords:
        stop = frozenset()
    out = [t for t in toks if t and t not in stop]
    # pieces[2::2][i]: the text between tokens i and i + 1 (one more gap than pairs: zip stops)
    for a, b, gap in zip(toks, toks[1:], pieces[2::2], strict=False):
        if a and b and not gap.strip() and a not in stop and b not in stop:
            out.append(f"{a} {b}")
    return out


def log_odds(
    y_i: float, y_j: float, n_i: float, n_j: float, a_w: float, a_0: float
) -> tuple[float, float]:
    """Monroe et al. (2008) log-odds ratio with Dirichlet prior and its z-score."""
    delta = math.log((y_i + a_w) / (n_i + a_0 - y_i - a_w)) - math.log(
        (y_j + a_w) / (n_j + a_0 - y_j - a_w)
    )
    return delta, delta / math.sqrt(1.0 / (y_i + a_w) + 1.0 / (y_j + a_w))


def _priors(
    total: Counter[str], prior: str | float | Mapping[str, float], alpha0: float
) -> tuple[dict[str, float], float]:
    """a_w for every term of ``total`` and a_0."""
    vocab = sorted(total)
    if isinstance(prior, str):
        if prior != "corpus":
            raise ValueError(f"prior must be 'corpus', a number or a mapping, not {prior!r}")
        if alpha0 <= 0:
            raise ValueError(f"alpha0 must be > 0, got {alpha0}")
        n = sum(total.values())
        a = {w: alpha0 * total[w] / n for w in vocab}
    elif isinstance(prior, Mapping):
        values = [float(v) for v in prior.values()]
        if not values or min(values) <= 0:
            raise ValueError("prior mapping must be non-empty with values > 0")
        floor = min(values)
        a = {w: float(prior.get(w, floor)) for w in vocab}
    else:
        if float(prior) <= 0:
            raise ValueError(f"prior must be > 0, got {prior}")
        a = {w: float(prior) for w in vocab}
    return a, sum(a.values())


def _score(
    counts: dict[str, Counter[str]],
    refs: dict[str, dict[str, list[Ref]]],
    ngram_of: dict[str, int],
    prior: str | float | Mapping[str, float],
    alpha0: float,
    min_count: int,
    n_examples: int,
) -> dict[str, list]:
    """The rows of every group's terms, as columns (:data:`TERM_COLUMNS`)."""
    cols: dict[str, list] = {c: [] for c in TERM_COLUMNS}
    orders = sorted(set(ngram_of.values()))
    # each group's counts split by n-gram order in one pass
    split: dict[int, dict[str, dict[str, int]]] = {o: {} for o in orders}
    for g, cnt in counts.items():
        mine: dict[int, dict[str, int]] = {o: {} for o in orders}
        for t, c in cnt.items():
            mine[ngram_of[t]][t] = c
        for o in orders:
            split[o][g] = mine[o]
    for order in orders:
        sub = split.pop(order)
        total: Counter[str] = Counter()
        for cnt in sub.values():
            total.update(cnt)
        if len(total) < 2:  # one word (or none): no other words to contrast it with
            continue
        a, a0 = _priors(total, prior, alpha0)
        n_all = sum(total.values())
        for g in sorted(sub):
            cnt = sub[g]
            n_i = sum(cnt.values())
            n_j = n_all - n_i
            terms = [t for t in sorted(cnt) if cnt[t] >= min_count]
            y_i = [cnt[t] for t in terms]
            y_j = [total[t] - y for t, y in zip(terms, y_i, strict=True)]
            a_w = [a[t] for t in terms]
            delta, z = _log_odds_many(y_i, y_j, n_i, n_j, a_w, a0)
            group_refs = refs[g]
            k = len(terms)
            cols["group"].extend(itertools.repeat(g, k))
            cols["ngram"].extend(itertools.repeat(order, k))
            cols["term"].extend(terms)
            cols["count_group"].extend(y_i)
            cols["count_rest"].extend(y_j)
            cols["n_group"].extend(itertools.repeat(n_i, k))
            cols["n_rest"].extend(itertools.repeat(n_j, k))
            cols["prior"].extend(round_floats(a_w, 9))
            cols["log_odds"].extend(round_floats(delta, 6))
            cols["z"].extend(round_floats(z, 6))
            cols["examples"].extend([";".join(group_refs[t][:n_examples]) for t in terms])
        del sub, total, a  # this order's counts: freed before the next order's are built
    return cols


def _log_odds_many(
    y_i: list[int],
    y_j: list[int],
    n_i: int | np.ndarray,
    n_j: int | np.ndarray,
    a_w: list[float],
    a_0: float,
) -> tuple[list[float], list[float]]:
    """:func:`log_odds` of many terms of one group (``n_i``, ``n_j`` numbers) or of several
    (arrays, one per term): the same operations in the same order on arrays (IEEE add,
    subtract, divide and sqrt give the same bits as Python's floats; an int is added as the
    float it converts to), the logarithms by ``math.log`` one by one, so the numbers are
    :func:`log_odds`'s."""
    if not y_i:
        return [], []
    yi = np.array(y_i, dtype=np.int64).astype(np.float64)
    yj = np.array(y_j, dtype=np.int64).astype(np.float64)
    aw = np.array(a_w, dtype=np.float64)
    ratio_i = (yi + aw) / ((n_i + a_0) - yi - aw)
    ratio_j = (yj + aw) / ((n_j + a_0) - yj - aw)
    log = math.log
    delta = np.array([log(x) for x in ratio_i.tolist()]) - np.array(
        [log(x) for x in ratio_j.tolist()]
    )
    z = delta / np.sqrt(1.0 / (yi + aw) + 1.0 / (yj + aw))
    return delta.tolist(), z.tolist()


def _frame(
    cols: dict[str, list], columns: list[str], order: np.ndarray | None = None
) -> pd.DataFrame:
    """The table of the columns ``cols``, typed and sorted. Empties ``cols``: the lists (a
    million entries each at 10,000 articles) are freed before the table is cast and sorted.
    Built from columns, not from row tuples: the same values and types, without pandas
    inferring each column from a list of tuples. ``order``: the rows' sorted order when the
    caller has it from integer keys (:func:`_score_cells`), taken instead of sorting."""
    out = pd.DataFrame({c: cols[c] for c in columns}, columns=columns)
    if out.empty:  # as a frame of no rows: every column object before the casts below
        out = out.astype(object)
    cols.clear()
    out = out.astype(
        {
            "ngram": "int64",
            "count_group": "int64",
            "count_rest": "int64",
            "n_group": "int64",
            "n_rest": "int64",
            "prior": float,
            "log_odds": float,
            "z": float,
        }
    )
    if order is not None:
        return out.take(order).reset_index(drop=True)
    keys = [c for c in columns if c in ("group", "actor")]
    out = out.sort_values(
        [*keys, "ngram", "z", "term"],
        ascending=[*[True] * len(keys), True, False, True],
        kind="stable",
    )
    return out.reset_index(drop=True)


def _groups(articles: pd.DataFrame, group: str) -> dict[str, str]:
    _check(articles, ["article_id", group], "articles")
    scope = articles
    out = {}
    for aid, g in zip(scope["article_id"], scope[group], strict=True):
        if pd.isna(g) or str(g).strip() == "":
            raise ValueError(f"articles: article {aid!r} has an empty {group!r}")
        out[str(aid)] = str(g)
    if len(set(out.values())) < 2:
        raise ValueError(f"distinctive terms need at least two {group!r} groups in scope")
    return out


def distinctive_terms(
    sentences: pd.DataFrame,
    articles: pd.DataFrame,
    group: str = "outlet",
    prior: str | float | Mapping[str, float] = "corpus",
    alpha0: float = DEFAULT_ALPHA0,
    *,
    remove_stopwords: bool = True,
    stopwords: str | Path | Iterable[str] | None = None,
    min_count: int = 1,
    n_examples: int = 3,
    language: ModuleType | None = None,
    tokens: Tokens | None = None,
) -> pd.DataFrame:
    """Fightin' Words log-odds and z of every term per group vs the rest (:data:`TERM_COLUMNS`).

    ``group``: an articles column (outlet, outlet_kind ...); ``prior``/``alpha0``: see module
    docstring. Needs >= 2 groups among the articles in scope. ``tokens``: the analysis.tokens
    table of ``sentences`` when the caller has it (made here otherwise; the same result).
    """
    _check(sentences, ["article_id", "sentence_index", "text"], "sentences")
    group_of = _groups(articles, group)
    stop = stopword_set(stopwords, language)
    if tokens is None:
        tokens = token_table(sentences["text"].tolist())
    else:
        check(tokens, sentences)
    cells = _group_terms(
        sentences, group_of, tokens, stop if remove_stopwords else frozenset(), n_examples
    )
    cols, order = _score_cells(cells, prior, alpha0, min_count)
    return _frame(cols, TERM_COLUMNS, order)


class _Cells(NamedTuple):
    """Every (group, term) that occurs, sorted by group then term id (:func:`_group_terms`)."""

    names: list[str]  # the groups, sorted; ``group`` indexes them
    group: np.ndarray
    term: np.ndarray  # ids into ``strings``
    count: np.ndarray  # occurrences in the group's sentences
    examples: list[str]  # the refs of the first n_examples sentences holding it, ";"-joined
    strings: list[str]  # each term id's term
    order: np.ndarray  # each term id's n-gram order (1 | 2)


def _score_cells(
    cells: _Cells,
    prior: str | float | Mapping[str, float],
    alpha0: float,
    min_count: int,
) -> tuple[dict[str, list | np.ndarray], np.ndarray]:
    """:func:`_score` of the counts ``cells`` (the same rows, floats and checks), on arrays: the
    corpus totals by ``bincount``, the prior's a_0 added in the order of the terms' strings,
    the log-odds of every group at once (:func:`_log_odds_many`). Also the rows' order sorted
    as :func:`_frame` sorts them (group, ngram, z descending, term; stable), from one
    ``np.lexsort`` of the group codes (the groups are numbered in sorted order), n-grams,
    rounded z and the terms' places among the sorted strings."""
    cols: dict[str, list] = {c: [] for c in TERM_COLUMNS}
    rank = np.empty(len(cells.strings), dtype=np.int64)  # each term's place among the strings
    rank[sorted(range(len(cells.strings)), key=cells.strings.__getitem__)] = np.arange(
        len(cells.strings)
    )
    cell_order = cells.order[cells.term]
    sort_group: list[np.ndarray] = []
    sort_rank: list[np.ndarray] = []
    for order in unique(cell_order).tolist():
        mine = np.flatnonzero(cell_order == order)
        term, group, count = cells.term[mine], cells.group[mine], cells.count[mine]
        total = np.bincount(term, weights=count, minlength=len(cells.strings)).astype(np.int64)
        vocab = np.flatnonzero(total > 0)
        if len(vocab) < 2:  # one word (or none): no other words to contrast it with
            continue
        vocab = vocab[np.argsort(rank[vocab])]  # in the order of the strings, as sorted(total)
        a = np.zeros(len(cells.strings))
        a[vocab], a0 = _priors_array([cells.strings[t] for t in vocab.tolist()], total[vocab],
                                     prior, alpha0)  # fmt: skip
        n_all = int(total.sum())
        n_group = np.bincount(group, weights=count, minlength=len(cells.names)).astype(np.int64)
        keep = np.flatnonzero(count >= min_count)
        keep = keep[np.lexsort((rank[term[keep]], group[keep]))]
        term, group, y_i = term[keep], group[keep], count[keep]
        n_i = n_group[group]
        n_j = n_all - n_i
        y_j = total[term] - y_i
        a_w = a[term]
        delta, z = _log_odds_many(y_i.tolist(), y_j.tolist(), n_i, n_j, a_w.tolist(), a0)
        examples = cells.examples
        cols["group"].extend([cells.names[g] for g in group.tolist()])
        cols["ngram"].append(np.full(len(keep), order, dtype=np.int64))
        cols["term"].extend([cells.strings[t] for t in term.tolist()])
        cols["count_group"].append(y_i)
        cols["count_rest"].append(y_j)
        cols["n_group"].append(n_i)
        cols["n_rest"].append(n_j)
        for name, values, digits in (("prior", a_w, 9), ("log_odds", delta, 6), ("z", z, 6)):
            cols[name].append(np.array(round_floats(values, digits), dtype=np.float64))
        cols["examples"].extend([examples[k] for k in mine[keep].tolist()])
        sort_group.append(group)
        sort_rank.append(rank[term])
    # the numbers as int64 and float64 arrays (the types _frame gives them), not lists of
    # Python numbers that pandas would inspect one by one
    for name in _NUMERIC_TERM_COLUMNS:
        parts = cols[name]
        cols[name] = np.concatenate(parts) if parts else []
    if not sort_group:
        return cols, np.zeros(0, dtype=np.int64)
    z = np.asarray(cols["z"], dtype=np.float64)
    ngram = np.asarray(cols["ngram"], dtype=np.int64)
    order = np.lexsort((np.concatenate(sort_rank), -z, ngram, np.concatenate(sort_group)))
    return cols, order


def _priors_array(
    vocab: list[str], total: np.ndarray, prior: str | float | Mapping[str, float], alpha0: float
) -> tuple[np.ndarray, float]:
    """:func:`_priors` of the terms ``vocab`` (sorted) with their corpus counts ``total``: a_w
    per term, and a_0 added term by term in that order (Python's ``sum``)."""
    if isinstance(prior, str):
        if prior != "corpus":
            raise ValueError(f"prior must be 'corpus', a number or a mapping, not {prior!r}")
        if alpha0 <= 0:
            raise ValueError(f"alpha0 must be > 0, got {alpha0}")
        a = alpha0 * total.astype(np.float64) / int(total.sum())
    elif isinstance(prior, Mapping):
        values = [float(v) for v in prior.values()]
        if not values or min(values) <= 0:
            raise ValueError("prior mapping must be non-empty with values > 0")
        floor = min(values)
        a = np.array([float(prior.get(w, floor)) for w in vocab], dtype=np.float64)
    else:
        if float(prior) <= 0:
            raise ValueError(f"prior must be > 0, got {prior}")
        a = np.full(len(vocab), float(prior))
    return a, sum(a.tolist())


def _group_terms(
    sentences: pd.DataFrame,
    group_of: dict[str, str],
    tokens: Tokens,
    stop: frozenset[str],
    n_examples: int,
) -> _Cells:
    """Each group's term counts and, per term, the refs of its first ``n_examples`` sentences
    (in article_id, sentence_index order): what counting :func:`sentence_terms` of every
    sentence of the group's articles gives, computed on the token ids (each distinct token
    normalised once; unigrams and bigrams counted as integer keys)."""
    rows = np.arange(len(sentences), dtype=np.int64)
    order = (
        sentences[["article_id", "sentence_index"]]
        .assign(_row=rows)
        .sort_values(["article_id", "sentence_index"], kind="stable")
    )
    groups = [group_of.get(str(a)) for a in order["article_id"].tolist()]
    kept = [k for k, g in enumerate(groups) if g is not None]
    names = sorted({groups[k] for k in kept})
    code = {g: i for i, g in enumerate(names)}
    aids, sis = order["article_id"].tolist(), order["sentence_index"].tolist()
    ref_of = [f"{aids[k]}:{int(sis[k])}" for k in kept]
    sent_group = np.array([code[groups[k]] for k in kept], dtype=np.int64)
    rows = order["_row"].to_numpy()[kept] if kept else np.zeros(0, dtype=np.int64)
    first = tokens.bounds[rows]
    sizes = tokens.bounds[rows + 1] - first
    at = ragged(first, sizes)
    # each distinct token normalised once; a term id per distinct normalised token
    norm_codes, norms = pd.factorize(np.array([_normalized(t) for t in tokens.vocab], dtype=object))
    good = np.array([bool(t) and t not in stop for t in norms], dtype=bool)
    n_uni = len(norms)
    # per token of the kept sentences (int32: a few arrays of every token at 10,000 articles)
    tok = norm_codes.astype(np.int32)[tokens.ids[at]] if len(at) else np.zeros(0, np.int32)
    sent = np.repeat(np.arange(len(kept), dtype=np.int32), sizes)
    is_uni = good[tok] if len(tok) else np.zeros(0, dtype=bool)
    # a bigram: two good tokens with only whitespace between them (never across sentences)
    is_bi = tokens.spaced[at][:-1] & is_uni[:-1] & is_uni[1:]
    del at
    pair_keys, pair_of = unique(
        tok[:-1][is_bi].astype(np.int64) * n_uni + tok[1:][is_bi], return_inverse=True
    )
    firsts, seconds = np.divmod(pair_keys, n_uni)
    term_strings = list(norms) + [
        f"{norms[a]} {norms[b]}" for a, b in zip(firsts.tolist(), seconds.tolist(), strict=True)
    ]
    n_terms = len(term_strings)
    e_sent = np.concatenate((sent[is_uni], sent[:-1][is_bi]))
    e_term = np.concatenate((tok[is_uni], n_uni + pair_of)).astype(np.int64)
    del tok, sent, is_uni, is_bi, pair_of
    key = sent_group[e_sent] * n_terms + e_term  # (group, term)
    del e_term
    cells, counted = unique(key, return_counts=True)
    # distinct (group, term, sentence), in that order: each term's first n_examples sentences
    seen = unique(key * max(len(kept), 1) + e_sent)
    del key, e_sent
    seen_cell, seen_sent = np.divmod(seen, max(len(kept), 1))
    run = np.r_[True, seen_cell[1:] != seen_cell[:-1]]
    starts = np.flatnonzero(run)
    rank = np.arange(len(seen)) - np.repeat(starts, np.diff(np.r_[starts, len(seen)]))
    shown = rank < n_examples
    shown_refs = [ref_of[k] for k in seen_sent[shown].tolist()]
    n_shown = np.minimum(np.diff(np.r_[starts, len(seen)]), n_examples)
    cut = np.r_[0, np.cumsum(n_shown)].tolist()
    # each cell's examples joined here (at most n_examples refs each), one string per cell
    examples = [";".join(shown_refs[a:b]) for a, b in itertools.pairwise(cut)]
    cell_group, cell_term = np.divmod(cells, n_terms)
    order = np.ones(n_terms, dtype=np.int64)
    order[n_uni:] = 2
    return _Cells(names, cell_group, cell_term, counted, examples, term_strings, order)


def _near_mentions(
    mentions: pd.DataFrame,
    sent: dict[tuple[str, int], tuple[int, str]],
    group_of: dict[str, str],
    k: int,
) -> tuple[dict[tuple[str, int, str], set[int]], dict[tuple[str, int], list[tuple[int, int]]]]:
    """Token positions within ``k`` tokens of each actor's mentions, per (article_id,
    sentence_index, actor), and the token spans of each sentence with a mention (tokenized
    once)."""
    near: dict[tuple[str, int, str], set[int]] = defaultdict(set)  # token positions per actor
    spans_of: dict[tuple[str, int], list[tuple[int, int]]] = {}  # each sentence tokenized once
    m = mentions.sort_values(["article_id", "sentence_index", "start"], kind="stable")
    for aid, si, actor, ms, me in zip(
        *(m[c].tolist() for c in ("article_id", "sentence_index", "actor", "start", "end")),
        strict=True,
    ):
        key = (str(aid), int(si))
        if key[0] not in group_of:
            continue
        if key not in sent:
            raise ValueError(f"mentions: sentence {key} is not in the sentences table")
        offset, text = sent[key]
        spans = spans_of.get(key)
        if spans is None:
            spans = spans_of[key] = tokenize(text)
        inside = [p for p, (s, e) in enumerate(spans) if s < me - offset and e > ms - offset]
        if not inside:
            continue
        lo, hi = inside[0], inside[-1]
        window = set(range(max(0, lo - k), lo)) | set(range(hi + 1, min(len(spans), hi + 1 + k)))
        near[(*key, str(actor))] |= window - set(inside)
    return near, spans_of


def actor_context_terms(
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    articles: pd.DataFrame,
    group: str = "outlet",
    k: int = 5,
    prior: str | float | Mapping[str, float] = "corpus",
    alpha0: float = DEFAULT_ALPHA0,
    *,
    remove_stopwords: bool = True,
    stopwords: str | Path | Iterable[str] | None = None,
    min_count: int = 1,
    n_examples: int = 3,
    language: ModuleType | None = None,
) -> pd.DataFrame:
    """Words within ``k`` tokens of each actor's mentions, per group vs the rest, per actor.

    ``mentions``: analysis.actors table (article_id, sentence_index, actor, start, end; offsets
    in the article text), ``sentences`` needs start (sentence offset). Columns: group, actor,
    then the columns of :data:`TERM_COLUMNS` after group. An actor mentioned by one group only
    is still scored (the rest's count is 0; the prior keeps the log-odds finite).
    """
    if k < 1:
        raise ValueError(f"k must be >= 1, got {k}")
    _check(sentences, ["article_id", "sentence_index", "start", "text"], "sentences")
    _check(mentions, ["article_id", "sentence_index", "actor", "start", "end"], "mentions")
    group_of = _groups(articles, group)
    stop = stopword_set(stopwords, language)
    sent = {
        (str(a), int(i)): (int(s), t)
        for a, i, s, t in zip(
            sentences["article_id"].tolist(),
            sentences["sentence_index"].tolist(),
            sentences["start"].tolist(),
            sentences["text"].tolist(),
            strict=True,
        )
    }
    near, spans_of = _near_mentions(mentions, sent, group_of, k)
    by_actor: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    refs: dict[str, dict[str, dict[str, list[Ref]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(list))
    )
    tokens_of: dict[tuple[str, int], list[str]] = {}
    for (aid, si, actor), positions in sorted(near.items()):
        text = sent[(aid, si)][1]
        toks = tokens_of.get((aid, si))
        if toks is None:  # the sentence's tokens, once for all its actors
            toks = tokens_of[(aid, si)] = [_normalized(text[s:e]) for s, e in spans_of[(aid, si)]]
        g = group_of[aid]
        for p in sorted(positions):
            t = toks[p]
            if not t or (remove_stopwords and t in stop):
                continue
            by_actor[actor][g][t] += 1
            found = refs[actor][g][t]
            ref = f"{aid}:{si}"
            if len(found) < n_examples and ref not in found:  # the first n_examples
                found.append(ref)
    cols: dict[str, list] = {c: [] for c in ["actor", *TERM_COLUMNS]}
    for actor in sorted(by_actor):
        counts = by_actor[actor]
        ngram_of = {t: 1 for cnt in counts.values() for t in cnt}
        mine = _score(counts, refs[actor], ngram_of, prior, alpha0, min_count, n_examples)
        cols["actor"].extend(itertools.repeat(actor, len(mine["term"])))
        for c in TERM_COLUMNS:
            cols[c].extend(mine[c])
    return _frame(cols, [TERM_COLUMNS[0], "actor", *TERM_COLUMNS[1:]])


def top_terms(terms: pd.DataFrame, n: int = TOP_N) -> pd.DataFrame:
    """The ``n`` highest-z rows of each group (and actor, when ``terms`` has that column) of a
    :func:`distinctive_terms` or :func:`actor_context_terms` table, with ``rank``."""
    keys = [c for c in ("group", "actor") if c in terms.columns]
    if terms.empty:
        return pd.DataFrame(columns=[*terms.columns, "rank"])
    ordered = terms.sort_values(
        [*keys, "z", "term"], ascending=[*[True] * len(keys), False, True], kind="stable"
    )
    top = ordered.groupby(keys, sort=True).head(n).reset_index(drop=True)
    top["rank"] = top.groupby(keys, sort=False).cumcount() + 1
    return top


def term_examples(
    sentences: pd.DataFrame,
    term: str,
    article_ids: Iterable[str] | None = None,
    *,
    remove_stopwords: bool = True,
    stopwords: str | Path | Iterable[str] | None = None,
    language: ModuleType | None = None,
) -> pd.DataFrame:
    """Sentences holding ``term`` (a unigram or bigram as in :func:`distinctive_terms`).

    Columns: article_id, sentence_index, text, count (occurrences in the sentence).
    """
    _check(sentences, ["article_id", "sentence_index", "text"], "sentences")
    stop = stopword_set(stopwords, language)
    keep = None if article_ids is None else {str(a) for a in article_ids}
    rows = []
    for aid, si, text in zip(
        sentences["article_id"], sentences["sentence_index"], sentences["text"], strict=True
    ):
        if keep is not None and str(aid) not in keep:
            continue
        n = sentence_terms(text, stop, remove_stopwords).count(term)
        if n:
            rows.append((str(aid), int(si), text, n))
    out = pd.DataFrame(rows, columns=["article_id", "sentence_index", "text", "count"])
    return out.sort_values(["article_id", "sentence_index"], kind="stable").reset_index(drop=True)
