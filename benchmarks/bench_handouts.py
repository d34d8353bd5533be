"""Handout size: the learner handout versus nbconvert's default HTML export.

Figure (issue 10, item 6): for every lesson, the bytes of ``learner/NN_topic.html`` written
by ``hipcourse build --force --out <temp dir>`` versus the bytes of nbconvert's default
``HTMLExporter()`` (the ``lab`` template) applied to the same executed notebook: the
committed ``.ipynb``, which is committed with its outputs (the build executes an in-memory
copy and keeps none); a notebook with a code cell that never ran is executed here first.
``results.json`` also records the default export with ``exclude_input=True``, to show how
much of the difference is hidden code and how much is the lab template's inline CSS.

The learner handout hides code and drops solution and instructor cells but embeds
everything it needs (styles, figures), so it works offline; nbconvert's default keeps
the code and links MathJax and require.js from a CDN. The note of each row counts the
external ``http(s)://`` scripts and stylesheets in both files.

Sizes are deterministic, so median = p95 (one measurement). ``ratio`` = default / learner
(> 1: the handout is smaller).

Run alone: ``python benchmarks/bench_handouts.py``.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path

from _harness import ROOT, Result, print_table, progress, spawn

NOTEBOOKS = ROOT / "notebooks"
EXTERNAL = re.compile(
    r"""<(?:script|link|img|iframe)\b[^>]*?\b(?:src|href)\s*=\s*["']?(?:https?:)?//""",
    re.IGNORECASE,
)


def external_refs(html: str) -> int:
    """How many scripts, stylesheets, images or frames load from another host."""
    return len(EXTERNAL.findall(html))


def executed(nb_path: Path):
    """``(notebook, how)``: the notebook as committed if every code cell ran, else executed
    here with nbclient (working directory: the notebooks folder)."""
    import nbformat

    nb = nbformat.read(nb_path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    if all(c.get("execution_count") for c in code):
        return nb, "committed notebook (executed, with outputs)"
    from nbclient import NotebookClient

    NotebookClient(nb, timeout=600, resources={"metadata": {"path": str(nb_path.parent)}}).execute()
    return nb, "notebook executed here with nbclient"


def default_export(nb, **options) -> str:
    """nbconvert's default HTML export (``HTMLExporter()``, lab template) of a notebook."""
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter(**options).from_notebook_node(nb)
    return body


def run(quick: bool = False) -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="bench-handouts-") as tmp:
        out = Path(tmp) / "handouts"
        cmd = [
            sys.executable,
            "-m",
            "hipcourse.cli",
            "build",
            "--force",
            "--notebooks",
            str(NOTEBOOKS),
            "--out",
            str(out),
        ]
        progress("handouts: " + " ".join(cmd[1:]))
        env = dict(os.environ, MPLBACKEND="Agg")
        r = spawn(cmd, cwd=ROOT, env=env, timeout_s=900, capture=True)
        wall, cpu, rc, text = r["wall_s"], r["cpu_s"], r["returncode"], r["output"]
        learner = sorted((out / "learner").glob("*.html")) if out.is_dir() else []
        if rc != 0 or not learner:
            last = (text.strip().splitlines() or ["no output"])[-1]
            return [
                Result(
                    name="handout size: (build failed)",
                    median=None,
                    p95=None,
                    unit="kB",
                    note=f"hipcourse build exited {rc}: {last[:200]}",
                ).to_dict()
            ]
        results = []
        tot_learner = tot_default = 0
        for path in learner:
            stem = path.stem
            nb_path = NOTEBOOKS / f"{stem}.ipynb"
            if not nb_path.exists():
                progress(f"handouts: no notebook for {path.name}, skipped")
                continue
            nb, how = executed(nb_path)
            html = path.read_text(encoding="utf-8")
            base = default_export(nb)
            no_input = len(default_export(nb, exclude_input=True).encode("utf-8"))
            size = len(html.encode("utf-8"))
            base_size = len(base.encode("utf-8"))
            tot_learner += size
            tot_default += base_size
            instr = out / "instructor" / path.name
            results.append(
                Result(
                    name=f"handout size: {stem}",
                    median=size / 1e3,
                    p95=size / 1e3,
                    unit="kB",
                    baseline=base_size / 1e3,
                    baseline_name="nbconvert HTMLExporter() default",
                    n=1,
                    note=(
                        f"external scripts/styles/images: learner {external_refs(html)}, "
                        f"default {external_refs(base)}; baseline from the {how}"
                    ),
                    extra={
                        "learner_bytes": size,
                        "default_bytes": base_size,
                        "default_exclude_input_bytes": no_input,
                        "instructor_bytes": instr.stat().st_size if instr.exists() else None,
                        "learner_external_refs": external_refs(html),
                        "default_external_refs": external_refs(base),
                    },
                )
            )
        if len(results) > 1:
            results.append(
                Result(
                    name="handout size: all lessons",
                    median=tot_learner / 1e3,
                    p95=tot_learner / 1e3,
                    unit="kB",
                    baseline=tot_default / 1e3,
                    baseline_name="nbconvert HTMLExporter() default",
                    n=1,
                    note=(
                        f"{len(results)} learner handouts; the build took {wall:.1f} s wall, "
                        f"{cpu:.1f} s CPU (its kernels included)"
                    ),
                    extra={
                        "build_wall_s": round(wall, 2),
                        "build_cpu_s": round(cpu, 2),
                        "instructor_bytes": sum(
                            p.stat().st_size for p in (out / "instructor").glob("*.html")
                        ),
                        "slides_bytes": sum(
                            p.stat().st_size for p in (out / "slides").glob("*.html")
                        ),
                    },
                )
            )
        return [r.to_dict() for r in results]


if __name__ == "__main__":
    print_table(run(quick="--quick" in sys.argv))
