"""Start-up: what ``import hipcourse`` costs a fresh Python process.

Figures (issue 10, item 5), each over repeated fresh processes run *interleaved* with a
bare ``python -c "pass"`` so both see the same machine noise:

- wall time of ``python -c "import hipcourse"`` versus bare Python, and the extra time
  (paired differences run by run; target: <= 150 ms over bare Python);
- peak resident memory of the same processes;
- ``import hipcourse.content.catalog; load_catalog()`` (parses and validates the TOML data);
- ``python -m hipcourse.cli --help`` (what every ``hipcourse`` command pays first).

Each row also carries the median CPU time (user + system, from ``os.wait4``; for the
"extra" rows the paired difference): when other work shares the CPUs, wall time grows and
CPU time hardly moves, which tells a slow import from a busy machine.

It also lists which heavy modules (matplotlib, mujoco, nbformat, ...) ``import hipcourse``
pulled in -- they must load lazily -- and, when the target is missed, the slowest imports
from ``python -X importtime``.

Run alone: ``python benchmarks/bench_startup.py [--quick]``.
"""

from __future__ import annotations

import os
import subprocess
import sys

from _harness import ROOT, Result, interleaved, print_table, progress, summarize

TARGET_EXTRA_MS = 150.0
HEAVY = (
    "matplotlib",
    "mujoco",
    "myo_sim",
    "numpy",
    "nbformat",
    "nbconvert",
    "nbclient",
    "ipywidgets",
    "IPython",
    "jsonschema",
    "jupyter_client",
    "sqlite3",
    "PIL",
)

PY = sys.executable
COMMANDS = {
    "bare": [PY, "-c", "pass"],
    "import": [PY, "-c", "import hipcourse"],
    "catalog": [PY, "-c", "import hipcourse.content.catalog as c; c.load_catalog()"],
    "cli": [PY, "-m", "hipcourse.cli", "--help"],
}


def _env() -> dict:
    env = dict(os.environ)
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    env.setdefault("MPLBACKEND", "Agg")
    return env


def heavy_modules_loaded(stmt: str = "import hipcourse") -> list[str]:
    """Heavy top-level modules present in ``sys.modules`` after ``stmt`` in a fresh process."""
    code = f"{stmt}\nimport sys\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run(
        [PY, "-c", code], capture_output=True, text=True, env=_env(), cwd=ROOT, timeout=120
    )
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip()[-2000:])
    return out.stdout.split()


def slowest_imports(stmt: str = "import hipcourse", top: int = 10) -> list[tuple[str, float]]:
    """``(module, cumulative ms)`` of the slowest top-level-ish imports, from -X importtime."""
    out = subprocess.run(
        [PY, "-X", "importtime", "-c", stmt],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=ROOT,
        timeout=120,
    )
    rows = []
    for ln in out.stderr.splitlines():
        if not ln.startswith("import time:") or "cumulative" in ln:
            continue
        try:
            _, self_us, cum_us, name = (p.strip() for p in ln.split(":", 1)[1].split("|"))
        except ValueError:
            continue
        depth = (len(name) - len(name.lstrip())) // 2
        if depth <= 1:
            rows.append((name.strip(), int(cum_us) / 1e3))
    rows.sort(key=lambda r: -r[1])
    return rows[:top]


def run(quick: bool = False) -> list[dict]:
    n = 5 if quick else 21
    progress(f"start-up: {n} interleaved runs each of {', '.join(COMMANDS)}")
    res = interleaved(COMMANDS, n=n, warmup=2, env=_env(), cwd=ROOT, timeout_s=120)
    bare = res["bare"]["wall_ms"]

    def extra(label, key="wall_ms"):  # paired differences, run by run
        return [a - b for a, b in zip(res[label][key], res["bare"][key], strict=True)]

    def cpu(label):  # CPU time is far less sensitive to other work on the machine
        return summarize(extra(label, "cpu_ms"))[0]

    heavy = heavy_modules_loaded()
    imp_extra = extra("import")
    imp_med, _ = summarize(imp_extra)
    imp_ok = imp_med <= TARGET_EXTRA_MS and not heavy
    note = "heavy modules loaded by import hipcourse: " + (", ".join(heavy) or "none")
    extra_info = {}
    if not imp_ok:
        extra_info["slowest_imports_ms"] = slowest_imports()

    cat_extra = extra("catalog")
    cat_med, _ = summarize(cat_extra)
    cli_heavy = heavy_modules_loaded("import hipcourse.cli as c; c.build_parser()")

    results = [
        Result.from_samples(
            "start-up: import hipcourse",
            res["import"]["wall_ms"],
            "ms",
            bare,
            baseline_name='python -c "pass"',
            target=None,
            note="wall time of a fresh process; extra time in the next row",
            cpu_median=summarize(res["import"]["cpu_ms"])[0],
        ),
        Result.from_samples(
            "start-up: import hipcourse, extra over bare",
            imp_extra,
            "ms",
            target=f"<= {TARGET_EXTRA_MS:.0f} ms, no heavy imports",
            met=imp_ok,
            note=note,
            extra=extra_info,
            cpu_median=cpu("import"),
        ),
        Result.from_samples(
            "start-up: import hipcourse, peak RSS",
            res["import"]["rss_mb"],
            "MB",
            res["bare"]["rss_mb"],
            baseline_name='python -c "pass"',
            note="max resident set size of the child (GNU time %M)",
        ),
        Result.from_samples(
            "start-up: load_catalog(), extra over bare",
            cat_extra,
            "ms",
            target=f"<= {TARGET_EXTRA_MS:.0f} ms",
            met=cat_med <= TARGET_EXTRA_MS,
            note="import hipcourse.content.catalog; load_catalog() (TOML parse + validation)",
            cpu_median=cpu("catalog"),
            extra={"wall_ms_median": summarize(res["catalog"]["wall_ms"])[0]},
        ),
        Result.from_samples(
            "start-up: hipcourse --help, extra over bare",
            extra("cli"),
            "ms",
            note="python -m hipcourse.cli --help; heavy modules loaded by the "
            "parser: " + (", ".join(cli_heavy) or "none"),
            extra={
                "wall_ms_median": summarize(res["cli"]["wall_ms"])[0],
                "peak_rss_mb_median": summarize(res["cli"]["rss_mb"])[0],
            },
            cpu_median=cpu("cli"),
        ),
    ]
    return [r.to_dict() for r in results]


if __name__ == "__main__":
    print_table(run(quick="--quick" in sys.argv))
