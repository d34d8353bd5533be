"""Issue 18: nothing a user saved is ever destroyed; no typo switches off a safety rule.

One section per bullet of the issue (the app's bullet is tested with the app). Each test
failed on the code before the change it checks.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from hipcourse.cli import main
from hipcourse.content.catalog import load_catalog
from hipcourse.content.schema import MUSCLES_FILE, STRETCHES_FILE
from hipcourse.content.tables import CatalogError
from hipcourse.kit import files as F
from hipcourse.models import journal as J
from hipcourse.models import routine as R
from hipcourse.views import routine_html as X

TODAY = dt.date(2025, 6, 1)
ROUTINE = R.build_routine(R.RoutineRequest(minutes=5, session="desk-break"))


def _cli(capsys, *argv) -> tuple[int, str]:
    code = main([str(a) for a in argv])
    return code, capsys.readouterr().err


def _one_line_error(code: int, err: str, *words: str) -> None:
    assert code == 2, err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    for w in words:
        assert w in err, err


def _journal(path: Path, notes=("first",)) -> Path:
    with J.Journal(path, today=TODAY) as j:
        for k, note in enumerate(notes):
            j.add_assessment("straight-leg-raise", "left", 60 + k, date="2025-05-01", note=note)
    return path


# ================================================================ no silent overwrite
def test_routine_html_refuses_a_file_hipcourse_did_not_write(tmp_path, capsys):
    mine = tmp_path / "letter.html"
    mine.write_text("my own page")
    code, err = _cli(capsys, "routine", "--minutes", "5", "--html", mine)
    _one_line_error(code, err, str(mine), "--force")
    assert mine.read_text() == "my own page"
    assert main(["routine", "--minutes", "5", "--html", str(mine), "--force"]) == 0
    assert "<html" in mine.read_text().lower()
    # written by hipcourse now: writing again needs no --force
    assert main(["routine", "--minutes", "6", "--html", str(mine)]) == 0


def test_a_handout_edited_by_the_user_counts_as_theirs(tmp_path):
    path = X.write_handout(ROUTINE, tmp_path / "h.html")
    X.write_handout(ROUTINE, path, name="Again")  # ours, unchanged: replaced
    path.write_text(path.read_text() + "<!-- my notes -->")
    with pytest.raises(F.OverwriteError, match="did not write it"):
        X.write_handout(ROUTINE, path)
    assert path.read_text().endswith("<!-- my notes -->")


@pytest.mark.parametrize("kind", ["journal", "saved routine"])
@pytest.mark.parametrize("option", ["--html", "--save"])
def test_never_onto_the_journal_or_a_saved_routine_even_with_force(tmp_path, capsys, kind, option):
    target = tmp_path / "precious"
    if kind == "journal":
        _journal(target)
    else:
        R.save_routine(ROUTINE, target)
    before = target.read_bytes()
    code, err = _cli(capsys, "routine", "--minutes", "9", option, target, "--force")
    _one_line_error(code, err, str(target), kind)
    assert target.read_bytes() == before


def test_export_journal_refuses_user_files_and_the_journal(tmp_path, capsys):
    db = _journal(tmp_path / "j.sqlite3")
    sheet = tmp_path / "budget.csv"
    sheet.write_text("my,budget\n")
    code, err = _cli(capsys, "export-journal", sheet, "--db", db)
    _one_line_error(code, err, str(sheet))
    assert sheet.read_text() == "my,budget\n"
    before = db.read_bytes()
    code, err = _cli(capsys, "export-journal", db, "--db", db, "--force")
    _one_line_error(code, err, "journal")
    assert db.read_bytes() == before
    assert main(["export-journal", str(sheet), "--db", str(db), "--force"]) == 0
    assert main(["export-journal", str(sheet), "--db", str(db)]) == 0  # ours now


def test_figures_never_replace_a_user_file(tmp_path):
    import matplotlib.pyplot as plt

    from hipcourse.views.plots import base

    fig, ax = plt.subplots()
    base.save(fig, tmp_path / "f")  # new files: written
    base.save(fig, tmp_path / "f")  # ours: replaced
    (tmp_path / "f.svg").write_text("<svg>mine</svg>")
    with pytest.raises(F.OverwriteError, match="f.svg"):
        base.save(fig, tmp_path / "f")
    assert (tmp_path / "f.svg").read_text() == "<svg>mine</svg>"
    with base.writing(force=True):
        base.save(fig, tmp_path / "f")
    plt.close(fig)


def test_the_build_removes_only_its_own_stale_files(tmp_path):
    from hipcourse.build.common import remove_if_ours, write_atomic

    ours, theirs = tmp_path / "ours.html", tmp_path / "theirs.html"
    write_atomic(ours, "x")
    theirs.write_text("mine")
    with pytest.raises(F.OverwriteError):
        write_atomic(theirs, "y")
    remove_if_ours(ours)
    remove_if_ours(theirs)
    assert not ours.exists() and theirs.read_text() == "mine"


def test_the_builder_widget_export_shows_a_message_not_a_traceback(tmp_path):
    from hipcourse.views.widgets.routine_builder import RoutineBuilder

    b = RoutineBuilder(out_dir=tmp_path)
    b.export_button.click()
    [path] = [p for p in tmp_path.rglob("*.html")]
    path.write_text("edited by me")
    b.export_button.click()
    assert path.read_text() == "edited by me"
    assert "did not write it" in b.files_message.value


def test_devices_are_never_written(tmp_path, capsys):
    """A special file (a FIFO stands in for a device such as /dev/full: a test must never
    risk a real device) is refused even with --force."""
    fifo = tmp_path / "device"
    os.mkfifo(fifo)
    code, err = _cli(capsys, "routine", "--html", fifo, "--force")
    _one_line_error(code, err, str(fifo), "special file")
    assert not fifo.is_file()


# ================================================================ strict catalog
def _edited(tmp_path, old: str, new: str, *, file=STRETCHES_FILE):
    text = file.read_text(encoding="utf-8")
    assert old in text
    out = tmp_path / file.name
    out.write_text(text.replace(old, new, 1), encoding="utf-8")
    other = tmp_path / (MUSCLES_FILE.name if file == STRETCHES_FILE else STRETCHES_FILE.name)
    shutil.copy(MUSCLES_FILE if file == STRETCHES_FILE else STRETCHES_FILE, other)
    return tmp_path / MUSCLES_FILE.name, tmp_path / STRETCHES_FILE.name


def test_a_typo_in_a_key_is_an_error_with_line_and_suggestion(tmp_path):
    """`ruels` would have dropped a hip-replacement precaution silently."""
    line = next(
        i
        for i, ln in enumerate(STRETCHES_FILE.read_text().splitlines(), 1)
        if ln.startswith("rules = [")
    )
    m, s = _edited(tmp_path, "\nrules = [", "\nruels = [")
    with pytest.raises(CatalogError) as e:
        load_catalog(m, s)
    msg = str(e.value)
    assert "stretches.toml" in msg and "ruels" in msg and "did you mean `rules`?" in msg
    assert f"line {line}:" in msg


def test_an_unknown_table_is_an_error(tmp_path):
    m, s = _edited(tmp_path, "[[stretch]]", "[[strech]]")
    # the first stretch's [stretch.body] sub-table belongs to the renamed table too
    s.write_text(
        s.read_text(encoding="utf-8").replace("\n[stretch.body]", "\n[strech.body]", 1),
        encoding="utf-8",
    )
    with pytest.raises(CatalogError, match=r"strech.*line \d+.*did you mean `stretch`"):
        load_catalog(m, s)


@pytest.mark.parametrize("value", ["nan", "inf", "500", "-400"])
def test_a_restriction_limit_must_be_finite_and_inside_the_joint_range(tmp_path, value):
    text = STRETCHES_FILE.read_text(encoding="utf-8")
    import re

    match = re.search(r"(hip_flexion_deg = \{ (above|below) = )([-\d.]+)", text)
    assert match, "the catalog has a hip-flexion limit"
    m, s = _edited(tmp_path, match.group(0), match.group(1) + value)
    with pytest.raises(CatalogError, match="joint range"):
        load_catalog(m, s)


def test_a_muscle_model_name_must_exist_in_the_model(tmp_path):
    m, s = _edited(tmp_path, '"semiten"', '"semitend"', file=MUSCLES_FILE)
    with pytest.raises(CatalogError, match="semitend.*did you mean `semiten`"):
        load_catalog(m, s)


def test_the_committed_muscle_list_matches_the_model():
    from hipcourse.content.catalog import _model_muscle_names
    from hipcourse.models import musculoskeletal as M

    assert _model_muscle_names() == {n[:-2] for n in M.muscle_names()}


# ================================================================ CSV export
FORMULAS = (
    '=HYPERLINK("http://evil")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\tTAB",
    "\rlone CR",
    "mid\rdle",
    "'=already quoted",
    "'plain apostrophe",
    "two\r\nlines",
    "-5",
    "ok",
)


def test_csv_cells_are_neutralised_and_the_round_trip_is_exact(tmp_path):
    a = _journal(tmp_path / "a.sqlite3", FORMULAS)
    with J.Journal(a, today=TODAY) as j:
        j.export_csv(tmp_path / "a.csv")
    import csv

    with open(tmp_path / "a.csv", encoding="utf-8", newline="") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")]
    assert not [c for c in cells if c.startswith("-") and c != "-5"]
    with J.Journal(tmp_path / "b.sqlite3", today=TODAY) as j:
        j.import_csv(tmp_path / "a.csv")
        assert [r.note for r in j.assessments()] == list(FORMULAS)
        j.export_csv(tmp_path / "b.csv")
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


# ================================================================ damaged journal
def _corrupt_an_index(src: Path, dst: Path) -> None:
    """Change a date inside the (test, date) index only: the b-tree stays well formed
    (quick_check passes), the index no longer matches its table (integrity_check fails)."""
    con = sqlite3.connect(src)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root = con.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'assessments_test_date'"
    ).fetchone()[0]
    page = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    data = bytearray(src.read_bytes())
    start = (root - 1) * page
    i = data.find(b"2025-05-01", start, start + page)
    assert i >= 0
    data[i : i + 10] = b"2025-05-09"
    dst.write_bytes(bytes(data))
    check = sqlite3.connect(dst)
    assert check.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    assert check.execute("PRAGMA integrity_check").fetchall() != [("ok",)]
    check.close()


def test_a_corrupted_index_is_caught_and_good_records_still_export(tmp_path, capsys):
    good = _journal(tmp_path / "good.sqlite3", ("one", "two", "three"))
    bad = tmp_path / "copy.sqlite3"
    _corrupt_an_index(good, bad)
    before = bad.read_bytes()
    with pytest.raises(J.JournalDamagedError, match="damaged.*export-journal"):
        J.Journal(bad, today=TODAY)
    code, err = _cli(
        capsys,
        "log",
        "assessment",
        "--test",
        "straight-leg-raise",
        "--side",
        "left",
        "--value",
        "70",
        "--db",
        bad,
    )
    _one_line_error(code, err, "damaged")
    with J.Journal(bad, today=TODAY, salvage=True) as j:
        assert [r.note for r in j.assessments()] == ["one", "two", "three"]
        assert {r.date for r in j.assessments()} == {dt.date(2025, 5, 1)}  # the table's
        with pytest.raises(J.JournalDamagedError, match="writes are refused"):
            j.add_assessment("straight-leg-raise", "left", 70, date="2025-05-02")
    assert main(["export-journal", str(tmp_path / "rescued.csv"), "--db", str(bad)]) == 0
    assert "damaged" in capsys.readouterr().err
    assert (tmp_path / "rescued.csv").read_text().count("straight-leg-raise") == 3
    assert bad.read_bytes() == before


# ================================================================ impossible inputs
@pytest.mark.parametrize("pi, pt", [(30, 40), (52, 60), (20, 21)])
def test_a_pelvis_with_negative_sacral_slope_is_refused(pi, pt):
    from hipcourse.models import spine

    with pytest.raises(ValueError, match="pelvic_tilt_deg.*sacral slope"):
        spine.sacral_slope_deg(pi, pt)
    with pytest.raises(ValueError, match="pelvic_tilt_deg"):
        spine.spine_for_posture(pi, pt)


def test_spine_cli_refuses_an_impossible_pelvis(capsys):
    code, err = _cli(capsys, "spine", "--pelvic-incidence", "30", "--pelvic-tilt", "40")
    _one_line_error(code, err, "pelvic_tilt_deg")


@pytest.mark.parametrize(
    "argv, words",
    [
        (["routine", "--minutes", "1_5"], ["1_5"]),
        (["routine", "--get-ready", "1_0"], ["1_0"]),
        (
            [
                "log",
                "assessment",
                "--test",
                "straight-leg-raise",
                "--side",
                "left",
                "--value",
                "70",
                "--date",
                "1899-12-31",
                "--db",
                "DB",
            ],
            ["1900-01-01"],
        ),
        (
            [
                "log",
                "assessment",
                "--test",
                "straight-leg-raise",
                "--side",
                "left",
                "--value",
                "70",
                "--date",
                "10000-01-01",
                "--db",
                "DB",
            ],
            ["date"],
        ),
        (
            [
                "log",
                "assessment",
                "--test",
                "straight-leg-raise",
                "--side",
                "left",
                "--value",
                "7_0",
                "--db",
                "DB",
            ],
            ["7_0"],
        ),
        (["progress", "--db", "~nosuchuser/journal.sqlite3"], ["~nosuchuser"]),
        (["export-journal", "~nosuchuser/x.csv", "--db", "~nosuchuser/j.sqlite3"], ["~nosuchuser"]),
        (["routine", "--html", "DEVICE"], ["special file"]),
        (["export-journal", "DEVICE", "--db", "DB"], ["special file"]),
        (["routine", "--html", "FILE/sub/x.html"], ["is a file, not a folder"]),
        (["routine", "--save", "FILE/x.json"], ["is a file, not a folder"]),
        (["export-journal", "FILE/x.csv", "--db", "DB"], ["file"]),
        (["log", "session", "--routine", "DEEP", "--done", "1", "--db", "DB"], []),
        (["routine", "--focus", "x" * 5000], ["..."]),
        (["routine", "--restriction", "y" * 5000], ["..."]),
        (
            [
                "log",
                "assessment",
                "--test",
                "z" * 5000,
                "--side",
                "left",
                "--value",
                "1",
                "--db",
                "DB",
            ],
            ["..."],
        ),
    ],
)
def test_every_cli_path_gives_one_line_and_exit_2(tmp_path, capsys, argv, words):
    db = _journal(tmp_path / "j.sqlite3")
    (tmp_path / "a-file").write_text("x")
    (tmp_path / "deep.json").write_text("[" * 100000 + "]" * 100000)
    os.mkfifo(tmp_path / "device")  # stands in for /dev/full: never risk a real device
    subst = {"DB": str(db), "DEEP": str(tmp_path / "deep.json"), "DEVICE": str(tmp_path / "device")}
    argv = [subst.get(a, a).replace("FILE/", str(tmp_path / "a-file") + "/") for a in argv]
    code, err = _cli(capsys, *argv)
    _one_line_error(code, err, *words)
    assert len(err) < 400, err  # long values are cut


# ================================================================ model cache
def test_the_model_cache_is_never_read_from_a_world_writable_folder(tmp_path, monkeypatch):
    from hipcourse.models.musculoskeletal import build

    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o777)
    monkeypatch.setenv("HIPCOURSE_CACHE_DIR", str(shared))
    assert not build.cache_is_trusted(shared)
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    assert build.cache_is_trusted(private)


def test_a_cache_file_is_checked_against_the_spec_hash(tmp_path, monkeypatch):
    from hipcourse.models.musculoskeletal import build

    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("HIPCOURSE_CACHE_DIR", str(folder))
    monkeypatch.chdir(tmp_path)
    path = build.cache_path()
    m1 = build._load_compiled()  # compiles and writes the cache with its hashes
    assert build.cache_matches(path)
    meta = json.loads(path.with_suffix(".json").read_text())
    assert meta["spec_sha256"] == build.spec_sha256()
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF  # tampered (or damaged) after it was written
    path.write_bytes(bytes(data))
    assert not build.cache_matches(path)
    m2 = build._load_compiled()  # not used: rebuilt
    assert m2.nu == m1.nu and build.cache_matches(path)


def test_the_build_refuses_a_user_file_in_its_output_unless_force(tmp_path, capsys):
    import nbformat

    nb_dir, out = tmp_path / "notebooks", tmp_path / "handouts"
    nb_dir.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Tiny\n\nA lesson."),
        nbformat.v4.new_code_cell("1 + 1"),
    ]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, nb_dir / "01_tiny.ipynb")
    mine = out / "learner" / "01_tiny.html"
    mine.parent.mkdir(parents=True)
    mine.write_text("my own notes")
    argv = ["build", "--notebooks", nb_dir, "--out", out, "--jobs", "1"]
    assert main([str(a) for a in argv]) != 0
    assert mine.read_text() == "my own notes"
    capsys.readouterr()
    assert main([str(a) for a in argv] + ["--force"]) == 0, capsys.readouterr()
    assert "<html" in mine.read_text().lower()


def test_saving_again_keeps_the_old_routine_and_never_touches_a_journal(tmp_path):
    path = R.save_routine(ROUTINE, tmp_path / "mine.json")
    old = path.read_bytes()
    R.save_routine(ROUTINE, path)  # same routine: nothing to keep
    assert not (tmp_path / "mine.json.bak").exists()
    other = R.build_routine(R.RoutineRequest(minutes=10))
    R.save_routine(other, path)
    assert (tmp_path / "mine.json.bak").read_bytes() == old
    assert R.load_routine(path) == other
    db = _journal(tmp_path / "journal.sqlite3")
    before = db.read_bytes()
    with pytest.raises(R.RoutineFileError, match="is a journal"):
        R.save_routine(other, db, overwrite=True)
    assert db.read_bytes() == before
