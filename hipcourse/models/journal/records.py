"""Journal constants, errors, where the file lives, and the records it holds."""

from __future__ import annotations

import datetime as _dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hipcourse.kit.checks import InputError
from hipcourse.models.routine import Dose, dose_of_steps

ENV_VAR = "HIPCOURSE_DATA_DIR"
FILENAME = "journal.sqlite3"
#: Schema version this code writes (``PRAGMA user_version``).
SCHEMA_VERSION = 2
#: ``PRAGMA application_id``: "HIPC", marks a file as a hipcourse journal.
APPLICATION_ID = 0x48495043
BUSY_TIMEOUT_S = 10.0
SQLITE_MAGIC = b"SQLite format 3\x00"
CSV_FIELDS = (
    "kind",
    "uid",
    "date",
    "test",
    "side",
    "value",
    "note",
    "routine",
    "done",
    "felt",
    "felt_steps",
)

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
#: A record's uid: letters, digits and '-', at most 64.
_UID = re.compile(r"^[A-Za-z0-9-]{1,64}$")


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
            f"sqlite3 shell), or move the file aside (or set {ENV_VAR}) to start a new journal."
        )


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
    try:
        p = Path(path).expanduser()
    except (RuntimeError, KeyError):  # "~nosuchuser": no such user, no home folder
        from hipcourse.kit.checks import InputError

        raise InputError("path", str(path), "a journal path whose ~user exists") from None
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

    def dose(self) -> Dose:
        """The dose of the completed steps, computed by the routine model
        (:func:`hipcourse.models.routine.dose_of_steps`): a session in which every step was
        done records exactly the dose its routine states. ``session_s`` is the routine's
        planned time (its ``total_s``)."""
        return dose_of_steps(self.steps_done(), session_s=self.routine["total_s"])

    def seconds_by_group(self) -> dict[str, float]:
        """Seconds under stretch per side for each group in this session:
        ``self.dose().per_group_s`` (a left-only 4 x 30 s step gives 120 s)."""
        return self.dose().per_group_s


@dataclass(frozen=True)
class ImportResult:
    added: int
    skipped: int

    def __str__(self) -> str:
        return f"{self.added} record(s) added, {self.skipped} already in the journal (skipped)"
