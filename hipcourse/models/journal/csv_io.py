"""The journal's CSV format: export rows and the checked reader used by import.

Safe to open in a spreadsheet: a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return (which Excel, LibreOffice and Google Sheets may run as a formula,
OWASP "CSV injection") is written with a leading apostrophe, and so is a cell that
already begins with one, so the reader can undo it exactly (:func:`_unguard`): export,
import into an empty journal and export again gives the same bytes. Plain numbers such
as ``-5.0`` are left as they are.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import re
import uuid
from pathlib import Path
from typing import Any

from hipcourse.kit.checks import InputError, choice
from hipcourse.models.assessment import check_date, check_note, check_result
from hipcourse.models.journal.checks import check_done, check_felt, check_felt_steps, check_routine
from hipcourse.models.journal.records import _UID, CSV_FIELDS, AssessmentRecord, SessionRecord

# --------------------------------------------------------------------------- CSV helpers
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")


def _guard(cell: str) -> str:
    """``cell`` as written to the CSV: an apostrophe before a formula-like start."""
    if cell.startswith(_FORMULA_START + ("'",)) and not _PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def _unguard(cell: str) -> str:
    """Undo :func:`_guard` (one apostrophe before a formula-like start or an apostrophe)."""
    if cell.startswith("'") and cell[1:].startswith(_FORMULA_START + ("'",)):
        return cell[1:]
    return cell


def _csv_text(rows: list[dict[str, str]]) -> str:
    """The CSV file for export rows (header first, cells guarded). Lines end in CRLF, as
    RFC 4180 asks, which also makes the writer quote a cell holding a lone CR."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({k: _guard(v) for k, v in row.items()} for row in rows)
    return buf.getvalue()


def _dumps(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _assessment_row(r: AssessmentRecord) -> dict[str, str]:
    return {
        "kind": "assessment",
        "uid": r.uid,
        "date": r.date.isoformat(),
        "test": r.test,
        "side": r.side,
        "value": repr(float(r.value)),
        "note": r.note,
        "routine": "",
        "done": "",
        "felt": "",
        "felt_steps": "",
    }


def _session_row(s: SessionRecord) -> dict[str, str]:
    return {
        "kind": "session",
        "uid": s.uid,
        "date": s.date.isoformat(),
        "test": "",
        "side": "",
        "value": "",
        "note": s.notes,
        "routine": _dumps(s.routine),
        "done": _dumps(list(s.done)),
        "felt": "" if s.felt is None else str(s.felt),
        "felt_steps": _dumps(s.felt_steps),
    }


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
        raise InputError(
            "header",
            ",".join(rows[0]) if rows else "",
            "the columns " + ",".join(CSV_FIELDS),
            where=f"{path.name}, row 1",
        )
    out, seen = [], set()
    for n, cells in enumerate(rows[1:], start=2):
        where = f"{path.name}, row {n}"
        if not any(c.strip() for c in cells):
            continue  # blank line
        if len(cells) != len(CSV_FIELDS):
            raise InputError("columns", len(cells), f"{len(CSV_FIELDS)} columns", where=where)
        row = dict(zip(CSV_FIELDS, map(_unguard, cells), strict=False))
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
            r = check_result(
                row["test"],
                row["side"],
                row["value"],
                row["date"],
                row["note"],
                today=_dt.date.max,
                where=where,
            )
            out.append((kind, uid, (r.date, r.test, r.side, r.value, r.note)))
        else:
            for name in ("test", "side", "value"):
                if row[name].strip():
                    raise InputError(name, row[name], "empty in a session row", where=where)
            d = check_date(row["date"], today=_dt.date.max, where=where)
            routine = check_routine(
                _json_field(row, "routine", where, "a routine as JSON"),
                where=where,
                known_stretches=False,
            )
            done = check_done(
                _json_field(row, "done", where, "a JSON list of step numbers"),
                len(routine["steps"]),
                where=where,
            )
            felt = check_felt(row["felt"], where=where)
            fs = (
                _json_field(row, "felt_steps", where, "a JSON object")
                if row["felt_steps"].strip()
                else {}
            )
            felt_steps = check_felt_steps(fs, done, where=where)
            notes = check_note(row["note"], field="note", where=where)
            out.append((kind, uid, (d, routine, done, felt, felt_steps, notes)))
    return out
