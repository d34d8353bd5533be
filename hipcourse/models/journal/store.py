"""The :class:`Journal`: an SQLite store that never loses a committed record."""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import sqlite3
import uuid
from pathlib import Path
from typing import Any

from hipcourse.content.catalog import load_catalog
from hipcourse.kit.checks import InputError
from hipcourse.kit.files import safe_write_text
from hipcourse.models.assessment import check_date, check_note, check_result, load_tests
from hipcourse.models.journal.checks import check_done, check_felt, check_felt_steps, check_routine
from hipcourse.models.journal.csv_io import (
    _assessment_row,
    _csv_text,
    _dumps,
    _read_csv,
    _session_row,
)
from hipcourse.models.journal.records import (
    BUSY_TIMEOUT_S,
    ENV_VAR,
    SCHEMA_VERSION,
    AssessmentRecord,
    ImportResult,
    JournalDamagedError,
    JournalError,
    JournalNotWritableError,
    JournalRowError,
    JournalWriteError,
    SessionRecord,
    resolve_path,
)
from hipcourse.models.journal.storage import (
    _ASSESSMENT_SQL,
    _DB_ERRORS,
    _assessment_from_row,
    _cannot_create,
    _connect_ro,
    _create,
    _errname,
    _migrate,
    _one_line,
    _read_problem,
    _rollback,
    _session_from_row,
    _session_sql,
    _text,
    _untouched,
    _validate,
    _why_not_writable,
)


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
    salvage : bool
        Open a journal that fails the health check (``PRAGMA integrity_check``: a damaged
        page or index) anyway, read-only, to rescue its records: reads bypass the indexes
        and skip rows that cannot be read (counted in ``skipped_rows``); every write raises
        :class:`JournalDamagedError`. Without it such a journal is refused.

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

    def __init__(
        self,
        path: str | os.PathLike | None = None,
        *,
        create: bool = True,
        timeout_s: float = BUSY_TIMEOUT_S,
        today: _dt.date | None = None,
        salvage: bool = False,
    ):
        self.path = resolve_path(path)
        self.timeout_s = timeout_s
        self._today = today
        self._conn: sqlite3.Connection | None = None
        self._wal_checked = False
        self.damage: str | None = None
        self.skipped_rows = 0
        if not self.path.exists():
            if not create:
                raise JournalError(f"there is no journal at {self.path}")
            try:
                _create(self.path)
            except (OSError, *_DB_ERRORS) as exc:
                raise _cannot_create(self.path, exc) from None
        version, self.damage = _validate(self.path, timeout_s, salvage=salvage)
        self.read_only_reason = (self.damage or "").strip() or _why_not_writable(self.path)
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
        if version < SCHEMA_VERSION and self.read_only_reason is None and not self.damage:
            try:  # every row must read back valid before the upgrade writes anything
                self.assessments()
                self.sessions()
                self._upgrade()
            except BaseException:
                self.close()
                raise

    # -- plumbing
    def __enter__(self) -> Journal:
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

    def _rows(self, sql: str, table: str) -> list[tuple]:
        """The rows of ``sql`` (``SELECT ... FROM table`` with no WHERE); on a damaged
        journal the table is scanned without its indexes, row by row if a scan fails."""
        if not self.damage:
            return self._read(sql + " ORDER BY date, id")
        base = sql.replace(f" FROM {table}", f" FROM {table} NOT INDEXED")
        try:
            return sorted(self.conn.execute(base).fetchall(), key=lambda r: (str(r[2]), r[0]))
        except _DB_ERRORS:
            pass
        try:
            top = self.conn.execute(f"SELECT max(id) FROM {table} NOT INDEXED").fetchone()[0] or 0
        except _DB_ERRORS:
            return []
        rows = []
        for rid in range(1, int(top) + 1):
            try:
                rows.extend(self.conn.execute(base + " WHERE id = ?", (rid,)).fetchall())
            except _DB_ERRORS:
                self.skipped_rows += 1
        return sorted(rows, key=lambda r: (str(r[2]), r[0]))

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
            return JournalNotWritableError(
                f"journal {path} cannot be written: {why}. Nothing "
                f"was saved; the journal is unchanged."
            )
        if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
            return JournalWriteError(
                f"journal {path} is busy: another program kept it locked for more than "
                f"{self.timeout_s:g} s ({exc}). Nothing was saved; try again."
            )
        if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
            return JournalDamagedError(
                f"journal {path} is damaged ({exc}); nothing was saved. " + _untouched(path)
            )
        if name.startswith(("SQLITE_FULL", "SQLITE_IOERR")):
            return JournalWriteError(
                f"journal {path}: the change was NOT saved, because the disk is full or the "
                f"file could not be written ({exc}). Everything saved before is kept; free "
                f"some space and try again."
            )
        return JournalWriteError(
            f"journal {path}: the change was NOT saved ({exc}). Everything saved before is kept."
        )

    def _writable_conn(self) -> sqlite3.Connection:
        """The connection, once the journal is known to be writable and in WAL mode."""
        if self.damage:
            raise JournalDamagedError(
                f"{self.damage}Nothing was saved: writes are refused "
                f"until the journal passes its health check."
            )
        if self.read_only_reason is not None:
            raise JournalNotWritableError(
                f"journal {self.path} cannot be written here: {self.read_only_reason}. "
                f"Nothing was saved; the journal is unchanged and can still be read. Make "
                f"it writable, or copy the journal to a writable folder and use that path "
                f"(or set {ENV_VAR})."
            )
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
                f"journal was left unchanged."
            ) from None

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
    def add_assessment(
        self, test: str, side: str, value: float, date: Any = None, note: str = ""
    ) -> AssessmentRecord:
        """Record one self-test result (validated first: see
        :func:`hipcourse.models.assessment.check_result`)."""
        r = check_result(test, side, value, date, note, today=self.today)
        with self._transaction() as c:
            return self._insert_assessment(
                c, uuid.uuid4().hex, r.date, r.test, r.side, r.value, r.note
            )

    def add_session(
        self,
        routine: Any,
        done: Any,
        felt: Any = None,
        felt_steps: Any = None,
        notes: str = "",
        date: Any = None,
    ) -> SessionRecord:
        """Record a session: the routine (dict or saved JSON object), the completed step
        numbers (1-based), how it felt overall (0-10) and/or per step, and notes."""
        routine = check_routine(routine)
        done = check_done(done, len(routine["steps"]))
        with self._transaction() as c:
            return self._insert_session(
                c,
                uuid.uuid4().hex,
                check_date(date if date is not None else self.today, today=self.today),
                routine,
                done,
                check_felt(felt),
                check_felt_steps(felt_steps, done),
                check_note(notes, field="notes"),
            )

    @staticmethod
    def _insert_assessment(c, uid, date, test, side, value, note) -> AssessmentRecord:
        cur = c.execute(
            "INSERT INTO assessments (uid, date, test, side, value, note) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (uid, date.isoformat(), test, side, value, note),
        )
        return AssessmentRecord(cur.lastrowid, uid, date, test, side, value, note)

    @staticmethod
    def _insert_session(c, uid, date, routine, done, felt, felt_steps, notes) -> SessionRecord:
        cur = c.execute(
            "INSERT INTO sessions (uid, date, routine, done, felt, felt_steps, notes) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                uid,
                date.isoformat(),
                _dumps(routine),
                _dumps(list(done)),
                felt,
                _dumps(felt_steps),
                notes,
            ),
        )
        return SessionRecord(
            cur.lastrowid, uid, date, routine, tuple(done), felt, dict(felt_steps), notes
        )

    # -- reading (every row is checked: see JournalRowError)
    def _where(self, table: str, row_id: Any) -> str:
        return f"journal {self.path}, table {table}, row {row_id}"

    def assessments(self, test: str | None = None) -> list[AssessmentRecord]:
        """Self-test results in date order (then in the order recorded).

        Raises :class:`JournalRowError` (naming the file, table, row and field) for a
        stored row that is not a valid result.
        """
        wanted = None if test is None else load_tests().test(test).id
        out = []
        for row in self._rows(_ASSESSMENT_SQL, "assessments"):
            if wanted is not None and row[3] != wanted:
                continue
            try:
                out.append(
                    _assessment_from_row(row, self._where("assessments", row[0]), self.today)
                )
            except InputError as exc:
                if self.damage:
                    self.skipped_rows += 1
                    continue
                raise JournalRowError(self.path, "assessments", row[0], exc) from None
        return out

    def sessions(self) -> list[SessionRecord]:
        """Sessions in date order (then in the order recorded).

        Raises :class:`JournalRowError` (naming the file, table, row and field) for a
        stored row that is not a valid session.
        """
        rows = self._rows(_session_sql(self.schema_version), "sessions")
        cat = load_catalog()
        out = []
        for row in rows:
            try:
                out.append(_session_from_row(row, self._where("sessions", row[0]), self.today, cat))
            except InputError as exc:
                if self.damage:
                    self.skipped_rows += 1
                    continue
                raise JournalRowError(self.path, "sessions", row[0], exc) from None
        return out

    def counts(self) -> dict[str, int]:
        return {
            "assessments": self._read("SELECT count(*) FROM assessments")[0][0],
            "sessions": self._read("SELECT count(*) FROM sessions")[0][0],
        }

    # -- CSV
    def export_csv(self, path: str | os.PathLike, *, force: bool = False) -> int:
        """Write every record to ``path`` (atomically); return the number of rows.

        Cells a spreadsheet would run as a formula are neutralised and :meth:`import_csv`
        restores them (see :mod:`hipcourse.models.journal.csv_io`). An existing file is
        replaced only if hipcourse wrote it, or with ``force``; never the journal or a
        saved routine (:func:`hipcourse.kit.files.safe_write_text`).
        """
        rows = [_assessment_row(r) for r in self.assessments()]
        rows += [_session_row(s) for s in self.sessions()]
        try:
            safe_write_text(Path(path), _csv_text(rows), force=force)
        except OSError as exc:
            raise InputError(
                "file", str(path), f"a file that can be written ({exc.strerror or exc})"
            ) from None
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
