"""Time rewrite detection and story elements alone on corpora of growing size, before and after.

For each corpus the articles are cleaned and segmented once (not timed; cached as Parquet in
bench/.data/stages/), then each stage runs in a child process of its own with a time limit and
an address-space limit (``--timeout`` CPU seconds, ``--mem-gib``), so that a quadratic stage
cannot take the shared machine down:

- ``rewrites``: ``detect_rewrites(articles, sentences)`` (default parameters);
- ``story``: ``story_elements(mark_rewrites(articles, pairs), sentences)``; the rewrite pairs
  come from the same implementation and are computed before the clock starts.

Corpora: ``nfc-N`` (bench/corpus.py --sources nfc: N articles generated from the sentences of
the Narrative Frames Corpus, events of 40 articles), ``nfc-N-noevent`` (the same with no event:
one event of N articles, the case that crashed), ``real`` (the 428 articles of the Narrative
Frames Corpus, bench/nfc.py; no event), ``syndication`` (1,000 copies of one wire story, 20
outlets) and ``tiny`` (10,000 one-sentence articles), both from bench/hostile_corpora.py.

``--impl after`` runs the package as committed at ``--after-rev`` (default HEAD), ``--impl
before`` the package at ``--rev`` (default b00d65f, the table gate's reference, before issue
#15); each is exported with ``git archive`` to a temporary folder and put first on PYTHONPATH,
so edits in the working tree during a run change nothing. Prints one line per run (seconds,
peak MiB of the child, rows) and the fitted exponent of CPU time against size (least squares
on log-log) from 400 to the largest size per stage and corpus family. CPU time of the child
(``time.process_time``) is the figure to compare on a shared machine; wall time is printed
beside it.

Usage: python bench/corpus_stages.py [--sizes 100 400 1000 4000 10000] [--impl after before]
       [--corpora nfc nfc-noevent real syndication tiny] [--timeout 300] [--mem-gib 8]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import corpus as generated  # noqa: E402
from curve import fit  # noqa: E402  (the log-log slope, one definition for both benches)

STAGE_DIR = generated.DATA_DIR / "stages"


# --- corpora -----------------------------------------------------------------------------------


def prepared(name: str) -> Path:
    """Cleaned articles and segmented sentences of corpus ``name`` (Parquet; made once)."""
    out = STAGE_DIR / name
    if (out / "sentences.parquet").exists():
        return out
    import pandas as pd

    from analysis.clean import clean_articles
    from analysis.load import load_corpus
    from analysis.segment import segment_articles

    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "corpus.parquet"
        table = _raw_table(name)
        table.to_parquet(raw, index=False)
        arts = clean_articles(load_corpus(raw).articles).articles
    if name.endswith("-noevent") or "event" not in arts:
        arts = arts.assign(event="")
    sentences = segment_articles(arts).sentences
    out.mkdir(parents=True, exist_ok=True)
    keep = [c for c in ("article_id", "outlet", "event", "published") if c in arts]
    pd.DataFrame(arts[keep]).to_parquet(out / "articles.parquet", index=False)
    sentences.to_parquet(out / "sentences.parquet", index=False)
    return out


def _raw_table(name: str):
    import hostile_corpora
    import nfc
    import pandas as pd

    if name == "real":
        return nfc.nfc_articles()[["id", "text", "outlet", "published"]]
    if name == "syndication":
        return hostile_corpora.syndication(1000)
    if name == "tiny":
        return hostile_corpora.tiny_articles(10000)
    n = int(name.split("-")[1])
    return pd.read_parquet(generated.ensure_corpus(n, sources="nfc", verbose=False))


# --- one measured run (child process) ----------------------------------------------------------


def job(stage: str, impl: str, folder: Path, save: Path | None = None) -> dict:
    import warnings

    import pandas as pd

    from analysis import rewrites, story

    warnings.simplefilter("ignore")
    arts = pd.read_parquet(folder / "articles.parquet")
    sentences = pd.read_parquet(folder / "sentences.parquet")
    out: dict = {"articles": len(arts), "sentences": len(sentences), "code": rewrites.__file__}
    if stage == "rewrites":
        t0, c0 = time.perf_counter(), time.process_time()
        rw = rewrites.detect_rewrites(arts, sentences)
        out["seconds"], out["cpu"] = time.perf_counter() - t0, time.process_time() - c0
        out["rows"] = f"{len(rw.pairs)} pairs, {int(rw.pairs.is_rewrite.sum())} flagged"
        if save is not None:
            rw.pairs.to_parquet(save / f"pairs-{impl}.parquet", index=False)
    else:
        marked = rewrites.mark_rewrites(arts, rewrites.detect_rewrites(arts, sentences).pairs)
        t0, c0 = time.perf_counter(), time.process_time()
        st = story.story_elements(marked, sentences)
        out["seconds"], out["cpu"] = time.perf_counter() - t0, time.process_time() - c0
        out["rows"] = f"{len(st.elements)} elements, {len(st.coverage)} coverage rows"
        if save is not None:
            st.sentences.to_parquet(save / f"story-{impl}.parquet", index=False)
    out["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def export(rev: str, where: Path) -> Path:
    """The package sources (src/) of git revision ``rev``, written under ``where``."""
    out = where / rev.replace("/", "_")
    if not (out / "src" / "analysis").is_dir():
        out.mkdir(parents=True, exist_ok=True)
        tar = subprocess.run(
            ["git", "archive", rev, "src"], cwd=ROOT, capture_output=True, check=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(out)], input=tar, check=True)
    return out / "src"


def run_child(
    stage: str,
    impl: str,
    folder: Path,
    timeout: float,
    mem_gib: float,
    save: Path | None = None,
    src: Path | None = None,
):
    limit = int(mem_gib * 2**30)

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        resource.setrlimit(resource.RLIMIT_CPU, (int(timeout), int(timeout) + 5))

    cmd = [sys.executable, __file__, "_job", stage, impl, str(folder)]
    if save is not None:
        cmd.append(str(save))
    env = dict(os.environ, PYTHONPATH=str(src)) if src is not None else None
    try:
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=20 * timeout, preexec_fn=cap, env=env
        )
    except subprocess.TimeoutExpired:
        return {"failed": f"> {20 * timeout:.0f} s wall (stopped)"}
    if proc.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        return {"failed": f"> {timeout:.0f} s CPU (stopped)"}
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["?"])[-1]
        how = f"signal {-proc.returncode}" if proc.returncode < 0 else f"exit {proc.returncode}"
        return {"failed": f"{how}: {last[:90]}"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def compare(folder: Path) -> str:
    """Differences between the saved outputs of ``before`` and ``after`` in ``folder``."""
    import pandas as pd

    lines = []
    if (folder / "pairs-before.parquet").exists() and (folder / "pairs-after.parquet").exists():
        flagged = {}
        for impl in ("before", "after"):
            p = pd.read_parquet(folder / f"pairs-{impl}.parquet")
            flagged[impl] = set(map(tuple, p[p.is_rewrite][["article_id", "source_id"]].values))
            lines.append(
                f"  rewrites {impl}: {len(p)} pairs examined, {len(flagged[impl])} flagged"
            )
        lost = sorted(flagged["before"] - flagged["after"])
        new = sorted(flagged["after"] - flagged["before"])
        lines.append(f"  flagged only before: {len(lost)} {lost[:20]}")
        lines.append(f"  flagged only after: {len(new)} {new[:20]}")
    if (folder / "story-before.parquet").exists() and (folder / "story-after.parquet").exists():
        together = {}
        for impl in ("before", "after"):
            es = pd.read_parquet(folder / f"story-{impl}.parquet")
            key = es["article_id"].astype(str) + ":" + es["sentence_index"].astype(str)
            groups = key.groupby([es["event"], es["element_id"]]).agg(list)
            together[impl] = {
                (a, b) for members in groups for a in members for b in members if a < b
            }
            n_multi = int((groups.map(len) > 1).sum())
            lines.append(
                f"  story {impl}: {len(groups)} elements, {n_multi} with 2+ sentences, "
                f"{len(together[impl])} sentence pairs grouped together"
            )
        both = together["before"] & together["after"]
        lines.append(
            f"  sentence pairs grouped in both: {len(both)}; only before: "
            f"{len(together['before'] - both)}; only after: {len(together['after'] - both)}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "_job":
        save = Path(argv[4]) if len(argv) > 4 else None
        print(json.dumps(job(argv[1], argv[2], Path(argv[3]), save)))
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 400, 1000, 4000, 10000])
    ap.add_argument("--impl", nargs="+", default=["after", "before"])
    ap.add_argument("--rev", default="b00d65f", help="the 'before' revision")
    ap.add_argument("--after-rev", default="HEAD", help="the 'after' revision")
    ap.add_argument(
        "--corpora", nargs="+", default=["nfc", "nfc-noevent", "real", "syndication", "tiny"]
    )
    ap.add_argument("--stages", nargs="+", default=["rewrites", "story"])
    ap.add_argument("--timeout", type=float, default=300.0, help="CPU seconds per run")
    ap.add_argument("--mem-gib", type=float, default=8.0)
    ap.add_argument(
        "--compare",
        action="store_true",
        help="keep both implementations' outputs and list the differences (flagged pairs, "
        "sentences grouped together)",
    )
    args = ap.parse_args(argv)
    names = []
    for c in args.corpora:
        if c in ("nfc", "nfc-noevent"):
            suffix = "-noevent" if c == "nfc-noevent" else ""
            names += [(c, n, f"nfc-{n}{suffix}") for n in args.sizes]
        else:
            names.append((c, None, c))
    print(f"machine: {os.cpu_count()} cpus; timeout {args.timeout:.0f} s, {args.mem_gib} GiB/run")
    work = Path(tempfile.mkdtemp(prefix="corpus_stages_"))
    sources = {"before": export(args.rev, work), "after": export(args.after_rev, work)}
    curves: dict[tuple[str, str, str], list[tuple[int, float]]] = {}
    for family, n, name in names:
        folder = prepared(name)
        save = folder if args.compare else None
        for stage in args.stages:
            for impl in args.impl:
                res = run_child(
                    stage, impl, folder, args.timeout, args.mem_gib, save, sources[impl]
                )
                if "failed" in res:
                    print(f"{name:>22} {stage:>8} {impl:>6}: {res['failed']}", flush=True)
                    continue
                print(
                    f"{name:>22} {stage:>8} {impl:>6}: cpu {res['cpu']:8.2f} s, "
                    f"wall {res['seconds']:8.2f} s, "
                    f"{res['peak_mib']:7.0f} MiB  {res['articles']} articles, "
                    f"{res['sentences']} sentences; {res['rows']}",
                    flush=True,
                )
                if n is not None:
                    curves.setdefault((family, stage, impl), []).append((n, res["cpu"]))
        if args.compare:
            print(compare(folder))
    for (family, stage, impl), pts in sorted(curves.items()):
        big = [(n, s) for n, s in pts if n >= 400]
        k = fit(big)
        span = f"{big[0][0]}-{big[-1][0]}" if big else "-"
        shown = "n/a" if k is None else f"{k:.2f}"
        print(f"exponent {family:>12} {stage:>8} {impl:>6} ({span}, {len(big)} sizes): {shown}")


if __name__ == "__main__":
    main()
