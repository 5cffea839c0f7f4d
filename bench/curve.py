"""The cost curve: time and peak memory of every stage of ``build_tables`` against corpus size.

Corpora: generated from the real sentences of the Narrative Frames Corpus (``bench/corpus.py
N --sources nfc``; 100, 400, 1k, 4k and 10k articles by default) and the real corpus itself
(428 articles, ``bench/nfc.py``). Each corpus runs in its own child process, which calls the
stage functions in the order and with the defaults of :func:`analysis.pipeline.build_tables`
(``Params(corpus=...)``: one process, no cache), through the same stage functions:

    load          load_corpus and the selection (scope.select)
    discovery     the actors found in the corpus when no catalog is given (the default;
                  pipeline._discovered_cast)
    engine        analyze_articles (clean, segment, sentiment, actors, quotes, attribution,
                  hedges, frame hits, article frames)
    rewrites      the sentences' token table (analysis.tokens, made once, as build_tables
                  makes it for rewrites, story and distinctive), detect_rewrites +
                  mark_rewrites (then scope.count, untimed)
    agreement     instrument agreement (pipeline._agreement)
    tone          tone by outlet with intervals (pipeline._tone_tables)
    actor tables  actor_evidence, per_article, summarize overall and by outlet
                  (pipeline._actor_tables)
    frame measures  frame_actor, frame_measures overall, by outlet, by event
                  (pipeline._frame_tables)
    story         story_elements (pipeline._story_tables)
    distinctive   distinctive_terms + actor_context_terms (pipeline._distinctive)
    groups        the per-outlet-group tables (pipeline._group_tables; empty without
                  outlet_group, as by default)
    timeline      coverage, tone and actors per time bin (pipeline._time_tables, with the
                  actor tables' per-article table, as build_tables passes it)
    writing tables  the ledger and write_tables (every CSV)

Per stage: CPU seconds of the process (``time.process_time``: the figure to compare on a
shared, loaded machine; wall seconds are kept beside them) and the process's peak RSS during
the stage (VmHWM, reset before each
stage through /proc/self/clear_refs; where that is not possible, the peak since start). Then,
per stage, the exponent of a least-squares fit of log(time) on log(articles) over the
generated sizes from 400 to 10k, and per size the corpus stages' total (rewrites to
timeline) against the engine. A stage whose predicted time at the next size (from its
exponent so far, at least 1) exceeds ``--budget`` seconds is skipped there and at the larger
sizes, and marked so (loading, the engine and writing always run; without rewrites no article
is marked as a rewrite); a child that dies (e.g. a segmentation fault) keeps the stages it
finished. Per corpus it also prints the actors and the rows of the (sparse) ``actor_per_article``
table, beside the rows the dense table of earlier versions had (articles x actors x measures).

Usage:
    python bench/curve.py                      # 100 400 1000 4000 10000 + the real 428
    python bench/curve.py --sizes 100 400 --real 0   # small: every stage reports
    python bench/curve.py --json bench/.data/curve.json --png docs/img/cost_curve.png
    python bench/curve.py --from a.json b.json --png out.png   # print and draw saved results
    python bench/curve.py --catalog CATALOG.yaml --jobs 6      # a fixed cast, corpora side by side
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

STAGES = [
    "load",
    "discovery",
    "engine",
    "rewrites",
    "agreement",
    "tone",
    "actor tables",
    "frame measures",
    "story",
    "distinctive",
    "groups",
    "timeline",
    "writing tables",
]
CORPUS_STAGES = STAGES[3:12]  # after the engine, before writing
FIT_FROM, FIT_TO = 400, 10000
BUDGET = "predicted over the time budget"


# --- child: one corpus, every stage -----------------------------------------------------------


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def _rss_mib(field: str) -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Skip(Exception):
    """A stage that is not run at this size (the message says why)."""


def child(corpus: str, skip: list[str], catalog: str = "") -> None:  # noqa: C901 (one closure per stage)
    """Run every stage on ``corpus``; print one JSON line per stage as soon as it is done."""
    import pandas as pd

    from analysis import lang, pipeline, scope
    from analysis.aggregate import MEASURES, SPEECH_KINDS
    from analysis.engine import analyze_articles
    from analysis.ledger import ledger_frame
    from analysis.load import load_corpus
    from analysis.params import Params
    from analysis.rewrites import detect_rewrites, mark_rewrites
    from analysis.tokens import token_table

    def stage(name, fn):
        if name in skip:
            print(json.dumps({"stage": name, "skipped": BUDGET}), flush=True)
            return None
        reset = _reset_peak()
        start_mib = _rss_mib("VmRSS")
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            result = fn()
        except Skip as why:
            print(json.dumps({"stage": name, "skipped": str(why)}), flush=True)
            return None
        seconds = time.perf_counter() - t0
        row = {
            "stage": name,
            "seconds": time.process_time() - c0,
            "wall_seconds": seconds,
            "peak_mib": _rss_mib("VmHWM"),
            "start_mib": start_mib,
            "peak_is_stage": reset,
        }
        print(json.dumps(row), flush=True)
        return result

    # every default, as `analysis tables` without options (or with --catalog)
    params = Params(corpus=corpus, catalog=catalog or None)
    language = lang.resolve(params.languages)

    def load():
        loaded = load_corpus(params.corpus, params.manifest)
        return loaded, *scope.select(loaded.articles, params)

    loaded, chosen, left_out = stage("load", load)
    discovered = None
    if params.catalog is None:  # no catalog: build_tables finds the cast first
        discovered, params = stage(
            "discovery", lambda: pipeline._discovered_cast(chosen, params, language)
        )
    per = stage("engine", lambda: analyze_articles(chosen, params))
    print(json.dumps({"n_articles": len(per["articles"]), "n_sentences": len(per["sentences"])}))

    made = []

    def tokens():  # as build_tables: made by the first stage that reads terms
        if not made:
            made.append(token_table(per["sentences"]["text"].tolist()))
        return made[0]

    def rewrites():
        found = detect_rewrites(
            per["articles"], per["sentences"], language=language, tokens=tokens()
        )
        return found, mark_rewrites(per["articles"], found.pairs)

    rw = stage("rewrites", rewrites)
    articles = rw[1] if rw else per["articles"]
    scoped = scope.count({**per, "articles": articles}, params)

    def actor_tables():
        c = scoped.counted
        speech = c["quotes"][c["quotes"]["kind"].isin(SPEECH_KINDS)]["speaker"].fillna("")
        actors = (
            set(c["mentions"]["actor"])
            | set(speech[speech != ""])
            | set(c["attributions"]["actor"])
        )
        tables = pipeline._actor_tables(scoped, params)
        info = {
            "n_actors": len(actors),
            "actor_per_article_rows": len(tables["actor_per_article"]),
            "dense_actor_per_article_rows": len(scoped.selected["articles"])
            * len(actors)
            * len(MEASURES),
        }
        print(json.dumps(info))
        return tables

    framed = None

    def frames():
        nonlocal framed
        framed = pipeline._frame_tables(scoped, params, language)
        return framed

    def groups():
        if framed is None:  # the groups stage reads the frame model's decisions
            raise Skip("frame measures skipped")
        return pipeline._group_tables(scoped, params, language, framed["frame_decisions"])

    agreement = stage("agreement", lambda: pipeline._agreement(scoped))
    tone = stage("tone", lambda: pipeline._tone_tables(scoped, params))
    actors = stage("actor tables", actor_tables)  # the timeline reads them, as in build_tables
    found = {
        "agreement": agreement,
        "tone": tone,
        "actor tables": actors,
        "frame measures": stage("frame measures", frames),
        "story": stage("story", lambda: pipeline._story_tables(scoped, language, tokens())),
        "distinctive": stage(
            "distinctive", lambda: pipeline._distinctive(scoped, language, tokens())
        ),
        "groups": stage("groups", groups),
        "timeline": stage("timeline", lambda: pipeline._time_tables(scoped, params, actors)),
    }

    def write():
        ledger = ledger_frame(
            [
                *loaded.ledger.to_dict("records"),
                *left_out.to_dict("records"),
                *per["ledger"].to_dict("records"),
            ]
        ).sort_values(
            ["article_id", "stage", "start", "action"], kind="stable", na_position="first"
        )
        fields = {name: per.get(name, pd.DataFrame()) for name in pipeline.Tables._fields}
        fields.update(articles=articles, ledger=ledger.reset_index(drop=True))
        fields["discovered_actors"] = discovered
        if rw:
            fields.update(rewrites=rw[0].pairs, rewrite_alignments=rw[0].alignments)
        for tables in found.values():
            fields.update(tables or {})
        with tempfile.TemporaryDirectory() as out:
            return len(pipeline.write_tables(pipeline.Tables(**fields), out))

    stage("writing tables", write)


# --- parent -------------------------------------------------------------------------------------


def run_corpus(path: Path, skip: list[str], catalog: str = "") -> dict:
    """Run :func:`child` on ``path`` in a fresh process; collect its stage lines."""
    cmd = [sys.executable, str(Path(__file__)), "_child", str(path), json.dumps(skip), catalog]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    stages, info = {}, {}
    for line in proc.stdout.splitlines():
        row = json.loads(line)
        if "stage" in row:
            stages[row.pop("stage")] = row
        else:
            info.update(row)
    if proc.returncode != 0:
        failed = next((s for s in STAGES if s not in stages), "?")
        stages[failed] = {"failed": f"exit {proc.returncode}", "stderr": proc.stderr[-2000:]}
        sys.stderr.write(proc.stderr[-2000:])
    return {"stages": stages, **info}


def fit(points: list[tuple[int, float]]) -> float | None:
    """Least-squares slope of log(seconds) on log(articles)."""
    pts = [(math.log(n), math.log(t)) for n, t in points if t > 0]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / sxx if sxx else None


def _seconds(row: dict | None) -> float | None:
    return row.get("seconds") if row else None


def _to_skip(results: list[dict], n: int, budget: float) -> list[str]:
    """Stages whose predicted time at ``n`` (from the generated sizes so far) exceeds budget."""
    skip = []
    for name in CORPUS_STAGES:  # loading, discovery, the engine and writing always run
        pts = [(r["n"], _seconds(r["stages"].get(name))) for r in results]
        pts = [(m, t) for m, t in pts if t]
        if any(
            r["stages"].get(name, {}).get("skipped") == BUDGET
            or "failed" in r["stages"].get(name, {})
            for r in results
        ):
            skip.append(name)
            continue
        if not pts:
            continue
        exp = max(1.0, fit(pts[-2:]) or 1.0)
        m, t = pts[-1]
        if t * (n / m) ** exp > budget:
            skip.append(name)
    return skip


def _cell(row: dict | None) -> str:
    if row is None:
        return "-"
    if "skipped" in row:
        return "skipped"
    if "failed" in row:
        return "FAILED"
    return f"{row['seconds']:.2f} s / {row['peak_mib']:.0f} MiB"


def report(results: list[dict], real: dict | None) -> dict:
    """Print the table, the exponents and the corpus stages against the engine; return them."""
    cols = [*results, *([real] if real else [])]
    head = ["stage", *[r["label"] for r in cols]]
    print("\ntime / peak RSS during the stage (MiB), per corpus")
    print(" | ".join(head))
    exps = {}
    for name in STAGES:
        cells = [_cell(r["stages"].get(name)) for r in cols]
        pts = [
            (r["n"], _seconds(r["stages"].get(name)))
            for r in results
            if FIT_FROM <= r["n"] <= FIT_TO and _seconds(r["stages"].get(name))
        ]
        exps[name] = fit(pts)
        e = "n/a" if exps[name] is None else f"n^{exps[name]:.2f}"
        span = f"({pts[0][0]}-{pts[-1][0]})" if len(pts) >= 2 else ""
        print(" | ".join([name, *cells]) + f" | exponent {e} {span}")
    for r in cols:
        for name, row in r["stages"].items():
            if "skipped" in row or "failed" in row:
                print(f"  {r['label']}: {name}: {row.get('skipped') or row.get('failed')}")
    ratios = {}
    for r in cols:
        s = r["stages"]
        engine = _seconds(s.get("engine"))
        parts = [_seconds(s.get(x)) for x in CORPUS_STAGES]
        complete = all(p is not None for p in parts)
        total = sum(p for p in parts if p)
        ratios[r["label"]] = {
            "corpus_stages_seconds": total,
            "engine_seconds": engine,
            "ratio": total / engine if engine else None,
            "complete": complete,
        }
        note = "" if complete else " (stages skipped or failed: a lower bound)"
        ratio = f"x{total / engine:.2f}" if engine else "n/a"
        engine_s = f"{engine:.1f} s" if engine else "n/a"
        rows = ""
        if "actor_per_article_rows" in r:
            rows = (
                f"; actors {r['n_actors']:,}, actor_per_article rows "
                f"{r['actor_per_article_rows']:,} (dense: {r['dense_actor_per_article_rows']:,})"
            )
        print(
            f"{r['label']}: corpus stages {total:.1f} s vs engine {engine_s} = {ratio}{note}{rows}"
        )
    return {"exponents": exps, "corpus_vs_engine": ratios}


def figure(results: list[dict], real: dict | None, exps: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(10, 5.5))
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for k, name in enumerate(STAGES):
        pts = [(r["n"], _seconds(r["stages"].get(name))) for r in results]
        pts = [(n, t) for n, t in pts if t]
        if not pts:
            continue
        e = exps.get(name)
        label = f"{name} (n^{e:.2f})" if e is not None else name
        c = colors[k % len(colors)]
        ax.plot(*zip(*pts, strict=True), "o-", color=c, label=label, lw=1.5, ms=4)
        if real and _seconds(real["stages"].get(name)):
            ax.plot(real["n"], real["stages"][name]["seconds"], "*", color=c, ms=11)
    ns = [r["n"] for r in results]
    if len(ns) >= 2:
        lo, hi = min(ns), max(ns)
        ref = [t for t in (_seconds(r["stages"].get("engine")) for r in results) if t]
        if ref:
            y0 = ref[0]
            ax.plot([lo, hi], [y0, y0 * hi / lo], ":", color="grey", label="slope 1 (linear)")
            ax.plot([lo, hi], [y0, y0 * (hi / lo) ** 2], "--", color="grey", label="slope 2")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("articles (generated from Narrative Frames sentences; * = the real corpus)")
    ax.set_ylabel("CPU seconds of the stage")
    ax.set_title("build_tables, time per stage (exponent fitted 400-10k)")
    ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.01, 0.5))
    ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 400, 1000, 4000, 10000])
    ap.add_argument("--real", type=int, default=428, help="real NFC articles (0: none)")
    ap.add_argument("--budget", type=float, default=900.0, help="seconds per stage and size")
    ap.add_argument(
        "--catalog", default="", help="actor catalog for every corpus (default: discover)"
    )
    ap.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="corpora run side by side (no --budget skipping then; CPU seconds stay per process)",
    )
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--png", type=Path, default=None)
    ap.add_argument(
        "--from",
        dest="saved",
        type=Path,
        nargs="+",
        default=None,
        help="measure nothing: print and draw the results saved in these JSON files",
    )
    args = ap.parse_args(argv)
    if args.saved:
        results, real = [], None
        for path in args.saved:
            data = _child_lines(path) if path.suffix == ".jsonl" else json.loads(path.read_text())
            results += [r for r in data.get("sizes", []) if r["n"] not in {x["n"] for x in results}]
            real = real or data.get("real")
        results.sort(key=lambda r: r["n"])
        summary = report(results, real)
        if args.png:
            figure(results, real, summary["exponents"], args.png)
            print(f"figure -> {args.png}")
        return

    import corpus as generated
    import nfc

    results = []
    if args.jobs > 1:
        return _side_by_side(args)
    for n in sorted(args.sizes):
        path = generated.ensure_corpus(n, sources="nfc")
        skip = _to_skip(results, n, args.budget)
        t0 = time.perf_counter()
        found = run_corpus(path, skip, args.catalog)
        found.update(n=n, label=f"nfc-gen {n}", wall=time.perf_counter() - t0)
        results.append(found)
        if args.json:  # after every size, so an interrupted run keeps what it measured
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps({"sizes": results}, indent=1) + "\n")
        print(
            f"{n} articles: {time.perf_counter() - t0:.0f} s"
            + (f", skipped {skip}" if skip else "")
        )
    real = None
    if args.real:
        path = generated.DATA_DIR / f"nfc_real_{args.real}.jsonl"
        if not path.exists():
            nfc.write_jsonl(nfc.nfc_articles(n=args.real), path)
        real = run_corpus(path, [], args.catalog)
        real.update(n=args.real, label=f"nfc-real {args.real}")
    _finish(args, results, real)


def _child_lines(path: Path) -> dict:
    """The JSON lines a ``_child`` printed (``python bench/curve.py _child CORPUS '[]' [CATALOG]
    > FILE.jsonl``: every stage it finished, also when it was stopped) as one generated size."""
    stages, info = {}, {}
    for line in path.read_text().splitlines():
        if line.startswith("{"):
            row = json.loads(line)
            if "stage" in row:
                stages[row.pop("stage")] = row
            else:
                info.update(row)
    n = info.get("n_articles", 0)
    return {"sizes": [{"stages": stages, **info, "n": n, "label": f"nfc-gen {n}"}]}


def _finish(args: argparse.Namespace, results: list[dict], real: dict | None) -> None:
    from run import machine

    summary = report(results, real)
    out = {"machine": machine(), "load": os.getloadavg(), "sizes": results, "real": real, **summary}
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, indent=1) + "\n")
    if args.png:
        figure(results, real, summary["exponents"], args.png)
        print(f"figure -> {args.png}")


def _side_by_side(args: argparse.Namespace) -> None:
    """Every corpus at once, ``args.jobs`` at a time; the JSON is rewritten as each finishes."""
    from concurrent.futures import ThreadPoolExecutor, as_completed

    import corpus as generated
    import nfc

    jobs = {}
    for n in sorted(args.sizes):
        jobs[n] = generated.ensure_corpus(n, sources="nfc")
    if args.real:
        path = generated.DATA_DIR / f"nfc_real_{args.real}.jsonl"
        if not path.exists():
            nfc.write_jsonl(nfc.nfc_articles(n=args.real), path)
        jobs[-args.real] = path
    results, real = [], None
    with ThreadPoolExecutor(args.jobs) as pool:
        started = {pool.submit(run_corpus, p, [], args.catalog): n for n, p in jobs.items()}
        for fut in as_completed(started):
            n = started[fut]
            found = fut.result()
            if n < 0:
                real = {**found, "n": -n, "label": f"nfc-real {-n}"}
            else:
                results.append({**found, "n": n, "label": f"nfc-gen {n}"})
                results.sort(key=lambda r: r["n"])
            print(f"{abs(n)} articles done", flush=True)
            if args.json:
                args.json.parent.mkdir(parents=True, exist_ok=True)
                args.json.write_text(json.dumps({"sizes": results, "real": real}, indent=1) + "\n")
    _finish(args, results, real)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_child":
        child(sys.argv[2], json.loads(sys.argv[3]), sys.argv[4] if len(sys.argv) > 4 else "")
    else:
        main()
