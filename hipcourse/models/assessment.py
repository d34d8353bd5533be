"""Self-tests: how to do them, what is normal, how far to trust them, where to start.

The tests live in ``hipcourse/data/assessments.toml`` (content as data: an instructor can
add a test there); this module loads and checks them, validates a learner's result, turns
results into a suggested starting rung per muscle group (:func:`suggest_levels`, which the
routine builder takes as its ``levels``) and summarises progress over time
(:func:`progress_summary`). Pure and deterministic: no files are written, nothing heavy
is imported.

Units: angles in degrees (``"deg"``), distances in centimetres (``"cm"``), and picture
choices numbered 1, 2, 3, ... from the tightest picture (``"choice"``).

Normal ranges and their sources (see each test's ``normal.source``):

- straight-leg raise >= 80 deg: Ayala et al. (2013) Phys Ther Sport 14:98.
- active knee extension within 40 deg of straight: BMC Sports Sci Med Rehabil 2021
  (s13102-021-00242-y), Table 4; stricter study cut-offs 30 deg (Bandy & Irion 1994,
  Phys Ther) and 20 deg (Feland et al. 2001, Phys Ther 81:1110).
- modified Thomas test, thigh at or below the table, knee bent >= 67 deg: same Table 4;
  reliability Peeler & Anderson (2008) J Athl Train 43:470; validity Vigotsky et al.
  (2016) PeerJ 4:e2325.
- prone heel-to-buttock: no source found (the range is marked unverified).
- FABER knee height: no norm; one study of 19 adults, 12.4 +/- 2.8 cm (PubMed 27999724,
  abstract; authors not retrieved).
- hip abduction 30-50 deg: Wilson (2014) Am Fam Physician 89:27, via fpnotebook.com
  (secondary).

The rules that turn a score into a rung are the course's own rules of thumb, anchored on
those cut-offs; they are not from a study, and the lesson says so.

Examples
--------
>>> from hipcourse.models.assessment import load_tests, suggest_levels
>>> load_tests().test("straight-leg-raise").normal.low
80.0
>>> suggest_levels({"straight-leg-raise": {"left": 72, "right": 64}})
{'hamstrings': 2}
"""
from __future__ import annotations

import datetime as _dt
import functools
import math
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Iterable, Mapping

from hipcourse.kit.checks import InputError, choice, number
from hipcourse.content.catalog import (DATA_DIR, GROUP_IDS, Catalog, CatalogError, _Reader, _read,
                               load_catalog)

TESTS_FILE = DATA_DIR / "assessments.toml"
#: Which leg a result is for ("both": one result for both legs, or the test uses both).
SIDES = ("left", "right", "both")
UNITS = ("deg", "cm", "choice")
#: How well a normal range is supported (see the header of ``assessments.toml``).
NORM_STATUSES = ("published", "secondary", "unverified", "reference")
RULE_KINDS = ("linear", "choice", "relative")
#: Longest note stored with a result.
MAX_NOTE_CHARS = 2000


# --------------------------------------------------------------------------- types
@dataclass(frozen=True)
class NormalRange:
    """A published (or, where marked, unverified) normal range.

    ``low`` / ``high`` may be None: "at least low" / "at most high".
    """

    low: float | None
    high: float | None
    text: str
    source: str
    status: str
    short: str = ""

    def contains(self, value: float) -> bool:
        """True if ``value`` lies inside the range (bounds included)."""
        return ((self.low is None or value >= self.low)
                and (self.high is None or value <= self.high))

    @property
    def verified(self) -> bool:
        """True only for ranges read in a primary source (status ``published``)."""
        return self.status == "published"

    @property
    def caveat(self) -> str:
        """A short warning to print next to the range, or '' for a published one."""
        return {"published": "",
                "secondary": "from a secondary summary",
                "unverified": "unverified: not found in any source we opened",
                "reference": "one small study, not an accepted norm"}[self.status]


@dataclass(frozen=True)
class Reliability:
    text: str
    source: str


@dataclass(frozen=True)
class Rule:
    """How a result becomes a suggested starting rung (see ``assessments.toml``)."""

    kind: str
    note: str
    rung_1_at: float | None = None
    top_at: float | None = None
    rungs: tuple[int, ...] = ()
    cap: float | None = None
    asymmetry_limit: float | None = None

    def rung(self, value: float, ladder_length: int, other_side: float | None = None) -> int:
        """The starting rung (1..``ladder_length``) for ``value``.

        ``other_side`` is the other leg's value from the same day (relative rules only).
        """
        n = ladder_length
        if self.kind == "choice":
            level = min(self.rungs[int(round(value)) - 1], n)
        else:
            if (self.kind == "relative" and other_side is not None
                    and abs(value - other_side) > self.asymmetry_limit):
                return 1
            t = (value - self.rung_1_at) / (self.top_at - self.rung_1_at)
            t = min(1.0, max(0.0, t))
            level = 1 + math.floor((n - 1) * t + 1e-9)
        if self.cap is not None:
            level = min(level, 1 + math.floor((n - 1) * self.cap + 1e-9))
        return max(1, min(n, level))


@dataclass(frozen=True)
class SelfTest:
    id: str
    name: str
    groups: tuple[str, ...]
    unit: str
    min: float
    max: float
    better: str
    steps: tuple[str, ...]
    record: str
    cautions: tuple[str, ...]
    normal: NormalRange
    reliability: Reliability
    rule: Rule
    choices: tuple[str, ...] = ()

    @property
    def group(self) -> str:
        """The main group the test informs (the first listed)."""
        return self.groups[0]

    def check_value(self, value: Any, *, where: str = "") -> float:
        """``value`` as a float within the physically possible range, or InputError."""
        if self.unit == "choice":
            allowed = f"a whole picture number from {self.min:g} to {self.max:g}"
            try:
                v = number("value", value, self.min, self.max, where=where)
            except InputError:
                raise InputError("value", value, allowed, where=where) from None
            if not v.is_integer():
                raise InputError("value", value, allowed, where=where)
            return v
        unit = "degrees" if self.unit == "deg" else self.unit
        return number("value", value, self.min, self.max, unit=unit, where=where)

    def format_value(self, value: float) -> str:
        """``72°``, ``12.5 cm`` or ``picture 2``."""
        if self.unit == "choice":
            return f"picture {int(round(value))}"
        text = f"{value:.1f}".rstrip("0").rstrip(".")
        return f"{text}°" if self.unit == "deg" else f"{text} cm"

    def format_change(self, change: float) -> str:
        """A signed change: ``+12°``, ``−3.5 cm``, ``+1 picture``."""
        if self.unit == "choice":
            k = int(round(change))
            return f"{k:+d} picture{'s' if abs(k) != 1 else ''}".replace("-", "−")
        text = f"{abs(change):.1f}".rstrip("0").rstrip(".")
        sign = "+" if change > 0 else "−" if change < 0 else "±"
        return f"{sign}{text}°" if self.unit == "deg" else f"{sign}{text} cm"

    def is_better(self, new: float, old: float) -> bool:
        """True if ``new`` is more flexible than ``old``."""
        return new > old if self.better == "higher" else new < old

    def worse(self, values: Iterable[float]) -> float:
        """The tighter of several values (the one a conservative suggestion uses)."""
        values = list(values)
        return min(values) if self.better == "higher" else max(values)

    def normal_text(self) -> str:
        """The normal range in words, with its source and any caveat."""
        cav = f" [{self.normal.caveat}]" if self.normal.caveat else ""
        return f"{self.normal.text} ({self.normal.source}){cav}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (the ``hipcourse assessments --json`` format)."""
        return {
            "id": self.id, "name": self.name, "group": self.group, "groups": list(self.groups),
            "unit": self.unit, "min": self.min, "max": self.max, "better": self.better,
            "normal": {f.name: getattr(self.normal, f.name) for f in fields(self.normal)},
            "choices": list(self.choices), "steps": list(self.steps), "record": self.record,
            "cautions": list(self.cautions),
            "reliability": {"text": self.reliability.text, "source": self.reliability.source},
            "rule": self.rule.note,
        }


@dataclass(frozen=True)
class DoseLine:
    weekly_minutes: float
    label: str
    status: str


@dataclass(frozen=True)
class Dose:
    """Weekly stretching guidance per muscle group, for the progress view."""

    weekly_minutes_low: float
    weekly_minutes_high: float
    text: str
    source: str
    status: str
    lines: tuple[DoseLine, ...] = ()


@dataclass(frozen=True)
class SelfTests:
    tests: tuple[SelfTest, ...]
    dose: Dose

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.tests)

    def test(self, ident: Any) -> SelfTest:
        """The test called ``ident``; an unknown id raises InputError naming ``test``."""
        for t in self.tests:
            if t.id == ident:
                return t
        raise InputError("test", ident, "one of " + ", ".join(self.ids))

    def for_group(self, group: str) -> tuple[SelfTest, ...]:
        """Tests that inform ``group``: those whose main group it is come first."""
        choice("group", group, GROUP_IDS)
        main = [t for t in self.tests if t.group == group]
        return tuple(main + [t for t in self.tests if group in t.groups and t not in main])


# --------------------------------------------------------------------------- loading
def _num(r: _Reader, table: dict, name: str, prefix: str, default: Any = ...) -> float | None:
    if name not in table:
        if default is ...:
            r.fail(f"{prefix}{name}", None, "is missing")
        return default
    v = table[name]
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        r.fail(f"{prefix}{name}", v, "must be a number")
    return float(v)


def _sub(r: _Reader, name: str) -> dict:
    t = r.get(name)
    if not isinstance(t, dict):
        r.fail(name, t, "must be a table")
    return t


def _text(r: _Reader, table: dict, name: str, prefix: str) -> str:
    v = table.get(name)
    if not isinstance(v, str) or not v.strip():
        r.fail(f"{prefix}{name}", v, "must be a non-empty string")
    return v


def _load_test(r: _Reader, ladder_ok: Iterable[str]) -> SelfTest:
    unit = r.choice("unit", UNITS)
    lo, hi = _num(r, r.table, "min", ""), _num(r, r.table, "max", "")
    if not lo < hi:
        r.fail("max", hi, f"must be greater than min ({lo:g})")
    better = r.choice("better", ("higher", "lower"))
    choices: tuple[str, ...] = ()
    if unit == "choice":
        choices = r.texts("choices")
        if lo != 1 or hi != len(choices):
            r.fail("max", hi, f"a choice test runs from min = 1 to max = number of choices ({len(choices)})")
    elif "choices" in r.table:
        r.fail("choices", r.table["choices"], "only a test with unit = 'choice' has choices")

    nt = _sub(r, "normal")
    normal = NormalRange(low=_num(r, nt, "low", "normal.", None), high=_num(r, nt, "high", "normal.", None),
                         text=_text(r, nt, "text", "normal."), source=_text(r, nt, "source", "normal."),
                         status=nt.get("status"), short=_text(r, nt, "short", "normal."))
    if normal.status not in NORM_STATUSES:
        r.fail("normal.status", normal.status, "must be one of " + ", ".join(NORM_STATUSES))
    for name in ("low", "high"):
        v = getattr(normal, name)
        if v is not None and not lo <= v <= hi:
            r.fail(f"normal.{name}", v, f"must lie within min..max ({lo:g}..{hi:g})")
    if normal.low is None and normal.high is None:
        r.fail("normal", nt, "needs low, high or both")
    if normal.low is not None and normal.high is not None and normal.low > normal.high:
        r.fail("normal.high", normal.high, f"must be at least normal.low ({normal.low:g})")

    rt = _sub(r, "reliability")
    reliability = Reliability(text=_text(r, rt, "text", "reliability."),
                              source=_text(r, rt, "source", "reliability."))

    ru = _sub(r, "rule")
    kind = ru.get("kind")
    if kind not in RULE_KINDS:
        r.fail("rule.kind", kind, "must be one of " + ", ".join(RULE_KINDS))
    cap = _num(r, ru, "cap", "rule.", None)
    if cap is not None and not 0 <= cap <= 1:
        r.fail("rule.cap", cap, "must be a fraction of the ladder from 0 to 1")
    note = _text(r, ru, "note", "rule.")
    if kind == "choice":
        if unit != "choice":
            r.fail("rule.kind", kind, "a 'choice' rule needs unit = 'choice'")
        rungs = ru.get("rungs")
        if (not isinstance(rungs, list) or len(rungs) != len(choices)
                or not all(isinstance(x, int) and not isinstance(x, bool) and x >= 1 for x in rungs)):
            r.fail("rule.rungs", rungs, f"must list one rung (a whole number >= 1) per choice ({len(choices)})")
        rule = Rule(kind, note, rungs=tuple(rungs), cap=cap)
    else:
        if unit == "choice":
            r.fail("rule.kind", kind, "a choice test needs kind = 'choice'")
        a, b = _num(r, ru, "rung_1_at", "rule."), _num(r, ru, "top_at", "rule.")
        for name, v in (("rung_1_at", a), ("top_at", b)):
            if not lo <= v <= hi:
                r.fail(f"rule.{name}", v, f"must lie within min..max ({lo:g}..{hi:g})")
        if (b > a) != (better == "higher") or a == b:
            r.fail("rule.top_at", b, f"must be {'above' if better == 'higher' else 'below'} "
                                     f"rung_1_at ({a:g}) because better = {better!r}")
        asym = _num(r, ru, "asymmetry_limit", "rule.", None)
        if kind == "relative" and (asym is None or asym <= 0):
            r.fail("rule.asymmetry_limit", asym, "a relative rule needs a positive asymmetry_limit")
        rule = Rule(kind, note, rung_1_at=a, top_at=b, cap=cap, asymmetry_limit=asym)

    return SelfTest(id=r.text("id"), name=r.text("name"),
                    groups=r.texts("groups", allowed=tuple(ladder_ok)), unit=unit, min=lo, max=hi,
                    better=better, steps=r.texts("steps"), record=r.text("record"),
                    cautions=r.texts("cautions", nonempty=False), normal=normal,
                    reliability=reliability, rule=rule, choices=choices)


def _load_dose(path: Path, table: Any) -> Dose:
    r = _Reader(path, table, "dose", 0)
    low, high = _num(r, r.table, "weekly_minutes_low", ""), _num(r, r.table, "weekly_minutes_high", "")
    if not 0 < low <= high:
        r.fail("weekly_minutes_high", high, f"must be at least weekly_minutes_low ({low:g}) > 0")
    lines = []
    for i, ln in enumerate(r.get("line", [])):
        lr = _Reader(path, ln, "dose.line", i)
        lines.append(DoseLine(_num(lr, lr.table, "weekly_minutes", ""), lr.text("label"),
                              lr.choice("status", NORM_STATUSES)))
    return Dose(low, high, r.text("text"), r.text("source"), r.choice("status", NORM_STATUSES),
                tuple(lines))


def load_tests(path: Path | str | None = None) -> SelfTests:
    """Load and check the self-tests.

    Parameters
    ----------
    path : path, optional
        The TOML file; default ``hipcourse/data/assessments.toml`` (cached).

    Raises
    ------
    CatalogError
        If the file is missing or broken; the message names the file, the test id, the
        field and the bad value.
    """
    if path is None:
        return _default_tests()
    return _load(Path(path))


@functools.lru_cache(maxsize=1)
def _default_tests() -> SelfTests:
    return _load(TESTS_FILE)


def _load(path: Path) -> SelfTests:
    data = _read(path)
    tests = [_load_test(_Reader(path, t, "test", i), GROUP_IDS)
             for i, t in enumerate(data.get("test", []))]
    seen = set()
    for t in tests:
        if t.id in seen:
            raise CatalogError(path, t.id, "id", t.id, "duplicate test id")
        seen.add(t.id)
    for g in GROUP_IDS:
        if not any(g in t.groups for t in tests):
            raise CatalogError(path, None, "groups", g, "no self-test informs this group")
    if "dose" not in data:
        raise CatalogError(path, None, "dose", None, "is missing")
    return SelfTests(tuple(tests), _load_dose(path, data["dose"]))


# --------------------------------------------------------------------------- results
@dataclass(frozen=True)
class Result:
    """One self-test result: a test, a side, a value and (optionally) a date."""

    test: str
    side: str
    value: float
    date: _dt.date | None = None
    note: str = ""


def check_date(value: Any, *, field: str = "date", today: _dt.date | None = None,
               where: str = "") -> _dt.date:
    """A date (``datetime.date`` or ``"YYYY-MM-DD"``) no later than today, or InputError."""
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
    if d > today:
        raise InputError(field, value, allowed, where=where)
    return d


def check_note(value: Any, *, field: str = "note", where: str = "") -> str:
    """Free text up to :data:`MAX_NOTE_CHARS` characters ('' for None)."""
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > MAX_NOTE_CHARS:
        raise InputError(field, value if not isinstance(value, str) else value[:40] + "...",
                         f"text of at most {MAX_NOTE_CHARS} characters", where=where)
    return value


def check_result(test: Any, side: Any, value: Any, date: Any = None, note: Any = "", *,
                 today: _dt.date | None = None, tests: SelfTests | None = None,
                 where: str = "") -> Result:
    """Validate one result; every problem raises InputError naming the field.

    Refused: an unknown ``test``, a ``side`` other than left/right/both, a ``value``
    outside the test's physically possible range (or not a whole picture number), a
    future or malformed ``date``. ``date=None`` means today.
    """
    tests = tests or load_tests()
    if not isinstance(test, str) or test not in tests.ids:
        raise InputError("test", test, "one of " + ", ".join(tests.ids), where=where)
    t = tests.test(test)
    side = choice("side", side, SIDES, where=where)
    v = t.check_value(value, where=where)
    d = check_date(date if date is not None else (today or _dt.date.today()),
                   today=today, where=where)
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
        r = check_result(get("test"), get("side", "both"), get("value"), d,
                         get("note", "") or "", today=_dt.date.max)
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


def suggest(results: Any, catalog: Catalog | None = None,
            tests: SelfTests | None = None) -> dict[str, Suggestion]:
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
    tests = tests or load_tests()
    rows = _as_results(results)
    latest = {t.id: max((r.date or _dt.date.min) for r in rows if r.test == t.id)
              for t in tests.tests if any(r.test == t.id for r in rows)}
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


def suggest_levels(results: Any, catalog: Catalog | None = None,
                   tests: SelfTests | None = None) -> dict[str, int]:
    """``{group: rung}``: the routine builder's ``levels`` (see :func:`suggest`)."""
    return {g: s.level for g, s in suggest(results, catalog, tests).items()}


# --------------------------------------------------------------------------- progress
def format_date(d: _dt.date) -> str:
    """``1 March 2025`` (no zero padding, English month names)."""
    months = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")
    return f"{d.day} {months[d.month - 1]} {d.year}"


def series(results: Any, test: str, side: str | None = None,
           tests: SelfTests | None = None) -> list[tuple[_dt.date, float]]:
    """``[(date, value)]`` of one test in date order.

    ``side=None`` gives, for each date, the tighter of the sides recorded that day (the
    value the suggestions use); ``"left"``/``"right"``/``"both"`` gives that side only.
    """
    t = (tests or load_tests()).test(test)
    rows = [r for r in _as_results(results) if r.test == test and r.date is not None
            and (side is None or r.side == side)]
    by_date: dict[_dt.date, dict[str, float]] = {}
    for r in rows:
        by_date.setdefault(r.date, {})[r.side] = r.value
    return [(d, t.worse(v.values())) for d, v in sorted(by_date.items())]


def progress_summary(results: Any, tests: SelfTests | None = None) -> dict[str, str]:
    """One line per muscle group, e.g. ``hamstrings: +12° since 1 March 2025 (...)``.

    For each group the test with the most dated results is used (ties: the group's own
    tests first, in file order); the change is latest minus first, tighter side each day.
    """
    tests = tests or load_tests()
    rows = _as_results(results)
    out: dict[str, str] = {}
    for g in GROUP_IDS:
        candidates = [(len(series(rows, t.id, tests=tests)), -i, t)
                      for i, t in enumerate(tests.for_group(g))]
        count, _, t = max(candidates, key=lambda c: (c[0], c[1]))
        if count == 0:
            out[g] = f"{g}: no self-test recorded yet"
            continue
        s = series(rows, t.id, tests=tests)
        sides = {r.side for r in rows if r.test == t.id and r.date is not None}
        tighter = ", tighter side" if len(sides) > 1 else ""
        (d0, v0), (d1, v1) = s[0], s[-1]
        if count == 1:
            out[g] = (f"{g}: {t.format_value(v1)} on {format_date(d1)} ({t.name}); "
                      f"one result so far")
            continue
        verdict = ("better" if t.is_better(v1, v0) else "worse" if t.is_better(v0, v1)
                   else "no change")
        out[g] = (f"{g}: {t.format_change(v1 - v0)} since {format_date(d0)} "
                  f"({t.name}{tighter}; {verdict})")
    return out
