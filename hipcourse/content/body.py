"""Whole-body facts of a stretch, and the restriction rules that judge them (the schema).

A restriction must see the whole body, not only the stretched leg: the front leg of a
lunge, the squatting leg of a side lunge and the lifted leg of a figure-four are all bent
at the hip, and in a half-kneeling stretch one knee is on the floor. Each catalog stretch
therefore carries a ``[stretch.body]`` table with what the pose of the stretched leg
(``pose``) does not say: the other leg's angles, which legs bear weight, which knee is on
the floor, the body's orientation, hands, support and spine.

This module holds the vocabularies, the frozen records and the strict readers; the rule
engine that applies restrictions to these facts is :mod:`hipcourse.models.restrictions`.

Angles follow :class:`hipcourse.content.schema.Pose` (degrees, relative to the pelvis):
hip flexion +, adduction +, internal rotation +, knee flexion +.

Examples
--------
>>> from hipcourse.content.tables import TableReader
>>> r = TableReader("demo.toml", {"id": "x"}, "stretch", 0)
>>> rule = read_rule(r, "rules[0]", {"leg": "operated", "reason": "bends the hip past 90 degrees",
...                                  "when": {"hip_flexion_deg": {"above": 90}}})
>>> rule.leg, rule.when[0].fact, rule.when[0].op, rule.when[0].value
('operated', 'hip_flexion_deg', 'above', 90.0)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from hipcourse.content.tables import TableReader

#: How the body is placed in the room.
ORIENTATIONS = (
    "standing",
    "sitting-chair",
    "sitting-floor",
    "kneeling",
    "hands-and-knees",
    "lying-supine",
    "lying-prone",
    "lying-side",
)
#: Orientations reached only by getting down to the floor (and back up afterwards).
FLOOR_ORIENTATIONS = (
    "sitting-floor",
    "kneeling",
    "hands-and-knees",
    "lying-supine",
    "lying-prone",
    "lying-side",
)
SPINE_FLEXION = ("none", "some", "deep")
#: The two legs of a stretch as the catalog describes it.
LEG_ROLES = ("stretched", "other")
#: Leg angles [deg] and the model's range for each (as for the stretched leg's pose).
LEG_ANGLES_DEG = {
    "hip_flexion_deg": (-30.0, 120.0),
    "hip_adduction_deg": (-50.0, 30.0),
    "hip_rotation_deg": (-40.0, 40.0),
    "knee_flexion_deg": (0.0, 120.0),
}
#: The range of ``split_deg`` (the angle between the thighs, front to back) [deg].
SPLIT_RANGE_DEG = (0.0, 150.0)
#: Facts about one leg a rule can test, and their kind.
LEG_FACTS = {
    **{k: "number" for k in LEG_ANGLES_DEG},
    "knee_on_floor": "bool",
    "weight_bearing": "bool",
}
#: Facts about the whole body a rule can test, and their kind (see ``BodyFacts``).
BODY_FACTS = {
    "orientation": "choice",
    "lying_supine": "bool",
    "lying_prone": "bool",
    "single_leg_stance": "bool",
    "unsupported_standing": "bool",
    "floor_transfer": "bool",
    "hands_bear_weight": "bool",
    "spine_flexion": "choice",
    "spine_twist": "bool",
    "split_deg": "number",
}
CHOICES = {"orientation": ORIENTATIONS, "spine_flexion": SPINE_FLEXION}
#: Which legs a rule looks at: the learner's operated (or injured) side, either leg, or
#: none (a rule on the whole body).
RULE_LEGS = ("operated", "any", "body")
#: What a rule does: leave the stretch out, or keep it with a note to the learner.
RULE_ACTIONS = ("exclude", "flag")
OPS = ("above", "below", "at_least", "at_most", "is", "in")


@dataclass(frozen=True)
class LegAngles:
    """Joint angles of one leg [deg] (signs as for :class:`~hipcourse.content.schema.Pose`)."""

    hip_flexion_deg: float = 0.0
    hip_adduction_deg: float = 0.0
    hip_rotation_deg: float = 0.0
    knee_flexion_deg: float = 0.0


@dataclass(frozen=True)
class Body:
    """The whole-body facts of a stretch as the catalog writes it (done on one side).

    Attributes
    ----------
    orientation : str
        One of :data:`ORIENTATIONS`.
    other_leg : LegAngles
        The leg that is not stretched (for a both-legs stretch, the same as the pose).
    weight_bearing, knee_on_floor : tuple of str
        Which legs (``"stretched"``, ``"other"``) bear body weight through the foot or
        knee, and which rest a knee on the floor (kneeling).
    hands_bear_weight : bool
        Body weight goes through the hands or forearms (hands and knees, pigeon).
    support : bool
        A hand rests on a wall, chair or step for balance while standing.
    spine_flexion : str
        ``none``, ``some`` or ``deep``: how far the trunk rounds forward over the legs.
    spine_twist : bool
        The trunk is twisted.
    """

    orientation: str
    other_leg: LegAngles
    weight_bearing: tuple[str, ...]
    knee_on_floor: tuple[str, ...]
    hands_bear_weight: bool
    support: bool
    spine_flexion: str
    spine_twist: bool

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (part of ``hipcourse stretches --json``)."""
        return {
            "orientation": self.orientation,
            "other_leg": dict(vars(self.other_leg)),
            "weight_bearing": list(self.weight_bearing),
            "knee_on_floor": list(self.knee_on_floor),
            "hands_bear_weight": self.hands_bear_weight,
            "support": self.support,
            "spine_flexion": self.spine_flexion,
            "spine_twist": self.spine_twist,
        }


@dataclass(frozen=True)
class Condition:
    """One test of one fact: ``fact op value`` (e.g. ``hip_flexion_deg above 90``)."""

    fact: str
    op: str
    value: Any

    def holds(self, actual: Any) -> bool:
        """Whether ``actual`` (the fact's value) passes this test."""
        if self.op == "above":
            return actual > self.value
        if self.op == "below":
            return actual < self.value
        if self.op == "at_least":
            return actual >= self.value
        if self.op == "at_most":
            return actual <= self.value
        if self.op == "is":
            return actual == self.value
        return actual in self.value


@dataclass(frozen=True)
class Rule:
    """A pose a restriction rules out (or flags): every condition must hold.

    ``leg`` says where the leg conditions are tested: on the operated side's leg(s)
    (``operated``), on either leg (``any``), or nowhere (``body``: whole-body facts only).
    """

    leg: str
    when: tuple[Condition, ...]
    reason: str
    action: str = "exclude"


def _number(
    r: TableReader, name: str, v: Any, lo: float | None = None, hi: float | None = None
) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        r.fail(name, v, "must be a number")
    if lo is not None and not lo <= v <= hi:
        r.fail(name, v, f"is outside the model's range {lo:g} to {hi:g} degrees")
    return float(v)


def _bool(r: TableReader, name: str, v: Any) -> bool:
    if not isinstance(v, bool):
        r.fail(name, v, "must be true or false")
    return v


def _strict_keys(r: TableReader, name: str, table: Any, allowed, required=()) -> dict:
    if not isinstance(table, dict):
        r.fail(name, table, "must be a table")
    for k in table:
        if k not in allowed:
            r.fail(f"{name}.{k}", table[k], "is not allowed here; allowed: " + ", ".join(allowed))
    for k in required:
        if k not in table:
            r.fail(f"{name}.{k}", None, "is missing")
    return table


def _legs(r: TableReader, name: str, v: Any) -> tuple[str, ...]:
    if not isinstance(v, list) or any(x not in LEG_ROLES for x in v) or len(set(v)) != len(v):
        r.fail(name, v, "must be a list of distinct leg roles from: " + ", ".join(LEG_ROLES))
    return tuple(x for x in LEG_ROLES if x in v)


def read_body(r: TableReader, pose_angles: dict[str, float], sides: int) -> Body:
    """Read and check a stretch's ``body`` table.

    Parameters
    ----------
    r : TableReader
        The stretch's table.
    pose_angles : dict of str to float
        The stretched leg's angles [deg] (used when ``other_leg = "same"``).
    sides : int
        The stretch's ``sides``: a both-legs stretch (1) must have ``other_leg = "same"``.

    Returns
    -------
    Body

    Raises
    ------
    CatalogError
        A missing or unknown key, a value of the wrong kind, an angle outside the model's
        range, or facts that contradict each other (a knee on the floor that bears no
        weight, standing with no weight on either leg).
    """
    keys = (
        "orientation",
        "other_leg",
        "weight_bearing",
        "knee_on_floor",
        "hands_bear_weight",
        "support",
        "spine_flexion",
        "spine_twist",
    )
    t = _strict_keys(r, "body", r.get("body"), keys, required=keys)
    orientation = t["orientation"]
    if orientation not in ORIENTATIONS:
        r.fail("body.orientation", orientation, "must be one of " + ", ".join(ORIENTATIONS))
    other = t["other_leg"]
    if other == "same":
        other_leg = LegAngles(**{k: float(pose_angles[k]) for k in LEG_ANGLES_DEG})
    else:
        if sides == 1:
            r.fail(
                "body.other_leg",
                other,
                'a stretch done with both legs at once (sides = 1) must use other_leg = "same"',
            )
        _strict_keys(r, "body.other_leg", other, tuple(LEG_ANGLES_DEG), tuple(LEG_ANGLES_DEG))
        other_leg = LegAngles(
            **{
                k: _number(r, f"body.other_leg.{k}", other[k], *LEG_ANGLES_DEG[k])
                for k in LEG_ANGLES_DEG
            }
        )
    weight = _legs(r, "body.weight_bearing", t["weight_bearing"])
    kneel = _legs(r, "body.knee_on_floor", t["knee_on_floor"])
    for leg in kneel:
        if leg not in weight:
            r.fail(
                "body.knee_on_floor",
                list(kneel),
                f"the {leg} leg kneels, so it must also be listed in weight_bearing",
            )
    if orientation == "standing" and not weight:
        r.fail(
            "body.weight_bearing", [], "a standing stretch needs at least one leg bearing weight"
        )
    if orientation == "kneeling" and not kneel:
        r.fail("body.knee_on_floor", [], "a kneeling stretch needs a knee on the floor")
    spine = t["spine_flexion"]
    if spine not in SPINE_FLEXION:
        r.fail("body.spine_flexion", spine, "must be one of " + ", ".join(SPINE_FLEXION))
    return Body(
        orientation=orientation,
        other_leg=other_leg,
        weight_bearing=weight,
        knee_on_floor=kneel,
        hands_bear_weight=_bool(r, "body.hands_bear_weight", t["hands_bear_weight"]),
        support=_bool(r, "body.support", t["support"]),
        spine_flexion=spine,
        spine_twist=_bool(r, "body.spine_twist", t["spine_twist"]),
    )


def _condition(r: TableReader, where: str, fact: str, test: Any, leg: str) -> Condition:
    kinds = dict(BODY_FACTS)
    if leg != "body":
        kinds.update(LEG_FACTS)
    if fact not in kinds:
        r.fail(
            where,
            test,
            f"{fact!r} is not a fact a {leg!r} rule can test; allowed: " + ", ".join(kinds),
        )
    kind = kinds[fact]
    if kind == "bool":
        return Condition(fact, "is", _bool(r, where, test))
    if not isinstance(test, dict) or len(test) != 1:
        r.fail(where, test, "must be a one-key table such as { above = 90 } or { in = [...] }")
    op, value = next(iter(test.items()))
    if kind == "number" and op in ("above", "below", "at_least", "at_most"):
        lo, hi = LEG_ANGLES_DEG.get(fact, SPLIT_RANGE_DEG)
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not math.isfinite(value)
            or not lo <= value <= hi
        ):
            r.fail(
                f"{where}.{op}",
                value,
                f"must be a finite number from {lo:g} to {hi:g} deg (the model's joint range)",
            )
        return Condition(fact, op, float(value))
    if kind == "choice" and op == "in":
        if not isinstance(value, list) or not value or any(v not in CHOICES[fact] for v in value):
            r.fail(f"{where}.in", value, "must list values from " + ", ".join(CHOICES[fact]))
        return Condition(fact, "in", tuple(value))
    allowed = "above, below, at_least, at_most" if kind == "number" else "in"
    r.fail(where, test, f"a {kind} fact takes {allowed}")


def read_rule(r: TableReader, where: str, table: Any) -> Rule:
    """Read one rule of a restriction (``rules = [{ leg, when, reason, action }, ...]``).

    Parameters
    ----------
    r : TableReader
        The restriction's table (for errors).
    where : str
        The rule's field name in errors, e.g. ``"rules[2]"``.
    table : Any
        The rule's table.

    Returns
    -------
    Rule
    """
    t = _strict_keys(r, where, table, ("leg", "when", "reason", "action"), ("when", "reason"))
    leg = t.get("leg", "body")
    if leg not in RULE_LEGS:
        r.fail(f"{where}.leg", leg, "must be one of " + ", ".join(RULE_LEGS))
    action = t.get("action", "exclude")
    if action not in RULE_ACTIONS:
        r.fail(f"{where}.action", action, "must be one of " + ", ".join(RULE_ACTIONS))
    if not isinstance(t["reason"], str) or not t["reason"].strip():
        r.fail(f"{where}.reason", t["reason"], "must be a non-empty string")
    when = t["when"]
    if not isinstance(when, dict) or not when:
        r.fail(f"{where}.when", when, "must be a table of at least one fact test")
    conds = tuple(_condition(r, f"{where}.when.{k}", k, v, leg) for k, v in when.items())
    if leg != "body" and not any(c.fact in LEG_FACTS for c in conds):
        r.fail(
            f"{where}.leg",
            leg,
            "a leg rule must test at least one leg fact; use "
            'leg = "body" for a rule on the whole body',
        )
    return Rule(leg=leg, when=conds, reason=t["reason"], action=action)
