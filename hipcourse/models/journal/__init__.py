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

The progress helpers (:func:`sessions_per_week`, :func:`minutes_per_week`) are pure
functions of records, used by the plots and the CLI. A session's dose is never computed
here: :meth:`SessionRecord.dose` asks the routine model (:mod:`hipcourse.models.routine`)
for the dose of the steps that were done.

The package: ``records`` (constants, errors, records), ``checks`` (what goes in),
``storage`` (opening files safely, migrations, reading rows), ``csv_io``, ``store``
(:class:`Journal`), ``weekly`` (progress), ``demo``. Every name is importable from
``hipcourse.models.journal``.

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

from hipcourse.models.journal import csv_io, storage  # noqa: F401
from hipcourse.models.journal.checks import (  # noqa: F401
    check_done,
    check_felt,
    check_felt_steps,
    check_routine,
    load_routine_file,
)
from hipcourse.models.journal.demo import DEMO_START, demo_journal, demo_routine, seed_demo  # noqa: F401
from hipcourse.models.journal.records import (  # noqa: F401
    APPLICATION_ID,
    BUSY_TIMEOUT_S,
    CSV_FIELDS,
    ENV_VAR,
    FILENAME,
    MIGRATIONS,
    SCHEMA_VERSION,
    SQLITE_MAGIC,
    AssessmentRecord,
    ImportResult,
    JournalDamagedError,
    JournalError,
    JournalNotWritableError,
    JournalRowError,
    JournalVersionError,
    JournalWriteError,
    SessionRecord,
    default_path,
    resolve_path,
)
from hipcourse.models.journal.store import Journal  # noqa: F401
from hipcourse.models.journal.weekly import (  # noqa: F401
    minutes_per_week,
    progress,
    sessions_per_day,
    sessions_per_week,
    week_start,
    weekly_dose,
)
