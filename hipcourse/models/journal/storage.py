"""Opening a journal file safely (checked before any write), migrations, reading rows."""

from __future__ import annotations

import contextlib
import datetime as _dt
import functools
import json
import os
import sqlite3
import tempfile
import uuid
from pathlib import Path
from typing import Any

from hipcourse.content.catalog import Catalog
from hipcourse.kit.checks import InputError
from hipcourse.models.assessment import check_date, check_note, check_result
from hipcourse.models.journal.checks import check_done, check_felt, check_felt_steps, check_routine
from hipcourse.models.journal.records import (
    _TABLES,
    _UID,
    APPLICATION_ID,
    ENV_VAR,
    MIGRATIONS,
    SCHEMA_VERSION,
    SQLITE_MAGIC,
    AssessmentRecord,
    JournalDamagedError,
    JournalError,
    JournalNotWritableError,
    JournalVersionError,
    JournalWriteError,
    SessionRecord,
)


# --------------------------------------------------------------------------- opening
class _BadText(bytes):
    """Stored text that is not valid UTF-8 (a damaged or hand-edited row)."""


def _text(raw: bytes) -> str:
    """``sqlite3`` text factory: invalid UTF-8 comes back as :class:`_BadText`, which the
    record checks report with its table, row and field, instead of an
    ``OperationalError`` ("Could not decode to UTF-8") for the whole query."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return _BadText(raw)


def _errname(exc: BaseException) -> str:
    """SQLite's error code name (``SQLITE_IOERR_WRITE``, ...), or '' if there is none."""
    return getattr(exc, "sqlite_errorname", None) or ""


#: What a query can raise: SQLite's errors, and UnicodeDecodeError when the text of
#: SQLite's error message (which quotes the damaged schema) is not valid UTF-8.
_DB_ERRORS = (sqlite3.Error, UnicodeDecodeError)


def _one_line(text: Any) -> str:
    """``text`` on one line (SQLite's integrity reports span several)."""
    return " ".join(str(text).split())


def _header(path: Path) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(100)
    except OSError as exc:
        raise JournalError(f"journal {path} cannot be read ({exc.strerror})") from None


def _untouched(path: Path) -> str:
    return (
        f"The file was left unchanged. Move it aside (or pass another path / set "
        f"{ENV_VAR}) to start a new journal."
    )


_RECOVER = " The sqlite3 shell's .recover command can often rescue the records from a copy."
_SALVAGE = " `hipcourse export-journal` can still save the readable records to a CSV file."


def _why_not_writable(path: Path) -> str | None:
    """Why this process cannot write the journal at ``path``; None if it can.

    In WAL mode SQLite also creates two files next to the journal (``-wal`` and
    ``-shm``), so the folder must be writable as well as the file.
    """
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        return (
            f"the folder {folder} is not writable (a read-only folder or drive, or no permission)"
        )
    if path.exists() and not os.access(path, os.W_OK):
        return "the file is read-only (no permission to write it)"
    return None


def _cannot_create(path: Path, exc: BaseException) -> JournalError:
    """The error for a new journal that could not be made (nothing is left behind)."""
    reason, kind = _one_line(getattr(exc, "strerror", None) or exc), JournalWriteError
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                reason, kind = f"{parent} is a file, not a folder", JournalNotWritableError
            elif not os.access(parent, os.W_OK | os.X_OK):
                reason = (
                    f"the folder {parent} is not writable (a read-only folder or "
                    f"drive, or no permission)"
                )
                kind = JournalNotWritableError
            break
    return kind(f"cannot create a journal at {path}: {reason}; nothing was written")


def _read_problem(path: Path, exc: BaseException) -> JournalError:
    """The error to raise for ``exc`` (one of :data:`_DB_ERRORS`) while reading ``path``."""
    name = _errname(exc)
    text = (
        _one_line(exc)
        if not isinstance(exc, UnicodeDecodeError)
        else "SQLite's error message is not even valid text: the schema is damaged"
    )
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return JournalError(
            f"journal {path} is busy: another program kept it locked too "
            f"long ({text}). Try again; nothing was changed."
        )
    if name.startswith(
        (
            "SQLITE_IOERR",
            "SQLITE_CANTOPEN",
            "SQLITE_PERM",
            "SQLITE_AUTH",
            "SQLITE_NOMEM",
            "SQLITE_READONLY",
        )
    ):
        return JournalError(f"journal {path} cannot be read ({text}); the file was left unchanged.")
    return JournalDamagedError(
        f"journal {path} is damaged ({text}). " + _untouched(path) + _RECOVER
    )


def _connect_ro(path: Path, timeout_s: float) -> sqlite3.Connection:
    """A read-only connection to ``path``, also in a folder this process cannot write.

    SQLite opens a WAL database read-only only if it can create the ``-shm`` file next
    to it. Where it cannot (a read-only folder), the file is opened ``immutable``: this
    process cannot change it, and a program that can write there would have to be
    writing at this very moment for the read to be affected. A non-empty ``-wal`` file
    next to it holds committed records not yet merged into the file; an immutable read
    would miss them, so that case is refused with a clear error instead.
    """
    uri = path.resolve().as_uri()
    conn = sqlite3.connect(uri + "?mode=ro", uri=True, timeout=timeout_s, isolation_level=None)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError as exc:
        conn.close()
        why = _why_not_writable(path)
        if not _errname(exc).startswith("SQLITE_CANTOPEN") or why is None:
            raise
    wal = path.with_name(path.name + "-wal")
    with contextlib.suppress(OSError):
        if wal.stat().st_size > 0:
            raise JournalNotWritableError(
                f"journal {path} cannot be read here: {why}, and {wal.name} next to it holds "
                f"saved records that SQLite must first merge into the journal, which needs "
                f"write access. Make the folder writable (or copy the journal together with "
                f"{wal.name} to a writable folder) and try again; nothing was changed."
            )
    return sqlite3.connect(
        uri + "?mode=ro&immutable=1", uri=True, timeout=timeout_s, isolation_level=None
    )


@functools.cache
def _expected_columns(version: int) -> dict[str, tuple]:
    """``PRAGMA table_info`` of each table of a journal at schema ``version``."""
    mem = sqlite3.connect(":memory:")
    try:
        for v in range(1, version + 1):
            for statement in MIGRATIONS[v]:
                mem.execute(statement)
        return {
            t: tuple(mem.execute(f"PRAGMA table_info({t})").fetchall()) for t in sorted(_TABLES)
        }
    finally:
        mem.close()


def _validate(path: Path, timeout_s: float, *, salvage: bool = False) -> tuple[int, str | None]:
    """Check ``path`` without writing to it; return its schema version and, with
    ``salvage=True``, why ``PRAGMA integrity_check`` fails (None if it passes; without
    ``salvage`` a failure raises :class:`JournalDamagedError`).

    Order: the header as bytes (SQLite magic, application id), then a read-only
    connection (schema version, ``integrity_check``, the expected tables and columns).
    """
    damaged = None
    head = _header(path)
    if len(head) < 100 or head[:16] != SQLITE_MAGIC:
        what = "is empty" if not head else "is not an SQLite database"
        raise JournalDamagedError(
            f"journal {path} {what}, so it is not a hipcourse journal. " + _untouched(path)
        )
    app_id = int.from_bytes(head[68:72], "big")
    if app_id != APPLICATION_ID:
        raise JournalDamagedError(
            f"journal {path} is an SQLite database but not a hipcourse journal "
            f"(application id {app_id:#x}, expected {APPLICATION_ID:#x}). " + _untouched(path)
        )
    try:
        ro = _connect_ro(path, timeout_s)
    except _DB_ERRORS as exc:
        raise _read_problem(path, exc) from None
    try:
        version = ro.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise JournalVersionError(
                f"journal {path} was written by a newer hipcourse (schema version {version}; "
                f"this one reads up to {SCHEMA_VERSION}). Upgrade hipcourse "
                f"(pip install -U hipcourse) to use it; the file was left unchanged."
            )
        # integrity_check, not quick_check: it also compares every index with its table
        check = [row[0] for row in ro.execute("PRAGMA integrity_check")]
        if check != ["ok"]:
            damage = f"journal {path} is damaged ({_one_line('; '.join(map(str, check[:3])))}). "
            if not salvage:
                raise JournalDamagedError(damage + _untouched(path) + _RECOVER + _SALVAGE)
            damaged = damage
        tables = {
            row[0] for row in ro.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if version < 1 or not _TABLES <= tables:
            raise JournalDamagedError(
                f"journal {path} has no journal tables (schema version "
                f"{version}). " + _untouched(path)
            )
        for table, want in _expected_columns(version).items():
            got = tuple(ro.execute(f"PRAGMA table_info({table})").fetchall())
            if got != want:
                names = _one_line(", ".join(str(c[1]) for c in got))
                raise JournalDamagedError(
                    f"journal {path} is damaged: table {table} has the columns ({names}), not "
                    f"those of a schema version {version} journal "
                    f"({', '.join(c[1] for c in want)}). " + _untouched(path)
                )
    except _DB_ERRORS as exc:
        raise _read_problem(path, exc) from None
    finally:
        ro.close()
    return version, damaged


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _create(path: Path) -> None:
    """Build a complete, empty journal in a temporary file, then link it into place.

    ``os.link`` never replaces an existing file, so two processes creating the same
    journal at once both end up using the first one's file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".new", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("BEGIN IMMEDIATE")
            for version in range(1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[version]:
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        finally:
            conn.close()
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process created it first: use that one
        except OSError:  # a filesystem without hard links
            if not path.exists():
                os.replace(tmp, path)
        _fsync_dir(path.parent)
    finally:
        for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            with contextlib.suppress(FileNotFoundError):
                p.unlink()


def _backup(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    """Copy the journal to ``<name>.v<version>.bak`` (complete or not at all)."""
    target = path.with_name(f"{path.name}.v{version}.bak")
    if target.exists():
        return target
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        dest = sqlite3.connect(tmp)
        try:
            conn.backup(dest)
        finally:
            dest.close()
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        _fsync_dir(target.parent)
    finally:
        for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm"), Path(f"{tmp}-journal")):
            with contextlib.suppress(FileNotFoundError):
                p.unlink()
    return target


def _rollback(conn: sqlite3.Connection) -> None:
    """Roll back an open transaction; after an I/O error SQLite may already have done so."""
    if conn.in_transaction:
        with contextlib.suppress(*_DB_ERRORS):
            conn.execute("ROLLBACK")


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Bring a validated journal up to :data:`SCHEMA_VERSION` in one transaction."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version >= SCHEMA_VERSION:
        return
    _backup(conn, path, version)
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]  # another process may have won
        for v in range(version + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[v]:
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {max(version, SCHEMA_VERSION)}")
        conn.execute("COMMIT")
    except BaseException:
        _rollback(conn)
        raise


# --------------------------------------------------------------------------- reading rows
_ASSESSMENT_SQL = "SELECT id, uid, date, test, side, value, note FROM assessments"


def _session_sql(version: int) -> str:
    felt_steps = "felt_steps" if version >= 2 else "'{}'"  # version 1 had no felt_steps
    return f"SELECT id, uid, date, routine, done, felt, {felt_steps}, notes FROM sessions"


def _short(value: Any) -> Any:
    """A long stored text or byte string cut to 60 for an error message."""
    return value[:60] if isinstance(value, (str, bytes)) and len(value) > 60 else value


def _decoded(names: tuple[str, ...], row: tuple, where: str) -> None:
    """Refuse a row with text that is not valid UTF-8 (see :func:`_text`), naming the field."""
    for name, value in zip(names, row, strict=False):
        if isinstance(value, _BadText):
            raise InputError(name, _short(bytes(value)), "text in UTF-8", where=where)


def _stored_uid(value: Any, where: str) -> str:
    if not isinstance(value, str) or not _UID.match(value):
        raise InputError(
            "uid", _short(value), "text of letters, digits and '-' (at most 64)", where=where
        )
    return value


def _stored_json(name: str, value: Any, where: str, allowed: str) -> Any:
    if not isinstance(value, str):
        raise InputError(name, _short(value), allowed, where=where)
    try:
        return json.loads(value)
    except (ValueError, RecursionError):
        raise InputError(name, _short(value), allowed, where=where) from None


def _assessment_from_row(row: tuple, where: str, today: _dt.date) -> AssessmentRecord:
    """One stored assessment, checked as :func:`check_result` checks a new one."""
    _decoded(("id", "uid", "date", "test", "side", "value", "note"), row, where)
    i, uid, date, test, side, value, note = row
    uid = _stored_uid(uid, where)
    # A stored date later than today (a wrong clock, another time zone) stays readable:
    # only new records are refused for being in the future.
    d = check_date(date, today=_dt.date.max, where=where)
    if isinstance(value, (bytes, str)):  # REAL affinity keeps only non-numbers as text
        raise InputError("value", _short(value), "a number", where=where)
    r = check_result(test, side, value, d, note, today=_dt.date.max, where=where)
    return AssessmentRecord(i, uid, r.date, r.test, r.side, r.value, r.note)


def _session_from_row(row: tuple, where: str, today: _dt.date, catalog: Catalog) -> SessionRecord:
    """One stored session, checked as :meth:`Journal.add_session` checks a new one
    (except that its stretches need not be in today's catalog)."""
    _decoded(("id", "uid", "date", "routine", "done", "felt", "felt_steps", "notes"), row, where)
    i, uid, date, routine, done, felt, felt_steps, notes = row
    uid = _stored_uid(uid, where)
    d = check_date(date, today=_dt.date.max, where=where)  # see _assessment_from_row
    routine = check_routine(
        _stored_json("routine", routine, where, "a routine as JSON"),
        catalog,
        where=where,
        known_stretches=False,
    )
    done = check_done(
        _stored_json("done", done, where, "a JSON list of step numbers"),
        len(routine["steps"]),
        where=where,
    )
    felt = check_felt(felt, where=where)
    felt_steps = check_felt_steps(
        _stored_json("felt_steps", felt_steps, where, "a JSON object {step number: 0..10}"),
        done,
        where=where,
    )
    notes = check_note(notes, field="notes", where=where)
    return SessionRecord(i, uid, d, routine, done, felt, felt_steps, notes)
