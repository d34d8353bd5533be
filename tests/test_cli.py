"""The command line: listing the catalog, and one-line errors with exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from hipcourse.cli import main
from hipcourse.content.catalog import GROUP_IDS, POSITIONS


def test_stretches_json(capsys):
    assert main(["stretches", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data) >= 20
    for g in GROUP_IDS:
        levels = sorted(d["level"] for d in data if d["group"] == g)
        assert len(set(levels)) >= 4 and levels[0] == 1
    for d in data:
        for key in (
            "id",
            "name",
            "group",
            "level",
            "position",
            "pose",
            "targets",
            "restrictions",
            "hold_s",
            "reps",
            "sides",
        ):
            assert key in d, key
        assert d["position"] in POSITIONS
        assert set(d["pose"]) >= {
            "hip_flexion_deg",
            "hip_adduction_deg",
            "hip_rotation_deg",
            "knee_flexion_deg",
        }


def test_stretches_group_filter(capsys):
    assert main(["stretches", "--group", "groin", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data and {d["group"] for d in data} == {"groin"}
    assert [d["level"] for d in data] == sorted(d["level"] for d in data)


def test_stretches_table(capsys):
    assert main(["stretches", "--group", "hamstrings"]) == 0
    out = capsys.readouterr().out
    assert "Hamstrings" in out and "hamstring-supine-strap" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["stretches", "--group", "calves"],
        ["no-such-command"],
        ["stretches", "--bogus"],
    ],
)
def test_bad_arguments_one_line_exit_2(argv, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err and len(err.splitlines()) == 1, err
    assert "error" in err


def test_console_script_installed():
    out = subprocess.run(
        [sys.executable, "-m", "hipcourse.cli", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0
    assert "stretches" in out.stdout and "build" in out.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "hipcourse.cli", "stretches", "--group", "x"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1


def test_import_is_light():
    """`import hipcourse` must not pull in matplotlib, MuJoCo or nbformat."""
    code = (
        "import sys, hipcourse; heavy = [m for m in ('matplotlib', 'mujoco', 'nbformat', "
        "'nbconvert', 'ipywidgets') if m in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.strip() == "", out.stdout


def test_bare_hipcourse_lists_every_command_on_one_line_each(capsys):
    from hipcourse.cli import build_parser

    assert main([]) == 0
    out = capsys.readouterr().out
    sub = next(a for a in build_parser()._actions if hasattr(a, "_choices_actions"))
    for action in sub._choices_actions:
        lines = [ln for ln in out.splitlines() if ln.split()[:1] == [action.dest]]
        assert len(lines) == 1 and action.help in lines[0], action.dest
    assert "Traceback" not in out and "error" not in out


def test_muscles_shows_plain_names_and_ids_only_when_asked(capsys):
    assert main(["muscles", "--hip-flexion", "60"]) == 0
    out = capsys.readouterr().out
    assert "Semimembranosus" in out and "Biceps femoris, long head" in out
    assert "semimem_r" not in out and "bflh_r" not in out
    assert main(["muscles", "--hip-flexion", "60", "--ids"]) == 0
    out = capsys.readouterr().out
    assert "semimem_r" in out and "Semimembranosus" in out
