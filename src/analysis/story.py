"""Selection and omission: which facts, claims and quotes of an event each outlet tells, and where.

For each event (``articles.event``; articles with an empty event form one group ""), the
sentences of all its articles are grouped into **story elements**: the same fact, claim or quote
told by several outlets, across paraphrase. Method (docs/METHODS.md):

1. Terms: :func:`analysis.rewrites.normalize_terms` (lower-case, function words removed, crude
   stem, numbers kept); stopwords from :func:`analysis.lang.load_stopwords` plus, by
   default, the one-word forms of the reporting verbs (analysis.lang.en: "said",
   "told", "claimed" ...): outlets pick different verbs for the same statement, so the verb is
   noise when matching content.
2. Vectors: TF-IDF per sentence with IDF over the event's sentences
   (``idf = ln((1 + N) / (1 + df)) + 1``), L2-normalised; similarity = cosine.
3. Clustering: average-linkage agglomerative clustering within the event: repeatedly merge the
   two clusters with the highest mean pairwise cosine while it is >= ``threshold`` (default
   :data:`DEFAULT_THRESHOLD`). Two sentences of the same article count as similarity 0: an
   element is built from agreement *across* articles, and an article's second sentence joins
   only when the element's other sentences pull it in. Deterministic: sentences are ordered by
   article_id then sentence_index and a tie goes to the first pair in that order. Cost: O(n^2)
   memory and O(n^2) numpy work per merge for an event of n sentences (fine up to a few
   thousand sentences per event).
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
- ``coverage``: one row per event x article x element (dense): ``event``, ``element_id``,
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
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from analysis import lang
from analysis.actors import lead_paragraphs
from analysis.lang import load_stopwords
from analysis.rewrites import check_article_ids, normalize_terms

#: Mean cosine (TF-IDF) two clusters need to merge; chosen on the seed corpus (see METHODS).
DEFAULT_THRESHOLD = 0.25
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
    similarity while it is >= threshold; ties go to the first pair in row order.
    """
    n = sim.shape[0]
    if n == 0:
        return []
    link = sim.astype(float).copy()
    np.fill_diagonal(link, -np.inf)
    size = np.ones(n)
    parent = list(range(n))
    active = np.ones(n, dtype=bool)
    while active.sum() > 1:
        flat = int(np.argmax(link))
        i, j = divmod(flat, n)
        if link[i, j] < threshold:
            break
        i, j = min(i, j), max(i, j)
        merged = (size[i] * link[i] + size[j] * link[j]) / (size[i] + size[j])
        link[i], link[:, i] = merged, merged
        link[i, i] = -np.inf
        link[j], link[:, j] = -np.inf, -np.inf
        size[i] += size[j]
        active[j] = False
        for k in range(n):
            if parent[k] == j:
                parent[k] = i
    labels: dict[int, int] = {}
    return [labels.setdefault(p, len(labels)) for p in parent]


def _medoid(members: list[int], sim: np.ndarray, rewrite: list[bool]) -> int:
    best, best_key = members[0], None
    for m in members:
        others = [o for o in members if o != m]
        mean = float(np.mean([sim[m, o] for o in others])) if others else 1.0
        key = (rewrite[m], -round(mean, 9), m)
        if best_key is None or key < best_key:
            best, best_key = m, key
    return best


def _r(x: float) -> float:
    return round(float(x), 6)


def story_elements(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    stopwords: str | Path | Iterable[str] | None = None,
    drop_reporting_verbs: bool = True,
) -> StoryElements:
    """Group each event's sentences into story elements; say which outlet tells which, where.

    ``articles``: article_id, outlet, event (+ rewrite_of, optional); ``sentences``: the
    analysis.segment table. ``threshold``: mean cosine for a merge (0-1). ``stopwords``: CSV
    path or words (default data/stopwords_en.csv); ``drop_reporting_verbs`` adds the reporting
    verbs' one-word forms to them. Returns StoryElements(elements, sentences,
    coverage), columns in the module docstring.
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    _check(articles, _ARTICLE_REQUIRED, "articles")
    _check(sentences, _SENTENCE_REQUIRED, "sentences")
    ids = check_article_ids(articles, sentences)
    if isinstance(stopwords, str | Path) or stopwords is None:
        stop = load_stopwords(stopwords)
    else:
        stop = frozenset(w.lower() for w in stopwords)
    if drop_reporting_verbs:
        stop = stop | lang.get("en").reporting_verb_words()

    def col(name: str) -> list[str]:
        if name not in articles:
            return [""] * len(articles)
        return ["" if pd.isna(v) else str(v).strip() for v in articles[name]]

    outlet = dict(zip(ids, col("outlet"), strict=True))
    event_of = dict(zip(ids, col("event"), strict=True))
    is_rw = {a: bool(r) for a, r in zip(ids, col("rewrite_of"), strict=True)}
    lead = lead_paragraphs(sentences)
    sents = sentences.assign(article_id=sentences["article_id"].astype(str))
    sents = sents.sort_values(["article_id", "sentence_index"], kind="stable")

    el_rows, es_rows, cov_rows = [], [], []
    for event in sorted(set(event_of.values())):
        arts = sorted(a for a in ids if event_of[a] == event)
        ev = sents[sents["article_id"].isin(arts)]
        rows = list(
            zip(
                ev["article_id"],
                ev["sentence_index"].astype(int),
                ev["text"],
                ev["paragraph_index"].astype(int),
                ev["is_headline"].astype(bool),
                ev["is_standfirst"].astype(bool),
                ev["position"].astype(float),
                strict=True,
            )
        )
        terms = [normalize_terms(r[2], stop) for r in rows]
        mat = tfidf_matrix(terms)
        sim = mat @ mat.T
        art_of = np.array([r[0] for r in rows], dtype=object)
        cross = np.where(art_of[:, None] == art_of[None, :], 0.0, sim)
        labels = average_linkage(cross, threshold)
        rewrite = [is_rw[r[0]] for r in rows]
        slots = [sentence_slot(r[4], r[5], lead.get(r[0], -1) == r[3], r[6]) for r in rows]
        originals = sorted({outlet[a] for a in arts if not is_rw[a]})
        members: dict[int, list[int]] = {}
        for pos, lab in enumerate(labels):
            members.setdefault(lab, []).append(pos)
        for lab in sorted(members):
            mem = members[lab]
            rep = _medoid(mem, sim, rewrite)
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
            per_art: dict[str, list[int]] = {}
            for m in mem:
                a, si = rows[m][0], rows[m][1]
                per_art.setdefault(a, []).append(m)
                es_rows.append(
                    (
                        event,
                        lab,
                        a,
                        outlet[a],
                        rewrite[m],
                        si,
                        rows[m][2],
                        slots[m],
                        _r(1.0 if m == rep else sim[m, rep]),
                    )
                )
            for a in arts:
                ms = per_art.get(a, [])
                where = min((slots[m] for m in ms), key=PROMINENCE.__getitem__, default="")
                best = max((1.0 if m == rep else sim[m, rep] for m in ms), default=0.0)
                cov_rows.append(
                    (
                        event,
                        lab,
                        a,
                        outlet[a],
                        is_rw[a],
                        bool(ms),
                        where,
                        ";".join(str(rows[m][1]) for m in ms),
                        _r(best),
                    )
                )

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
    coverage = pd.DataFrame(cov_rows, columns=COVERAGE_COLUMNS).astype(
        {"element_id": "int64", "is_rewrite": bool, "included": bool, "similarity": float}
    )
    for name in ("event", "label", "label_article_id", "outlets", "rewrite_articles", "unique_to"):
        elements[name] = elements[name].astype(str)
    element_sentences = element_sentences.sort_values(
        ["event", "element_id", "article_id", "sentence_index"], kind="stable"
    ).reset_index(drop=True)
    coverage = coverage.sort_values(["event", "element_id", "article_id"], kind="stable")
    return StoryElements(
        elements.reset_index(drop=True), element_sentences, coverage.reset_index(drop=True)
    )


def coverage_matrix(coverage: pd.DataFrame, event: str) -> pd.DataFrame:
    """Wide view of one event: rows = element_id, columns = article_id, cells = the slot
    ("" when the article does not carry the element)."""
    _check(coverage, COVERAGE_COLUMNS, "coverage")
    cov = coverage[coverage["event"] == event]
    if cov.empty:
        raise ValueError(f"no coverage rows for event {event!r}")
    return cov.pivot(index="element_id", columns="article_id", values="where")
