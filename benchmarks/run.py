#!/usr/bin/env python
"""Run every benchmark, print one table, write ``benchmarks/results.json``.

    python benchmarks/run.py              # everything (6-9 minutes on 2 cores)
    python benchmarks/run.py --quick      # fewer repetitions: a smoke run (3-5 minutes)
    python benchmarks/run.py --only startup --only routine
    python benchmarks/run.py --readme     # full run, and record the table in README.md

Each ``benchmarks/bench_<area>.py`` exposes ``run(quick=False) -> list[dict]`` (see
``INTERFACE.md``). Every module runs in its own fresh Python process, so one module's
imports, caches or crash cannot change another's figures. A module without ``run()`` is
run as a script; for the two print-only scripts (spine, build) its printed table is parsed
into rows (``ADAPTERS``), otherwise its output is shown under the table.

With ``--only``, the other modules' previous results in ``results.json`` are kept.
"""

from __future__ import annotations

import argparse
import importlib.util
import inspect
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import asdict, is_dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
if str(BENCH_DIR) not in sys.path:
    sys.path.insert(0, str(BENCH_DIR))

from _harness import dump_json, format_table, load_average, machine_info, normalize  # noqa: E402

RESULTS_FILE = BENCH_DIR / "results.json"
README_FILE = BENCH_DIR / "README.md"
README_START = "<!-- results:start (written by `python benchmarks/run.py --readme`) -->"
README_END = "<!-- results:end -->"
#: Order in the table: quick figures first, the course build (slowest) last.
ORDER = ("startup", "muscles", "spine", "routine", "handouts", "build")
MODULE_TIMEOUT_S = 1200


def discover() -> list[str]:
    """Area names of the ``bench_<area>.py`` files present, in table order."""
    found = sorted(p.stem[len("bench_") :] for p in BENCH_DIR.glob("bench_*.py"))
    return [a for a in ORDER if a in found] + [a for a in found if a not in ORDER]


def _as_dict(item) -> dict:
    if isinstance(item, dict):
        return dict(item)
    if hasattr(item, "to_dict"):
        return item.to_dict()
    if is_dataclass(item):
        return asdict(item)
    raise TypeError(f"a benchmark result must be a dict, got {type(item).__name__}")


def _clean(value):
    """JSON-safe: NaN/inf -> None, numpy scalars -> Python numbers, tuples -> lists."""
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            value = value.item()
        except (TypeError, ValueError):
            pass
    if isinstance(value, float) and value != value or value in (float("inf"), float("-inf")):
        return None
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


# --------------------------------------------------------------------------- adapters
# Two modules are print-only scripts (no ``run()``). Until they follow INTERFACE.md, their
# printed tables are parsed here into result rows; if the format changes and nothing
# parses, their raw output is shown under the table instead.
_NUM = r"(-?[0-9]+(?:\.[0-9]+)?)"


def _percentiles(samples: list[float]) -> tuple[float, float]:
    from _harness import summarize

    return summarize(samples)


def _parse_spine(text: str) -> list[dict]:
    """``bench_spine.py``: rows ``<name>  <wall median> <wall p95> [<CPU median> <CPU p95>]``
    in ms."""
    rows = {}
    for ln in text.splitlines():
        m = re.match(rf"^(\S.*?)\s{{2,}}({_NUM}(?:\s+{_NUM}){{1,3}})\s*$", ln)
        if m:
            nums = [float(x) for x in m.group(2).split()]
            rows[m.group(1).strip()] = (nums[0], nums[1], nums[2] if len(nums) > 2 else None)
    n = re.search(r"(\d+) updates each", text)
    n = int(n.group(1)) if n else None
    fig = re.search(r"figure (.*?\(Agg\))", text)
    out = []
    fast = next((v for k, v in rows.items() if k.startswith("in place")), None)
    naive = next((v for k, v in rows.items() if k.startswith("naive")), None)
    widget = next((v for k, v in rows.items() if k.startswith("widget")), None)
    model = next((v for k, v in rows.items() if k.startswith("model")), None)
    if fast:
        ratio = naive[0] / fast[0] if naive else None
        out.append(
            dict(
                name="spine: explorer update, in place (blit)",
                median=fast[0],
                p95=fast[1],
                unit="ms",
                baseline=naive[0] if naive else None,
                baseline_p95=naive[1] if naive else None,
                baseline_name="naive clear-and-redraw",
                ratio=ratio,
                target="<= 50 ms and >= 3x vs naive",
                met=fast[0] <= 50 and (ratio or 0) >= 3,
                n=n,
                cpu_median=fast[2],
                note="model + move artists + blit + PNG, Agg; figure "
                + (fig.group(1) if fig else "?"),
            )
        )
    if widget:
        out.append(
            dict(
                name="spine: widget, slider -> image + read-outs",
                median=widget[0],
                p95=widget[1],
                unit="ms",
                target="<= 50 ms",
                met=widget[0] <= 50,
                n=n,
                cpu_median=widget[2],
                note="pelvic_tilt_explorer(): tilt.value change to new PNG and read-outs",
            )
        )
    if model:
        out.append(
            dict(
                name="spine: model only (spine_for_posture)",
                median=model[0],
                p95=model[1],
                unit="ms",
                n=n,
                cpu_median=model[2],
            )
        )
    known = ("in place", "naive", "widget", "model")
    for k, v in rows.items():
        if not k.startswith(known):
            out.append(
                dict(name=f"spine: {k}", median=v[0], p95=v[1], unit="ms", n=n, cpu_median=v[2])
            )
    return out


def _parse_build(text: str) -> list[dict]:
    """``bench_build.py``: sections ``<title>:`` with rows ``<name>  median X s  [a, b]``."""
    section, rows = "", {}
    for ln in text.splitlines():
        head = re.match(r"^(\S[^:]*?)(?: \(.*\))?:\s*$", ln)
        if head:
            section = head.group(1).strip()
            continue
        m = re.match(rf"^\s+(.+?)\s+median\s+{_NUM} s\s+\[([^\]]*)\]", ln)
        if m:
            samples = [float(x) for x in m.group(3).split(",") if x.strip()]
            rows[(section, m.group(1).strip())] = samples
    lessons = re.search(r"^(\d+) lessons", text, re.M)
    lessons = lessons.group(1) if lessons else "all"

    def pick(sec, prefix):
        return next((v for (s, k), v in rows.items() if s == sec and k.startswith(prefix)), None)

    out = []
    for sec, label, target in (
        ("course", f"build: hipcourse build --force, {lessons} lessons", ">= 1.8x vs nbconvert"),
        ("floor", "build: floor, one empty notebook", None),
    ):
        b, n = pick(sec, "hipcourse build"), pick(sec, "jupyter nbconvert")
        if not b:
            continue
        med, p95 = _percentiles(b)
        base, base95 = _percentiles(n) if n else (None, None)
        ratio = base / med if base else None
        out.append(
            dict(
                name=label,
                median=med,
                p95=p95,
                unit="s",
                baseline=base,
                baseline_p95=base95,
                ratio=ratio,
                baseline_name="one `jupyter nbconvert --execute --to html` process",
                target=target,
                met=(ratio >= 1.8) if target and ratio else None,
                n=len(b),
                samples_s=b,
                baseline_samples_s=n,
                note="build writes learner + instructor + slides per lesson; "
                "nbconvert one HTML per lesson"
                + (
                    "; ratio per pair: "
                    + ", ".join(f"{y / x:.2f}x" for x, y in zip(b, n, strict=False))
                    if n
                    else ""
                ),
            )
        )
    for (sec, k), v in rows.items():
        if sec == "executor":
            med, p95 = _percentiles(v)
            out.append(
                dict(
                    name=f"build: in-process, {k}",
                    median=med,
                    p95=p95,
                    unit="s",
                    n=len(v),
                    samples_s=v,
                    note="handouts.build(force=True) in one process",
                )
            )
    sizes = dict(
        re.findall(
            r"^\s+(learner handouts|instructor handouts|slides|nbconvert default)"
            r"\s+([\d,]+)",
            text,
            re.M,
        )
    )
    if out and sizes:
        out[0]["output_bytes"] = {k: int(v.replace(",", "")) for k, v in sizes.items()}
    return out


#: area -> how to run its script (extra flags, by quick) and parse its printed output.
ADAPTERS = {
    "spine": {"args": lambda quick: {"--repeats": 15 if quick else 60}, "parse": _parse_spine},
    "build": {"args": lambda quick: {"--repeat": 1 if quick else 2}, "parse": _parse_build},
}


# --------------------------------------------------------------------------- worker
def worker(area: str, quick: bool, out_path: str) -> int:
    """Inside a fresh process: import ``bench_<area>``, call ``run()``, write JSON."""
    path = BENCH_DIR / f"bench_{area}.py"
    payload: dict = {"area": area, "status": "ok", "results": [], "output": None}
    t0 = time.perf_counter()
    try:
        spec = importlib.util.spec_from_file_location(f"bench_{area}", path)
        mod = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = mod
        spec.loader.exec_module(mod)
        fn = getattr(mod, "run", None)
        if not callable(fn):
            payload["status"] = "script"
        else:
            params = inspect.signature(fn).parameters
            accepts_quick = "quick" in params or any(
                p.kind is p.VAR_KEYWORD for p in params.values()
            )
            items = fn(quick=quick) if accepts_quick else fn()
            payload["results"] = [normalize(_as_dict(r)) for r in (items or [])]
    except BaseException as exc:  # report and let the other modules run
        payload["status"] = "error"
        payload["error"] = f"{type(exc).__name__}: {exc}"
        payload["traceback"] = traceback.format_exc()[-4000:]
    payload["seconds"] = round(time.perf_counter() - t0, 2)
    Path(out_path).write_text(json.dumps(_clean(payload), indent=1), encoding="utf-8")
    return 0


def run_area(area: str, quick: bool) -> dict:
    """Run one module in a fresh process (the worker); fall back to running it as a script."""
    fd, out_path = tempfile.mkstemp(prefix=f"bench-{area}-", suffix=".json")
    os.close(fd)
    env = dict(os.environ, MPLBACKEND="Agg", PYTHONUNBUFFERED="1")
    cmd = [sys.executable, str(Path(__file__).resolve()), "--_worker", area, "--_out", out_path]
    if quick:
        cmd.append("--quick")
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(
            cmd,
            env=env,
            cwd=BENCH_DIR.parent,
            timeout=MODULE_TIMEOUT_S,
            stdout=subprocess.PIPE,
            text=True,
        )
        stdout, rc = proc.stdout, proc.returncode
        try:
            payload = json.loads(Path(out_path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            payload = {
                "area": area,
                "status": "error",
                "results": [],
                "error": f"worker exited {rc} without results (crash?)",
            }
    except subprocess.TimeoutExpired:
        stdout = ""
        payload = {
            "area": area,
            "status": "error",
            "results": [],
            "error": f"timed out after {MODULE_TIMEOUT_S} s",
        }
    finally:
        try:
            os.unlink(out_path)
        except OSError:
            pass
    if payload["status"] == "script":  # no run(): execute it as a script, parse its output
        path = BENCH_DIR / f"bench_{area}.py"
        source = path.read_text(encoding="utf-8")
        script = [sys.executable, str(path)]
        if quick and "--quick" in source:
            script.append("--quick")  # only when the script understands the flag
        adapter = ADAPTERS.get(area)
        if adapter:
            for flag, value in adapter["args"](quick).items():
                if flag in source:  # only flags the script (still) defines
                    script += [flag, str(value)]
        try:
            proc = subprocess.run(
                script,
                env=env,
                cwd=BENCH_DIR.parent,
                timeout=MODULE_TIMEOUT_S,
                capture_output=True,
                text=True,
            )
            payload["output"] = proc.stdout.strip()
            payload["command"] = " ".join(script[1:])
            if proc.returncode != 0:
                payload["status"] = "error"
                payload["error"] = (
                    f"script exited {proc.returncode}: "
                    + ((proc.stderr.strip() or proc.stdout.strip()).splitlines() or [""])[-1]
                )
            elif adapter:
                try:
                    payload["results"] = [normalize(r) for r in adapter["parse"](proc.stdout)]
                except Exception as exc:  # unknown format: the raw output is still shown
                    payload["parse_error"] = f"{type(exc).__name__}: {exc}"
                if payload["results"]:
                    payload["status"] = "ok (script output parsed)"
        except subprocess.TimeoutExpired:
            payload["status"] = "error"
            payload["error"] = f"script timed out after {MODULE_TIMEOUT_S} s"
    elif stdout and stdout.strip():
        payload["output"] = stdout.strip()  # what run() printed to stdout (should be nothing)
    payload["seconds"] = round(time.perf_counter() - t0, 1)
    return payload


def _write_readme(report: list[str], machine: dict) -> None:
    """Replace the results section of benchmarks/README.md (between the markers)."""
    text = README_FILE.read_text(encoding="utf-8")
    if README_START not in text or README_END not in text:
        print(f"run.py: {README_FILE.name} has no results markers; not updated", file=sys.stderr)
        return
    pk = machine["packages"]
    versions = ", ".join(f"{k} {v}" for k, v in pk.items() if v)
    body = (
        f"{README_START}\n"
        f"Run of {machine['date']} (git {machine.get('git_commit') or '?'}) on "
        f"{machine['cpu']}, {machine['cores']} cores, {machine['memory_gb']} GB RAM, "
        f"{machine['os']}, Python {machine['python']}; {versions}.\n\n"
        "```text\n" + "\n".join(report).strip() + "\n```\n" + README_END
    )
    head, rest = text.split(README_START, 1)
    tail = rest.split(README_END, 1)[1]
    tmp = README_FILE.with_name(f".{README_FILE.name}.tmp")
    tmp.write_text(head + body + tail, encoding="utf-8")
    os.replace(tmp, README_FILE)
    print(f"Updated {README_FILE}", file=sys.stderr)


# --------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="fewer repetitions (smoke run)")
    ap.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        default=[],
        help="run only this area (startup, muscles, spine, routine, handouts, build); repeatable",
    )
    ap.add_argument(
        "--json",
        default=None,
        metavar="FILE",
        help="where to write the results (default: benchmarks/results.json; "
        "a --quick run writes none unless given)",
    )
    ap.add_argument("--no-json", action="store_true", help="do not write a results file")
    ap.add_argument(
        "--readme",
        action="store_true",
        help="also put the table and the machine into benchmarks/README.md "
        "(between its results markers); needs a full run of every area",
    )
    ap.add_argument("--_worker", help=argparse.SUPPRESS)
    ap.add_argument("--_out", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args._worker:
        return worker(args._worker, args.quick, args._out)

    areas = discover()
    if args.only:
        wanted = [o.removeprefix("bench_").removesuffix(".py") for o in args.only]
        unknown = [w for w in wanted if w not in areas]
        if unknown:
            print(
                f"run.py: error: no benchmark named {', '.join(unknown)}; "
                f"available: {', '.join(areas) or 'none'}",
                file=sys.stderr,
            )
            return 2
        areas = [a for a in areas if a in wanted]

    machine = machine_info()
    t_all = time.perf_counter()
    payloads = {}
    for area in areas:
        print(f"[run] {area} ...", file=sys.stderr, flush=True)
        payloads[area] = p = run_area(area, args.quick)
        print(f"[run] {area}: {p['status']} in {p['seconds']} s", file=sys.stderr, flush=True)
    total_s = time.perf_counter() - t_all
    load_end = load_average()

    rows = [r for a in areas for r in payloads[a]["results"]]
    report = [format_table(rows)]
    notes = []
    for a in areas:
        p = payloads[a]
        if p["status"] == "error" or p.get("parse_error"):
            notes.append(f"- {a}: ERROR {p.get('error') or p.get('parse_error')}")
        for r in p["results"]:
            if r.get("median") is None:
                notes.append(f"- {r['name']}: no figure: {r.get('note') or 'not measured'}")
            elif r.get("met") is False:
                unit, cpu = r.get("unit") or "", r.get("cpu_median")
                line = (
                    f"- {r['name']}: target {r.get('target')} missed "
                    f"(median {r['median']:.4g} {unit}"
                )
                if cpu is not None:
                    line += f", CPU {cpu:.4g} {unit}"
                    if r["median"] > 1.5 * cpu:
                        line += ": wall time well above CPU time, the machine was busy"
                line += ")"
                if r.get("note"):
                    line += f"; {r['note']}"
                notes.append(line)
    if notes:
        report.append("\nNotes:\n" + "\n".join(notes))
    for a in areas:  # a script whose output could not be turned into rows: show it raw
        if payloads[a].get("output") and not payloads[a]["results"]:
            report.append(f"\nOutput of bench_{a}.py:\n{payloads[a]['output']}")
    machine_line = (
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory_gb']} GB, "
        f"Python {machine['python']}, {machine['os']}; {machine['date']}; "
        f"{'quick' if args.quick else 'full'} run, {total_s:.0f} s; load average (1 min) "
        f"{(machine['loadavg_1_5_15'] or ['?'])[0]} at start, {(load_end or ['?'])[0]} at end"
    )
    report.append("\n" + machine_line)
    print("\n".join(report))

    if args.readme:
        if args.only or args.quick:
            print(
                "run.py: --readme ignored: it records full runs of every area only", file=sys.stderr
            )
        else:
            _write_readme(report, machine)

    if not args.no_json and args.quick and args.json is None:
        print(
            "run.py: quick run: benchmarks/results.json left alone (use --json FILE)",
            file=sys.stderr,
        )
    elif not args.no_json:
        path = Path(args.json or RESULTS_FILE)
        previous = {}
        if args.only and path.exists():
            try:
                previous = json.loads(path.read_text(encoding="utf-8")).get("modules", {})
            except (OSError, ValueError):
                previous = {}
        modules = dict(previous)
        for a in areas:
            modules[a] = dict(payloads[a], date=machine["date"], quick=args.quick)
        ordered = {a: modules[a] for a in [*ORDER, *sorted(modules)] if a in modules}
        doc = {
            "machine": machine,
            "quick": args.quick,
            "areas_run": areas,
            "total_seconds": round(total_s, 1),
            "loadavg_at_end": load_end,
            "modules": ordered,
            "results": [r for m in ordered.values() for r in m.get("results", [])],
        }
        dump_json(_clean(doc), path)
        print(f"Wrote {path}", file=sys.stderr)
    return 1 if any(p["status"] == "error" for p in payloads.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
