"""Small shared helpers for the benchmark modules (see INTERFACE.md).

Timing uses :func:`time.perf_counter`; percentiles interpolate linearly between order
statistics (the default of ``numpy.percentile``). Peak memory of a subprocess comes from
GNU ``/usr/bin/time`` (see :func:`fresh_process` for why not ``RUSAGE_CHILDREN``).

Nothing here imports the course package or any heavy library.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent

#: Keys every result dict carries, in table order.
KEYS = ("name", "median", "p95", "unit", "baseline", "ratio", "target", "met")


# --------------------------------------------------------------------------- statistics
def percentile(samples: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) with linear interpolation between order statistics."""
    if not samples:
        raise ValueError("percentile of no samples")
    xs = sorted(samples)
    if len(xs) == 1:
        return float(xs[0])
    pos = (len(xs) - 1) * q / 100.0
    lo = int(pos)
    hi = min(lo + 1, len(xs) - 1)
    return float(xs[lo] + (xs[hi] - xs[lo]) * (pos - lo))


def summarize(samples: Sequence[float]) -> tuple[float, float]:
    """``(median, p95)`` of the samples."""
    return percentile(samples, 50.0), percentile(samples, 95.0)


def repeat(fn: Callable[[], object], n: int, warmup: int = 1) -> list[float]:
    """Call ``fn()`` ``warmup`` times untimed, then ``n`` times; seconds per call."""
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def repeat_wall_cpu(
    fn: Callable[[], object], n: int, warmup: int = 1
) -> tuple[list[float], list[float]]:
    """Like :func:`repeat`, but also this process's CPU time per call
    (:func:`time.process_time`); returns ``(wall_s, cpu_s)`` lists."""
    for _ in range(warmup):
        fn()
    wall, cpu = [], []
    for _ in range(n):
        c0, t0 = time.process_time(), time.perf_counter()
        fn()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return wall, cpu


def to_ms(seconds: Iterable[float]) -> list[float]:
    return [s * 1e3 for s in seconds]


def progress(msg: str) -> None:
    """One progress line on stderr (the table goes to stdout)."""
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- results
@dataclass
class Result:
    """One figure of the benchmark table. ``ratio`` = baseline / median (> 1: better)."""

    name: str
    median: float
    p95: float
    unit: str
    baseline: float | None = None
    ratio: float | None = None
    target: str | None = None
    met: bool | None = None
    n: int | None = None
    baseline_p95: float | None = None
    baseline_name: str | None = None
    note: str | None = None
    cpu_median: float | None = None
    extra: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.ratio is None and self.baseline is not None and self.median:
            self.ratio = self.baseline / self.median

    @classmethod
    def from_samples(
        cls,
        name: str,
        samples: Sequence[float],
        unit: str,
        baseline_samples: Sequence[float] | None = None,
        **kw,
    ) -> Result:
        """Median/p95 of ``samples`` (and of the baseline's, if given), already in ``unit``."""
        med, p95 = summarize(samples)
        base = base95 = None
        if baseline_samples:
            base, base95 = summarize(baseline_samples)
        kw.setdefault("n", len(samples))
        return cls(
            name=name, median=med, p95=p95, unit=unit, baseline=base, baseline_p95=base95, **kw
        )

    def to_dict(self) -> dict:
        d = asdict(self)
        extra = d.pop("extra")
        d.update(extra)
        return d


def normalize(d: dict) -> dict:
    """A result dict with every key of :data:`KEYS` (missing ones set to ``None``)."""
    out = {k: d.get(k) for k in KEYS}
    out.update({k: v for k, v in d.items() if k not in KEYS})
    if out["ratio"] is None and out["baseline"] is not None and out["median"]:
        out["ratio"] = out["baseline"] / out["median"]
    return out


# --------------------------------------------------------------------------- subprocesses
#: GNU time measures a child's peak RSS without counting the parent: a child forked from
#: this (large) Python process inherits its memory high-water mark across ``exec`` on Linux,
#: so ``os.wait4``/``RUSAGE_CHILDREN`` report at least the parent's size.
TIME_BIN = next((p for p in ("/usr/bin/time",) if os.access(p, os.X_OK)), None)


def fresh_process(
    cmd: Sequence[str],
    cwd: str | os.PathLike | None = None,
    env: dict | None = None,
    timeout_s: float | None = None,
    capture: bool = False,
):
    """Run ``cmd`` once; return ``(wall_s, peak_rss_MB, returncode)``.

    Wall time spans process creation to reaping (measured here, with
    :func:`time.perf_counter`). Peak RSS is the child's maximum resident set size: from
    GNU ``/usr/bin/time -f %M`` when it is installed (adds about a millisecond of its own
    start-up to the wall time), otherwise ``ru_maxrss`` from :func:`os.wait4`, which on
    Linux is an upper bound that includes this parent's size (see :data:`TIME_BIN`).
    With ``capture=True`` a fourth item, the child's stdout+stderr text, is returned.
    """
    r = spawn(cmd, cwd=cwd, env=env, timeout_s=timeout_s, capture=capture)
    base = (r["wall_s"], r["rss_mb"], r["returncode"])
    return base + (r["output"],) if capture else base


def spawn(cmd, cwd=None, env=None, timeout_s=None, capture=False) -> dict:
    """Run ``cmd``; ``{"wall_s", "cpu_s", "rss_mb", "returncode", "output"}``.

    ``cpu_s`` is user + system CPU time of the child and the children it waited for
    (from :func:`os.wait4`): unlike wall time it hardly changes when other work shares
    the CPUs.
    """
    import tempfile

    out = tempfile.TemporaryFile() if capture else subprocess.DEVNULL
    rss_file = None
    argv = list(cmd)
    if TIME_BIN:
        fd, rss_file = tempfile.mkstemp(prefix="bench-rss-", suffix=".txt")
        os.close(fd)
        argv = [TIME_BIN, "-f", "%M", "-o", rss_file, *argv]
    try:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            argv,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT if capture else subprocess.DEVNULL,
        )
        timer = None
        if timeout_s:
            timer = threading.Timer(timeout_s, proc.kill)
            timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        if timer:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        rss_kb = usage.ru_maxrss  # Linux: kB
        if rss_file:
            try:
                rss_kb = int(Path(rss_file).read_text().strip().splitlines()[-1])
            except (OSError, ValueError, IndexError):
                pass
        text = None
        if capture:
            out.seek(0)
            text = out.read().decode("utf-8", "replace")
        return {
            "wall_s": wall,
            "cpu_s": usage.ru_utime + usage.ru_stime,
            "rss_mb": rss_kb / 1024.0,
            "returncode": proc.returncode,
            "output": text,
        }
    finally:
        if capture:
            out.close()
        if rss_file:
            try:
                os.unlink(rss_file)
            except OSError:
                pass


def interleaved(
    commands: dict[str, Sequence[str]], n: int, warmup: int = 1, **kw
) -> dict[str, dict[str, list[float]]]:
    """Run several commands ``n`` times each, alternating them so they share noise.

    A command is an argv list, or ``(argv, env)`` to give it its own environment.
    Returns ``{label: {"wall_ms": [...], "cpu_ms": [...], "rss_mb": [...]}}``. A command
    that exits non-zero raises ``RuntimeError`` with its output.
    """
    res = {k: {"wall_ms": [], "cpu_ms": [], "rss_mb": []} for k in commands}
    for i in range(warmup + n):
        order = list(commands.items())
        if i % 2:
            order.reverse()
        for label, cmd in order:
            opts = dict(kw)
            if isinstance(cmd, tuple) and len(cmd) == 2 and isinstance(cmd[1], dict):
                cmd, opts["env"] = cmd  # (argv, environment) for this command only
            r = spawn(cmd, capture=True, **opts)
            if r["returncode"] != 0:
                raise RuntimeError(
                    f"{label}: {' '.join(cmd)} exited {r['returncode']}:\n{r['output'][-2000:]}"
                )
            if i >= warmup:
                res[label]["wall_ms"].append(r["wall_s"] * 1e3)
                res[label]["cpu_ms"].append(r["cpu_s"] * 1e3)
                res[label]["rss_mb"].append(r["rss_mb"])
    return res


# --------------------------------------------------------------------------- table
def _fmt(x, digits: int = 3) -> str:
    if x is None:
        return "-"
    if isinstance(x, bool):
        return "yes" if x else "NO"
    if isinstance(x, float):
        if x == 0:
            return "0"
        if abs(x) >= 100:
            return f"{x:.0f}"
        return f"{x:.{digits}g}"
    return str(x)


def format_table(results: Iterable[dict]) -> str:
    """A plain-text (and Markdown-compatible) table of result dicts.

    A ``CPU`` column (the optional ``cpu_median`` key, same unit) appears when any row has
    one: CPU time hardly changes when other work shares the machine, wall time does.
    """
    results = [normalize(r) for r in results]
    with_cpu = any(r.get("cpu_median") is not None for r in results)
    head = ["figure", "median", "p95", "baseline", "ratio", "target", "met?"]
    if with_cpu:
        head.insert(3, "CPU")
    rows = []
    for r in results:
        unit = r["unit"] or ""
        cpu = r.get("cpu_median")
        cpu_cell = [f"{_fmt(cpu)} {unit}".strip() if cpu is not None else "-"] if with_cpu else []
        rows.append(
            [
                r["name"],
                f"{_fmt(r['median'])} {unit}".strip() if r["median"] is not None else "-",
                f"{_fmt(r['p95'])} {unit}".strip() if r["p95"] is not None else "-",
                *cpu_cell,
                f"{_fmt(r['baseline'])} {unit}".strip() if r["baseline"] is not None else "-",
                f"{_fmt(r['ratio'])}x" if r["ratio"] is not None else "-",
                r["target"] or "-",
                _fmt(r["met"]),
            ]
        )
    widths = [
        max(len(h), *(len(row[i]) for row in rows)) if rows else len(h) for i, h in enumerate(head)
    ]

    def line(cells):
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(head), sep, *(line(r) for r in rows)])


def print_table(results: Iterable[dict], file=None) -> None:
    print(format_table(results), file=file or sys.stdout)


# --------------------------------------------------------------------------- machine
def _cpu_model() -> str:
    try:
        for ln in Path("/proc/cpuinfo").read_text().splitlines():
            if ln.lower().startswith("model name"):
                return ln.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _mem_total_gb() -> float | None:
    try:
        for ln in Path("/proc/meminfo").read_text().splitlines():
            if ln.startswith("MemTotal:"):
                return round(int(ln.split()[1]) / 1024 / 1024, 1)
    except (OSError, ValueError):
        pass
    return None


def load_average() -> list[float] | None:
    """1, 5 and 15 minute load averages (other work on the machine skews every figure)."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


PACKAGES = (
    "hipcourse",
    "numpy",
    "matplotlib",
    "mujoco",
    "myo-sim",
    "ipywidgets",
    "nbformat",
    "nbclient",
    "nbconvert",
    "ipykernel",
    "jupyter_client",
)


def machine_info() -> dict:
    """CPU, cores, memory, OS, Python and package versions, and the date (UTC)."""
    from importlib import metadata

    versions = {}
    for pkg in PACKAGES:
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = None
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    commit = None
    try:
        commit = (
            subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=10,
            ).stdout.strip()
            or None
        )
    except (OSError, subprocess.SubprocessError):
        pass
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "loadavg_1_5_15": load_average(),
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "cores_usable": usable,
        "memory_gb": _mem_total_gb(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "python_impl": platform.python_implementation(),
        "packages": versions,
        "git_commit": commit,
    }


def dump_json(obj, path: Path) -> None:
    """Write JSON atomically (temp file in the same folder, fsync, replace)."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(obj, fh, indent=2, ensure_ascii=False)
        fh.write("\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
