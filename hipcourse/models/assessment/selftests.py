"""The self-tests as data: their records (normal range, reliability, the rule that maps a
result to a ladder rung, the weekly dose) and the strict loader of ``assessments.toml``.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Iterable

from hipcourse.kit.checks import InputError, choice, number
from hipcourse.content.catalog import DATA_DIR, GROUP_IDS
from hipcourse.content.tables import CatalogError, TableReader, read_toml


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

        Parameters
        ----------
        value : float
            A result in the test's unit ([deg], [cm] or a picture number).
        ladder_length : int
            How many rungs the group's ladder has.
        other_side : float, optional
            The other leg's result (a "relative" rule compares the two).

        Returns
        -------
        int
            The suggested rung, 1 (easiest) to ``ladder_length``.

        Examples
        --------
        >>> Rule("linear", "demo", rung_1_at=50, top_at=90).rung(70, 5)
        3
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
def _load_test(r: TableReader, ladder_ok: Iterable[str]) -> SelfTest:
    unit = r.choice("unit", UNITS)
    lo, hi = r.number_in(r.table, "min", ""), r.number_in(r.table, "max", "")
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

    nt = r.subtable("normal")
    normal = NormalRange(low=r.number_in(nt, "low", "normal.", None), high=r.number_in(nt, "high", "normal.", None),
                         text=r.text_in(nt, "text", "normal."), source=r.text_in(nt, "source", "normal."),
                         status=nt.get("status"), short=r.text_in(nt, "short", "normal."))
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

    rt = r.subtable("reliability")
    reliability = Reliability(text=r.text_in(rt, "text", "reliability."),
                              source=r.text_in(rt, "source", "reliability."))

    ru = r.subtable("rule")
    kind = ru.get("kind")
    if kind not in RULE_KINDS:
        r.fail("rule.kind", kind, "must be one of " + ", ".join(RULE_KINDS))
    cap = r.number_in(ru, "cap", "rule.", None)
    if cap is not None and not 0 <= cap <= 1:
        r.fail("rule.cap", cap, "must be a fraction of the ladder from 0 to 1")
    note = r.text_in(ru, "note", "rule.")
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
        a, b = r.number_in(ru, "rung_1_at", "rule."), r.number_in(ru, "top_at", "rule.")
        for name, v in (("rung_1_at", a), ("top_at", b)):
            if not lo <= v <= hi:
                r.fail(f"rule.{name}", v, f"must lie within min..max ({lo:g}..{hi:g})")
        if (b > a) != (better == "higher") or a == b:
            r.fail("rule.top_at", b, f"must be {'above' if better == 'higher' else 'below'} "
                                     f"rung_1_at ({a:g}) because better = {better!r}")
        asym = r.number_in(ru, "asymmetry_limit", "rule.", None)
        if kind == "relative" and (asym is None or asym <= 0):
            r.fail("rule.asymmetry_limit", asym, "a relative rule needs a positive asymmetry_limit")
        rule = Rule(kind, note, rung_1_at=a, top_at=b, cap=cap, asymmetry_limit=asym)

    return SelfTest(id=r.text("id"), name=r.text("name"),
                    groups=r.texts("groups", allowed=tuple(ladder_ok)), unit=unit, min=lo, max=hi,
                    better=better, steps=r.texts("steps"), record=r.text("record"),
                    cautions=r.texts("cautions", nonempty=False), normal=normal,
                    reliability=reliability, rule=rule, choices=choices)


def _load_dose(path: Path, table: Any) -> Dose:
    r = TableReader(path, table, "dose", 0)
    low, high = r.number_in(r.table, "weekly_minutes_low", ""), r.number_in(r.table, "weekly_minutes_high", "")
    if not 0 < low <= high:
        r.fail("weekly_minutes_high", high, f"must be at least weekly_minutes_low ({low:g}) > 0")
    lines = []
    for i, ln in enumerate(r.get("line", [])):
        lr = TableReader(path, ln, "dose.line", i)
        lines.append(DoseLine(lr.number_in(lr.table, "weekly_minutes", ""), lr.text("label"),
                              lr.choice("status", NORM_STATUSES)))
    return Dose(low, high, r.text("text"), r.text("source"), r.choice("status", NORM_STATUSES),
                tuple(lines))


def load_tests(path: Path | str | None = None) -> SelfTests:
    """Load and check the self-tests.

    Parameters
    ----------
    path : path, optional
        The TOML file; default ``hipcourse/data/assessments.toml`` (cached).

    Returns
    -------
    SelfTests
        The tests (``.tests``, ``.ids``, ``.test(id)``, ``.for_group(group)``) and the weekly
        dose (``.dose``, minutes per week [min]).


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
    data = read_toml(path)
    tests = [_load_test(TableReader(path, t, "test", i), GROUP_IDS)
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
