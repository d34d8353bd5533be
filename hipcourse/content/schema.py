"""The catalog's schema: the fixed vocabularies and the frozen records a loaded catalog holds
(groups, muscles, poses, stretches, aches, restrictions).

Sign conventions of a :class:`Pose` (degrees, the stretched right leg, relative to the
pelvis) are those of the musculoskeletal model: hip flexion +, hip adduction +, hip
internal rotation +, knee flexion +. See :mod:`hipcourse.models.musculoskeletal`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from hipcourse.content.body import LEG_ANGLES_DEG, Body, Rule
from hipcourse.kit.resources import DATA_DIR

MUSCLES_FILE = DATA_DIR / "muscles.toml"
STRETCHES_FILE = DATA_DIR / "stretches.toml"

#: Stable identifiers of the five groups, in teaching order.
GROUP_IDS = ("hamstrings", "quadriceps", "glutes", "hip-flexors", "groin")
#: Positions, in the order a routine moves through them (standing -> floor).
POSITIONS = ("standing", "chair", "kneeling", "floor")
EQUIPMENT = ("none", "chair", "wall", "step", "strap", "cushion")
JOINTS = ("lumbar-spine", "hip", "knee")

#: Joint ranges the musculoskeletal model supports, degrees (min, max).
POSE_RANGES_DEG = LEG_ANGLES_DEG
TRUNK_RANGE_DEG = (-120.0, 120.0)
#: How strong a stretch may feel on the card's 0-10 scale (0 nothing, 10 pain): the course
#: never asks for more than mild tension.
INTENSITY_MAX = 6


# --------------------------------------------------------------------------- types
@dataclass(frozen=True)
class Group:
    id: str
    name: str
    where: str
    summary: str


@dataclass(frozen=True)
class Muscle:
    id: str
    name: str
    groups: tuple[str, ...]
    origin: str
    insertion: str
    joints: tuple[str, ...]
    actions: tuple[str, ...]
    model: tuple[str, ...]
    model_note: str = ""

    @property
    def group(self) -> str:
        """The muscle's primary group (the first listed)."""
        return self.groups[0]

    @property
    def crosses_knee(self) -> bool:
        return "knee" in self.joints

    @property
    def two_joint(self) -> bool:
        """True for muscles that cross both the hip and the knee."""
        return "hip" in self.joints and "knee" in self.joints


@dataclass(frozen=True)
class Pose:
    """Joint angles of the stretched leg, degrees (see the module docstring for signs)."""

    hip_flexion_deg: float = 0.0
    hip_adduction_deg: float = 0.0
    hip_rotation_deg: float = 0.0
    knee_flexion_deg: float = 0.0
    trunk_lean_deg: float = 0.0

    def joint_angles(self) -> dict[str, float]:
        """The four model joint angles, without the drawing-only trunk lean.

        Returns
        -------
        dict of str to float
            ``hip_flexion_deg``, ``hip_adduction_deg``, ``hip_rotation_deg``, ``knee_flexion_deg``
            [deg].
        """
        return {k: getattr(self, k) for k in POSE_RANGES_DEG}

    def to_dict(self) -> dict[str, float]:
        """Every angle of the pose [deg] by field name, trunk lean included."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class Stretch:
    id: str
    name: str
    group: str
    level: int
    position: str
    equipment: tuple[str, ...]
    pose: Pose
    targets: tuple[str, ...]
    setup: tuple[str, ...]
    cues: tuple[str, ...]
    mistakes: tuple[str, ...]
    feel: str
    hold_s: int
    reps: int
    sides: int
    cautions: tuple[str, ...]
    restrictions: tuple[str, ...]
    #: The card for a beginner: an easier and a harder option, how strong it should feel
    #: (low, high on 0-10; never above INTENSITY_MAX), breathing, how to come out.
    easier: str
    harder: str
    intensity: tuple[int, int]
    breathing: str
    come_out: tuple[str, ...]
    notes: str = ""
    #: What the musculoskeletal model says where it differs from, or settles, a claim.
    model_note: str = ""
    #: The rest of the body: the other leg, contacts, orientation, spine (see
    #: :mod:`hipcourse.content.body`).
    body: Body | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict (the `hipcourse stretches --json` format)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            v = getattr(self, f.name)
            if isinstance(v, (Pose, Body)):
                v = v.to_dict()
            elif isinstance(v, tuple):
                v = list(v)
            out[f.name] = v
        return out


#: The fields a [[stretch]] may have: anything else is a typo and an error.
STRETCH_KEYS = frozenset(f.name for f in fields(Stretch))


@dataclass(frozen=True)
class Ache:
    id: str
    name: str
    groups: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class Restriction:
    """A condition that rules some stretches out, with its advice and sources.

    ``rules`` are judged on the whole body (both legs, every contact) by
    :mod:`hipcourse.models.restrictions`; a stretch can also name the restriction in its own
    ``restrictions`` tags. ``sided``: the learner says which side was operated or injured,
    and rules with ``leg = "operated"`` look at that leg only. ``excludes_all``: no
    stretching at all until a clinician has cleared the learner.
    """

    id: str
    name: str
    advice: str
    source: str
    rules: tuple[Rule, ...] = ()
    sided: bool = False
    excludes_all: bool = False


@dataclass(frozen=True)
class Catalog:
    groups: tuple[Group, ...]
    muscles: tuple[Muscle, ...]
    stretches: tuple[Stretch, ...]
    aches: tuple[Ache, ...]
    restrictions: tuple[Restriction, ...]
    _index: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self):
        idx = self._index
        for kind, items in (
            ("group", self.groups),
            ("muscle", self.muscles),
            ("stretch", self.stretches),
            ("ache", self.aches),
            ("restriction", self.restrictions),
        ):
            idx[kind] = {item.id: item for item in items}

    def _get(self, kind: str, ident: str):
        try:
            return self._index[kind][ident]
        except (KeyError, TypeError):
            known = ", ".join(self._index[kind])
            raise KeyError(f"unknown {kind} {ident!r}; known: {known}") from None

    def group(self, ident: str) -> Group:
        """The group with id ``ident``.

        Parameters
        ----------
        ident : str
            A group id from the catalog files.

        Returns
        -------
        Group

        Raises
        ------
        KeyError
            An unknown id; the message lists the known ones.
        """
        return self._get("group", ident)

    def muscle(self, ident: str) -> Muscle:
        """The muscle with id ``ident``.

        Parameters
        ----------
        ident : str
            A muscle id from the catalog files.

        Returns
        -------
        Muscle

        Raises
        ------
        KeyError
            An unknown id; the message lists the known ones.
        """
        return self._get("muscle", ident)

    def stretch(self, ident: str) -> Stretch:
        """The stretch with id ``ident``.

        Parameters
        ----------
        ident : str
            A stretch id from the catalog files.

        Returns
        -------
        Stretch

        Raises
        ------
        KeyError
            An unknown id; the message lists the known ones.
        """
        return self._get("stretch", ident)

    def ache(self, ident: str) -> Ache:
        """The ache with id ``ident``.

        Parameters
        ----------
        ident : str
            A ache id from the catalog files.

        Returns
        -------
        Ache

        Raises
        ------
        KeyError
            An unknown id; the message lists the known ones.
        """
        return self._get("ache", ident)

    def restriction(self, ident: str) -> Restriction:
        """The restriction with id ``ident``.

        Parameters
        ----------
        ident : str
            A restriction id from the catalog files.

        Returns
        -------
        Restriction

        Raises
        ------
        KeyError
            An unknown id; the message lists the known ones.
        """
        return self._get("restriction", ident)

    def ladder(self, group: str) -> tuple[Stretch, ...]:
        """The stretches of ``group``, easiest rung first.

        Parameters
        ----------
        group : str
            One of :data:`GROUP_IDS`.

        Returns
        -------
        tuple of Stretch
            Level 1 first.
        """
        self.group(group)
        return tuple(sorted((s for s in self.stretches if s.group == group), key=lambda s: s.level))

    def muscles_of(self, group: str) -> tuple[Muscle, ...]:
        """Every muscle that belongs to ``group`` (including shared ones).

        Parameters
        ----------
        group : str
            One of :data:`GROUP_IDS`.

        Returns
        -------
        tuple of Muscle
        """
        self.group(group)
        return tuple(m for m in self.muscles if group in m.groups)

    def muscle_by_model_name(self, model_name: str) -> Muscle | None:
        """The catalog muscle a MyoLeg actuator (with or without _r/_l) belongs to.

        Parameters
        ----------
        model_name : str
            An actuator name such as ``"recfem_r"`` or ``"addmagIsch"``.

        Returns
        -------
        Muscle or None
            None for an actuator no catalog muscle lists.
        """
        base = model_name[:-2] if model_name[-2:] in ("_r", "_l") else model_name
        for m in self.muscles:
            if base in m.model:
                return m
        return None
