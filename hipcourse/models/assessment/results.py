"""Results of the self-tests: checking what a person entered, suggesting a starting rung per
group, and summarising progress over time.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hipcourse.content.catalog import GROUP_IDS, Catalog, load_catalog
from hipcourse.kit.checks import InputError, choice
from hipcourse.models.assessment.loader import load_tests
from hipcourse.models.assessment.selftests import MAX_NOTE_CHARS, SIDES, SelfTest, SelfTests


# --------------------------------------------------------------------------- results
@dataclass(frozen=True)
class Result:
    """One self-test result: a test, a side, a value and (optionally) a date."""

    test: str
    side: str
    value: float
    date: _dt.date | None = None
    note: str = ""


def _tests(tests):
    """``tests`` checked (a SelfTests), or the course's self-tests when None."""
    if tests is None:
        return load_tests()
    if not hasattr(tests, "ids") or not hasattr(tests, "test"):
        raise TypeError(
            f"tests = {tests!r:.40} is not allowed; expected SelfTests (from load_tests)"
        )
    return tests


#: No record is older than this (a date before it is a typo).
EARLIEST_DATE = _dt.date(1900, 1, 1)


def check_date(
    value: Any, *, field: str = "date", today: _dt.date | None = None, where: str = ""
) -> _dt.date:
    """A date (``datetime.date`` or ``"YYYY-MM-DD"``) no later than today, or InputError.

    Parameters
    ----------
    value : datetime.date or str
        The date, ``"YYYY-MM-DD"`` as text.
    field : str
        The field an error names.
    today : datetime.date, optional
        Today's date (for tests); default the system date.
    where : str
        Context put before an error message (e.g. ``"row 3"``).

    Returns
    -------
    datetime.date

    Examples
    --------
    >>> import datetime
    >>> check_date("2025-03-01", today=datetime.date(2025, 6, 1))
    datetime.date(2025, 3, 1)
    """
    if today is not None and not isinstance(today, _dt.date):
        raise TypeError(f"today = {today!r:.40} is not allowed; expected a datetime.date")
    today = today or _dt.date.today()
    allowed = f"a date written YYYY-MM-DD, no later than today ({today.isoformat()})"
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            d = _dt.date.fromisoformat(value.strip())
        except ValueError:
            raise InputError(field, value, allowed, where=where) from None
        if len(value.strip()) != 10:
            raise InputError(field, value, allowed, where=where)
    elif isinstance(value, _dt.date):
        d = value
    else:
        raise InputError(field, value, allowed, where=where)
    if d < EARLIEST_DATE:
        raise InputError(
            field,
            value,
            f"a date from {EARLIEST_DATE.isoformat()} on, written YYYY-MM-DD",
            where=where,
        )
    if d > today:
        raise InputError(field, value, allowed, where=where)
    return d


def check_note(value: Any, *, field: str = "note", where: str = "") -> str:
    """Free text up to :data:`MAX_NOTE_CHARS` characters ('' for None).

    Parameters
    ----------
    value : str or None
        The note.
    field, where : str
        The field an error names, and its context.

    Returns
    -------
    str
        The note as given.
    """
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > MAX_NOTE_CHARS:
        raise InputError(
            field,
            value if not isinstance(value, str) else value[:40] + "...",
            f"text of at most {MAX_NOTE_CHARS} characters",
            where=where,
        )
    return value


def check_result(
    test: Any,
    side: Any,
    value: Any,
    date: Any = None,
    note: Any = "",
    *,
    today: _dt.date | None = None,
    tests: SelfTests | None = None,
    where: str = "",
) -> Result:
    """Validate one result; every problem raises InputError naming the field.

    Refused: an unknown ``test``, a ``side`` other than left/right/both, a ``value``
    outside the test's physically possible range (or not a whole picture number), a
    future or malformed ``date``. ``date=None`` means today.

    Parameters
    ----------
    test : str
        A self-test id (``hipcourse assessments`` lists them).
    side : {"left", "right", "both"}
        Which leg.
    value : float
        The result in the test's unit: degrees [deg], centimetres [cm] or a picture number.
    date : datetime.date or str, optional
        The day of the test; default today.
    note : str
        Free text, up to :data:`MAX_NOTE_CHARS` characters.
    today, tests, where
        Today's date, the self-tests to check against (default the course's) and an error
        context.

    Returns
    -------
    Result
    """
    tests = _tests(tests)
    if not isinstance(test, str) or test not in tests.ids:
        raise InputError("test", test, "one of " + ", ".join(tests.ids), where=where)
    t = tests.test(test)
    side = choice("side", side, SIDES, where=where)
    v = t.check_value(value, where=where)
    d = check_date(
        date if date is not None else (today or _dt.date.today()), today=today, where=where
    )
    return Result(test, side, v, d, check_note(note, where=where))


def _as_results(results: Any) -> list[Result]:
    """Accept a mapping ``{test: value}`` / ``{test: {side: value}}`` or an iterable of
    records (objects or dicts with test, side, value and optionally date)."""
    out: list[Result] = []
    if isinstance(results, Mapping):
        for test, v in results.items():
            if isinstance(v, Mapping):
                out.extend(check_result(test, side, val, None) for side, val in v.items())
            else:
                out.append(check_result(test, "both", v, None))
        return [Result(r.test, r.side, r.value, None, r.note) for r in out]
    for rec in results:
        get = rec.get if isinstance(rec, Mapping) else (lambda k, d=None, _r=rec: getattr(_r, k, d))
        d = get("date", None)
        # Stored results may carry a date after today (a wrong clock, another time zone):
        # they still count; only new records are refused for being in the future.
        r = check_result(
            get("test"),
            get("side", "both"),
            get("value"),
            d,
            get("note", "") or "",
            today=_dt.date.max,
        )
        out.append(r if d is not None else Result(r.test, r.side, r.value, None, r.note))
    return out


def _latest_by_side(results: list[Result], test: str) -> dict[str, float]:
    """Values of ``test`` on its latest date, per side (the last one recorded wins)."""
    rows = [r for r in results if r.test == test]
    if not rows:
        return {}
    last = max((r.date or _dt.date.min) for r in rows)
    return {r.side: r.value for r in rows if (r.date or _dt.date.min) == last}


@dataclass(frozen=True)
class Suggestion:
    """A suggested starting rung for one group, and why."""

    group: str
    level: int
    ladder_length: int
    test: str
    value: float
    reason: str


def _test_rung(t: SelfTest, by_side: dict[str, float], n: int) -> tuple[int, float, str]:
    value = t.worse(by_side.values())
    side = next(s for s, v in by_side.items() if v == value)
    other = None
    if t.rule.kind == "relative" and "left" in by_side and "right" in by_side:
        other = by_side["right"] if value == by_side["left"] else by_side["left"]
    level = t.rule.rung(value, n, other)
    which = f", {side} side" if side != "both" else ""
    if len(by_side) > 1:
        which = f", tighter side: {side}"
    why = f"{t.name}: {t.format_value(value)}{which} → rung {level} of {n}"
    if other is not None and level == 1 and abs(value - other) > t.rule.asymmetry_limit:
        why += f" (the sides differ by more than {t.format_value(t.rule.asymmetry_limit)})"
    return level, value, why


def suggest(
    results: Any, catalog: Catalog | None = None, tests: SelfTests | None = None
) -> dict[str, Suggestion]:
    """Suggested starting rung per muscle group, with the reason.

    Parameters
    ----------
    results
        ``{test_id: value}``, ``{test_id: {side: value}}``, or records with ``test``,
        ``side``, ``value`` and ``date`` (e.g. :class:`hipcourse.models.journal.AssessmentRecord`).
        For each group only its latest testing day counts.

    Returns
    -------
    dict
        ``{group: Suggestion}`` for each group with at least one result, in teaching
        order. The rule is conservative: for a test measured on both legs the tighter leg
        counts, and when several tests inform a group the lowest rung wins. Groups
        without a result are left out (the routine builder then starts them on rung 1).
    """
    cat = catalog or load_catalog()
    tests = _tests(tests)
    rows = _as_results(results)
    latest = {
        t.id: max((r.date or _dt.date.min) for r in rows if r.test == t.id)
        for t in tests.tests
        if any(r.test == t.id for r in rows)
    }
    out: dict[str, Suggestion] = {}
    for g in GROUP_IDS:
        recent = [t for t in tests.for_group(g) if t.id in latest]
        if not recent:
            continue
        day = max(latest[t.id] for t in recent)
        n = len(cat.ladder(g))
        for t in recent:
            if latest[t.id] != day:
                continue  # an older test day: the group's latest results win
            level, value, why = _test_rung(t, _latest_by_side(rows, t.id), n)
            if g not in out or level < out[g].level:
                out[g] = Suggestion(g, level, n, t.id, value, why)
    return out


def suggest_levels(
    results: Any, catalog: Catalog | None = None, tests: SelfTests | None = None
) -> dict[str, int]:
    """``{group: rung}``: the routine builder's ``levels`` (see :func:`suggest`).

    Parameters
    ----------
    results : iterable of Result or of mappings
        Self-test results (``test``, ``side``, ``value``, ``date``).
    catalog, tests : optional
        The catalog and self-tests to use (default the course's).

    Returns
    -------
    dict of str to int
        Suggested starting rung (1 = easiest) per group with a result.
    """
    return {g: s.level for g, s in suggest(results, catalog, tests).items()}


# --------------------------------------------------------------------------- progress
def format_date(d: _dt.date) -> str:
    """``1 March 2025`` (no zero padding, English month names).

    Parameters
    ----------
    d : datetime.date

    Returns
    -------
    str

    Examples
    --------
    >>> import datetime
    >>> format_date(datetime.date(2025, 3, 1))
    '1 March 2025'
    """
    from hipcourse.kit.checks import instance

    instance("d", d, _dt.date, "a datetime.date")
    months = (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    )
    return f"{d.day} {months[d.month - 1]} {d.year}"


def series(
    results: Any, test: str, side: str | None = None, tests: SelfTests | None = None
) -> list[tuple[_dt.date, float]]:
    """``[(date, value)]`` of one test in date order.

    ``side=None`` gives, for each date, the tighter of the sides recorded that day (the
    value the suggestions use); ``"left"``/``"right"``/``"both"`` gives that side only.

    Parameters
    ----------
    results : iterable of Result or of mappings
        Self-test results.
    test : str
        A self-test id.
    side : {"left", "right", "both"} or None
        One side, or None for the tighter side each day.
    tests : SelfTests, optional
        The self-tests (default the course's).

    Returns
    -------
    list of (datetime.date, float)
        Values in the test's unit ([deg], [cm] or a picture number).
    """
    t = _tests(tests).test(test)
    rows = [
        r
        for r in _as_results(results)
        if r.test == test and r.date is not None and (side is None or r.side == side)
    ]
    by_date: dict[_dt.date, dict[str, float]] = {}
    for r in rows:
        by_date.setdefault(r.date, {})[r.side] = r.value
    return [(d, t.worse(v.values())) for d, v in sorted(by_date.items())]


def progress_summary(results: Any, tests: SelfTests | None = None) -> dict[str, str]:
    """One line per muscle group, e.g. ``hamstrings: +12° since 1 March 2025 (...)``.

    For each group the test with the most dated results is used (ties: the group's own
    tests first, in file order); the change is latest minus first, tighter side each day.

    Parameters
    ----------
    results : iterable of Result or of mappings
        Self-test results.
    tests : SelfTests, optional
        The self-tests (default the course's).

    Returns
    -------
    dict of str to str
        One line per group in :data:`~hipcourse.content.catalog.GROUP_IDS` order.
    """
    tests = _tests(tests)
    rows = _as_results(results)
    out: dict[str, str] = {}
    for g in GROUP_IDS:
        candidates = [
            (len(series(rows, t.id, tests=tests)), -i, t) for i, t in enumerate(tests.for_group(g))
        ]
        count, _, t = max(candidates, key=lambda c: (c[0], c[1]))
        if count == 0:
            out[g] = f"{g}: no self-test recorded yet"
            continue
        s = series(rows, t.id, tests=tests)
        sides = {r.side for r in rows if r.test == t.id and r.date is not None}
        tighter = ", tighter side" if len(sides) > 1 else ""
        (d0, v0), (d1, v1) = s[0], s[-1]
        if count == 1:
            out[g] = f"{g}: {t.format_value(v1)} on {format_date(d1)} ({t.name}); one result so far"
            continue
        verdict = (
            "better" if t.is_better(v1, v0) else "worse" if t.is_better(v0, v1) else "no change"
        )
        out[g] = (
            f"{g}: {t.format_change(v1 - v0)} since {format_date(d0)} "
            f"({t.name}{tighter}; {verdict})"
        )
    return out
