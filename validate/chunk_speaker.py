"""An experiment: TextBlob's bundled Pattern chunker as a quote subject finder (issue #16).

Question: would a statistical subject finder built on the Brill tagger and chunker that TextBlob
ships (``textblob.en.parse``, lexicon files inside the package, no NLTK data, no download) fix
the speaker errors the hand rules of :func:`analysis.quotes.find_quotes` make?

For every gold statement or fragment quote (tests/annotations/nfc/) whose cue and speaker span lie
in one sentence, the sentence is chunked and one simple, general heuristic picks the subject NP:

- the cue's token is found; its chunk is the anchor (the VP holding it, else the token alone);
- *inverted* ('"...," said X', "according to X"): when the token before the anchor is a
  quotation mark or a comma, or the cue is no verb chunk (a PP such as "according to"), the first
  NP chunk after the anchor (not inside a PNP) is taken;
- otherwise the NP chunk nearest before the anchor, skipping NPs inside a PNP (PP-attached) and
  NPs inside the quote's own span (the quote span is known to the extractor at run time).

Figures per story: the heuristic's accuracy (the chosen NP overlaps the gold speaker span); then,
running the extractor as validate/actors.py does (catalog mode, the story's hand catalog), the
heuristic's accuracy on the quotes the extractor gets right and wrong, how many extractor errors
the NP would fix (NP overlaps the gold span, extractor's speaker wrong) and how many right ones
it would break (NP misses the gold span, extractor right): the ceiling of a chunker fallback.
Overlap with the gold span is generous: mapping the NP to a canonical actor would lose more.

Blind stories (``actors.BLIND``) get only the heuristic's own accuracy (no extractor score)
unless ``--blind`` is given (the coordinator's one score). No error is ever printed.

Usage: python validate/chunk_speaker.py [--blind] [--time N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
from textblob.en import parse

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

import actors  # noqa: E402

from analysis.actors import load_catalog  # noqa: E402
from analysis.engine import analyze_articles  # noqa: E402
from analysis.load import load_corpus  # noqa: E402
from analysis.params import Params  # noqa: E402
from analysis.segment import segment_articles  # noqa: E402

VARIANTS = ("plain", "clause")
QUOTE_MARKS = set("\"'“”‘’«»`") | {"``", "''"}


def chunk(text: str) -> list[tuple[int, int, str, str, str]]:
    """(start, end, pos, chunk IOB, pnp IOB) per token of ``text``; offsets in ``text``.

    Pattern's tokenizer may rewrite a token (curly quotes, contractions): a token not found
    near the cursor gets the cursor as a zero-width span, so it can never overlap anything.
    """
    out = []
    pos = 0
    for sent in parse(text, chunks=True, relations=False, lemmata=False).split():
        for word, tag, ch, pnp in sent:
            at = text.find(word, pos, pos + len(word) + 20)
            if at < 0:
                out.append((pos, pos, tag, ch, pnp))
                continue
            out.append((at, at + len(word), tag, ch, pnp))
            pos = at + len(word)
    return out


def chunks_of(tokens: list[tuple]) -> list[dict]:
    """Chunks (type, first and last token index, start, end, in_pnp) from IOB tags."""
    out: list[dict] = []
    for i, (s, e, _tag, ch, pnp) in enumerate(tokens):
        if ch == "O":
            out.append({"type": "O", "i": i, "j": i, "start": s, "end": e, "pnp": pnp != "O"})
            continue
        bio, typ = ch.split("-", 1)
        if bio == "I" and out and out[-1]["type"] == typ and out[-1]["j"] == i - 1:
            out[-1]["j"] = i
            out[-1]["end"] = e
        else:
            out.append({"type": typ, "i": i, "j": i, "start": s, "end": e, "pnp": pnp != "O"})
    return out


def subject_np(
    text: str, cue: tuple[int, int], quote: tuple[int, int], variant: str = "plain"
) -> tuple[int, int] | None:
    """The heuristic's subject NP (start, end in ``text``) for the cue span, or None.

    ``plain``: the heuristic of the module docstring. ``clause``: the same, then three general
    repairs: a participle cue (VBG: ", adding") or a coordinated one ("and said") takes the
    subject of the verb chunk before it; an NP with no proper noun set off by commas after a
    proper-noun NP ("Bill Ford, chairman of ..., said") gives way to that NP.
    """
    tokens = chunk(text)
    chunks = chunks_of(tokens)
    k = next((n for n, c in enumerate(chunks) if c["start"] < cue[1] and c["end"] > cue[0]), None)
    if k is None:
        return None
    anchor = chunks[k]
    gap = text[quote[1] : anchor["start"]] if quote[1] <= anchor["start"] else None
    inverted = anchor["type"] != "VP" or (
        gap is not None and gap.strip(" ,") != "" and set(gap) <= QUOTE_MARKS | {",", " "}
    )

    def usable(c: dict) -> bool:
        inside_quote = c["start"] < quote[1] and c["end"] > quote[0]
        return c["type"] == "NP" and not c["pnp"] and not inside_quote

    def proper(c: dict) -> bool:
        return any(tokens[i][2].startswith("NNP") for i in range(c["i"], c["j"] + 1))

    if inverted:
        after = [c for c in chunks[k + 1 :] if usable(c)]
        if after:
            return after[0]["start"], after[0]["end"]
    if variant == "clause":
        for _ in range(3):  # ", adding" / "and said": the subject of the verb before
            first = tokens[anchor["i"]]
            prev = tokens[anchor["i"] - 1] if anchor["i"] > 0 else None
            linked = first[2] == "VBG" or (prev is not None and prev[2] == "CC")
            earlier = [n for n in range(k) if chunks[n]["type"] == "VP"]
            if not linked or not earlier:
                break
            k = earlier[-1]
            anchor = chunks[k]
    prior = [n for n in range(k) if usable(chunks[n])]
    if not prior:
        return None
    n = prior[-1]
    c = chunks[n]
    if variant == "clause" and not proper(c) and n >= 2:
        comma, before = chunks[n - 1], chunks[n - 2]
        if text[comma["start"] : comma["end"]] == "," and usable(before) and proper(before):
            c = before
    return c["start"], c["end"]


def usable_quotes(gold_q: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Gold statement/fragment quotes with a cue and a speaker span in one sentence, with that
    sentence's article offsets (sent_start, sent_end)."""
    g = gold_q[gold_q["kind"].isin(["statement", "fragment"])].copy()
    g = g[(g["cue_start"] >= 0) & (g["speaker_start"] >= 0)]
    rows = []
    by_art = {a: s for a, s in sentences.groupby("article_id")}
    for r in g.itertuples(index=False):
        s = by_art.get(r.nfc_id)
        if s is None:
            continue
        hit = s[(s["start"] <= r.cue_start) & (s["end"] >= r.cue_end)]
        if hit.empty:
            continue
        st, en = int(hit["start"].iloc[0]), int(hit["end"].iloc[0])
        if st <= r.speaker_start and r.speaker_end <= en:
            rows.append({**r._asdict(), "sent_start": st, "sent_end": en})
    return pd.DataFrame(rows)


def run_story(split: str, with_extractor: bool) -> dict:
    """Figures of one split (see the module docstring)."""
    articles, gold_q, gold_m, story = actors.load_split(split)
    texts = dict(zip(articles["article_id"], articles["text"], strict=True))
    sentences = segment_articles(articles).sentences
    q = usable_quotes(gold_q, sentences)
    for variant in VARIANTS:
        hits = []
        for r in q.itertuples(index=False):
            text = texts[r.nfc_id][r.sent_start : r.sent_end]
            off = r.sent_start
            np_ = subject_np(
                text,
                (r.cue_start - off, r.cue_end - off),
                (r.quote_start - off, r.quote_end - off),
                variant,
            )
            hits.append(
                np_ is not None and np_[0] + off < r.speaker_end and np_[1] + off > r.speaker_start
            )
        q[variant] = hits
    g_all = gold_q[gold_q["kind"].isin(["statement", "fragment"])]
    out = {"story": story, "split": split, "gold": len(g_all), "usable": len(q)}
    for v in VARIANTS:
        out[f"{v}_acc"] = q[v].mean() if len(q) else float("nan")
    if not with_extractor:
        return out
    cat = load_catalog(actors.GOLD / f"catalog_{story}.yaml")
    r = actors.score(articles, gold_q, gold_m, cat)
    known = set(cat["actor"])
    verdict: dict[tuple[str, int], bool] = {}
    for i, j in r["_pairs"]:
        g, p = r["_gq"][i], r["_pq"][j]
        verdict[(g[0], g[1])] = actors.speaker_ok(g[3], p[3], known, {})
    q["ext"] = [verdict.get((a, s)) for a, s in zip(q["nfc_id"], q["quote_start"], strict=True)]
    right = q[q["ext"] == True]  # noqa: E712 (None = quote not found)
    wrong = q[q["ext"] == False]  # noqa: E712
    out.update(
        {
            "ext_acc": r["speaker_acc"],
            "ext_right": len(right),
            "ext_wrong": len(wrong),
            "ext_missed": int(q["ext"].isna().sum()),
            "ext_wrong_all": sum(not ok for ok in verdict.values()),
        }
    )
    for v in VARIANTS:
        out[f"{v}_on_right"] = right[v].mean() if len(right) else float("nan")
        out[f"{v}_on_wrong"] = wrong[v].mean() if len(wrong) else float("nan")
        out[f"{v}_fixes"] = int(wrong[v].sum())
        out[f"{v}_breaks"] = int((~right[v]).sum())
    return out


def timing(n: int) -> dict[str, float]:
    """CPU ms of the chunker per sentence on the first ``n`` NFC sentences (all 428 articles,
    segmented with analysis.segment), per article at the corpus's mean sentences per article,
    and, in the same run, the engine (``analyze_articles``, one worker, no cache, first-call
    loads included) per article on the 428 articles. The JSONL copy and the engine's output go
    to a temporary folder, removed after."""
    arts = actors.nfc.nfc_articles()
    articles = pd.DataFrame({"article_id": arts["id"], "text": arts["text"]})
    all_sents = segment_articles(articles).sentences["text"]
    sents = all_sents.head(n).tolist()
    parse("Warm up.", chunks=True, relations=False, lemmata=False)
    t0 = time.process_time()
    for s in sents:
        parse(s, chunks=True, relations=False, lemmata=False)
    per_sent = 1000 * (time.process_time() - t0) / max(len(sents), 1)
    per_art = len(all_sents) / len(arts)
    with tempfile.TemporaryDirectory() as tmp:
        path = actors.nfc.write_jsonl(arts, Path(tmp) / "nfc.jsonl")
        table = load_corpus(path).articles
        t0 = time.process_time()
        analyze_articles(
            table, Params(instruments=("textblob",)), workers=1, cache_dir=False, out_dir=tmp
        )
        engine = 1000 * (time.process_time() - t0) / len(table)
    return {
        "sentences": len(sents),
        "words": sum(len(s.split()) for s in sents) / max(len(sents), 1),
        "ms_sentence": per_sent,
        "sentences_article": per_art,
        "ms_article": per_sent * per_art,
        "engine_ms_article": engine,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--blind", action="store_true", help="run the extractor on BLIND too")
    parser.add_argument("--time", type=int, default=2000, help="sentences to time (0: none)")
    args = parser.parse_args()
    rows = []
    for split in actors.SPLITS:
        rows.append(run_story(split, args.blind or split not in actors.BLIND))
    t = pd.DataFrame(rows)
    pd.set_option("display.width", 200)
    print(t.to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    dev = t[~t["split"].isin(actors.BLIND)] if not args.blind else t
    tot_u = t["usable"].sum()
    for v in VARIANTS:
        acc = (t[f"{v}_acc"] * t["usable"]).sum() / tot_u
        print(f"{v}: all stories, heuristic accuracy {acc:.3f} on {tot_u} quotes")
        if "ext_right" in dev:
            r, w = int(dev["ext_right"].sum()), int(dev["ext_wrong"].sum())
            nr = (dev[f"{v}_on_right"] * dev["ext_right"]).sum() / max(r, 1)
            nw = (dev[f"{v}_on_wrong"] * dev["ext_wrong"]).sum() / max(w, 1)
            print(
                f"{v}: stories {''.join(dev['story'])} with the extractor: extractor right {r}, "
                f"wrong {w} (of {int(dev['ext_wrong_all'].sum())} speaker errors in all); "
                f"heuristic accuracy on right {nr:.3f}, on wrong {nw:.3f}; "
                f"fixes {int(dev[f'{v}_fixes'].sum())}, breaks {int(dev[f'{v}_breaks'].sum())}"
            )
    if args.time:
        f = timing(args.time)
        print(
            f"chunker: {f['sentences']} NFC sentences ({f['words']:.1f} words each), "
            f"{f['ms_sentence']:.3f} CPU ms per sentence; x {f['sentences_article']:.1f} sentences "
            f"per NFC article = {f['ms_article']:.2f} ms per article; the engine in the same run "
            f"{f['engine_ms_article']:.2f} CPU ms per article "
            f"(chunking every sentence: x{f['ms_article'] / f['engine_ms_article']:.2f})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
