"""The catalog's schema: the fixed vocabularies and the frozen records a loaded catalog holds
(groups, muscles, poses, stretches, aches, restrictions).

Sign conventions of a :class:`Pose` (degrees, the stretched right leg, relative to the
pelvis) are those of the musculoskeletal model: hip flexion +, hip adduction +, hip
internal rotation +, knee flexion +. See :mod:`hipcourse.models.musculoskeletal`.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

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
POSE_RANGES_DEG = {
    "hip_flexion_deg": (-30.0, 120.0),
    "hip_adduction_deg": (-50.0, 30.0),
    "hip_rotation_deg": (-40.0, 40.0),
    "knee_flexion_deg": (0.0, 120.0),
}
TRUNK_RANGE_DEG = (-120.0, 120.0)


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
    notes: str = ""
    #: What the musculoskeletal model says where it differs from, or settles, a claim.
    model_note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict (the `hipcourse stretches --json` format)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            v = getattr(self, f.name)
            if isinstance(v, Pose):
                v = {k: val for k, val in v.to_dict().items()}
            elif isinstance(v, tuple):
                v = list(v)
            out[f.name] = v
        return out


@dataclass(frozen=True)
class Ache:
    id: str
    name: str
    groups: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class AvoidRegion:
    """A region of poses a restriction rules out: every limit must hold."""

    limits: tuple[tuple[str, str, float], ...]  # (pose field, "above"|"below", value)
    reason: str

    def contains(self, pose: Pose) -> bool:
        """Whether ``pose`` lies inside every limit of this region (angles [deg]).

        Parameters
        ----------
        pose : Pose
            A stretch's pose.

        Returns
        -------
        bool
        """
        for name, op, value in self.limits:
            angle = getattr(pose, name)
            if op == "above" and not angle > value:
                return False
            if op == "below" and not angle < value:
                return False
        return True


@dataclass(frozen=True)
class Restriction:
    id: str
    name: str
    advice: str
    source: str
    avoid: tuple[AvoidRegion, ...] = ()
    excludes_all: bool = False

    def rules_out(self, stretch: Stretch) -> str | None:
        """The reason this restriction rules ``stretch`` out, or None if it does not.

        Parameters
        ----------
        stretch : Stretch
            A catalog stretch.

        Returns
        -------
        str or None
            A sentence naming the restriction and the reason.
        """
        if self.excludes_all:
            return f"{self.name}: no stretching until you have been cleared"
        if self.id in stretch.restrictions:
            return f"{self.name}: this stretch is not advised"
        for region in self.avoid:
            if region.contains(stretch.pose):
                return f"{self.name}: the pose {region.reason}"
        return None


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
        for kind, items in (("group", self.groups), ("muscle", self.muscles),
                            ("stretch", self.stretches), ("ache", self.aches),
                            ("restriction", self.restrictions)):
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
        return tuple(sorted((s for s in self.stretches if s.group == group),
                            key=lambda s: s.level))

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
