"""The journal: records, validation, migrations, CSV, faults (kill, concurrency, damage),
progress helpers, the self-test form and the CLI commands."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from hipcourse.cli import main
from hipcourse.models import journal as J

TODAY = dt.date(2025, 6, 1)


@pytest.fixture
def jpath(tmp_path) -> Path:
    return tmp_path / "journal.sqlite3"


@pytest.fixture
def jr(jpath):
    with J.Journal(jpath, today=TODAY) as j:
        yield j


def _routine(n=3) -> dict:
    return {"total_s": 300, "steps": J.demo_routine()["steps"][:n], "notes": ["kept"]}


# --------------------------------------------------------------------------- basics
def test_records_round_trip(jr):
    a = jr.add_assessment("straight-leg-raise", "left", 72, date="2025-03-01", note="warm")
    s = jr.add_session(
        _routine(), "1,3", felt=6, felt_steps={3: 8}, notes="good", date=dt.date(2025, 3, 2)
    )
    assert jr.assessments() == [a]
    got = jr.sessions()
    assert got == [s]
    assert got[0].done == (1, 3) and got[0].felt_steps == {"3": 8}
    assert got[0].routine["notes"] == ["kept"]  # extra keys of the routine are kept
    assert jr.schema_version == J.SCHEMA_VERSION
    assert jr.add_assessment("supine-abduction", "both", 40).date == TODAY


def test_file_is_a_wal_journal_with_our_id(jpath, jr):
    head = jpath.read_bytes()[:100]
    assert head[:16] == J.SQLITE_MAGIC
    assert int.from_bytes(head[68:72], "big") == J.APPLICATION_ID
    assert head[18] == head[19] == 2  # WAL
    assert jr.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_default_path_env_and_parameter(tmp_path, monkeypatch):
    monkeypatch.setenv(J.ENV_VAR, str(tmp_path / "data"))
    assert J.default_path() == tmp_path / "data" / "journal.sqlite3"
    with J.Journal() as j:
        assert j.path == tmp_path / "data" / "journal.sqlite3"
    explicit = tmp_path / "mine.sqlite3"
    with J.Journal(explicit) as j:
        assert j.path == explicit
    with J.Journal(tmp_path) as j:  # a folder gets the file name appended
        assert j.path == tmp_path / J.FILENAME
    monkeypatch.delenv(J.ENV_VAR)
    assert J.default_path().name == J.FILENAME and "hipcourse" in str(J.default_path())


def test_missing_journal_not_created_when_asked(tmp_path):
    with pytest.raises(J.JournalError, match="no journal"):
        J.Journal(tmp_path / "none.sqlite3", create=False)
    assert not (tmp_path / "none.sqlite3").exists()


# --------------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    "args, field",
    [
        (("toe-touch", "left", 3), "test"),
        (("straight-leg-raise", "middle", 70), "side"),
        (("straight-leg-raise", "left", 300), "value"),
        (("straight-leg-raise", "left", 70, "2025-06-02"), "date"),
    ],
)
def test_bad_assessments_are_refused_and_nothing_is_written(jr, args, field):
    with pytest.raises(ValueError) as err:
        jr.add_assessment(*args)
    assert err.value.field == field
    assert jr.counts() == {"assessments": 0, "sessions": 0}


@pytest.mark.parametrize(
    "kwargs, field",
    [
        (dict(done="1,9"), "done"),
        (dict(done="1,1"), "done"),
        (dict(done=""), "done"),
        (dict(done="1", felt=11), "felt"),
        (dict(done="1", felt=-1), "felt"),
        (dict(done="1", felt_steps={2: 5}), "felt_steps"),
        (dict(done="1", felt_steps={1: 12}), "felt_steps[1]"),
        (dict(done="1", date="2030-01-01"), "date"),
    ],
)
def test_bad_sessions_are_refused(jr, kwargs, field):
    with pytest.raises(ValueError) as err:
        jr.add_session(_routine(), **kwargs)
    assert err.value.field == field
    assert jr.counts()["sessions"] == 0


@pytest.mark.parametrize(
    "edit, field",
    [
        (lambda r: r["steps"][0].update(stretch_id="nope"), "stretch_id"),
        (lambda r: r["steps"][0].update(group="groin"), "group"),
        (lambda r: r["steps"][1].update(side="sideways"), "side"),
        (lambda r: r["steps"][1].update(hold_s=0), "hold_s"),
        (lambda r: r["steps"][1].pop("reps"), "reps"),
        (lambda r: r.pop("total_s"), "total_s"),
        (lambda r: r.update(steps=[]), "steps"),
    ],
)
def test_bad_routines_are_refused(jr, edit, field):
    r = _routine()
    edit(r)
    with pytest.raises(ValueError) as err:
        jr.add_session(r, "1")
    assert err.value.field == field


def test_a_routine_saved_by_the_builder_is_accepted_and_checked(jr, tmp_path):
    from hipcourse.models.routine import RoutineRequest, build_routine, save_routine

    routine = build_routine(RoutineRequest(minutes=10))
    path = save_routine(routine, tmp_path / "r.json")
    data = J.load_routine_file(path)
    rec = jr.add_session(data, [1, 2], date="2025-05-01")
    assert rec.routine["format"] == "hipcourse-routine"
    bad = json.loads(path.read_text())
    bad["total_s"] += 1
    with pytest.raises(ValueError, match="total_s"):
        jr.add_session(bad, [1])


# --------------------------------------------------------------------------- damaged files
def _bytes(p: Path) -> bytes:
    return p.read_bytes()


def _refused_untouched(path: Path, error, match: str) -> None:
    """Opening ``path`` raises ``error`` and leaves the file byte-for-byte as it was."""
    before = _bytes(path)
    with pytest.raises(error, match=match):
        J.Journal(path)
    assert _bytes(path) == before


def _sql(path: Path, script: str) -> None:
    """Run SQL on ``path`` as a user would in the sqlite3 shell."""
    c = sqlite3.connect(path)
    c.executescript(script)
    c.commit()
    c.close()


@pytest.mark.parametrize(
    "content",
    [b"", b"hello, this is not a database\n" * 10, b"SQLite format 3\x00" + b"\xff" * 400],
)
def test_a_non_journal_file_is_reported_and_untouched(tmp_path, content):
    p = tmp_path / "journal.sqlite3"
    p.write_bytes(content)
    _refused_untouched(p, J.JournalDamagedError, "left unchanged")
    assert _bytes(p) == content


def test_another_apps_sqlite_file_is_untouched(tmp_path):
    p = tmp_path / "other.sqlite3"
    _sql(p, "CREATE TABLE t (x)")
    _refused_untouched(p, J.JournalDamagedError, "not a hipcourse journal")


def test_a_corrupted_journal_is_reported_not_overwritten(jpath):
    with J.Journal(jpath, today=TODAY) as j:
        for k in range(30):
            j.add_assessment(
                "straight-leg-raise", "left", 40 + k, date="2025-01-01", note="x" * 200
            )
    data = bytearray(_bytes(jpath))
    page = int.from_bytes(data[16:18], "big")
    data[page + 8 : page * 2] = b"\x5a" * (page - 8)  # scribble over page 2
    data[100:page] = b"\xa5" * (page - 100)  # and over the schema page
    jpath.write_bytes(bytes(data))
    _refused_untouched(jpath, J.JournalDamagedError, "damaged")
    _refused_untouched(jpath, J.JournalDamagedError, "damaged")  # again: same error, untouched
    assert _bytes(jpath) == bytes(data)


def test_a_newer_schema_is_refused_and_untouched(jpath):
    J.Journal(jpath).close()
    _sql(jpath, "PRAGMA user_version = 99")
    _refused_untouched(jpath, J.JournalVersionError, "newer hipcourse")


def test_a_renamed_column_is_reported_as_damage_naming_the_table(jpath):
    """A schema that no longer has the expected columns is refused before any query
    fails with a raw "no such column"."""
    with J.Journal(jpath, today=TODAY) as j:
        j.add_assessment("straight-leg-raise", "left", 70, date="2025-01-01")
    _sql(jpath, "ALTER TABLE assessments RENAME COLUMN value TO amount")
    _refused_untouched(jpath, J.JournalDamagedError, "table assessments has the columns .*amount")


# --------------------------------------------------------------------------- hand-edited rows
def _one_of_each(path: Path) -> Path:
    with J.Journal(path, today=TODAY) as j:
        j.add_assessment("straight-leg-raise", "left", 70, date="2025-01-01", note="warm")
        j.add_assessment("faber-distance", "right", 12, date="2025-01-02")
        j.add_session(_routine(), "1,2", felt=5, felt_steps={2: 6}, date="2025-01-03")
    return path


@pytest.mark.parametrize(
    "edit, table, row, field",
    [
        (
            "PRAGMA ignore_check_constraints = ON; UPDATE assessments SET side = 'middle' WHERE id = 2",  # noqa: E501
            "assessments",
            2,
            "side",
        ),
        ("UPDATE assessments SET value = 400 WHERE id = 1", "assessments", 1, "value"),
        ("UPDATE assessments SET value = x'3730' WHERE id = 1", "assessments", 1, "value"),
        ("UPDATE assessments SET date = '2025-02-30' WHERE id = 2", "assessments", 2, "date"),
        (
            "UPDATE assessments SET note = CAST(x'c328' AS TEXT) WHERE id = 1",
            "assessments",
            1,
            "note",
        ),
        ("UPDATE assessments SET uid = 'a b' WHERE id = 1", "assessments", 1, "uid"),
        ("UPDATE sessions SET done = '[1, 9]' WHERE id = 1", "sessions", 1, "done"),
        ("UPDATE sessions SET felt_steps = '{\"3\": 5}' WHERE id = 1", "sessions", 1, "felt_steps"),
        (
            'UPDATE sessions SET routine = \'{"total_s": 300, "steps": []}\' WHERE id = 1',
            "sessions",
            1,
            "steps",
        ),
        ("UPDATE sessions SET routine = '[' || routine WHERE id = 1", "sessions", 1, "routine"),
        ("UPDATE sessions SET notes = x'00' WHERE id = 1", "sessions", 1, "notes"),
    ],
)
def test_a_hand_edited_row_is_named_by_file_table_row_and_field(tmp_path, edit, table, row, field):
    path = _one_of_each(tmp_path / "journal.sqlite3")
    _sql(path, edit)
    before = _bytes(path)
    with J.Journal(path, create=False, today=TODAY) as j:
        read = j.assessments if table == "assessments" else j.sessions
        with pytest.raises(J.JournalRowError) as err:
            read()
        assert (err.value.table, err.value.row_id, err.value.field) == (table, row, field)
        assert f"journal {path}, table {table}, row {row}: {field} = " in str(err.value)
        assert "\n" not in str(err.value)
        with pytest.raises(J.JournalRowError):  # the export reads the same rows
            j.export_csv(tmp_path / "out.csv")
    assert not (tmp_path / "out.csv").exists()
    assert _bytes(path) == before


def test_cli_and_form_report_a_hand_edited_row(tmp_path, capsys):
    from hipcourse.views import widgets

    path = _one_of_each(tmp_path / "journal.sqlite3")
    _sql(path, "UPDATE assessments SET test = '<b>toe-touch</b>' WHERE id = 2")
    before = _bytes(path)
    for argv in (
        ["progress", "--db", str(path)],
        ["export-journal", str(tmp_path / "x.csv"), "--db", str(path)],
    ):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "table assessments, row 2: test = " in err
        assert str(path) in err
    form = widgets.self_test_form(path, today=TODAY)
    assert "table assessments, row 2" in form.message.value
    assert "<b>toe" not in form.message.value  # shown as text
    assert _bytes(path) == before


def test_a_session_whose_stretch_left_the_catalog_still_reads(jpath):
    """Sessions are checked for their shape on reading, not against today's catalog, so
    editing stretches.toml never locks a learner out of their journal."""
    with J.Journal(jpath, today=TODAY) as j:
        j.add_session(_routine(), "1", date="2025-01-03")
    _sql(
        jpath,
        "UPDATE sessions SET routine = replace(routine, 'hamstring-supine-strap', "
        "'retired-stretch')",
    )
    with J.Journal(jpath, today=TODAY) as j:
        [s] = j.sessions()
    assert s.routine["steps"][0]["stretch_id"] == "retired-stretch"
    assert s.seconds_by_group() == {"hamstrings": 60.0}


def test_a_journal_switched_out_of_wal_is_read_without_writing(jpath):
    with J.Journal(jpath, today=TODAY) as j:
        j.add_assessment("straight-leg-raise", "left", 70, date="2025-01-01")
    c = sqlite3.connect(jpath)
    assert c.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "delete"
    c.close()
    before = _bytes(jpath)
    with J.Journal(jpath, today=TODAY) as j:
        assert len(j.assessments()) == 1
    assert _bytes(jpath) == before  # opening and reading wrote nothing
    with J.Journal(jpath, today=TODAY) as j:
        j.add_assessment("straight-leg-raise", "left", 72, date="2025-01-02")
    assert _bytes(jpath)[18] == 2  # the first write put it back in WAL mode


# --------------------------------------------------------------------------- migrations
def _v1_journal(path: Path) -> None:
    c = sqlite3.connect(path, isolation_level=None)
    c.execute(f"PRAGMA application_id = {J.APPLICATION_ID}")
    c.execute("PRAGMA journal_mode = WAL")
    for stmt in J.MIGRATIONS[1]:
        c.execute(stmt)
    c.execute("PRAGMA user_version = 1")
    c.execute(
        "INSERT INTO assessments (uid, date, test, side, value, note) VALUES "
        "('a1', '2024-05-01', 'straight-leg-raise', 'left', 61.5, 'old')"
    )
    c.execute(
        "INSERT INTO sessions (uid, date, routine, done, felt, notes) VALUES (?, ?, ?, ?, ?, ?)",
        ("s1", "2024-05-02", json.dumps(_routine()), "[1, 2]", 4, "v1 session"),
    )
    c.close()


def test_a_version_1_journal_is_migrated_keeping_every_record(jpath):
    _v1_journal(jpath)
    with J.Journal(jpath, today=TODAY) as j:
        assert j.schema_version == 2
        [a] = j.assessments()
        assert (a.uid, a.value, a.note) == ("a1", 61.5, "old")
        [s] = j.sessions()
        assert (s.uid, s.done, s.felt, s.felt_steps, s.notes) == ("s1", (1, 2), 4, {}, "v1 session")
        j.add_session(_routine(), "1", felt_steps={1: 3}, date="2025-01-01")
    backup = jpath.with_name(jpath.name + ".v1.bak")
    c = sqlite3.connect(backup)
    assert c.execute("PRAGMA user_version").fetchone()[0] == 1
    assert c.execute("SELECT count(*) FROM assessments").fetchone()[0] == 1
    c.close()


def test_a_version_1_journal_with_a_bad_row_is_not_migrated(jpath):
    """Every row is checked before the upgrade writes anything: a bad row is reported and
    the file (and its folder) stay exactly as they were."""
    _v1_journal(jpath)
    _sql(jpath, "UPDATE assessments SET value = 'lots' WHERE uid = 'a1'")
    before = _bytes(jpath)
    with pytest.raises(J.JournalRowError, match="table assessments, row 1: value = 'lots'"):
        J.Journal(jpath, today=TODAY)
    assert _bytes(jpath) == before
    assert sorted(p.name for p in jpath.parent.iterdir()) == [jpath.name]


# --------------------------------------------------------------------------- CSV
def test_csv_round_trip_is_identical(tmp_path):
    with J.demo_journal(tmp_path / "a") as j:
        j.add_assessment(
            "straight-leg-raise",
            "both",
            66.25,
            date="2025-05-01",
            note='comma, "quotes"\nand a new line',
        )
        n = j.export_csv(tmp_path / "one.csv")
        counts = j.counts()
    assert n == sum(counts.values())
    with J.Journal(tmp_path / "b.sqlite3", today=TODAY) as k:
        assert k.import_csv(tmp_path / "one.csv") == J.ImportResult(n, 0)
        k.export_csv(tmp_path / "two.csv")
        assert k.import_csv(tmp_path / "one.csv") == J.ImportResult(0, n)  # idempotent
        assert k.counts() == counts
    assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "two.csv").read_bytes()


def _write_csv(path: Path, rows: list[dict]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=J.CSV_FIELDS)
        w.writeheader()
        for r in rows:
            w.writerow({k: r.get(k, "") for k in J.CSV_FIELDS})


def _a(**kw):
    return dict(
        {
            "kind": "assessment",
            "date": "2025-01-01",
            "test": "straight-leg-raise",
            "side": "left",
            "value": "70",
        },
        **kw,
    )


@pytest.mark.parametrize(
    "bad, row, field",
    [
        (_a(value="700"), 3, "value"),
        (_a(test="toe-touch"), 3, "test"),
        (_a(side="up"), 3, "side"),
        (_a(date="2031-02-30"), 3, "date"),
        (_a(kind="meal"), 3, "kind"),
        (_a(felt="3"), 3, "felt"),
        (
            {"kind": "session", "date": "2025-01-02", "routine": "{broken", "done": "[1]"},
            3,
            "routine",
        ),
        (
            {
                "kind": "session",
                "date": "2025-01-02",
                "routine": json.dumps(_routine()),
                "done": "[7]",
            },
            3,
            "done",
        ),
        (
            {
                "kind": "session",
                "date": "2025-01-02",
                "routine": json.dumps(_routine()),
                "done": "[1]",
                "felt": "12",
            },
            3,
            "felt",
        ),
    ],
)
def test_a_bad_row_aborts_the_whole_import(jr, tmp_path, bad, row, field):
    p = tmp_path / "in.csv"
    _write_csv(p, [_a(), bad, _a(value="71")])
    with pytest.raises(ValueError) as err:
        jr.import_csv(p)
    assert err.value.field == field
    assert f"in.csv, row {row}:" in str(err.value)
    assert jr.counts() == {"assessments": 0, "sessions": 0}


def test_import_checks_the_header_and_accepts_blank_uids(jr, tmp_path):
    p = tmp_path / "in.csv"
    p.write_text("kind,date\nassessment,2025-01-01\n", encoding="utf-8")
    with pytest.raises(ValueError, match="row 1"):
        jr.import_csv(p)
    _write_csv(p, [_a(), _a(value="71")])
    assert jr.import_csv(p).added == 2
    assert len({r.uid for r in jr.assessments()}) == 2


def test_import_is_one_transaction(jr, tmp_path, monkeypatch):
    """A failure while writing (not just while checking) leaves nothing behind."""
    p = tmp_path / "in.csv"
    _write_csv(p, [_a(uid="u1"), _a(uid="u2", value="71")])
    calls = []
    real = J.Journal._insert_assessment

    def flaky(c, *args):
        calls.append(1)
        if len(calls) == 2:
            raise sqlite3.OperationalError("disk I/O error (simulated)")
        return real(c, *args)

    monkeypatch.setattr(J.Journal, "_insert_assessment", staticmethod(flaky))
    with pytest.raises(J.JournalWriteError, match="journal.sqlite3: the change was NOT saved"):
        jr.import_csv(p)
    assert jr.counts()["assessments"] == 0
    monkeypatch.undo()
    assert jr.import_csv(p).added == 2  # the connection is still usable after the rollback


# --------------------------------------------------------------------------- fault tests
WRITER = textwrap.dedent("""
    import sys
    from hipcourse.models.journal import Journal
    path, tag, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    sys.stdin.readline()  # wait for "go", so that two writers really start together
    with Journal(path) as j:
        i = 0
        while count < 0 or i < count:
            r = j.add_assessment("straight-leg-raise", "left", 40 + i % 60,
                                 date="2025-01-01", note=f"{tag}-{i}")
            print(r.uid, flush=True)
            i += 1
""")


def _writer(path: Path, tag: str, count: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), tag, str(count)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _go(*procs) -> None:
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()


def test_sigkill_while_writing_keeps_every_committed_record(jpath):
    J.Journal(jpath).close()
    proc = _writer(jpath, "k", -1)
    _go(proc)
    committed = []
    try:
        for line in proc.stdout:  # uids are printed only after their commit returned
            committed.append(line.strip())
            if len(committed) >= 40:
                break
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    committed += [ln.strip() for ln in proc.stdout if ln.strip()]
    assert proc.returncode == -signal.SIGKILL
    assert len(committed) >= 40, proc.stderr.read()
    with J.Journal(jpath) as j:  # opens: validated and consistent after the crash
        assert j.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        uids = {r.uid for r in j.assessments()}
        assert set(committed) <= uids
        assert len(uids) <= len(committed) + 1  # at most the one being reported


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    path = tmp_path / "new" / "journal.sqlite3"  # both also race to create it
    n = 150
    procs = [_writer(path, tag, n) for tag in ("a", "b")]
    _go(*procs)
    outs = [p.communicate(timeout=60) for p in procs]
    for p, (_out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
    uids = [u for out, _ in outs for u in out.split()]
    assert len(uids) == 2 * n
    with J.Journal(path) as j:
        got = j.assessments()
    assert {r.uid for r in got} == set(uids)
    assert sorted(r.note for r in got) == sorted(f"{t}-{i}" for t in "ab" for i in range(n))


def test_two_connections_in_one_process_interleave(jpath):
    with J.Journal(jpath, today=TODAY) as a, J.Journal(jpath, today=TODAY) as b:
        for k in range(5):
            a.add_assessment("supine-abduction", "left", 30 + k, date="2025-01-01")
            b.add_assessment("supine-abduction", "right", 30 + k, date="2025-01-01")
        assert len(a.assessments()) == len(b.assessments()) == 10


# ----------------------------------------------------------- unwritable places, failed writes
from conftest import read_only_folder as _read_only  # noqa: E402  (shared helper)


def test_reading_works_in_a_read_only_folder_and_writing_says_why_not(tmp_path, capsys):
    folder = tmp_path / "ro"
    folder.mkdir()
    path = _one_of_each(folder / "journal.sqlite3")
    before = _bytes(path)
    with _read_only(folder):
        with J.Journal(path, today=TODAY) as j:
            assert "not writable" in j.read_only_reason
            assert [r.value for r in j.assessments()] == [70.0, 12.0]
            assert len(j.sessions()) == 1
            assert j.export_csv(tmp_path / "out.csv") == 3  # export to a writable place
            with pytest.raises(J.JournalNotWritableError) as err:
                j.add_assessment("straight-leg-raise", "left", 71, date="2025-02-01")
        msg = str(err.value)
        assert str(path) in msg and "not writable" in msg and "damaged" not in msg
        assert main(["progress", "--db", str(path)]) == 0
        assert "hamstrings: 70°" in capsys.readouterr().out
        assert (
            main(
                [
                    "log",
                    "assessment",
                    "--db",
                    str(path),
                    "--test",
                    "straight-leg-raise",
                    "--side",
                    "left",
                    "--value",
                    "71",
                ]
            )
            == 2
        )
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "not writable" in err and "damaged" not in err
        assert sorted(p.name for p in folder.iterdir()) == ["journal.sqlite3"]
    assert _bytes(path) == before


def test_a_version_1_journal_in_a_read_only_folder_is_read_without_upgrading(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "journal.sqlite3"
    _v1_journal(path)
    before = _bytes(path)
    with _read_only(folder):
        with J.Journal(path, today=TODAY) as j:
            assert j.schema_version == 1
            [s] = j.sessions()
            assert (s.uid, s.done, s.felt_steps) == ("s1", (1, 2), {})
            assert [a.uid for a in j.assessments()] == ["a1"]
    assert _bytes(path) == before
    assert sorted(p.name for p in folder.iterdir()) == ["journal.sqlite3"]


def test_unmerged_records_in_a_read_only_folder_are_not_silently_skipped(tmp_path):
    """A -wal file with committed records (left by a crash) needs a writable folder to be
    read; reading the main file alone would miss them, so it is a clear error instead."""
    path = _one_of_each(tmp_path / "live" / "journal.sqlite3")
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute(
        "INSERT INTO assessments (uid, date, test, side, value, note) VALUES "
        "('late', '2025-01-05', 'straight-leg-raise', 'left', 72, '')"
    )
    folder = tmp_path / "ro"
    folder.mkdir()
    for name in ("journal.sqlite3", "journal.sqlite3-wal"):  # a snapshot, as after a crash
        shutil.copy(path.with_name(name), folder / name)
    writer.close()
    with _read_only(folder):
        with pytest.raises(J.JournalNotWritableError) as err:
            J.Journal(folder / "journal.sqlite3", today=TODAY)
        assert "journal.sqlite3-wal" in str(err.value) and "damaged" not in str(err.value)
    with J.Journal(folder / "journal.sqlite3", today=TODAY) as j:  # writable again: all there
        assert "late" in {r.uid for r in j.assessments()}


class _FailingCommit:
    """Wraps a connection: the first COMMIT fails as on a full disk."""

    def __init__(self, conn):
        self.conn, self.failed = conn, False

    def execute(self, sql, *args):
        if sql == "COMMIT" and not self.failed:
            self.failed = True
            raise sqlite3.OperationalError("disk I/O error")
        return self.conn.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self.conn, name)


def test_a_failed_commit_is_rolled_back_and_the_journal_stays_usable(jr):
    jr.add_assessment("straight-leg-raise", "left", 70, date="2025-01-01")
    real = jr._conn
    jr._conn = _FailingCommit(real)
    with pytest.raises(J.JournalWriteError, match=r"journal.sqlite3: the change was NOT saved"):
        jr.add_assessment("straight-leg-raise", "left", 71, date="2025-01-02")
    assert not real.in_transaction  # rolled back, not left holding the write lock
    assert [r.value for r in jr.assessments()] == [70.0]
    jr.add_assessment("straight-leg-raise", "left", 72, date="2025-01-03")
    assert [r.value for r in jr.assessments()] == [70.0, 72.0]


def test_a_journal_locked_too_long_says_busy_and_saves_nothing(jpath):
    J.Journal(jpath).close()
    holder = sqlite3.connect(jpath, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with J.Journal(jpath, today=TODAY, timeout_s=0.2) as j:
            with pytest.raises(J.JournalWriteError, match="is busy"):
                j.add_assessment("straight-leg-raise", "left", 70, date="2025-01-01")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with J.Journal(jpath, today=TODAY) as j:
        assert j.counts()["assessments"] == 0


DISK_FULL_THEN_FREED = textwrap.dedent("""
    import json, resource, signal, sys
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # past the limit, write() fails (EFBIG)
    from hipcourse.models import journal as J
    j = J.Journal(sys.argv[1])
    limit = j.path.stat().st_size + 16384
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    saved, error = [], None
    for i in range(2000):
        try:
            saved.append(j.add_assessment("straight-leg-raise", "left", 60, date="2025-01-01",
                                          note=f"{i} " + "x" * 500).uid)
        except J.JournalError as exc:
            error = [type(exc).__name__, str(exc)]
            break
    resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))  # space again
    after = j.add_assessment("straight-leg-raise", "left", 61, date="2025-01-02").uid
    j.close()
    print(json.dumps({"saved": saved, "error": error, "after": after}))
""")


def test_after_a_full_disk_the_same_journal_writes_again(jpath):
    """The hostile tests check that a full disk loses nothing; this one checks the open
    journal recovers once there is space, without the failed record."""
    out = subprocess.run(
        [sys.executable, "-c", DISK_FULL_THEN_FREED, str(jpath)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    name, message = result["error"]
    assert name == "JournalWriteError" and str(jpath) in message and "NOT saved" in message
    with J.Journal(jpath, create=False, today=TODAY) as j:
        uids = [r.uid for r in j.assessments()]
    assert uids == result["saved"] + [result["after"]]


# --------------------------------------------------------------------------- progress helpers
def test_weekly_helpers_on_the_demo_journal(tmp_path):
    with J.demo_journal(tmp_path) as j:
        sessions, assessments = j.sessions(), j.assessments()
        with pytest.raises(J.JournalError, match="already has records"):
            J.seed_demo(j)
    weeks = J.sessions_per_week(sessions)
    assert [w.isoformat() for w, _ in weeks][:2] == ["2025-03-03", "2025-03-10"]
    assert [k for _, k in weeks] == [3, 2, 3, 2, 0, 3, 1]
    mins = dict(J.minutes_per_week(sessions))
    # a full demo session: hamstrings 30 s x 2 + 30 s x 1 per side = 1.5 min; groin 1 min
    first = mins[dt.date(2025, 3, 3)]
    assert first["hamstrings"] == pytest.approx(3 * 1.5)
    assert first["groin"] == pytest.approx(3 * 1.0)
    assert mins[dt.date(2025, 3, 31)] == {g: 0.0 for g in first}
    data = J.progress(assessments, sessions)
    assert data["summary"]["hamstrings"].startswith("hamstrings: +12° since 3 March 2025")
    assert data["levels"] == {
        "hamstrings": 2,
        "quadriceps": 3,
        "glutes": 2,
        "hip-flexors": 2,
        "groin": 3,
    }


def test_one_sided_steps_count_for_their_side():
    """Dose is per side: a left step and a right step of 30 s x 2 make 60 s per side, and
    the left step alone is 60 s on the left (issue 14: it used to count half)."""
    step = dict(J.demo_routine()["steps"][0])
    r = {"total_s": 200, "steps": [dict(step, side="left"), dict(step, side="right")]}
    s = J.SessionRecord(1, "u", dt.date(2025, 1, 1), r, (1, 2))
    assert s.seconds_by_group() == {"hamstrings": 60}
    assert s.dose().per_side_s == {"hamstrings": {"left": 60, "right": 60}}
    left = J.SessionRecord(1, "u", dt.date(2025, 1, 1), r, (1,))
    assert left.seconds_by_group() == {"hamstrings": 60}
    assert left.dose().per_side_s == {"hamstrings": {"left": 60, "right": 0}}


def test_the_journal_records_the_dose_the_routine_states(jpath):
    """Issue 14: a left-only hamstring routine of 4 x 30 s is 2 minutes of stretching by the
    routine, and the journal must record the same 2 minutes (it recorded 1)."""
    from hipcourse.models.routine import RoutineRequest, build_routine

    r = build_routine(RoutineRequest(minutes=5, focus=("hamstrings",), sides="left"))
    assert [(s.group, s.side, s.hold_s, s.reps) for s in r.steps] == [("hamstrings", "left", 30, 4)]
    assert r.dose().per_group_s == {"hamstrings": 120}
    with J.Journal(jpath, today=TODAY) as j:
        j.add_session(r, "1", date="2025-01-06")
        [s] = j.sessions()
    assert s.dose() == r.dose()
    [(_, minutes)] = J.minutes_per_week([s])
    assert minutes["hamstrings"] == pytest.approx(2.0)
    assert J.progress([], [s])["minutes_per_week"][0]["minutes"]["hamstrings"] == 2.0


def test_progress_figures_are_pure_views(tmp_path):
    from hipcourse.views import plots

    with J.demo_journal(tmp_path) as j:
        a, s = j.assessments(), j.sessions()
    for fig in (
        plots.progress_tests(a),
        plots.progress_test(a, "faber-distance"),
        plots.sessions_calendar(s),
        plots.weekly_minutes(s),
        plots.thomas_choices(),
        plots.progress_tests([]),
        plots.sessions_calendar([]),
        plots.weekly_minutes([]),
    ):
        assert len(plots.alt_text(fig)) > 40
    assert "not an accepted norm" in plots.alt_text(plots.progress_test(a, "faber-distance"))
    assert "0 sessions" not in plots.alt_text(plots.sessions_calendar(s))
    assert "No sessions in the week of 31 March 2025" in plots.alt_text(plots.sessions_calendar(s))


# --------------------------------------------------------------------------- widget
def test_self_test_form_records_and_shows_errors(tmp_path):
    from hipcourse.views import widgets

    path = tmp_path / "j.sqlite3"
    form = widgets.self_test_form(path, today=TODAY)
    assert "No results yet" in form.rungs.value and not path.exists()
    form.test.value = "straight-leg-raise"
    form.side.value = "right"
    form.value.value = "900"
    form.save_button.click()
    assert "value = &#x27;900&#x27;" in form.message.value and not path.exists()
    form.value.value = "84"
    form.date.value = "2025-07-01"
    form.save_button.click()
    assert "date = " in form.message.value
    form.date.value = "2025-05-30"
    form.note.value = "<b>warm</b>"
    form.save_button.click()
    assert "Saved" in form.message.value
    assert "4 of 5" in form.rungs.value
    assert form.chart.value[:4] == b"\x89PNG"
    with J.Journal(path) as j:
        [r] = j.assessments()
    assert (r.test, r.side, r.value, r.note) == ("straight-leg-raise", "right", 84.0, "<b>warm</b>")
    form.test.value = "thomas-picture"
    assert form.value.layout.display == "none" and len(form.picture.options) == 3


def test_self_test_form_reports_a_damaged_journal(tmp_path):
    from hipcourse.views import widgets

    p = tmp_path / "j.sqlite3"
    p.write_bytes(b"not a journal" * 20)
    form = widgets.self_test_form(p, today=TODAY)
    assert "not an SQLite database" in form.message.value
    assert p.read_bytes() == b"not a journal" * 20


# --------------------------------------------------------------------------- CLI
def test_cli_log_progress_export_import(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv(J.ENV_VAR, str(tmp_path))
    assert (
        main(
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
                "2025-03-01",
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "log",
                "assessment",
                "--test",
                "straight-leg-raise",
                "--side",
                "left",
                "--value",
                "78",
                "--date",
                "2025-04-01",
            ]
        )
        == 0
    )
    routine = tmp_path / "r.json"
    routine.write_text(json.dumps(_routine()), encoding="utf-8")
    assert (
        main(
            [
                "log",
                "session",
                "--routine",
                str(routine),
                "--done",
                "1,2",
                "--felt",
                "5",
                "--felt-step",
                "2=7",
                "--notes",
                "ok",
                "--date",
                "2025-04-02",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert main(["progress", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["summary"]["hamstrings"].startswith("hamstrings: +8° since 1 March 2025")
    assert data["counts"] == {"assessments": 2, "sessions": 1}
    assert main(["progress"]) == 0
    assert "hamstrings: +8°" in capsys.readouterr().out
    out = tmp_path / "export.csv"
    assert main(["export-journal", str(out)]) == 0
    other = tmp_path / "other.sqlite3"
    assert main(["import-journal", str(out), "--db", str(other)]) == 0
    assert "3 record(s) added" in capsys.readouterr().out
    with J.Journal(other) as j:
        assert j.counts() == {"assessments": 2, "sessions": 1}
        [session] = j.sessions()
        assert (session.done, session.felt, session.felt_steps) == ((1, 2), 5, {"2": 7})


@pytest.mark.parametrize(
    "argv, field",
    [
        (["log", "assessment", "--test", "toe-touch", "--side", "left", "--value", "3"], "test"),
        (
            ["log", "assessment", "--test", "straight-leg-raise", "--side", "up", "--value", "3"],
            "side",
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
                "999",
            ],
            "value",
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
                "9",
                "--date",
                "2999-01-01",
            ],
            "date",
        ),
        (["log", "session", "--routine", "MISSING", "--done", "1"], "--routine"),
        (
            ["log", "session", "--routine", "ROUTINE", "--done", "1", "--felt-step", "1:5"],
            "--felt-step",
        ),
        (
            ["log", "session", "--routine", "ROUTINE", "--done", "1", "--felt-step", "2=5"],
            "felt_steps",
        ),
        (["log", "session", "--routine", "ROUTINE", "--done", "1,4"], "done"),
    ],
)
def test_cli_bad_input_one_line_exit_2(tmp_path, capsys, monkeypatch, argv, field):
    monkeypatch.setenv(J.ENV_VAR, str(tmp_path))
    routine = tmp_path / "r.json"
    routine.write_text(json.dumps(_routine()), encoding="utf-8")
    argv = [str(routine) if a == "ROUTINE" else a for a in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{field} = " in err


def test_cli_damaged_journal_exit_2_untouched(tmp_path, capsys):
    p = tmp_path / "j.sqlite3"
    p.write_bytes(b"\x00" * 512)
    assert main(["progress", "--db", str(p)]) == 2
    assert "left unchanged" in capsys.readouterr().err
    assert p.read_bytes() == b"\x00" * 512


def test_unwritable_places_give_clear_errors(tmp_path, jr):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(J.JournalError, match="cannot create a journal"):
        J.Journal(blocker / "journal.sqlite3")
    with pytest.raises(ValueError) as err:
        jr.export_csv(tmp_path / "missing-folder" / "x.csv")
    assert err.value.field == "file"


def test_a_stored_future_date_stays_readable(tmp_path):
    """A wrong clock or another time zone must never lock a learner out of a record."""
    import sqlite3

    path = tmp_path / "j.sqlite3"
    j = J.Journal(path)
    j.add_assessment("straight-leg-raise", "left", 70, "2025-03-01")
    j.close() if hasattr(j, "close") else None
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE assessments SET date = '2099-01-01'")
    again = J.Journal(path)
    records = again.assessments()
    assert [r.date.isoformat() for r in records] == ["2099-01-01"]
    J.progress(records, again.sessions())  # the summary copes with it too
