"""The self-tests as data: their records (normal range, reliability, the rule that maps a
result to a ladder rung) and the vocabularies they use. (The weekly dose guidance is
:data:`hipcourse.models.routine.DOSE`.)
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Any

from hipcourse.content.catalog import DATA_DIR, GROUP_IDS
from hipcourse.kit.checks import InputError, choice, number

TESTS_FILE = DATA_DIR / "assessments.toml"
#: Which leg a result is for ("both": one result for both legs, or the test uses both).
SIDES = ("left", "right", "both")
UNITS = ("deg", "cm", "choice")
#: How well a normal range is supported (see the header of ``assessments.toml``).
NORM_STATUSES = ("published", "secondary", "reference", "course")
RULE_KINDS = ("linear", "choice", "relative")
#: Longest note stored with a result.
MAX_NOTE_CHARS = 2000


# --------------------------------------------------------------------------- types
@dataclass(frozen=True)
class NormalRange:
    """A normal range with its source and how well it is supported (``status``).

    ``low`` / ``high`` may be None: "at least low" / "at most high".
    """

    low: float | None
    high: float | None
    text: str
    source: str
    status: str
    short: str = ""

    def contains(self, value: float) -> bool:
        """True if ``value`` lies inside the range (bounds included).

        Parameters
        ----------
        value : float
            A result in the test's unit: [deg], [cm] or a picture number.

        Returns
        -------
        bool
        """
        return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)

    @property
    def verified(self) -> bool:
        """True only for ranges read in a primary source (status ``published``)."""
        return self.status == "published"

    @property
    def caveat(self) -> str:
        """A short warning to print next to the range, or '' for a published one."""
        return {
            "published": "",
            "secondary": "from a secondary summary",
            "reference": "one study's figures, not an accepted norm",
            "course": "the course's own guide: there is no published norm",
        }[self.status]


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
            if (
                self.kind == "relative"
                and other_side is not None
                and abs(value - other_side) > self.asymmetry_limit
            ):
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
        """``value`` as a float within the physically possible range, or InputError.

        Parameters
        ----------
        value : float
            A result in the test's unit: [deg], [cm] or a picture number.
        where : str
            Context put before an error message.

        Returns
        -------
        float
        """
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
        """``72°``, ``12.5 cm`` or ``picture 2``.

        Parameters
        ----------
        value : float
            A result in the test's unit: [deg], [cm] or a picture number.

        Returns
        -------
        str
        """
        if self.unit == "choice":
            return f"picture {int(round(value))}"
        text = f"{value:.1f}".rstrip("0").rstrip(".")
        return f"{text}°" if self.unit == "deg" else f"{text} cm"

    def format_change(self, change: float) -> str:
        """A signed change: ``+12°``, ``−3.5 cm``, ``+1 picture``.

        Parameters
        ----------
        change : float
            A difference of two results, in the test's unit.

        Returns
        -------
        str
        """
        if self.unit == "choice":
            k = int(round(change))
            return f"{k:+d} picture{'s' if abs(k) != 1 else ''}".replace("-", "−")
        text = f"{abs(change):.1f}".rstrip("0").rstrip(".")
        sign = "+" if change > 0 else "−" if change < 0 else "±"
        return f"{sign}{text}°" if self.unit == "deg" else f"{sign}{text} cm"

    def is_better(self, new: float, old: float) -> bool:
        """True if ``new`` is more flexible than ``old``.

        Parameters
        ----------
        new, old : float
            Two results in the test's unit.

        Returns
        -------
        bool
        """
        return new > old if self.better == "higher" else new < old

    def worse(self, values: Iterable[float]) -> float:
        """The tighter of several values (the one a conservative suggestion uses).

        Parameters
        ----------
        values : iterable of float
            Results in the test's unit (e.g. left and right).

        Returns
        -------
        float
        """
        values = list(values)
        return min(values) if self.better == "higher" else max(values)

    def normal_text(self) -> str:
        """The normal range in words, with its source and any caveat.

        Returns
        -------
        str
        """
        cav = f" [{self.normal.caveat}]" if self.normal.caveat else ""
        return f"{self.normal.text} ({self.normal.source}){cav}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (the ``hipcourse assessments --json`` format)."""
        return {
            "id": self.id,
            "name": self.name,
            "group": self.group,
            "groups": list(self.groups),
            "unit": self.unit,
            "min": self.min,
            "max": self.max,
            "better": self.better,
            "normal": {f.name: getattr(self.normal, f.name) for f in fields(self.normal)},
            "choices": list(self.choices),
            "steps": list(self.steps),
            "record": self.record,
            "cautions": list(self.cautions),
            "reliability": {"text": self.reliability.text, "source": self.reliability.source},
            "rule": self.rule.note,
        }


@dataclass(frozen=True)
class SelfTests:
    tests: tuple[SelfTest, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.tests)

    def test(self, ident: Any) -> SelfTest:
        """The test called ``ident``; an unknown id raises InputError naming ``test``.

        Parameters
        ----------
        ident : str
            A self-test id.

        Returns
        -------
        SelfTest
        """
        for t in self.tests:
            if t.id == ident:
                return t
        raise InputError("test", ident, "one of " + ", ".join(self.ids))

    def for_group(self, group: str) -> tuple[SelfTest, ...]:
        """Tests that inform ``group``: those whose main group it is come first.

        Parameters
        ----------
        group : str
            One of :data:`~hipcourse.content.catalog.GROUP_IDS`.

        Returns
        -------
        tuple of SelfTest
        """
        choice("group", group, GROUP_IDS)
        main = [t for t in self.tests if t.group == group]
        return tuple(main + [t for t in self.tests if group in t.groups and t not in main])
