"""Restrictions judged on the whole body: both legs, every contact, the operated side.

A restriction (a hip replacement, a knee injury, pregnancy, ...) lists rules in the catalog
(``hipcourse/data/stretches.toml``, read by :mod:`hipcourse.content.body`). This module
applies them to the facts of one hold of a stretch: the angles of **both** legs, which leg
bears weight, which knee is on the floor, whether the learner lies on the back or front,
stands on one leg, holds on to something, bears weight through the hands, has to get down
to the floor, or rounds or twists the spine.

Where the facts come from
-------------------------
A :class:`FactsSource` turns a stretch and the side being stretched into
:class:`BodyFacts`. :class:`CatalogFacts` reads them from the catalog's data (the pose of
the stretched leg plus the stretch's ``body`` table, mirrored for the left side). A fitted
whole-body pose can fill the same record (:meth:`BodyFacts.from_legs`), so the rules do not
change when the facts come from a model instead of the catalog.

Sides
-----
The learner says which side was operated (or injured): ``left``, ``right`` or ``both``
(``both`` is also the safe choice when the side is not known). A rule with ``leg =
"operated"`` is tested on that side's leg in every hold, whether that leg is the one being
stretched or the other one: stretching the right leg in a lunge puts the left leg in front,
and a posterior-approach left hip must not bend past 90 degrees there either.

Examples
--------
>>> from hipcourse.content.catalog import load_catalog
>>> cat = load_catalog()
>>> post = [cat.restriction("hip-replacement-posterior")]
>>> s = cat.stretch("glute-supine-figure-four")
>>> print(rules_out(s, post, step_side="right", operated_side="left"))  # doctest: +ELLIPSIS
Hip replacement, posterior approach: ...left leg...
>>> rules_out(cat.stretch("hamstring-supine-strap"), post, "both", "right") is None
True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from typing import Protocol

from hipcourse.content.body import FLOOR_ORIENTATIONS, LEG_ANGLES_DEG, LEG_FACTS, Rule
from hipcourse.content.schema import Restriction, Stretch
from hipcourse.kit.checks import choice

LEGS = ("left", "right")
#: What the learner can say about the operated (or injured) side.
OPERATED_SIDES = ("both", "left", "right")
#: The holds a step makes, by the step's ``side``: each side in turn, one side, or both
#: legs at once (``together``).
HOLDS_OF_STEP = {
    "both": ("right", "left"),
    "left": ("left",),
    "right": ("right",),
    "together": ("together",),
}
_OPPOSITE = {"left": "right", "right": "left"}


@dataclass(frozen=True)
class LegFacts:
    """One leg in one hold: joint angles [deg], a knee on the floor, weight through it."""

    hip_flexion_deg: float
    hip_adduction_deg: float
    hip_rotation_deg: float
    knee_flexion_deg: float
    knee_on_floor: bool
    weight_bearing: bool
    stretched: bool


@dataclass(frozen=True)
class BodyFacts:
    """The whole body in one hold of a stretch: what every rule is tested on.

    ``left`` and ``right`` are the learner's legs. The derived facts
    (:attr:`single_leg_stance`, :attr:`floor_transfer`, :attr:`split_deg`, ...) are
    computed here, so every source of facts agrees on them.
    """

    left: LegFacts
    right: LegFacts
    orientation: str
    hands_bear_weight: bool
    support: bool
    spine_flexion: str
    spine_twist: bool

    @classmethod
    def from_legs(
        cls,
        left: dict,
        right: dict,
        *,
        orientation: str,
        hands_bear_weight: bool,
        support: bool,
        spine_flexion: str,
        spine_twist: bool,
    ) -> BodyFacts:
        """Facts from plain values, e.g. a fitted whole-body pose.

        ``left`` and ``right`` each hold the four angles of :data:`LEG_ANGLES_DEG` [deg] and
        ``knee_on_floor``, ``weight_bearing`` and ``stretched`` (booleans).
        """
        legs = [LegFacts(**{f.name: d[f.name] for f in fields(LegFacts)}) for d in (left, right)]
        return cls(
            legs[0], legs[1], orientation, hands_bear_weight, support, spine_flexion, spine_twist
        )

    def leg(self, side: str) -> LegFacts:
        """The ``left`` or ``right`` leg."""
        return self.left if side == "left" else self.right

    # ------------------------------------------------------------------ derived facts
    @property
    def lying_supine(self) -> bool:
        return self.orientation == "lying-supine"

    @property
    def lying_prone(self) -> bool:
        return self.orientation == "lying-prone"

    @property
    def single_leg_stance(self) -> bool:
        """Standing with the body's weight on one foot only."""
        return (
            self.orientation == "standing" and self.left.weight_bearing != self.right.weight_bearing
        )

    @property
    def unsupported_standing(self) -> bool:
        """Standing with no hand on a wall, chair or step."""
        return self.orientation == "standing" and not self.support

    @property
    def floor_transfer(self) -> bool:
        """The learner has to get down to the floor and back up."""
        return self.orientation in FLOOR_ORIENTATIONS

    @property
    def split_deg(self) -> float:
        """How far apart the thighs are front to back [deg] when both legs bear weight
        (a lunge, half-kneeling); 0 otherwise."""
        if not (self.left.weight_bearing and self.right.weight_bearing):
            return 0.0
        return abs(self.left.hip_flexion_deg - self.right.hip_flexion_deg)

    def fact(self, name: str):
        """The value of a whole-body fact by name (see ``BODY_FACTS`` in the content)."""
        return getattr(self, name)


class FactsSource(Protocol):
    """Anything that can say what the body does in one hold of a stretch."""

    def facts(self, stretch: Stretch, hold: str) -> BodyFacts:
        """Facts for the hold ``hold``: ``left`` or ``right`` (that leg is stretched) or
        ``together`` (both legs at once)."""


class CatalogFacts:
    """Facts from the catalog: the stretch's pose and its ``body`` table, mirrored.

    The catalog describes every stretch as done on one side; the stretched leg has the
    pose's angles and the other leg ``body.other_leg``. Stretching the left leg swaps them.
    """

    def facts(self, stretch: Stretch, hold: str) -> BodyFacts:
        b = stretch.body
        stretched = {k: getattr(stretch.pose, k) for k in LEG_ANGLES_DEG}
        other = {k: getattr(b.other_leg, k) for k in LEG_ANGLES_DEG}

        def leg(role: str, angles: dict, is_stretched: bool) -> dict:
            return {
                **angles,
                "knee_on_floor": role in b.knee_on_floor,
                "weight_bearing": role in b.weight_bearing,
                "stretched": is_stretched,
            }

        if hold == "together":
            legs = {
                "left": leg("stretched", stretched, True),
                "right": leg("stretched", stretched, True),
            }
        else:
            legs = {
                hold: leg("stretched", stretched, True),
                _OPPOSITE[hold]: leg("other", other, False),
            }
        return BodyFacts.from_legs(
            legs["left"],
            legs["right"],
            orientation=b.orientation,
            hands_bear_weight=b.hands_bear_weight,
            support=b.support,
            spine_flexion=b.spine_flexion,
            spine_twist=b.spine_twist,
        )


CATALOG_FACTS = CatalogFacts()


@dataclass(frozen=True)
class Finding:
    """What one rule of one restriction says about one hold of a stretch."""

    restriction: str  # restriction id
    action: str  # "exclude" or "flag"
    text: str  # plain words, starting with the restriction's name


def _legs_for(rule: Rule, restriction: Restriction, operated_side: str) -> tuple[str, ...]:
    if rule.leg == "any" or (rule.leg == "operated" and operated_side == "both"):
        return LEGS
    if rule.leg == "operated":
        return (operated_side,)
    return ()


def _matches(rule: Rule, facts: BodyFacts, leg: str | None) -> bool:
    for c in rule.when:
        value = getattr(facts.leg(leg), c.fact) if c.fact in LEG_FACTS else facts.fact(c.fact)
        if not c.holds(value):
            return False
    return True


def _where(
    facts: BodyFacts, leg: str, hold: str, restriction: Restriction, operated_side: str
) -> str:
    """Which leg a leg rule caught, in plain words."""
    stretched = facts.leg(leg).stretched
    if hold == "together":
        return (
            "both legs at once, the affected one too" if restriction.sided else "both legs at once"
        )
    if not restriction.sided:
        return (
            "the leg being stretched" if stretched else "the other leg, not the one being stretched"
        )
    if operated_side == "both":
        return (
            "the affected leg, if it is the one being stretched"
            if stretched
            else "the affected leg, if it is the other leg, not the one being stretched"
        )
    if stretched:
        return f"your affected {leg} leg, the one being stretched"
    return f"your affected {leg} leg, when you stretch the {hold} side"


def judge(
    stretch: Stretch,
    restrictions: Iterable[Restriction],
    step_side: str = "both",
    operated_side: str = "both",
    source: FactsSource = CATALOG_FACTS,
) -> tuple[Finding, ...]:
    """Every finding of ``restrictions`` on the holds a step of ``stretch`` makes.

    Parameters
    ----------
    stretch : Stretch
        A catalog stretch.
    restrictions : iterable of Restriction
        The learner's restrictions.
    step_side : str
        The step's side: ``both`` (each side in turn), ``left``, ``right`` or ``together``.
        A stretch done with both legs at once (``sides = 1``) is always ``together``.
    operated_side : str
        ``left``, ``right`` or ``both``: the operated or injured side for the restrictions
        that have one (``sided``); ``both`` tests both legs.
    source : FactsSource
        Where the facts come from (default: the catalog).

    Returns
    -------
    tuple of Finding
        Exclusions and flags, without repeats, in restriction and rule order.
    """
    choice("operated_side", operated_side, OPERATED_SIDES)
    choice("step_side", step_side, tuple(HOLDS_OF_STEP))
    holds = ("together",) if stretch.sides == 1 else HOLDS_OF_STEP[step_side]
    if stretch.sides == 2 and step_side == "together":
        holds = HOLDS_OF_STEP["both"]
    out: list[Finding] = []

    def add(r: Restriction, action: str, text: str):
        f = Finding(r.id, action, f"{r.name}: {text}")
        if f not in out:
            out.append(f)

    for r in restrictions:
        if r.excludes_all:
            add(r, "exclude", "no stretching until you have been cleared")
            continue
        if r.id in stretch.restrictions:
            add(r, "exclude", "this stretch is not advised")
        for hold in holds:
            facts = source.facts(stretch, hold)
            for rule in r.rules:
                if rule.leg == "body":
                    if _matches(rule, facts, None):
                        add(r, rule.action, rule.reason)
                    continue
                for leg in _legs_for(rule, r, operated_side):
                    if _matches(rule, facts, leg):
                        add(
                            r,
                            rule.action,
                            f"{rule.reason} ({_where(facts, leg, hold, r, operated_side)})",
                        )
    return tuple(out)


def rules_out(
    stretch: Stretch,
    restrictions: Sequence[Restriction],
    step_side: str = "both",
    operated_side: str = "both",
    source: FactsSource = CATALOG_FACTS,
) -> str | None:
    """Why ``restrictions`` leave ``stretch`` out of a step on ``step_side``, or None.

    The reasons of every excluding rule, joined with ``"; "`` (flags do not exclude; see
    :func:`flags`). Parameters as for :func:`judge`.
    """
    found = [
        f.text
        for f in judge(stretch, restrictions, step_side, operated_side, source)
        if f.action == "exclude"
    ]
    return "; ".join(found) if found else None


def flags(
    stretch: Stretch,
    restrictions: Sequence[Restriction],
    step_side: str = "both",
    operated_side: str = "both",
    source: FactsSource = CATALOG_FACTS,
) -> tuple[str, ...]:
    """What the learner should know about a stretch that stays in (e.g. a floor transfer
    for an older adult at risk of falls). Parameters as for :func:`judge`."""
    return tuple(
        f.text
        for f in judge(stretch, restrictions, step_side, operated_side, source)
        if f.action == "flag"
    )


def grouped_reasons(stretch: Stretch, restrictions: Iterable[Restriction]) -> list[str]:
    """Why each restriction (other than 'stop everything' ones) rules ``stretch`` out on
    either side, the operated side not known: one line per set of reasons, naming every
    restriction that gives it (the trimesters of pregnancy share one line). For cards."""
    by_reason: dict[str, list[str]] = {}
    for r in restrictions:
        if r.excludes_all:
            continue
        found = [f.text.split(": ", 1)[1] for f in judge(stretch, [r]) if f.action == "exclude"]
        if found:
            by_reason.setdefault("; ".join(found), []).append(r.name)
    return [f"{' / '.join(names)}: {why}" for why, names in by_reason.items()]
