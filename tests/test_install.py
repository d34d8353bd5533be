"""A normal (non-editable) install works: wheel -> fresh folder -> `hipcourse` from elsewhere.

The wheel is built from a copy of the checkout (so the build leaves no ``build/`` or
``*.egg-info`` behind), installed with ``pip install --no-deps --target`` into a fresh
folder, and the console script is run from another working folder with only that folder
on ``PYTHONPATH``: the package's data, templates and figures must all come from the
installed copy (``hipcourse.kit.resources``), never from this checkout.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "hipcourse"
PIP = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]
#: Lessons the clean-clone build runs: the real welcome lesson (it reads the course map) and
#: a tiny lesson that prints where its kernel imported hipcourse from.
CLONE_LESSONS = ("00_welcome", "01_where_from")

pytestmark = pytest.mark.slow


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_subpackage_is_listed_in_pyproject():
    """setuptools ships only the packages it is told about: a new subpackage missing from
    the list would be absent from the wheel (and every import of it would fail)."""
    listed = set(_pyproject()["tool"]["setuptools"]["packages"])
    found = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in PACKAGE.rglob("__init__.py")
        if "__pycache__" not in p.parts
    }
    assert "hipcourse.build" in found and "hipcourse.cli" in found  # the walk sees subpackages
    missing = sorted(found - listed)
    assert not missing, f"add {missing} to [tool.setuptools] packages in pyproject.toml"
    # what is listed beyond the real packages is the figures folder the wheel maps in
    assert listed - found == {"hipcourse.figures"}
    assert _pyproject()["tool"]["setuptools"]["package-dir"]["hipcourse.figures"] == "figures"


def _env(site: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "HIPCOURSE_"))}
    env.update(PYTHONPATH=str(site), MPLBACKEND="Agg", PYTHONDONTWRITEBYTECODE="1")
    env.setdefault("MUJOCO_GL", "egl")
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The wheel of this checkout installed into a fresh folder; its console script."""
    tmp = tmp_path_factory.mktemp("install")
    src = tmp / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".ruff_cache")
    shutil.copytree(PACKAGE, src / "hipcourse", ignore=ignore)
    shutil.copytree(ROOT / "figures", src / "figures", ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    wheels, site = tmp / "wheels", tmp / "site"
    run = dict(capture_output=True, text=True, timeout=180)
    proc = subprocess.run(PIP + ["wheel", "-q", "--no-deps", "-w", str(wheels), str(src)], **run)
    assert proc.returncode == 0, f"pip wheel failed:\n{proc.stdout}\n{proc.stderr}"
    (wheel,) = wheels.glob("hipcourse-*.whl")
    proc = subprocess.run(
        PIP + ["install", "-q", "--no-deps", "--no-compile", "--target", str(site), str(wheel)],
        **run,
    )
    assert proc.returncode == 0, f"pip install failed:\n{proc.stdout}\n{proc.stderr}"
    script = site / "bin" / "hipcourse"
    assert script.is_file(), "the wheel installs no `hipcourse` console script"
    work = tmp / "work"  # a working folder that is neither the checkout nor the install
    work.mkdir()
    return {"site": site, "script": script, "work": work, "env": _env(site)}


def _hipcourse(installed, *args: str, cwd: Path | None = None, timeout: int = 120):
    return subprocess.run(
        [str(installed["script"]), *args],
        cwd=cwd or installed["work"],
        env=installed["env"],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_the_installed_copy_is_the_one_imported(installed):
    """Not the checkout, and not the editable install of another checkout."""
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import hipcourse, hipcourse.kit.resources as r;"
            "print(hipcourse.__file__); print(r.figures_dir());"
            "print(r.checkout_dir())",
        ],
        cwd=installed["work"],
        env=installed["env"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    module, figures, checkout = proc.stdout.split("\n")[:3]
    site = installed["site"].resolve()
    assert Path(module).resolve().is_relative_to(site)
    assert Path(figures).resolve() == site / "hipcourse" / "figures"
    assert checkout == "None"


def test_help_lists_every_command(installed):
    proc = _hipcourse(installed, "--help")
    assert proc.returncode == 0, proc.stderr
    for command in (
        "stretches",
        "build",
        "app",
        "figures",
        "routine",
        "muscles",
        "spine",
        "assessments",
        "log",
        "progress",
        "export-journal",
        "import-journal",
    ):
        assert re.search(rf"\b{command}\b", proc.stdout), f"--help does not list {command}"


def test_stretches_reads_the_shipped_catalog(installed):
    proc = _hipcourse(installed, "stretches")
    assert proc.returncode == 0, proc.stderr
    for group in ("hamstrings", "quadriceps", "glutes", "hip-flexors", "groin"):
        assert f"({group})" in proc.stdout
    assert len(re.findall(r"^\s+\d\. ", proc.stdout, re.M)) >= 10  # rungs of the ladders


def test_routine_handout_embeds_the_shipped_pose_pictures(installed):
    proc = _hipcourse(installed, "routine", "--minutes", "10", "--html", "out.html")
    assert proc.returncode == 0, proc.stderr
    steps = re.findall(r"^\s*\d+\. .*\[([a-z0-9-]+)\]$", proc.stdout, re.M)
    assert steps, proc.stdout
    page = (installed["work"] / "out.html").read_text(encoding="utf-8")
    pictures = re.findall(
        r'<img class="pose" src="data:image/png;base64,([A-Za-z0-9+/=]{100,})"', page
    )
    assert len(pictures) >= len(steps), "a pose picture is missing: figures not shipped?"


def test_spine_json(installed):
    proc = _hipcourse(installed, "spine", "--json")
    assert proc.returncode == 0, proc.stderr
    a = json.loads(proc.stdout)
    # PI = PT + SS (Legaye et al. 1998), from the model of the installed package
    assert a["pelvic_incidence_deg"] == pytest.approx(a["pelvic_tilt_deg"] + a["sacral_slope_deg"])


def test_bad_input_is_one_line_and_exit_2(installed):
    proc = _hipcourse(installed, "routine", "--minutes", "500")
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and "minutes = 500" in proc.stderr


@pytest.fixture(scope="module")
def clone_build(installed):
    """`hipcourse build` in a small clone (two lessons), run with the installed package."""
    clone = installed["work"].parent / "clone"
    (clone / "notebooks").mkdir(parents=True)
    shutil.copy(ROOT / "notebooks" / "00_welcome.ipynb", clone / "notebooks")
    welcome = json.loads((ROOT / "notebooks" / "00_welcome.ipynb").read_text(encoding="utf-8"))
    code = (
        "import hipcourse\nfrom hipcourse import lesson\nlesson.safety_note()\n"
        "print('KERNEL_IMPORTS', hipcourse.__file__)"
    )
    tiny = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": welcome["metadata"],
        "cells": [
            {
                "cell_type": "markdown",
                "id": "title",
                "metadata": {},
                "source": "# Where the kernel finds hipcourse\n\n**Time:** about 1 minute",
            },
            {
                "cell_type": "code",
                "id": "where",
                "metadata": {},
                "execution_count": None,
                "outputs": [],
                "source": code,
            },
        ],
    }
    (clone / "notebooks" / "01_where_from.ipynb").write_text(json.dumps(tiny), encoding="utf-8")
    proc = _hipcourse(installed, "build", "--jobs", "2", cwd=clone, timeout=300)
    return {"clone": clone, "proc": proc, "site": installed["site"]}


def test_build_in_a_clean_clone_uses_its_notebooks(clone_build):
    proc, out = clone_build["proc"], clone_build["clone"] / "handouts"
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"{len(CLONE_LESSONS)} lessons in" in proc.stdout and "0 failed" in proc.stdout
    built = sorted(p.stem for p in (out / "learner").glob("[0-9][0-9]_*.html"))
    assert built == list(CLONE_LESSONS)  # these two, nothing from the package or the checkout
    landing = (out / "learner" / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{stem}.html"' in landing for stem in CLONE_LESSONS)
    assert sorted(p.name for p in clone_build["clone"].iterdir()) == ["handouts", "notebooks"]
    # the lessons' kernels import the installed package too
    page = (out / "learner" / "01_where_from.html").read_text(encoding="utf-8")
    where = re.search(r"KERNEL_IMPORTS (\S+)", page)
    assert where and Path(where.group(1)).resolve().is_relative_to(clone_build["site"].resolve())


def test_build_takes_the_notebooks_option_relative_to_the_working_folder(installed, clone_build):
    """From another folder, ``--notebooks`` and ``--out`` name the clone's folders: the
    lessons are found there, and nothing changed, so nothing runs again."""
    proc = _hipcourse(
        installed,
        "build",
        "--notebooks",
        "../clone/notebooks",
        "--out",
        "../clone/handouts",
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"0 executed, {len(CLONE_LESSONS)} unchanged" in proc.stdout


def test_course_map_in_a_clone_lists_the_clones_lessons(clone_build):
    """Lesson 00's course map (``lesson.course_map()``) reads the lessons next to it."""
    page = (clone_build["clone"] / "handouts" / "learner" / "00_welcome.html").read_text(
        encoding="utf-8"
    )
    assert "01_where_from" in page
