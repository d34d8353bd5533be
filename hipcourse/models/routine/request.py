"""The routine's constants and the learner's request (:class:`RoutineRequest`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from hipcourse.content.catalog import GROUP_IDS, POSITIONS, load_catalog
from hipcourse.kit.checks import InputError, choice, integer
from hipcourse.models.restrictions import OPERATED_SIDES

# --------------------------------------------------------------------------- constants
SESSIONS = ("focused", "cool-down", "desk-break")
SIDES = ("both", "left", "right")
#: Position limits a learner can state, and the positions each one leaves out.
LIMITS = {
    "no-floor": ("floor",),
    "no-kneeling": ("kneeling",),
    "chair-only": ("standing", "kneeling", "floor"),
}
#: Equipment a stretch may need ("none" is always available).
EQUIPMENT = ("chair", "wall", "step", "strap", "cushion")
#: Positions a desk break may use.
DESK_POSITIONS = ("standing", "chair")
#: What a step's ``side`` can be: each side in turn, one side, or both legs at once.
STEP_SIDES = ("both", "left", "right", "together")
ROLES = ("preparation", "working", "easy")

MINUTES_RANGE = (1, 120)
GET_READY_RANGE_S = (0, 30)
GET_READY_S = 10
#: Extra seconds to move one place along standing -> chair -> kneeling -> floor.
POSITION_CHANGE_S = 10
#: Gap between two holds of one step (release, or switch sides).
GAP_S = 5
#: Static holds for most adults, s (ACSM Guidelines 11th ed.; Garber et al. 2011).
HOLD_RANGE_S = (10, 30)
#: Static holds for older adults, s (ACSM Guidelines 11th ed.; Feland et al. 2001).
OLDER_HOLD_RANGE_S = (30, 60)
#: Time under stretch to accumulate per stretch and side, s (Garber et al. 2011, secondary).
DOSE_GUIDANCE_S = 60
#: Most repetitions of one stretch (Garber et al. 2011: 2-4 repetitions, secondary).
MAX_REPS = 4
#: Hold lengths grow and shrink in steps of this many seconds.
HOLD_STEP_S = 5
#: A desk break longer than this gets a note (it is meant to be short).
DESK_BREAK_MAX_MIN = 10
FILL_TARGET = 0.9
FILE_FORMAT = "hipcourse-routine"
FILE_VERSION = 1


# --------------------------------------------------------------------------- request
def _as_tuple(field_name: str, value: Any) -> tuple:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    try:
        return tuple(value)
    except TypeError:
        raise InputError(field_name, value, "a list of ids") from None


def _ids(field_name: str, value: Any, allowed: Iterable[str]) -> tuple[str, ...]:
    allowed = list(allowed)
    out: list[str] = []
    for v in _as_tuple(field_name, value):
        choice(field_name, v, allowed)
        if v not in out:
            out.append(v)
    return tuple(out)


@dataclass(frozen=True)
class RoutineRequest:
    """What the learner asks for. Validated on construction.

    Parameters
    ----------
    minutes : int
        Time available, 1-120 minutes. The routine never takes longer.
    session : str
        ``"focused"``, ``"cool-down"`` or ``"desk-break"`` (see the module docstring).
    focus : sequence of str
        Muscle-group ids (``hamstrings``, ``quadriceps``, ``glutes``, ``hip-flexors``,
        ``groin``) and/or ids of places it aches from the catalog (``low-back``,
        ``front-of-knee``, ...). Order sets priority when time is short. Empty: all groups.
    levels : mapping of str to int
        The learner's rung per group, 1 up to the ladder's length; default 1 (stored as
        ``(group, rung)`` pairs in teaching order, leaving out rungs of 1).
    positions : sequence of str
        Positions the learner can use (default all: standing, chair, kneeling, floor).
    limits : sequence of str
        ``no-floor``, ``no-kneeling``, ``chair-only``: positions to leave out.
    equipment : sequence of str
        Equipment at hand (default all of chair, wall, step, strap, cushion).
    restrictions : sequence of str
        Restriction ids from the catalog (e.g. ``hip-replacement-posterior``).
    sides : str
        ``both`` (default), ``left`` or ``right``.
    operated_side : str
        The side of an operated or injured leg, for the restrictions that have one (a hip
        replacement, a knee injury): ``left``, ``right`` or ``both`` (default, also the safe
        choice when the side is not known: both legs are checked).
    older_adult : bool
        Longer holds: 30-60 s (ACSM Guidelines 11th ed.; Feland et al. 2001).
    get_ready_s : int
        The "get ready" pause before each stretch, 0-30 s (default 10).

    Raises
    ------
    InputError
        A ``ValueError`` naming the field, the bad value and what is allowed.
    """

    minutes: int = 15
    session: str = "focused"
    focus: tuple[str, ...] = ()
    levels: tuple[tuple[str, int], ...] | Mapping[str, int] = ()
    positions: tuple[str, ...] = POSITIONS
    limits: tuple[str, ...] = ()
    equipment: tuple[str, ...] = EQUIPMENT
    restrictions: tuple[str, ...] = ()
    sides: str = "both"
    operated_side: str = "both"
    older_adult: bool = False
    get_ready_s: int = GET_READY_S

    def __post_init__(self):
        cat = load_catalog()
        put = lambda name, v: object.__setattr__(self, name, v)  # noqa: E731 (frozen)
        put("minutes", integer("minutes", self.minutes, *MINUTES_RANGE))
        put("session", choice("session", self.session, SESSIONS))
        ache_ids = [a.id for a in cat.aches]
        put("focus", _ids("focus", self.focus, list(GROUP_IDS) + ache_ids))
        levels = self.levels
        if isinstance(levels, Mapping):
            levels = tuple(levels.items())
        pairs = {}
        for item in _as_tuple("levels", levels):
            if not (isinstance(item, (tuple, list)) and len(item) == 2):
                raise InputError("levels", item, "group=rung pairs, e.g. {'hamstrings': 2}")
            g, lv = item
            choice("levels", g, GROUP_IDS)
            pairs[g] = integer(f"levels.{g}", lv, 1, len(cat.ladder(g)))
        # canonical: rung 1 is the default, so it is not stored
        put("levels", tuple((g, pairs[g]) for g in GROUP_IDS if pairs.get(g, 1) != 1))
        pos = _ids("positions", self.positions, POSITIONS)
        put("positions", tuple(p for p in POSITIONS if p in pos))
        put("limits", tuple(sorted(_ids("limits", self.limits, LIMITS))))
        eq = _ids("equipment", self.equipment, ("none",) + EQUIPMENT)
        put("equipment", tuple(e for e in EQUIPMENT if e in eq))
        put(
            "restrictions",
            tuple(
                sorted(_ids("restrictions", self.restrictions, [r.id for r in cat.restrictions]))
            ),
        )
        put("sides", choice("sides", self.sides, SIDES))
        put("operated_side", choice("operated_side", self.operated_side, OPERATED_SIDES))
        if not isinstance(self.older_adult, bool):
            raise InputError("older_adult", self.older_adult, "true or false")
        put("get_ready_s", integer("get_ready_s", self.get_ready_s, *GET_READY_RANGE_S))
        if not self.allowed_positions:
            raise InputError(
                "positions",
                list(self.positions),
                f"at least one position left after the limits {list(self.limits)}",
            )

    # ------------------------------------------------------------------ derived
    def level(self, group: str) -> int:
        """The learner's rung for ``group`` (1 if not given)."""
        return dict(self.levels).get(group, 1)

    @property
    def allowed_positions(self) -> tuple[str, ...]:
        """Positions left after ``positions`` and ``limits`` (and the desk-break rule)."""
        out = set(self.positions)
        for lim in self.limits:
            out -= set(LIMITS[lim])
        if self.session == "desk-break":
            out &= set(DESK_POSITIONS)
        return tuple(p for p in POSITIONS if p in out)

    @property
    def budget_s(self) -> int:
        return self.minutes * 60

    def to_dict(self) -> dict:
        return {
            "minutes": self.minutes,
            "session": self.session,
            "focus": list(self.focus),
            "levels": dict(self.levels),
            "positions": list(self.positions),
            "limits": list(self.limits),
            "equipment": list(self.equipment),
            "restrictions": list(self.restrictions),
            "sides": self.sides,
            "older_adult": self.older_adult,
            "get_ready_s": self.get_ready_s,
            # omitted when "both" (the default), so files saved before it existed
            # load and save back byte for byte
            **({"operated_side": self.operated_side} if self.operated_side != "both" else {}),
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> RoutineRequest:
        """The inverse of :meth:`to_dict`; unknown keys are an error."""
        if not isinstance(data, Mapping):
            raise InputError("request", data, "a table of request fields")
        known = set(cls.__dataclass_fields__)
        for k in data:
            if k not in known:
                raise InputError("request", k, "one of " + ", ".join(sorted(known)))
        return cls(**dict(data))
