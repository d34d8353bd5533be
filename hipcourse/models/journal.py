"""The learner's journal: self-test results and stretching sessions over time.

An SQLite database (stdlib :mod:`sqlite3`) that never loses a committed record:

- **Where.** ``platformdirs.user_data_dir("hipcourse")/journal.sqlite3`` by default; the
  environment variable ``HIPCOURSE_DATA_DIR`` names another folder, and every function
  takes a ``path`` that wins over both (:func:`default_path`).
- **Safe to share.** WAL mode and a busy timeout, and every write is one ``BEGIN
  IMMEDIATE`` transaction, so two kernels or processes writing at once both succeed;
  ``synchronous=FULL`` so a committed record survives a crash.
- **Never damaged by us.** A new journal is built in a temporary file and linked into
  place only when complete. An existing file is checked *before* anything writes to it:
  the SQLite header and this application's id are read as bytes, then the file is opened
  read-only for its schema version and a ``quick_check``. A file that is not a journal,
  is damaged, or comes from a newer version of hipcourse raises :class:`JournalError`
  and is left byte-for-byte unchanged. Migrations run only on a file that passed those
  checks (and whose every row reads back valid), in one transaction, after a backup copy
  (``journal.sqlite3.v1.bak``). Opening and reading never write to the file.
- **Every row read is checked.** A row damaged on disk or edited by hand (say, with the
  ``sqlite3`` shell) raises :class:`JournalRowError` naming the file, the table, the row
  id and the field, instead of a raw ``sqlite3``/JSON/date error; the file is left as it is.
- **Read-only places.** A journal in a folder (or a file) this process cannot write is
  opened read-only: reading works; every write raises :class:`JournalNotWritableError`
  naming the path and why it is not writable. Nothing there is called "damaged".
- **Failed writes.** A write that fails (a full disk, an I/O error, a lock held too long)
  is rolled back and raises :class:`JournalWriteError` naming the file and saying the
  record was not saved; everything committed before is kept (SQLite's transactions).
- **Portable.** :meth:`Journal.export_csv` writes every record to one CSV file
  (atomically); :meth:`Journal.import_csv` reads it back in one transaction: a bad row
  aborts the whole import with its row number and field. Export, import into an empty
  journal and export again gives the same file.

The progress helpers at the end (:func:`sessions_per_week`, :func:`minutes_per_week`)
are pure functions of records, used by the plots and the CLI.

Examples
--------
>>> import tempfile, pathlib
>>> from hipcourse.models.journal import Journal
>>> with tempfile.TemporaryDirectory() as d:
...     with Journal(pathlib.Path(d) / "j.sqlite3") as j:
...         _ = j.add_assessment("straight-leg-raise", "left", 72, date="2025-03-01")
...         [(r.test, r.value) for r in j.assessments()]
[('straight-leg-raise', 72.0)]
"""
from __future__ import annotations

import contextlib
import csv
import datetime as _dt
import functools
import io
import json
import os
import re
import sqlite3
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from hipcourse.kit.checks import InputError, choice, integer, number
from hipcourse.models.assessment import check_date, check_note, check_result, load_tests
from hipcourse.content.catalog import GROUP_IDS, Catalog, load_catalog
from hipcourse.models.routine import FILE_FORMAT as ROUTINE_FILE_FORMAT
from hipcourse.models.routine import STEP_SIDES as ROUTINE_SIDES
from hipcourse.kit.files import atomic_write_text
from hipcourse.models.routine import routine_from_dict

ENV_VAR = "HIPCOURSE_DATA_DIR"
FILENAME = "journal.sqlite3"
#: Schema version this code writes (``PRAGMA user_version``).
SCHEMA_VERSION = 2
#: ``PRAGMA application_id``: "HIPC", marks a file as a hipcourse journal.
APPLICATION_ID = 0x48495043
BUSY_TIMEOUT_S = 10.0
SQLITE_MAGIC = b"SQLite format 3\x00"
CSV_FIELDS = ("kind", "uid", "date", "test", "side", "value", "note", "routine", "done",
              "felt", "felt_steps")

#: Schema migrations: version -> statements that bring version - 1 up to it.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        """CREATE TABLE assessments (
             id    INTEGER PRIMARY KEY,
             uid   TEXT NOT NULL UNIQUE,
             date  TEXT NOT NULL,
             test  TEXT NOT NULL,
             side  TEXT NOT NULL CHECK (side IN ('left', 'right', 'both')),
             value REAL NOT NULL,
             note  TEXT NOT NULL DEFAULT '')""",
        """CREATE TABLE sessions (
             id      INTEGER PRIMARY KEY,
             uid     TEXT NOT NULL UNIQUE,
             date    TEXT NOT NULL,
             routine TEXT NOT NULL,
             done    TEXT NOT NULL,
             felt    INTEGER CHECK (felt IS NULL OR felt BETWEEN 0 AND 10),
             notes   TEXT NOT NULL DEFAULT '')""",
    ),
    2: (  # how each step felt (version 1 kept one number per session)
        "ALTER TABLE sessions ADD COLUMN felt_steps TEXT NOT NULL DEFAULT '{}'",
        "CREATE INDEX assessments_test_date ON assessments (test, date)",
        "CREATE INDEX sessions_date ON sessions (date)",
    ),
}
_TABLES = {"assessments", "sessions"}


class JournalError(ValueError):
    """The journal file cannot be used; the message says why and what to do."""


class JournalVersionError(JournalError):
    """The journal was written by a newer hipcourse (a higher schema version)."""


class JournalDamagedError(JournalError):
    """The file is not a hipcourse journal, or it is damaged."""


class JournalRowError(JournalDamagedError):
    """One stored row is not a valid record (damaged on disk or edited by hand).

    Attributes ``path``, ``table``, ``row_id`` and ``field`` say where; ``value`` is the
    stored value.
    """

    def __init__(self, path: Path, table: str, row_id: Any, problem: InputError):
        self.path, self.table, self.row_id = path, table, row_id
        self.field, self.value = problem.field, problem.value
        super().__init__(
            f"{problem}. That row was damaged or edited by hand; the file was left "
            f"unchanged. Fix or delete row {row_id} of table {table} (for example with the "
            f"sqlite3 shell), or move the file aside (or set {ENV_VAR}) to start a new journal.")


class JournalNotWritableError(JournalError):
    """The journal (or its folder) cannot be written by this process; reading still works."""


class JournalWriteError(JournalError):
    """A write failed (full disk, I/O error, lock held too long); nothing of it was saved."""


def default_path() -> Path:
    """``$HIPCOURSE_DATA_DIR/journal.sqlite3``, else the user data folder's."""
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return Path(env).expanduser() / FILENAME
    import platformdirs

    return Path(platformdirs.user_data_dir("hipcourse", appauthor=False)) / FILENAME


def resolve_path(path: str | os.PathLike | None = None) -> Path:
    """``path`` if given (a folder gets ``journal.sqlite3`` appended), else :func:`default_path`."""
    if path is None or str(path) == "":
        return default_path()
    p = Path(path).expanduser()
    return p / FILENAME if p.is_dir() else p


# --------------------------------------------------------------------------- records
@dataclass(frozen=True)
class AssessmentRecord:
    id: int
    uid: str
    date: _dt.date
    test: str
    side: str
    value: float
    note: str = ""


@dataclass(frozen=True)
class SessionRecord:
    id: int
    uid: str
    date: _dt.date
    routine: dict
    done: tuple[int, ...]
    felt: int | None = None
    felt_steps: dict = field(default_factory=dict)
    notes: str = ""

    def steps_done(self) -> list[dict]:
        """The routine steps that were completed (``done`` holds 1-based step numbers)."""
        steps = self.routine["steps"]
        return [steps[k - 1] for k in self.done]

    def seconds_by_group(self) -> dict[str, float]:
        """Seconds under stretch per muscle group in this session, per side.

        A step's time is ``hold_s * reps`` (the routine builder's "seconds under stretch
        on each side"). A step on one side only (``left`` or ``right``) counts half, so a
        left step plus a right step make one full step; ``both`` (each side in turn) and
        ``together`` (both legs at once) count in full.
        """
        out: dict[str, float] = {}
        for step in self.steps_done():
            share = 0.5 if step["side"] in ("left", "right") else 1.0
            out[step["group"]] = out.get(step["group"], 0.0) + step["hold_s"] * step["reps"] * share
        return {g: out[g] for g in GROUP_IDS if g in out}


@dataclass(frozen=True)
class ImportResult:
    added: int
    skipped: int

    def __str__(self) -> str:
        return (f"{self.added} record(s) added, {self.skipped} already in the journal "
                f"(skipped)")


# --------------------------------------------------------------------------- validation
def check_routine(routine: Any, catalog: Catalog | None = None, *, where: str = "",
                  known_stretches: bool = True) -> dict:
    """A saved routine (the routine builder's JSON) as a plain dict, or InputError.

    The format is ``{"total_s": ..., "steps": [{"stretch_id", "group", "side", "hold_s",
    "reps", "reason"}, ...], ...}``; extra keys are kept. Every stretch must be in the
    catalog and belong to the stated group. ``known_stretches=False`` (a routine read
    back from the journal) checks the shape only, so a session recorded before the
    catalog changed stays readable: each ``stretch_id`` must be text and each ``group``
    one of the five groups.
    """
    cat = catalog or load_catalog()
    if not isinstance(routine, Mapping) and hasattr(routine, "to_dict"):
        routine = routine.to_dict()
    if (known_stretches and isinstance(routine, Mapping)
            and routine.get("format") == ROUTINE_FILE_FORMAT):
        try:  # a file saved by the routine builder: its own full check first
            routine_from_dict(dict(routine), cat)
        except ValueError as exc:
            raise InputError("routine", "<saved routine>", f"a valid saved routine ({exc})",
                             where=where) from None
    if not isinstance(routine, Mapping):
        raise InputError("routine", type(routine).__name__,
                         'a routine object {"total_s": ..., "steps": [...]}', where=where)
    try:
        routine = json.loads(json.dumps(routine))
    except (TypeError, ValueError):
        raise InputError("routine", "<not JSON>", "a routine made of JSON values", where=where) from None
    if "total_s" not in routine:
        raise InputError("total_s", None, "the routine's total time in seconds", where=where)
    number("total_s", routine["total_s"], 0, 24 * 3600, unit="s", where=where)
    steps = routine.get("steps")
    if not isinstance(steps, list) or not steps:
        raise InputError("steps", steps, "a non-empty list of routine steps", where=where)
    for i, step in enumerate(steps, 1):
        w = f"{where + ', ' if where else ''}step {i}"
        if not isinstance(step, dict):
            raise InputError("step", step, "an object with stretch_id, group, side, hold_s, "
                                           "reps and reason", where=w)
        for key in ("stretch_id", "group", "side", "hold_s", "reps", "reason"):
            if key not in step:
                raise InputError(key, None, "present in every step", where=w)
        sid = step["stretch_id"]
        if known_stretches:
            if sid not in [s.id for s in cat.stretches]:
                raise InputError("stretch_id", sid, "a stretch id from the catalog "
                                                    "(see `hipcourse stretches`)", where=w)
            choice("group", step["group"], [cat.stretch(sid).group], where=w)
        else:
            if not isinstance(sid, str) or not sid:
                raise InputError("stretch_id", sid, "a stretch id (text)", where=w)
            choice("group", step["group"], GROUP_IDS, where=w)
        choice("side", step["side"], ROUTINE_SIDES, where=w)
        number("hold_s", step["hold_s"], 1, 600, unit="s", where=w)
        integer("reps", step["reps"], 1, 20, where=w)
        if not isinstance(step["reason"], str):
            raise InputError("reason", step["reason"], "text", where=w)
    return routine


def load_routine_file(path: str | os.PathLike) -> dict:
    """Read a routine JSON file (saved by the routine builder, or ``hipcourse routine
    --json`` output) and check it with :func:`check_routine`."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError("--routine", str(path), "a readable UTF-8 JSON file "
                         f"({getattr(exc, 'strerror', None) or exc})") from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise InputError("--routine", str(path), f"a routine JSON file (broken JSON at line "
                         f"{exc.lineno}, column {exc.colno})") from None
    return check_routine(data, where=path.name)


def check_done(done: Any, n_steps: int, *, where: str = "") -> tuple[int, ...]:
    """Completed step numbers (1-based, as the routine shows them) or InputError.

    Accepts ``"1,2,3"`` or an iterable of whole numbers; no repeats; sorted on return.
    """
    allowed = f"step numbers from 1 to {n_steps}, each once, e.g. 1,2,3"
    raw = done
    if isinstance(done, str):
        parts = [p.strip() for p in done.split(",")]
        if not done.strip() or any(not p for p in parts):
            raise InputError("done", raw, allowed, where=where)
        done = parts
    try:
        items = list(done)
    except TypeError:
        raise InputError("done", raw, allowed, where=where) from None
    if not items:
        raise InputError("done", raw, allowed, where=where)
    nums = []
    for x in items:
        try:
            nums.append(integer("done", x, 1, n_steps, where=where))
        except InputError:
            raise InputError("done", raw, allowed, where=where) from None
    if len(set(nums)) != len(nums):
        raise InputError("done", raw, allowed, where=where)
    return tuple(sorted(nums))


def check_felt(felt: Any, *, field: str = "felt", where: str = "") -> int | None:
    """How it felt, a whole number 0-10 (None: not given)."""
    if felt is None or felt == "":
        return None
    return integer(field, felt, 0, 10, where=where)


def check_felt_steps(felt_steps: Any, done: tuple[int, ...], *, where: str = "") -> dict[str, int]:
    """``{step number: 0..10}`` for completed steps only; keys stored as strings."""
    if felt_steps is None:
        return {}
    if not isinstance(felt_steps, Mapping):
        raise InputError("felt_steps", felt_steps, "a mapping of step number to 0..10", where=where)
    out = {}
    for k, v in felt_steps.items():
        step = integer("felt_steps", k, 1, None, where=where)
        if step not in done:
            raise InputError("felt_steps", k, "the number of a completed step "
                                              f"({', '.join(map(str, done))})", where=where)
        out[str(step)] = check_felt(v, field=f"felt_steps[{step}]", where=where)
        if out[str(step)] is None:
            raise InputError(f"felt_steps[{step}]", v, "a whole number from 0 to 10", where=where)
    return {k: out[k] for k in sorted(out, key=int)}


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
    return (f"The file was left unchanged. Move it aside (or pass another path / set "
            f"{ENV_VAR}) to start a new journal.")


_RECOVER = " The sqlite3 shell's .recover command can often rescue the records from a copy."


def _why_not_writable(path: Path) -> str | None:
    """Why this process cannot write the journal at ``path``; None if it can.

    In WAL mode SQLite also creates two files next to the journal (``-wal`` and
    ``-shm``), so the folder must be writable as well as the file.
    """
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        return (f"the folder {folder} is not writable (a read-only folder or drive, or no "
                f"permission)")
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
                reason = (f"the folder {parent} is not writable (a read-only folder or "
                          f"drive, or no permission)")
                kind = JournalNotWritableError
            break
    return kind(f"cannot create a journal at {path}: {reason}; nothing was written")


def _read_problem(path: Path, exc: BaseException) -> JournalError:
    """The error to raise for ``exc`` (one of :data:`_DB_ERRORS`) while reading ``path``."""
    name = _errname(exc)
    text = (_one_line(exc) if not isinstance(exc, UnicodeDecodeError)
            else "SQLite's error message is not even valid text: the schema is damaged")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return JournalError(f"journal {path} is busy: another program kept it locked too "
                            f"long ({text}). Try again; nothing was changed.")
    if name.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH",
                        "SQLITE_NOMEM", "SQLITE_READONLY")):
        return JournalError(f"journal {path} cannot be read ({text}); the file was left "
                            f"unchanged.")
    return JournalDamagedError(f"journal {path} is damaged ({text}). " + _untouched(path)
                               + _RECOVER)


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
                f"{wal.name} to a writable folder) and try again; nothing was changed.")
    return sqlite3.connect(uri + "?mode=ro&immutable=1", uri=True, timeout=timeout_s,
                           isolation_level=None)


@functools.lru_cache(maxsize=None)
def _expected_columns(version: int) -> dict[str, tuple]:
    """``PRAGMA table_info`` of each table of a journal at schema ``version``."""
    mem = sqlite3.connect(":memory:")
    try:
        for v in range(1, version + 1):
            for statement in MIGRATIONS[v]:
                mem.execute(statement)
        return {t: tuple(mem.execute(f"PRAGMA table_info({t})").fetchall())
                for t in sorted(_TABLES)}
    finally:
        mem.close()


def _validate(path: Path, timeout_s: float) -> int:
    """Check ``path`` without writing to it; return its schema version.

    Order: the header as bytes (SQLite magic, application id), then a read-only
    connection (schema version, ``quick_check``, the expected tables and their columns).
    """
    head = _header(path)
    if len(head) < 100 or head[:16] != SQLITE_MAGIC:
        what = "is empty" if not head else "is not an SQLite database"
        raise JournalDamagedError(f"journal {path} {what}, so it is not a hipcourse journal. "
                                  + _untouched(path))
    app_id = int.from_bytes(head[68:72], "big")
    if app_id != APPLICATION_ID:
        raise JournalDamagedError(
            f"journal {path} is an SQLite database but not a hipcourse journal "
            f"(application id {app_id:#x}, expected {APPLICATION_ID:#x}). " + _untouched(path))
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
                f"(pip install -U hipcourse) to use it; the file was left unchanged.")
        check = [row[0] for row in ro.execute("PRAGMA quick_check")]
        if check != ["ok"]:
            raise JournalDamagedError(f"journal {path} is damaged "
                                      f"({_one_line('; '.join(map(str, check[:3])))}). "
                                      + _untouched(path) + _RECOVER)
        tables = {row[0] for row in ro.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if version < 1 or not _TABLES <= tables:
            raise JournalDamagedError(f"journal {path} has no journal tables (schema version "
                                      f"{version}). " + _untouched(path))
        for table, want in _expected_columns(version).items():
            got = tuple(ro.execute(f"PRAGMA table_info({table})").fetchall())
            if got != want:
                names = _one_line(", ".join(str(c[1]) for c in got))
                raise JournalDamagedError(
                    f"journal {path} is damaged: table {table} has the columns ({names}), not "
                    f"those of a schema version {version} journal "
                    f"({', '.join(c[1] for c in want)}). " + _untouched(path))
    except _DB_ERRORS as exc:
        raise _read_problem(path, exc) from None
    finally:
        ro.close()
    return version


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
    for name, value in zip(names, row):
        if isinstance(value, _BadText):
            raise InputError(name, _short(bytes(value)), "text in UTF-8", where=where)


def _stored_uid(value: Any, where: str) -> str:
    if not isinstance(value, str) or not _UID.match(value):
        raise InputError("uid", _short(value), "text of letters, digits and '-' (at most 64)",
                         where=where)
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
    routine = check_routine(_stored_json("routine", routine, where, "a routine as JSON"),
                            catalog, where=where, known_stretches=False)
    done = check_done(_stored_json("done", done, where, "a JSON list of step numbers"),
                      len(routine["steps"]), where=where)
    felt = check_felt(felt, where=where)
    felt_steps = check_felt_steps(
        _stored_json("felt_steps", felt_steps, where, "a JSON object {step number: 0..10}"),
        done, where=where)
    notes = check_note(notes, field="notes", where=where)
    return SessionRecord(i, uid, d, routine, done, felt, felt_steps, notes)


# --------------------------------------------------------------------------- the journal
class Journal:
    """A learner's journal; use as a context manager or call :meth:`close`.

    Parameters
    ----------
    path : path, optional
        The database file (a folder gets ``journal.sqlite3`` appended). Default:
        :func:`default_path`. A missing file is created (with its folders) unless
        ``create=False``.
    timeout_s : float
        How long a write waits for another process's write to finish.
    today : datetime.date, optional
        The date "today" for defaults and the no-future-dates check (tests pin it).

    Attributes
    ----------
    read_only_reason : str or None
        Why this process cannot write the journal (a read-only folder or file), or None.
        A journal that cannot be written is still opened, read-only: reading works and
        every write raises :class:`JournalNotWritableError`.

    Raises
    ------
    JournalError
        The file is not a journal, is damaged, or is from a newer hipcourse
        (:class:`JournalDamagedError`, :class:`JournalVersionError`); a missing journal
        cannot be created (:class:`JournalNotWritableError` for a read-only place or a
        file where a folder should be, else :class:`JournalWriteError`). The file is left
        unchanged.
    """

    def __init__(self, path: str | os.PathLike | None = None, *, create: bool = True,
                 timeout_s: float = BUSY_TIMEOUT_S, today: _dt.date | None = None):
        self.path = resolve_path(path)
        self.timeout_s = timeout_s
        self._today = today
        self._conn: sqlite3.Connection | None = None
        self._wal_checked = False
        if not self.path.exists():
            if not create:
                raise JournalError(f"there is no journal at {self.path}")
            try:
                _create(self.path)
            except (OSError, *_DB_ERRORS) as exc:
                raise _cannot_create(self.path, exc) from None
        version = _validate(self.path, timeout_s)
        self.read_only_reason = _why_not_writable(self.path)
        try:
            if self.read_only_reason is None:
                conn = sqlite3.connect(self.path, timeout=timeout_s, isolation_level=None)
            else:
                conn = _connect_ro(self.path, timeout_s)
            conn.text_factory = _text
            self._conn = conn
            conn.execute(f"PRAGMA busy_timeout = {int(timeout_s * 1000)}")
            conn.execute("PRAGMA synchronous = FULL")
        except _DB_ERRORS as exc:
            self.close()
            raise _read_problem(self.path, exc) from None
        except BaseException:
            self.close()
            raise
        if version < SCHEMA_VERSION and self.read_only_reason is None:
            try:  # every row must read back valid before the upgrade writes anything
                self.assessments()
                self.sessions()
                self._upgrade()
            except BaseException:
                self.close()
                raise

    # -- plumbing
    def __enter__(self) -> "Journal":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Journal({str(self.path)!r})"

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            raise JournalError(f"journal {self.path} is closed")
        return self._conn

    @property
    def schema_version(self) -> int:
        return self._read("PRAGMA user_version")[0][0]

    @property
    def today(self) -> _dt.date:
        return self._today or _dt.date.today()

    def _read(self, sql: str, args: tuple = ()) -> list[tuple]:
        """Run one query; an SQLite error becomes a :class:`JournalError` naming the file."""
        try:
            return self.conn.execute(sql, args).fetchall()
        except _DB_ERRORS as exc:
            raise _read_problem(self.path, exc) from None

    def _write_problem(self, exc: BaseException) -> JournalError:
        """The error to raise for ``exc`` (one of :data:`_DB_ERRORS`) during a write (after
        the rollback)."""
        name, path, exc = _errname(exc), self.path, _one_line(exc)
        if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH")):
            why = _why_not_writable(path) or f"SQLite says: {exc}"
            return JournalNotWritableError(f"journal {path} cannot be written: {why}. Nothing "
                                           f"was saved; the journal is unchanged.")
        if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
            return JournalWriteError(
                f"journal {path} is busy: another program kept it locked for more than "
                f"{self.timeout_s:g} s ({exc}). Nothing was saved; try again.")
        if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
            return JournalDamagedError(f"journal {path} is damaged ({exc}); nothing was saved. "
                                       + _untouched(path))
        if name.startswith(("SQLITE_FULL", "SQLITE_IOERR")):
            return JournalWriteError(
                f"journal {path}: the change was NOT saved, because the disk is full or the "
                f"file could not be written ({exc}). Everything saved before is kept; free "
                f"some space and try again.")
        return JournalWriteError(f"journal {path}: the change was NOT saved ({exc}). "
                                 f"Everything saved before is kept.")

    def _writable_conn(self) -> sqlite3.Connection:
        """The connection, once the journal is known to be writable and in WAL mode."""
        if self.read_only_reason is not None:
            raise JournalNotWritableError(
                f"journal {self.path} cannot be written here: {self.read_only_reason}. "
                f"Nothing was saved; the journal is unchanged and can still be read. Make "
                f"it writable, or copy the journal to a writable folder and use that path "
                f"(or set {ENV_VAR}).")
        conn = self.conn
        if not self._wal_checked:  # a journal switched to another mode by hand
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            self._wal_checked = True
        return conn

    def _upgrade(self) -> None:
        """Migrate to :data:`SCHEMA_VERSION` (backup first); a failure changes nothing."""
        try:
            _migrate(self._writable_conn(), self.path)
        except _DB_ERRORS as exc:
            raise self._write_problem(exc) from None
        except OSError as exc:  # the backup copy could not be written
            raise JournalWriteError(
                f"journal {self.path} needs an upgrade to schema version {SCHEMA_VERSION}, "
                f"but its backup copy could not be written ({exc.strerror or exc}); the "
                f"journal was left unchanged.") from None

    @contextlib.contextmanager
    def _transaction(self):
        """One write transaction: all of it is committed, or none of it.

        An SQLite failure (full disk, I/O error, read-only place, a lock held too long)
        rolls the transaction back and raises :class:`JournalWriteError` or
        :class:`JournalNotWritableError` naming the file; what was committed before stays.
        """
        try:
            conn = self._writable_conn()
            conn.execute("BEGIN IMMEDIATE")
        except _DB_ERRORS as exc:
            raise self._write_problem(exc) from None
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException as exc:
            _rollback(conn)
            if conn.in_transaction:  # the rollback failed: closing the connection ends it
                self.close()
            if isinstance(exc, _DB_ERRORS):
                raise self._write_problem(exc) from None
            raise

    # -- writing
    def add_assessment(self, test: str, side: str, value: float, date: Any = None,
                       note: str = "") -> AssessmentRecord:
        """Record one self-test result (validated first: see
        :func:`hipcourse.models.assessment.check_result`)."""
        r = check_result(test, side, value, date, note, today=self.today)
        with self._transaction() as c:
            return self._insert_assessment(c, uuid.uuid4().hex, r.date, r.test, r.side,
                                           r.value, r.note)

    def add_session(self, routine: Any, done: Any, felt: Any = None, felt_steps: Any = None,
                    notes: str = "", date: Any = None) -> SessionRecord:
        """Record a session: the routine (dict or saved JSON object), the completed step
        numbers (1-based), how it felt overall (0-10) and/or per step, and notes."""
        routine = check_routine(routine)
        done = check_done(done, len(routine["steps"]))
        with self._transaction() as c:
            return self._insert_session(
                c, uuid.uuid4().hex,
                check_date(date if date is not None else self.today, today=self.today),
                routine, done, check_felt(felt), check_felt_steps(felt_steps, done),
                check_note(notes, field="notes"))

    @staticmethod
    def _insert_assessment(c, uid, date, test, side, value, note) -> AssessmentRecord:
        cur = c.execute("INSERT INTO assessments (uid, date, test, side, value, note) "
                        "VALUES (?, ?, ?, ?, ?, ?)",
                        (uid, date.isoformat(), test, side, value, note))
        return AssessmentRecord(cur.lastrowid, uid, date, test, side, value, note)

    @staticmethod
    def _insert_session(c, uid, date, routine, done, felt, felt_steps, notes) -> SessionRecord:
        cur = c.execute(
            "INSERT INTO sessions (uid, date, routine, done, felt, felt_steps, notes) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (uid, date.isoformat(), _dumps(routine), _dumps(list(done)), felt,
             _dumps(felt_steps), notes))
        return SessionRecord(cur.lastrowid, uid, date, routine, tuple(done), felt,
                             dict(felt_steps), notes)

    # -- reading (every row is checked: see JournalRowError)
    def _where(self, table: str, row_id: Any) -> str:
        return f"journal {self.path}, table {table}, row {row_id}"

    def assessments(self, test: str | None = None) -> list[AssessmentRecord]:
        """Self-test results in date order (then in the order recorded).

        Raises :class:`JournalRowError` (naming the file, table, row and field) for a
        stored row that is not a valid result.
        """
        sql, args = _ASSESSMENT_SQL, ()
        if test is not None:
            sql, args = sql + " WHERE test = ?", (load_tests().test(test).id,)
        out = []
        for row in self._read(sql + " ORDER BY date, id", args):
            try:
                out.append(_assessment_from_row(row, self._where("assessments", row[0]),
                                                self.today))
            except InputError as exc:
                raise JournalRowError(self.path, "assessments", row[0], exc) from None
        return out

    def sessions(self) -> list[SessionRecord]:
        """Sessions in date order (then in the order recorded).

        Raises :class:`JournalRowError` (naming the file, table, row and field) for a
        stored row that is not a valid session.
        """
        rows = self._read(_session_sql(self.schema_version) + " ORDER BY date, id")
        cat = load_catalog()
        out = []
        for row in rows:
            try:
                out.append(_session_from_row(row, self._where("sessions", row[0]), self.today,
                                             cat))
            except InputError as exc:
                raise JournalRowError(self.path, "sessions", row[0], exc) from None
        return out

    def counts(self) -> dict[str, int]:
        return {"assessments": self._read("SELECT count(*) FROM assessments")[0][0],
                "sessions": self._read("SELECT count(*) FROM sessions")[0][0]}

    # -- CSV
    def export_csv(self, path: str | os.PathLike) -> int:
        """Write every record to ``path`` (atomically); return the number of rows."""
        rows = [_assessment_row(r) for r in self.assessments()]
        rows += [_session_row(s) for s in self.sessions()]
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        try:
            atomic_write_text(Path(path), buf.getvalue())
        except OSError as exc:
            raise InputError("file", str(path), f"a file that can be written "
                                                f"({exc.strerror or exc})") from None
        return len(rows)

    def import_csv(self, path: str | os.PathLike) -> ImportResult:
        """Read records exported by :meth:`export_csv` (or written by hand).

        All rows are checked before anything is written, and all are written in one
        transaction: a bad row aborts the whole import, naming the row (the header is
        row 1, as in a spreadsheet) and the field. A row whose ``uid`` is already in the
        journal is skipped, so importing the same file twice adds nothing; a blank
        ``uid`` gets a new one.
        """
        path = Path(path)
        parsed = _read_csv(path, self.today)
        added = skipped = 0
        with self._transaction() as c:
            for kind, uid, values in parsed:
                table = "assessments" if kind == "assessment" else "sessions"
                if c.execute(f"SELECT 1 FROM {table} WHERE uid = ?", (uid,)).fetchone():
                    skipped += 1
                    continue
                if kind == "assessment":
                    self._insert_assessment(c, uid, *values)
                else:
                    self._insert_session(c, uid, *values)
                added += 1
        return ImportResult(added, skipped)


# --------------------------------------------------------------------------- CSV helpers
def _dumps(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _assessment_row(r: AssessmentRecord) -> dict[str, str]:
    return {"kind": "assessment", "uid": r.uid, "date": r.date.isoformat(), "test": r.test,
            "side": r.side, "value": repr(float(r.value)), "note": r.note, "routine": "",
            "done": "", "felt": "", "felt_steps": ""}


def _session_row(s: SessionRecord) -> dict[str, str]:
    return {"kind": "session", "uid": s.uid, "date": s.date.isoformat(), "test": "", "side": "",
            "value": "", "note": s.notes, "routine": _dumps(s.routine), "done": _dumps(list(s.done)),
            "felt": "" if s.felt is None else str(s.felt), "felt_steps": _dumps(s.felt_steps)}


_UID = re.compile(r"^[A-Za-z0-9-]{1,64}$")


def _json_field(row: dict, name: str, where: str, allowed: str) -> Any:
    text = row.get(name) or ""
    try:
        return json.loads(text)
    except ValueError:
        raise InputError(name, text[:60], allowed, where=where) from None


def _read_csv(path: Path, today: _dt.date) -> list[tuple[str, str, tuple]]:
    """Parse and validate every row; InputError names the row and the field."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
    except OSError as exc:
        raise InputError("file", str(path), f"a readable CSV file ({exc.strerror})") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise InputError("file", str(path), f"a UTF-8 CSV file ({exc})") from None
    if not rows or tuple(rows[0]) != CSV_FIELDS:
        raise InputError("header", ",".join(rows[0]) if rows else "",
                         "the columns " + ",".join(CSV_FIELDS), where=f"{path.name}, row 1")
    out, seen = [], set()
    for n, cells in enumerate(rows[1:], start=2):
        where = f"{path.name}, row {n}"
        if not any(c.strip() for c in cells):
            continue  # blank line
        if len(cells) != len(CSV_FIELDS):
            raise InputError("columns", len(cells), f"{len(CSV_FIELDS)} columns", where=where)
        row = dict(zip(CSV_FIELDS, cells))
        kind = choice("kind", row["kind"], ("assessment", "session"), where=where)
        uid = row["uid"].strip() or uuid.uuid4().hex
        if not _UID.match(uid):
            raise InputError("uid", uid, "letters, digits and '-', at most 64", where=where)
        if uid in seen:
            raise InputError("uid", uid, "a uid that appears once in the file", where=where)
        seen.add(uid)
        if kind == "assessment":
            for name in ("routine", "done", "felt", "felt_steps"):
                if row[name].strip():
                    raise InputError(name, row[name], "empty in an assessment row", where=where)
            # A backup is history: it is restored as it was read (future dates from a
            # wrong clock, stretches since renamed in the catalog), checked for shape.
            r = check_result(row["test"], row["side"], row["value"], row["date"], row["note"],
                             today=_dt.date.max, where=where)
            out.append((kind, uid, (r.date, r.test, r.side, r.value, r.note)))
        else:
            for name in ("test", "side", "value"):
                if row[name].strip():
                    raise InputError(name, row[name], "empty in a session row", where=where)
            d = check_date(row["date"], today=_dt.date.max, where=where)
            routine = check_routine(_json_field(row, "routine", where, "a routine as JSON"),
                                    where=where, known_stretches=False)
            done = check_done(_json_field(row, "done", where, "a JSON list of step numbers"),
                              len(routine["steps"]), where=where)
            felt = check_felt(row["felt"], where=where)
            fs = _json_field(row, "felt_steps", where, "a JSON object") if row["felt_steps"].strip() else {}
            felt_steps = check_felt_steps(fs, done, where=where)
            notes = check_note(row["note"], field="note", where=where)
            out.append((kind, uid, (d, routine, done, felt, felt_steps, notes)))
    return out


# --------------------------------------------------------------------------- progress (pure)
def week_start(d: _dt.date) -> _dt.date:
    """The Monday of ``d``'s week."""
    return d - _dt.timedelta(days=d.weekday())


def _weeks(first: _dt.date, last: _dt.date) -> list[_dt.date]:
    w, end, out = week_start(first), week_start(last), []
    while w <= end:
        out.append(w)
        w += _dt.timedelta(days=7)
    return out


def sessions_per_day(sessions: Iterable[SessionRecord]) -> dict[_dt.date, int]:
    """``{date: number of sessions}``."""
    out: dict[_dt.date, int] = {}
    for s in sessions:
        out[s.date] = out.get(s.date, 0) + 1
    return dict(sorted(out.items()))


def sessions_per_week(sessions: Iterable[SessionRecord]) -> list[tuple[_dt.date, int]]:
    """``[(Monday, sessions that week)]`` from the first to the last week, empty weeks
    included."""
    days = sessions_per_day(sessions)
    if not days:
        return []
    counts = {w: 0 for w in _weeks(min(days), max(days))}
    for d, k in days.items():
        counts[week_start(d)] += k
    return list(counts.items())


def minutes_per_week(sessions: Iterable[SessionRecord]) -> list[tuple[_dt.date, dict[str, float]]]:
    """``[(Monday, {group: minutes under stretch})]`` per week, empty weeks included.

    Minutes are per side (see :meth:`SessionRecord.seconds_by_group`); every group is
    present in every week (0.0 when not stretched).
    """
    sessions = list(sessions)
    if not sessions:
        return []
    weeks = {w: {g: 0.0 for g in GROUP_IDS}
             for w in _weeks(min(s.date for s in sessions), max(s.date for s in sessions))}
    for s in sessions:
        for g, sec in s.seconds_by_group().items():
            weeks[week_start(s.date)][g] += sec / 60.0
    return list(weeks.items())


def progress(assessments: Iterable[AssessmentRecord], sessions: Iterable[SessionRecord]) -> dict:
    """A JSON-ready overview (the ``hipcourse progress --json`` format)."""
    from hipcourse.models.assessment import progress_summary, suggest

    assessments, sessions = list(assessments), list(sessions)
    sugg = suggest(assessments) if assessments else {}
    return {
        "summary": progress_summary(assessments),
        "levels": {g: s.level for g, s in sugg.items()},
        "level_reasons": {g: s.reason for g, s in sugg.items()},
        "sessions_per_week": [{"week": w.isoformat(), "sessions": k}
                              for w, k in sessions_per_week(sessions)],
        "minutes_per_week": [{"week": w.isoformat(),
                              "minutes": {g: round(m, 2) for g, m in mins.items()}}
                             for w, mins in minutes_per_week(sessions)],
        "counts": {"assessments": len(assessments), "sessions": len(sessions)},
    }


# --------------------------------------------------------------------------- demo journal
#: The demo journal's first day (a Monday); fixed so lesson outputs never change.
DEMO_START = _dt.date(2025, 3, 3)

# (test, left, right) on weeks 0, 3 and 6: a learner who stretches 2-3 times a week.
_DEMO_TESTS = (
    ("straight-leg-raise", (62, 58), (67, 64), (74, 70)),
    ("active-knee-extension", (46, 49), (41, 44), (35, 38)),
    ("thomas-thigh-angle", (8, 11), (5, 7), (2, 4)),
    ("thomas-knee-angle", (57, 54), (61, 59), (66, 63)),
    ("prone-heel-to-buttock", (12, 14), (10, 12), (8, 9)),
    ("faber-distance", (17, 13), (16, 13), (15, 12)),
    ("supine-abduction", (28, 31), (32, 33), (36, 37)),
)
# Session days: offsets from DEMO_START (week 4 missed: a busy week).
_DEMO_DAYS = (0, 2, 5, 7, 9, 14, 16, 18, 21, 23, 35, 37, 39, 42)


def demo_routine() -> dict:
    """A fixed 14-minute focused routine over the five groups (demo data)."""
    steps = [
        ("hamstring-supine-strap", "hamstrings", "both", 30, 2),
        ("hamstring-chair-hinge", "hamstrings", "both", 30, 1),
        ("quad-side-lying", "quadriceps", "both", 30, 2),
        ("glute-chair-figure-four", "glutes", "both", 30, 2),
        ("hip-flexor-half-kneeling", "hip-flexors", "both", 30, 2),
        ("groin-butterfly", "groin", "together", 30, 2),
    ]
    return {"total_s": 840, "steps": [
        {"stretch_id": sid, "group": g, "side": side, "hold_s": hold, "reps": reps,
         "reason": "demo routine"} for sid, g, side, hold, reps in steps]}


def seed_demo(journal: Journal) -> Journal:
    """Fill an empty journal with fixed example data (six weeks from :data:`DEMO_START`).

    Never use it on a learner's real journal: it refuses a journal that has records.
    """
    if any(journal.counts().values()):
        raise JournalError(f"journal {journal.path} already has records; the demo data goes "
                           "only into an empty (temporary) journal")
    day = _dt.timedelta(days=1)
    for week, col in ((0, 1), (3, 2), (6, 3)):
        for test, *vals in _DEMO_TESTS:
            left, right = vals[col - 1]
            for side, v in (("left", left), ("right", right)):
                journal.add_assessment(test, side, v, date=DEMO_START + 7 * week * day)
    journal.add_assessment("thomas-picture", "left", 1, date=DEMO_START)
    journal.add_assessment("thomas-picture", "right", 1, date=DEMO_START)
    routine = demo_routine()
    n = len(routine["steps"])
    for i, offset in enumerate(_DEMO_DAYS):
        done = list(range(1, n + 1)) if i % 4 != 3 else list(range(1, n - 1))
        journal.add_session(routine, done, felt=4 + (i % 3), notes="",
                            date=DEMO_START + offset * day)
    return journal


def demo_journal(folder: str | os.PathLike) -> Journal:
    """A new journal in ``folder`` (use a temporary folder) seeded with the demo data."""
    path = Path(folder) / "demo-journal.sqlite3"
    if path.exists():
        raise JournalError(f"{path} exists; the demo journal is created fresh in a new folder")
    return seed_demo(Journal(path))
