"""Per-sentence cost of analysis.tone.tone_toward against TextBlob, measured in the same run.

Times, on the sentences of NewsMTSC's devtest splits (../shared/newsmtsc; each with its target
spans, 1-3 per sentence), after a warm-up: ``TextBlob(text).sentiment`` (the baseline of the
2x budget), the project's exact fast TextBlob (``analysis.fastblob.sentiment``) and
``tone_toward(text, spans)`` for all the sentence's targets. Prints microseconds per sentence
and the ratios, best of ``--repeat`` rounds.

Usage: python bench/tone.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "newsmtsc"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--data", type=Path, default=DATA)
    args = ap.parse_args()

    from textblob import TextBlob

    from analysis.fastblob import sentiment
    from analysis.tone import tone_toward

    rows = []
    for split in ("devtest_rw", "devtest_mt"):
        with (args.data / f"{split}.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                d = json.loads(line)
                rows.append(
                    (d["sentence_normalized"], [(t["from"], t["to"]) for t in d["targets"]])
                )
    n, n_targets = len(rows), sum(len(s) for _, s in rows)
    for text, spans in rows[:50]:  # warm-up: lexicons, weights, compiled patterns
        tone_toward(text, spans)
        sentiment(text)
        TextBlob(text).sentiment  # noqa: B018

    jobs = {
        "TextBlob(text).sentiment": lambda: [TextBlob(t).sentiment for t, _ in rows],
        "fastblob.sentiment": lambda: [sentiment(t) for t, _ in rows],
        "tone_toward (all targets)": lambda: [tone_toward(t, s) for t, s in rows],
    }
    best = dict.fromkeys(jobs, float("inf"))
    print(f"{n} sentences, {n_targets} targets (NewsMTSC devtest_rw + devtest_mt)")
    for r in range(args.repeat):
        for name, job in jobs.items():
            t0 = time.perf_counter()
            job()
            best[name] = min(best[name], time.perf_counter() - t0)
        print(f"  round {r + 1}: " + ", ".join(f"{k} {best[k] / n * 1e6:.0f} us" for k in jobs))
    tb, fb, tone = (best[k] for k in jobs)
    print(f"tone_toward per sentence: {tone / n * 1e6:.0f} us")
    print(f"  x TextBlob(text).sentiment: {tone / tb:.2f} (budget 2.00)")
    print(f"  x fastblob.sentiment:       {tone / fb:.2f}")


if __name__ == "__main__":
    main()
