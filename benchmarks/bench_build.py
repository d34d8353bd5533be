"""Benchmark `hipcourse build` against the plain nbconvert baseline (prints figures).

Measured in the same run, on copies of the same notebooks (``notebooks/NN_*.ipynb``):

- **build**: ``hipcourse build --force`` (one process; lessons in parallel, one worker per
  core; writes learner + instructor handouts + slides + index per lesson);
- **baseline**: one ``jupyter nbconvert --execute --to html <copies>/*.ipynb`` process
  (lessons one after the other; one HTML per lesson);
- **floor**: the same two commands on one empty notebook (process start, imports, one
  kernel start, one export): the cost no build can go below;
- **executor**: in-process ``handouts.build(force=True)`` with worker threads versus
  forked worker processes.

Each measurement is repeated (``--repeat``, default 3, alternating the order) and the
median reported. Run from the repository root::

    python benchmarks/bench_build.py [--repeat 3] [--jobs N]

Timing belongs here, not in tests.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _copy_course(dst: Path) -> Path:
    """Copy the lessons to ``dst/notebooks`` (with ``dst/figures`` beside them, as in the
    repository, so relative links resolve); return the notebooks folder."""
    nb_dst = dst / "notebooks"
    nb_dst.mkdir(parents=True)
    for p in sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        shutil.copy2(p, nb_dst / p.name)
    if (REPO / "figures").is_dir():
        os.symlink(REPO / "figures", dst / "figures")
    return nb_dst


def _empty_lesson(dst: Path) -> Path:
    import nbformat

    nb_dst = dst / "notebooks"
    nb_dst.mkdir(parents=True)
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("# Empty"), nbformat.v4.new_code_cell("")],
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
    )
    nbformat.write(nb, nb_dst / "00_empty.ipynb")
    return nb_dst


def _run(cmd: list[str], ok_codes=(0,)) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - t0
    if proc.returncode not in ok_codes:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr[-2000:]}")
    return seconds


def _build_cmd(nb_dir: Path, out: Path, jobs: int | None) -> list[str]:
    cmd = [
        sys.executable,
        "-m",
        "hipcourse.cli",
        "build",
        "--force",
        "--notebooks",
        str(nb_dir),
        "--out",
        str(out),
    ]
    return cmd + (["--jobs", str(jobs)] if jobs else [])


def _baseline_cmd(nb_dir: Path, out: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "jupyter",
        "nbconvert",
        "--execute",
        "--to",
        "html",
        "--output-dir",
        str(out),
        *sorted(str(p) for p in nb_dir.glob("*.ipynb")),
    ]


def _pair(nb_dir: Path, work: Path, repeat: int, jobs: int | None, label: str) -> dict:
    build_t, base_t = [], []
    for i in range(repeat):
        order = ("build", "base") if i % 2 == 0 else ("base", "build")
        for which in order:
            out = work / f"{label}-{which}-{i}"
            if which == "build":
                build_t.append(_run(_build_cmd(nb_dir, out, jobs)))
            else:
                base_t.append(_run(_baseline_cmd(nb_dir, out)))
    return {"build": build_t, "baseline": base_t}


def _sizes(folder: Path, pattern: str) -> int:
    return sum(p.stat().st_size for p in folder.glob(pattern))


def _executors(nb_dir: Path, work: Path, repeat: int, jobs: int | None) -> dict:
    from hipcourse.build import handouts

    times = {e: [] for e in handouts.EXECUTORS}
    with open(os.devnull, "w") as devnull:
        for i in range(repeat):
            order = handouts.EXECUTORS if i % 2 == 0 else tuple(reversed(handouts.EXECUTORS))
            for e in order:
                t0 = time.perf_counter()
                r = handouts.build(
                    nb_dir,
                    work / f"exec-{e}-{i}",
                    jobs=jobs,
                    force=True,
                    executor=e,
                    stream=devnull,
                    progress=False,
                )
                times[e].append(time.perf_counter() - t0)
                if not r.ok:
                    raise SystemExit(f"build failed with executor={e}:\n{r.summary()}")
    return times


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=None)
    args = ap.parse_args(argv)
    cores = len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory(prefix="hipcourse-bench-") as tmp:
        work = Path(tmp)
        nb_dir = _copy_course(work / "course")
        lessons = sorted(p.name for p in nb_dir.glob("*.ipynb"))
        print(
            f"{len(lessons)} lessons: {', '.join(lessons)}; {cores} cores; "
            f"repeat {args.repeat}; python {sys.version.split()[0]}; "
            f"load average {os.getloadavg()[0]:.1f} (other work on the machine skews times)"
        )
        full = _pair(nb_dir, work, args.repeat, args.jobs, "full")
        floor = _pair(_empty_lesson(work / "empty"), work, args.repeat, args.jobs, "floor")
        execs = _executors(nb_dir, work, args.repeat, args.jobs)

        def row(name, values):
            return (
                f"  {name:<44} median {statistics.median(values):6.2f} s   "
                f"[{', '.join(f'{v:.2f}' for v in values)}]"
            )

        print("course (all lessons):")
        print(row("hipcourse build --force (3 outputs/lesson)", full["build"]))
        print(row("jupyter nbconvert --execute --to html", full["baseline"]))
        ratio = statistics.median(full["baseline"]) / statistics.median(full["build"])
        pairs = [b / a for a, b in zip(full["build"], full["baseline"], strict=True)]
        print(
            f"  speed-up: {ratio:.2f}x from the medians; per pair (same moment) "
            f"{', '.join(f'{r:.2f}x' for r in pairs)}, median {statistics.median(pairs):.2f}x "
            f"(goal >= 1.8x on 2 cores)"
        )
        print("floor (one empty notebook):")
        print(row("hipcourse build --force", floor["build"]))
        print(row("jupyter nbconvert --execute --to html", floor["baseline"]))
        print("executor (in-process build --force, same lessons):")
        for e, values in execs.items():
            print(row(f"executor={e}", values))
        b_out, n_out = work / "full-build-0", work / "full-base-0"
        print("sizes (all lessons, bytes):")
        print(f"  learner handouts     {_sizes(b_out / 'learner', '*.html'):>10,}")
        print(f"  instructor handouts  {_sizes(b_out / 'instructor', '*.html'):>10,}")
        print(f"  slides               {_sizes(b_out / 'slides', '*.html'):>10,}")
        print(f"  nbconvert default    {_sizes(n_out, '*.html'):>10,}  (lab template, links CDN)")
        print(f"load average at the end {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
