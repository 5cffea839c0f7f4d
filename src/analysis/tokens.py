"""Every sentence's word tokens, found once and kept as integer ids, for the corpus stages.

Rewrite detection (analysis.rewrites), story elements (analysis.story) and distinctive terms
(analysis.distinctive) each turn every sentence into terms of their own (stemmed, without
function words; lower-cased unigrams and bigrams), and each started from the tokens of
:func:`analysis.segment.tokenize`: the same sentences were scanned by the same regular
expression three times. :func:`token_table` scans them once and keeps each token as the id of
its string in one vocabulary, so that a stage derives its terms once per distinct token and
then per sentence by indexing (:func:`sentence_lists`).

:class:`Tokens`:

- ``vocab``: the distinct token strings, in order of first appearance;
- ``ids``: int32, the id of every token, sentence after sentence, each in text order;
- ``bounds``: int64, one more than the sentences: sentence k's tokens are
  ``ids[bounds[k]:bounds[k + 1]]``;
- ``spaced``: bool per token: the text between it and the next token *of the same sentence* is
  whitespace or nothing (False for a sentence's last token);
- ``n_chars``: the characters of all the texts (:func:`check` compares it with a sentence
  table, so that a table built for other sentences is not used by mistake).

The tokens are those of :func:`analysis.segment.tokenize` applied to each text alone: the
texts are scanned joined by newlines, which no token contains and which every lookaround of
the token pattern treats as it treats the start and the end of a text (not a word character,
not a joining character), a block of texts at a time so that the pieces of one scan stay
small.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd

from analysis.arrays import ragged
from analysis.segment import token_pieces

#: Texts scanned together (bounds the list of pieces of one scan; 4,096 sentences of about
#: 150 characters are about 100,000 pieces).
BLOCK = 4096


class Tokens(NamedTuple):
    """Word tokens of a sentence table, as ids into ``vocab`` (see the module docstring)."""

    vocab: list[str]
    ids: np.ndarray
    bounds: np.ndarray
    spaced: np.ndarray
    n_chars: int

    @property
    def n_sentences(self) -> int:
        return len(self.bounds) - 1


def token_table(texts: Sequence[str]) -> Tokens:
    """The :class:`Tokens` of ``texts`` (a sentence table's ``text`` column, in row order).
    ValueError naming the row when a text is not a string."""
    texts = list(texts)
    for k, text in enumerate(texts):
        if not isinstance(text, str):
            raise ValueError(f"sentences: row {k}: text is not a string")
    vocab: dict[str, int] = {}
    ids: list[np.ndarray] = []
    spaced: list[np.ndarray] = []
    counts = np.zeros(len(texts), dtype=np.int64)
    for lo in range(0, len(texts), BLOCK):
        block = texts[lo : lo + BLOCK]
        pieces = token_pieces("\n".join(block))  # gap, token, gap, ..., token, gap
        lengths = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces))
        ends = np.cumsum(lengths)
        starts = (ends - lengths)[1::2]  # each token's offset in the joined block
        sizes = np.fromiter(map(len, block), dtype=np.int64, count=len(block)) + 1
        text_start = np.cumsum(sizes) - sizes
        which = np.searchsorted(text_start, starts, side="right") - 1
        counts[lo : lo + len(block)] = np.bincount(which, minlength=len(block))
        codes, found = pd.factorize(np.array(pieces[1::2], dtype=object))
        known = np.array([vocab.setdefault(t, len(vocab)) for t in found], dtype=np.int32)
        ids.append(known[codes] if len(codes) else np.zeros(0, dtype=np.int32))
        # the text between token i and i + 1, empty or whitespace only; never across texts
        gaps = pieces[2:-1:2]
        blank = np.zeros(len(codes), dtype=bool)
        blank[:-1] = np.fromiter(map(str.isspace, gaps), dtype=bool, count=len(gaps))
        blank[:-1] |= lengths[2:-1:2] == 0  # "".isspace() is False; "".strip() is empty
        last = np.cumsum(counts[lo : lo + len(block)]) - 1
        blank[last[counts[lo : lo + len(block)] > 0]] = False
        spaced.append(blank)
    bounds = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
    return Tokens(
        list(vocab),
        np.concatenate(ids) if ids else np.zeros(0, dtype=np.int32),
        bounds,
        np.concatenate(spaced) if spaced else np.zeros(0, dtype=bool),
        sum(map(len, texts)),
    )


def check(tokens: Tokens, sentences: pd.DataFrame) -> None:
    """ValueError unless ``tokens`` is the token table of ``sentences`` (as many sentences,
    as many characters)."""
    n_chars = int(sentences["text"].str.len().sum()) if len(sentences) else 0
    if tokens.n_sentences != len(sentences) or tokens.n_chars != n_chars:
        raise ValueError(
            f"tokens: a table of {tokens.n_sentences} sentences ({tokens.n_chars} characters)"
            f" given for {len(sentences)} sentences ({n_chars} characters)"
        )


def sentence_lists(
    tokens: Tokens, per_token: Sequence[Sequence], rows: np.ndarray | None = None
) -> list[list]:
    """For each sentence (each of ``rows``, in that order; default all), the concatenation of
    ``per_token[i]`` over its tokens' ids ``i``, in text order: e.g. ``per_token`` the terms
    of each distinct token gives each sentence's terms."""
    if rows is None:
        rows = np.arange(tokens.n_sentences, dtype=np.int64)
    rows = np.asarray(rows, dtype=np.int64)
    first, sizes = tokens.bounds[rows], tokens.bounds[rows + 1] - tokens.bounds[rows]
    ids = tokens.ids[ragged(first, sizes)]
    each = np.fromiter(map(len, per_token), dtype=np.int64, count=len(per_token))
    ends = np.concatenate(([0], np.cumsum(each[ids])))[np.cumsum(sizes)]
    flat = list(itertools.chain.from_iterable(map(per_token.__getitem__, ids.tolist())))
    starts = np.concatenate(([0], ends))[:-1].tolist()
    return [flat[a:b] for a, b in zip(starts, ends.tolist(), strict=True)]
