"""Selection and omission: which facts, claims and quotes of an event each outlet tells, and where.

For each event (``articles.event``; articles with an empty event form one group ""), the
sentences of all its articles are grouped into **story elements**: the same fact, claim or quote
told by several outlets, across paraphrase. Method (docs/METHODS.md):

1. Terms: :func:`analysis.rewrites.normalize_terms` (lower-case, function words removed, crude
   stem, numbers kept); stopwords from :func:`analysis.lang.load_stopwords` plus, by
   default, the one-word forms of the language's reporting verbs (English: "said",
   "told", "claimed" ...): outlets pick different verbs for the same statement, so the verb is
   noise when matching content.
2. Vectors: TF-IDF per sentence with IDF over the event's sentences
   (``idf = ln((1 + N) / (1 + df)) + 1``), L2-normalised; similarity = cosine.
3. Clustering: average-linkage agglomerative clustering within the event: repeatedly merge the
   two clusters with the highest mean pairwise cosine while it is >= ``threshold`` (default
   :data:`DEFAULT_THRESHOLD`). Two sentences of the same article count as similarity 0: an
   element is built from agreement *across* articles, and an article's second sentence joins
   only when the element's other sentences pull it in. Deterministic: sentences are ordered by
   article_id then sentence_index and a tie goes to the first pair in that order. A merge
   needs one cross-article pair at >= threshold between the two clusters, so each connected
   piece of the graph of such pairs (found by analysis.similarity.pairs_above, no dense
   sentences x sentences matrix) is clustered alone, with the same result; a piece of more
   than ``max_block`` sentences is cut by raising the link threshold (:func:`_blocks`). Cost:
   the sparse search plus O(c^2) per piece of c <= max_block sentences.
4. Representative (label): the member with the highest mean cosine to the other members, an
   original preferred over a rewrite; ties -> smallest (article_id, sentence_index).

Rewrites (``articles.rewrite_of`` non-empty) take part in the clustering (their paraphrases land
in the element they retell) but are flagged ``is_rewrite`` and never count toward
``n_outlets``.

Output (:class:`StoryElements`), sorted by event, element_id (, article_id, sentence_index):

- ``elements``: ``event``, ``element_id`` (int, 0-based within the event, numbered in the order
  of each element's first sentence), ``label`` (representative sentence), ``label_article_id``,
  ``label_sentence_index``, ``n_outlets`` (distinct outlets among original articles),
  ``outlets`` (``;``-separated, sorted), ``n_articles`` (original articles),
  ``rewrite_articles`` (``;``-separated article_ids of rewrites carrying it), ``n_sentences``,
  ``shared_by_all`` (bool: every original outlet of the event, and the event has >= 2),
  ``unique_to`` (the outlet when n_outlets == 1, else "").
- ``sentences``: ``event``, ``element_id``, ``article_id``, ``outlet``, ``is_rewrite``,
  ``sentence_index``, ``text``, ``where`` (slot of the sentence, below), ``similarity`` (cosine
  to the label sentence; 1.0 for the label itself).
- ``coverage``: one row per event x article x element (dense; for an event of more than
  ``max_coverage_cells`` articles x elements, the not-included rows only for the most widely
  told elements that fit, with a warning): ``event``, ``element_id``,
  ``article_id``, ``outlet``, ``is_rewrite``, ``included`` (bool), ``where`` (most prominent
  slot among the article's member sentences, "" when not included), ``sentence_indices``
  (``;``-separated), ``similarity`` (best cosine to the label among them, 0.0 when not
  included).

Slots, most prominent first: ``headline``, ``standfirst``, ``first_paragraph`` (the first
paragraph that is neither headline nor standfirst), ``body``, ``end`` (a sentence outside those
with position >= 0.8, i.e. in the last 20% of the article's sentences). ``first_paragraph`` is
checked before ``end``, so a one-paragraph article has no ``end``.
"""

from __future__ import annotations

import math
import warnings
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import NamedTuple

import numpy as np
import pandas as pd

from analysis import lang
from analysis.actors import lead_paragraphs
from analysis.arrays import one_blas_thread, stable_argsort
from analysis.lang import stopword_set
from analysis.rewrites import check_article_ids, vocab_terms
from analysis.similarity import components, dense, pairs_above, tfidf_rows
from analysis.tokens import Tokens, check, sentence_lists, token_table

#: Mean cosine (TF-IDF) two clusters need to merge; chosen on the seed corpus (see METHODS).
DEFAULT_THRESHOLD = 0.25
#: Largest set of sentences clustered together (see :func:`_blocks`); memory ~ 24 * MAX_BLOCK**2 B.
MAX_BLOCK = 2000
#: Largest dense coverage table per event (articles x elements); see story_elements.
MAX_COVERAGE_CELLS = 500_000
#: Step by which the link threshold is raised to cut an oversized block.
BLOCK_STEP = 0.05
SLOTS = ("headline", "standfirst", "first_paragraph", "body", "end")
PROMINENCE = {"headline": 0, "standfirst": 1, "first_paragraph": 2, "body": 3, "end": 4}
END_POSITION = 0.8

ELEMENT_COLUMNS: list[str] = [
    "event",
    "element_id",
    "label",
    "label_article_id",
    "label_sentence_index",
    "n_outlets",
    "outlets",
    "n_articles",
    "rewrite_articles",
    "n_sentences",
    "shared_by_all",
    "unique_to",
]
ELEMENT_SENTENCE_COLUMNS: list[str] = [
    "event",
    "element_id",
    "article_id",
    "outlet",
    "is_rewrite",
    "sentence_index",
    "text",
    "where",
    "similarity",
]
COVERAGE_COLUMNS: list[str] = [
    "event",
    "element_id",
    "article_id",
    "outlet",
    "is_rewrite",
    "included",
    "where",
    "sentence_indices",
    "similarity",
]
_ARTICLE_REQUIRED = ("article_id", "outlet", "event")
_ROW = "__story_row"  # each sentence's row in the table passed in (its tokens' row)
_SENTENCE_REQUIRED = (
    "article_id",
    "sentence_index",
    "paragraph_index",
    "text",
    "position",
    "is_headline",
    "is_standfirst",
)


class StoryElements(NamedTuple):
    """Output of :func:`story_elements` (columns in the module docstring)."""

    elements: pd.DataFrame
    sentences: pd.DataFrame
    coverage: pd.DataFrame


def _check(table: pd.DataFrame, required: Iterable[str], name: str) -> None:
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise ValueError(f"{name} table is missing column(s): {', '.join(missing)}")


def sentence_slot(is_headline: bool, is_standfirst: bool, is_lead: bool, position: float) -> str:
    """Slot of one sentence: headline, standfirst, first_paragraph, end or body."""
    if is_headline:
        return "headline"
    if is_standfirst:
        return "standfirst"
    if is_lead:
        return "first_paragraph"
    return "end" if position >= END_POSITION else "body"


def tfidf_matrix(terms: list[list[str]]) -> np.ndarray:
    """L2-normalised TF-IDF rows for term lists (IDF over these rows); zero rows stay zero."""
    df: Counter[str] = Counter()
    for t in terms:
        df.update(set(t))
    n = len(terms)
    vocab = {t: i for i, t in enumerate(sorted(df))}
    mat = np.zeros((n, len(vocab)))
    for row, ts in enumerate(terms):
        for t in ts:
            mat[row, vocab[t]] += math.log((1 + n) / (1 + df[t])) + 1.0
    norms = np.linalg.norm(mat, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return mat / norms


def average_linkage(sim: np.ndarray, threshold: float) -> list[int]:
    """Cluster label (0..k-1, numbered by first member) per row of a similarity matrix.

    Average-linkage agglomeration: merge the pair of clusters with the highest mean pairwise
    similarity while it is >= threshold; ties go to the first pair in row order. Each row's
    maximum is kept up to date, so a merge costs O(n) instead of an argmax over n x n; a row
    whose maximum falls below the threshold can never take part in a merge again (a merged
    linkage is a weighted mean of linkages below it) and is dropped.
    """
    n = sim.shape[0]
    if n == 0:
        return []
    if n <= 2:  # one merge at most (most blocks): the loop below, without its arrays
        # (it merges iff a row's maximum off the diagonal is >= threshold; a NaN stops it)
        if (
            n == 2
            and max(sim[0, 1], sim[1, 0]) >= threshold
            and not np.isnan(sim[0, 1] + sim[1, 0])
        ):
            return [0, 0]
        return list(range(n))
    link = sim.astype(float).copy()
    np.fill_diagonal(link, -np.inf)
    size = np.ones(n)
    parent = np.arange(n)
    live = np.ones(n, dtype=bool)  # active clusters that can still merge
    rowmax = link.max(axis=1)
    dead = rowmax < threshold
    rowmax[dead] = -np.inf
    live[dead] = False
    while True:
        i = int(np.argmax(rowmax))  # first row holding the largest linkage ...
        if not rowmax[i] >= threshold:
            break
        j = int(np.argmax(link[i]))  # ... and its first column: np.argmax(link) of old
        i, j = min(i, j), max(i, j)
        old_i, old_j = link[:, i].copy(), link[:, j].copy()
        merged = (size[i] * link[i] + size[j] * link[j]) / (size[i] + size[j])
        link[i], link[:, i] = merged, merged
        link[i, i] = -np.inf
        link[j], link[:, j] = -np.inf, -np.inf
        size[i] += size[j]
        parent[parent == j] = i
        live[j] = False
        rowmax[j] = -np.inf
        stale = live & ((old_i == rowmax) | (old_j == rowmax))
        stale[i] = True
        rowmax = np.where(live, np.maximum(rowmax, merged), -np.inf)
        if stale.any():
            rowmax[stale] = link[stale].max(axis=1)
        dead = live & (rowmax < threshold)
        rowmax[dead] = -np.inf
        live[dead] = False
    labels: dict[int, int] = {}
    return [labels.setdefault(p, len(labels)) for p in parent.tolist()]


def _blocks(
    nodes: np.ndarray, i: np.ndarray, j: np.ndarray, s: np.ndarray, level: float, max_block: int
) -> list[np.ndarray]:
    """Split ``nodes`` (sorted row numbers) joined by edges (i, j, similarity s >= level) into
    blocks of at most ``max_block``: keep the nodes whole when they fit; otherwise drop the edges
    below ``level + BLOCK_STEP`` and recurse into the connected pieces; past a level of 1, cut
    into consecutive runs of ``max_block`` rows."""
    if len(nodes) <= max_block:
        return [nodes]
    level = level + BLOCK_STEP
    if level > 1.0:
        return [nodes[k : k + max_block] for k in range(0, len(nodes), max_block)]
    keep = s >= level
    out: list[np.ndarray] = []
    for sub, (si, sj, ss) in _pieces(nodes, i[keep], j[keep], s[keep]):
        out.extend(_blocks(sub, si, sj, ss, level, max_block))
    return out


def _pieces(
    nodes: np.ndarray, i: np.ndarray, j: np.ndarray, s: np.ndarray
) -> list[tuple[np.ndarray, tuple[np.ndarray, np.ndarray, np.ndarray]]]:
    """Connected pieces of ``nodes`` (sorted row numbers) under edges (i, j, s) between them:
    (the piece's nodes, sorted; its edges), in the order of each piece's first node."""
    local = np.searchsorted(nodes, i), np.searchsorted(nodes, j)
    comp = components(len(nodes), *local)  # label = the piece's first (smallest) local node
    order = stable_argsort(comp)
    starts = np.flatnonzero(np.r_[True, np.diff(comp[order]) != 0])
    ends = np.r_[starts[1:], len(order)]
    e_comp = comp[local[0]]
    e_order = stable_argsort(e_comp)
    e_sorted = e_comp[e_order]
    out = []
    for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
        label = comp[order[a]]
        lo, hi = np.searchsorted(e_sorted, [label, label + 1])
        edges = e_order[lo:hi]
        out.append((nodes[np.sort(order[a:b])], (i[edges], j[edges], s[edges])))
    return out


def _cluster_event(
    terms: list[list[str]], article_of: list[str], threshold: float, max_block: int
) -> list[tuple[list[int], np.ndarray]]:
    """Story elements of one event's sentences: (members, their cosine matrix) per element,
    in the order of each element's first member.

    Average linkage merges two clusters only when their mean cross-article cosine is >=
    threshold, which needs at least one pair of sentences at >= threshold between them: so no
    element spans two connected components of the graph of such pairs, and clustering each
    component alone gives the result of clustering the whole event. The pairs come from an
    exact sparse search (analysis.similarity.pairs_above); only components of more than
    ``max_block`` sentences are approximated (:func:`_blocks`).
    """
    n = len(terms)
    if n == 0:
        return []
    rows = tfidf_rows(terms)
    codes = {a: k for k, a in enumerate(sorted(set(article_of)))}
    apart = np.array([codes[a] for a in article_of], dtype=np.int64)
    pi, pj, ps = pairs_above(rows, threshold, apart=apart)
    # a sentence in no pair is an element alone (most sentences of one broad topic): taken
    # here, so that only the linked sentences are cut into pieces (numpy calls per piece)
    linked = np.zeros(n, dtype=bool)
    linked[pi] = True
    linked[pj] = True
    found: list[tuple[list[int], np.ndarray]] = [
        ([k], np.ones((1, 1))) for k in np.flatnonzero(~linked).tolist()
    ]
    pieces = _pieces(np.flatnonzero(linked), pi, pj, ps) if len(pi) else []
    for nodes, (ei, ej, es) in pieces:
        if len(nodes) == 1:
            found.append(([int(nodes[0])], np.ones((1, 1))))
            continue
        for block in _blocks(nodes, ei, ej, es, threshold, max_block):
            if len(block) == 1:  # a block cut off alone (most of a split piece's blocks)
                found.append(([int(block[0])], np.ones((1, 1))))
                continue
            mat = dense(rows, block)
            sim = mat @ mat.T
            same = apart[block][:, None] == apart[block][None, :]
            labels = average_linkage(np.where(same, 0.0, sim), threshold)
            members: dict[int, list[int]] = {}
            for k, lab in enumerate(labels):
                members.setdefault(lab, []).append(k)
            for local in members.values():
                found.append(([int(block[k]) for k in local], sim[np.ix_(local, local)]))
    found.sort(key=lambda x: x[0][0])
    return found


def _medoid(members: list[int], sim: np.ndarray, rewrite: list[bool]) -> int:
    if len(members) == 1:
        return members[0]
    # each member's mean similarity to the others: its row of the members' block without the
    # diagonal, reduced along the row (the floats np.mean of that row alone gives)
    k = len(members)
    block = sim[np.ix_(members, members)]
    means = block[~np.eye(k, dtype=bool)].reshape(k, k - 1).mean(axis=1).tolist()
    keys = [(rewrite[m], -round(means[p], 9), m) for p, m in enumerate(members)]
    return members[min(range(k), key=keys.__getitem__)]


def _r(x: float) -> float:
    return round(float(x), 6)


def _check_settings(threshold: float, max_block: int, max_coverage_cells: int) -> None:
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    if max_block < 2 or max_coverage_cells < 0:
        raise ValueError("max_block must be >= 2 and max_coverage_cells >= 0")


def _article_column(articles: pd.DataFrame, name: str) -> list[str]:
    """The column ``name`` of ``articles`` as stripped strings ("" for missing, or no column)."""
    if name not in articles:
        return [""] * len(articles)
    return ["" if pd.isna(v) else str(v).strip() for v in articles[name]]


def _dense_elements(
    event: str, ranking: list[tuple[int, int, int]], n_articles: int, max_cells: int
) -> list[int]:
    """Labels of the elements that get omission rows: every element up to ``max_cells``
    articles x elements; beyond, the most widely told elements that fit (a warning says so).
    ``ranking`` holds (-outlets, -sentences, label) per element."""
    n_dense = len(ranking)
    if len(ranking) * n_articles > max_cells:
        n_dense = max_cells // max(n_articles, 1)
        warnings.warn(
            f"story coverage of event {event or '(none)'!r}: {n_articles} articles x "
            f"{len(ranking)} elements exceed max_coverage_cells={max_cells}; "
            f"omission rows are kept for the {n_dense} most widely told elements only",
            UserWarning,
            stacklevel=3,
        )
    return sorted(lab for _, _, lab in sorted(ranking)[:n_dense])


def _omission_rows(
    event: str,
    arts: list[str],
    dense_labs: list[int],
    per_element: list[dict[str, list[tuple[int, float]]]],
    outlet: dict[str, str],
    is_rw: dict[str, bool],
) -> tuple[pd.DataFrame, np.ndarray]:
    """The not-included coverage rows of the elements ``dense_labs``, built as arrays, and
    the place of each row's article in ``arts``."""
    labs = np.repeat(np.array(dense_labs, dtype=np.int64), len(arts))
    which = np.tile(np.arange(len(arts)), len(dense_labs))
    index = {a: k for k, a in enumerate(arts)}
    told = {lab * len(arts) + index[a] for lab in dense_labs for a in per_element[lab]}
    keep = ~np.isin(labs * len(arts) + which, np.fromiter(told, np.int64, len(told)))
    labs, which = labs[keep], which[keep]
    # the text columns taken from short columns of pandas' own string type (made once per
    # article; the default text dtype, as pandas infers it), not built and converted per row
    n = len(which)
    one = pd.Series([event, ""])  # the scalar columns' two strings
    frame = pd.DataFrame(
        {
            "event": one.array.take(np.zeros(n, dtype=np.int64)),
            "element_id": labs,
            "article_id": pd.Series(arts).array.take(which),
            "outlet": pd.Series([outlet[a] for a in arts]).array.take(which),
            "is_rewrite": np.array([is_rw[a] for a in arts], dtype=bool)[which],
            "included": False,
            "where": one.array.take(np.ones(n, dtype=np.int64)),
            "sentence_indices": one.array.take(np.ones(n, dtype=np.int64)),
            "similarity": 0.0,
        }
    )
    return frame, which


@one_blas_thread()  # many small products: see analysis.arrays
def story_elements(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    stopwords: str | Path | Iterable[str] | None = None,
    drop_reporting_verbs: bool = True,
    max_block: int = MAX_BLOCK,
    max_coverage_cells: int = MAX_COVERAGE_CELLS,
    language: ModuleType = lang.DEFAULT,
    tokens: Tokens | None = None,
) -> StoryElements:
    """Group each event's sentences into story elements; say which outlet tells which, where.

    ``articles``: article_id, outlet, event (+ rewrite_of, optional); ``sentences``: the
    analysis.segment table. ``threshold``: mean cosine for a merge (0-1). ``stopwords``: CSV
    path or words (default: those of ``language``, the run's language resources,
    analysis.lang); ``drop_reporting_verbs`` adds the language's reporting verbs' one-word
    forms to them. ``max_block``: most sentences clustered together
    (memory ~ 24 * max_block**2 bytes); ``max_coverage_cells``: most articles x elements per
    event with omission rows for every element. ``tokens``: the analysis.tokens table of
    ``sentences`` when the caller has it (made here otherwise; the same result). Returns
    StoryElements(elements, sentences, coverage), columns in the module docstring.
    """
    _check_settings(threshold, max_block, max_coverage_cells)
    _check(articles, _ARTICLE_REQUIRED, "articles")
    _check(sentences, _SENTENCE_REQUIRED, "sentences")
    ids = check_article_ids(articles, sentences)
    stop = stopword_set(stopwords, language)
    if drop_reporting_verbs:
        stop = stop | language.reporting_verb_words()

    outlet = dict(zip(ids, _article_column(articles, "outlet"), strict=True))
    event_of = dict(zip(ids, _article_column(articles, "event"), strict=True))
    is_rw = {a: bool(r) for a, r in zip(ids, _article_column(articles, "rewrite_of"), strict=True)}
    lead = lead_paragraphs(sentences)
    if tokens is None:
        tokens = token_table(sentences["text"].tolist())
    else:
        check(tokens, sentences)
    per_token = vocab_terms(tokens.vocab, stop, language)
    sents = sentences.assign(
        article_id=sentences["article_id"].astype(str), **{_ROW: np.arange(len(sentences))}
    )
    sents = sents.sort_values(["article_id", "sentence_index"], kind="stable")

    el_rows: list[tuple] = []
    es_rows: list[tuple] = []
    cov_rows: list[tuple] = []  # included rows
    omitted: list[pd.DataFrame] = []  # not-included rows of the dense elements
    # each coverage row's (event, element, article) as numbers in the order of the strings:
    # the table's order without sorting its strings
    cov_event: list[np.ndarray] = []
    cov_element: list[np.ndarray] = []
    cov_article: list[np.ndarray] = []
    om_event: list[np.ndarray] = []
    om_element: list[np.ndarray] = []
    om_article: list[np.ndarray] = []
    arts_of: dict[str, list[str]] = {}
    for a in sorted(ids):
        arts_of.setdefault(event_of[a], []).append(a)
    sent_event = sents["article_id"].map(event_of)
    positions: dict[str, np.ndarray] = {
        str(k): v for k, v in sent_event.groupby(sent_event, sort=True).indices.items()
    }
    for event_k, event in enumerate(sorted(arts_of)):
        arts = arts_of[event]  # sorted
        ev = sents.iloc[positions.get(event, np.zeros(0, dtype=np.int64))]
        rows = list(
            zip(
                ev["article_id"].tolist(),
                ev["sentence_index"].astype(int).tolist(),
                ev["text"].tolist(),
                ev["paragraph_index"].astype(int).tolist(),
                ev["is_headline"].astype(bool).tolist(),
                ev["is_standfirst"].astype(bool).tolist(),
                ev["position"].astype(float).tolist(),
                strict=True,
            )
        )
        terms = sentence_lists(tokens, per_token, ev[_ROW].to_numpy())
        clusters = _cluster_event(terms, [r[0] for r in rows], threshold, max_block)
        rewrite = [is_rw[r[0]] for r in rows]
        slots = [sentence_slot(r[4], r[5], lead.get(r[0], -1) == r[3], r[6]) for r in rows]
        originals = sorted({outlet[a] for a in arts if not is_rw[a]})
        per_element: list[dict[str, list[tuple[int, float]]]] = []
        ranking: list[tuple[int, int, int]] = []
        for lab, (mem, sim) in enumerate(clusters):
            if len(mem) == 1:  # most elements: one sentence, its own label (similarity 1.0);
                # the rows the general case below gives, without its sets and sorts
                m = mem[0]
                a, si, text = rows[m][0], rows[m][1], rows[m][2]
                n_own = 0 if rewrite[m] else 1  # its article and outlet, unless a rewrite
                own = outlet[a] if n_own else ""
                el_rows.append(
                    (event, lab, " ".join(text.split()), a, si, n_own, own, n_own,
                     "" if n_own else a, 1, False, own)
                )  # fmt: skip
                ranking.append((-n_own, -1, lab))
                per_element.append({a: [(m, 1.0)]})
                es_rows.append((event, lab, a, outlet[a], rewrite[m], si, text, slots[m], 1.0))
                continue
            local = _medoid(list(range(len(mem))), sim, [rewrite[m] for m in mem])
            rep = mem[local]
            orig_arts = sorted({rows[m][0] for m in mem if not rewrite[m]})
            outs = sorted({outlet[a] for a in orig_arts})
            rw_arts = sorted({rows[m][0] for m in mem if rewrite[m]})
            el_rows.append(
                (
                    event,
                    lab,
                    " ".join(rows[rep][2].split()),
                    rows[rep][0],
                    rows[rep][1],
                    len(outs),
                    ";".join(outs),
                    len(orig_arts),
                    ";".join(rw_arts),
                    len(mem),
                    len(originals) >= 2 and len(outs) == len(originals),
                    outs[0] if len(outs) == 1 else "",
                )
            )
            ranking.append((-len(outs), -len(mem), lab))
            per_art: dict[str, list[tuple[int, float]]] = {}
            for k, m in enumerate(mem):
                a, si = rows[m][0], rows[m][1]
                similarity = 1.0 if m == rep else float(sim[k, local])
                per_art.setdefault(a, []).append((m, similarity))
                es_rows.append(
                    (event, lab, a, outlet[a], rewrite[m], si, rows[m][2], slots[m], _r(similarity))
                )
            per_element.append(per_art)
        dense_labs = _dense_elements(event, ranking, len(arts), max_coverage_cells)
        art_k = {a: k for k, a in enumerate(arts)}
        inc_element: list[int] = []
        inc_article: list[int] = []
        for lab, per_art in enumerate(per_element):
            for a in sorted(per_art):
                inc_element.append(lab)
                inc_article.append(art_k[a])
                ms = per_art[a]
                cov_rows.append(
                    (
                        event,
                        lab,
                        a,
                        outlet[a],
                        is_rw[a],
                        True,
                        min((slots[m] for m, _ in ms), key=PROMINENCE.__getitem__),
                        ";".join(str(rows[m][1]) for m, _ in ms),
                        _r(max(x for _, x in ms)),
                    )
                )
        cov_event.append(np.full(len(inc_element), event_k, dtype=np.int64))
        cov_element.append(np.array(inc_element, dtype=np.int64))
        cov_article.append(np.array(inc_article, dtype=np.int64))
        if dense_labs and arts:
            frame, which = _omission_rows(event, arts, dense_labs, per_element, outlet, is_rw)
            omitted.append(frame)
            om_event.append(np.full(len(which), event_k, dtype=np.int64))
            om_element.append(frame["element_id"].to_numpy(dtype=np.int64))
            om_article.append(which)
    del sents, sent_event  # the sorted copy of the sentences: every event is done

    elements = pd.DataFrame(el_rows, columns=ELEMENT_COLUMNS).astype(
        {
            "element_id": "int64",
            "label_sentence_index": "int64",
            "n_outlets": "int64",
            "n_articles": "int64",
            "n_sentences": "int64",
            "shared_by_all": bool,
        }
    )
    element_sentences = pd.DataFrame(es_rows, columns=ELEMENT_SENTENCE_COLUMNS).astype(
        {"element_id": "int64", "is_rewrite": bool, "sentence_index": "int64", "similarity": float}
    )
    del es_rows
    coverage = pd.concat(
        [pd.DataFrame(cov_rows, columns=COVERAGE_COLUMNS), *omitted], ignore_index=True
    )
    # the parts are in the table now: freed before the sort copies it (3 million rows at 10,000
    # articles, so the parts, the table and its sorted copy were held at once)
    del cov_rows, omitted
    coverage = coverage.astype(
        {"element_id": "int64", "is_rewrite": bool, "included": bool, "similarity": float}
    )
    for name in ("event", "label", "label_article_id", "outlets", "rewrite_articles", "unique_to"):
        elements[name] = elements[name].astype(str)
    element_sentences = element_sentences.sort_values(
        ["event", "element_id", "article_id", "sentence_index"], kind="stable"
    ).reset_index(drop=True)
    # = sort_values(["event", "element_id", "article_id"], kind="stable"): the included rows
    # first, then the omitted ones, as they were concatenated
    order = np.lexsort(
        tuple(
            np.concatenate([np.zeros(0, dtype=np.int64), *inc, *om])
            for inc, om in (
                (cov_article, om_article),
                (cov_element, om_element),
                (cov_event, om_event),
            )
        )
    )
    coverage = _reordered(coverage, order)
    return StoryElements(elements.reset_index(drop=True), element_sentences, coverage)


def _reordered(df: pd.DataFrame, order: np.ndarray) -> pd.DataFrame:
    """``df.take(order).reset_index(drop=True)``, made a column at a time, each column of ``df``
    given up once taken (``df`` is emptied): the table and one column are held at once instead
    of the table and its reordered copy (the coverage table has 3 million rows at 10,000
    articles)."""
    names = list(df.columns)
    taken = {name: df.pop(name).take(order).reset_index(drop=True) for name in names}
    return pd.DataFrame(taken, columns=names)


def coverage_matrix(coverage: pd.DataFrame, event: str) -> pd.DataFrame:
    """Wide view of one event: rows = element_id, columns = article_id, cells = the slot
    ("" when the article does not carry the element)."""
    _check(coverage, COVERAGE_COLUMNS, "coverage")
    cov = coverage[coverage["event"] == event]
    if cov.empty:
        raise ValueError(f"no coverage rows for event {event!r}")
    return cov.pivot(index="element_id", columns="article_id", values="where")


OMISSION_COLUMNS: list[str] = ["event", "outlet", "elements", "included", "omitted"]


def story_omissions(coverage: pd.DataFrame) -> pd.DataFrame:
    """Per event x outlet (pipeline table ``story_omissions``): ``elements`` (story elements of
    the event in the coverage table), ``included`` (elements at least one of the outlet's
    articles tells), ``omitted`` (elements the outlet tells in none of its articles although
    another outlet of the event does). Every outlet counts, rewrites included: they are what
    that outlet's readers saw. Sorted by event, outlet."""
    if coverage.empty:
        return pd.DataFrame(columns=OMISSION_COLUMNS)
    per = (
        coverage.groupby(["event", "element_id", "outlet"], sort=True)["included"]
        .any()
        .reset_index()
    )
    told = per.groupby(["event", "element_id"])["included"].sum().rename("n_outlets_telling")
    per = per.join(told, on=["event", "element_id"])
    per["omitted"] = (~per["included"] & (per["n_outlets_telling"] > 0)).astype(int)
    per["included"] = per["included"].astype(int)
    out = (
        per.groupby(["event", "outlet"], sort=True)
        .agg(
            elements=("element_id", "size"),
            included=("included", "sum"),
            omitted=("omitted", "sum"),
        )
        .reset_index()
    )
    return out[OMISSION_COLUMNS]
