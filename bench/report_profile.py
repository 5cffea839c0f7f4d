"""Where the time of ``make report`` on the seeds goes.

1. Wall time of the command ``make report`` runs (``python -m analysis run --params
   params/seeds.yaml``, into a temporary folder), end to end, in a child process.
2. The analysis alone: ``analysis.pipeline.build_tables`` on the same corpus, timed per stage
   (each stage function called as build_tables calls it) in a fresh child process, plus a
   cProfile listing of the 15 functions with the most cumulative time.
The rest of (1) is notebook execution (papermill kernels, figures, HTML).

Usage: python bench/report_profile.py [--params params/seeds.yaml]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_STAGES = r"""
import cProfile, io, pstats, sys, time
T = {}
def timed(name, f, *a, **k):
    t = time.perf_counter(); r = f(*a, **k); T[name] = T.get(name, 0) + time.perf_counter() - t
    return r
t_import = time.perf_counter()
from analysis import pipeline
from analysis.load import load_corpus
from analysis.clean import clean_articles
from analysis.segment import segment_articles
from analysis.rewrites import detect_rewrites, mark_rewrites
from analysis.sentiment import score_sentences
from analysis.actors import find_mentions, load_catalog
from analysis.quotes import find_quotes
from analysis.attribution import find_attributions
from analysis.frames import frame_hits, load_frames
from analysis.story import story_elements
from analysis.distinctive import distinctive_terms
T["import"] = time.perf_counter() - t_import
corpus = sys.argv[1]
t0 = time.perf_counter()
loaded = timed("load", load_corpus, corpus)
cleaned = timed("clean", clean_articles, loaded.articles, None, ("en",))
seg = timed("segment", segment_articles, cleaned.articles)
rw = timed("rewrites", detect_rewrites, cleaned.articles, seg.sentences)
arts = mark_rewrites(cleaned.articles, rw.pairs)
s = seg.sentences
scores = timed("sentiment", score_sentences, s)
cat = load_catalog(None)
m = timed("actors", find_mentions, s, cat)
q = timed("quotes", find_quotes, arts, s, cat)
timed("attribution", find_attributions, s, m, catalog=cat)
fr = load_frames(None)
timed("frames", frame_hits, s, fr)
timed("story", story_elements, arts, s)
timed("distinctive", distinctive_terms, s, arts, "outlet")
staged = time.perf_counter() - t0
pr = cProfile.Profile(); pr.enable(); t1 = time.perf_counter()
tables = pipeline.build_tables(corpus)
whole = time.perf_counter() - t1; pr.disable()
print(f"build_tables (second call, warm imports): {whole:.2f} s; staged first pass {staged:.2f} s")
for k, v in sorted(T.items(), key=lambda kv: -kv[1]):
    print(f"  {k:<12} {v:7.3f} s")
out = io.StringIO(); pstats.Stats(pr, stream=out).sort_stats("cumulative").print_stats(15)
print(out.getvalue())
"""


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--params", default="params/seeds.yaml")
    ap.add_argument("--corpus", default="data/raw/seeds")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        cmd = [sys.executable, "-m", "analysis", "run", "--params", args.params, "--out", tmp]
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        wall = time.perf_counter() - t0
        if proc.returncode != 0:
            sys.stderr.write(proc.stderr[-3000:])
            raise SystemExit(f"report run failed (exit {proc.returncode})")
    print(f"make report equivalent ({' '.join(cmd[1:5])}): {wall:.1f} s wall")
    proc = subprocess.run(
        [sys.executable, "-c", _STAGES, args.corpus], cwd=ROOT, capture_output=True, text=True
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-3000:])
        raise SystemExit("stage profile failed")
    print(proc.stdout)


if __name__ == "__main__":
    main()
