"""The course's content as data: muscles, groups, stretches, aches and restrictions.

``hipcourse/data/muscles.toml`` and ``hipcourse/data/stretches.toml`` are loaded and
validated into frozen dataclasses. A broken file fails with a :class:`CatalogError`
that names the file, the entry id, the field and the bad value.

Sign conventions of a :class:`Pose` (degrees, the stretched right leg, relative to the
pelvis) are those of the musculoskeletal model: hip flexion +, hip adduction +, hip
internal rotation +, knee flexion +. See :mod:`hipcourse.models.musculoskeletal`.

Examples
--------
>>> from hipcourse.content.catalog import load_catalog
>>> cat = load_catalog()
>>> [s.level for s in cat.ladder("hamstrings")]
[1, 2, 3, 4, 5]
>>> cat.stretch("groin-butterfly").position
'floor'
"""
from __future__ import annotations

import functools
import math
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
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


class CatalogError(ValueError):
    """A catalog file is broken. The message names file, entry, field and value."""

    def __init__(self, path: Path | str, entry: str | None, field_name: str, value: Any,
                 problem: str):
        self.path = Path(path)
        self.entry = entry
        self.field = field_name
        self.value = value
        where = f"{self.path.name}"
        if entry:
            where += f", entry {entry!r}"
        super().__init__(f"{where}: field {field_name!r} = {value!r}: {problem}")


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
        """The four model joint angles, without the drawing-only trunk lean."""
        return {k: getattr(self, k) for k in POSE_RANGES_DEG}

    def to_dict(self) -> dict[str, float]:
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
        """The reason this restriction rules ``stretch`` out, or None if it does not."""
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
        return self._get("group", ident)

    def muscle(self, ident: str) -> Muscle:
        return self._get("muscle", ident)

    def stretch(self, ident: str) -> Stretch:
        return self._get("stretch", ident)

    def ache(self, ident: str) -> Ache:
        return self._get("ache", ident)

    def restriction(self, ident: str) -> Restriction:
        return self._get("restriction", ident)

    def ladder(self, group: str) -> tuple[Stretch, ...]:
        """The stretches of ``group``, easiest rung first."""
        self.group(group)
        return tuple(sorted((s for s in self.stretches if s.group == group),
                            key=lambda s: s.level))

    def muscles_of(self, group: str) -> tuple[Muscle, ...]:
        """Every muscle that belongs to ``group`` (including shared ones)."""
        self.group(group)
        return tuple(m for m in self.muscles if group in m.groups)

    def muscle_by_model_name(self, model_name: str) -> Muscle | None:
        """The catalog muscle a MyoLeg actuator (with or without _r/_l) belongs to."""
        base = model_name[:-2] if model_name[-2:] in ("_r", "_l") else model_name
        for m in self.muscles:
            if base in m.model:
                return m
        return None


# --------------------------------------------------------------------------- loading
def _read(path: Path) -> dict:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(path, None, "<file>", str(path), f"not valid TOML ({exc})") from None
    except OSError as exc:
        raise CatalogError(path, None, "<file>", str(path), f"cannot be read ({exc.strerror})") from None


class _Reader:
    """Pulls typed fields out of one TOML table, with errors that name everything."""

    def __init__(self, path: Path, table: Any, kind: str, index: int):
        self.path = path
        if not isinstance(table, dict):
            raise CatalogError(path, f"{kind} #{index + 1}", "<entry>", table, "must be a table")
        self.table = table
        ident = table.get("id")
        self.entry = ident if isinstance(ident, str) and ident else f"{kind} #{index + 1}"

    def fail(self, name: str, value: Any, problem: str):
        raise CatalogError(self.path, self.entry, name, value, problem)

    def get(self, name: str, default: Any = ...):
        if name not in self.table:
            if default is ...:
                self.fail(name, None, "is missing")
            return default
        return self.table[name]

    def text(self, name: str, default: Any = ...) -> str:
        v = self.get(name, default)
        if not isinstance(v, str) or (default is ... and not v.strip()):
            self.fail(name, v, "must be a non-empty string")
        return v

    def texts(self, name: str, default: Any = ..., *, allowed=None, nonempty=True) -> tuple[str, ...]:
        v = self.get(name, default)
        if not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v):
            self.fail(name, v, "must be a list of non-empty strings")
        if nonempty and not v:
            self.fail(name, v, "must not be empty")
        if allowed is not None:
            for x in v:
                if x not in allowed:
                    self.fail(name, x, "is not one of " + ", ".join(allowed))
        return tuple(v)

    def integer(self, name: str, lo: int, hi: int) -> int:
        v = self.get(name)
        if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
            self.fail(name, v, f"must be a whole number from {lo} to {hi}")
        return v

    def choice(self, name: str, allowed) -> str:
        v = self.get(name)
        if v not in allowed:
            self.fail(name, v, "must be one of " + ", ".join(allowed))
        return v


def _angle(r: _Reader, table: dict, name: str, lo: float, hi: float, prefix: str) -> float:
    v = table.get(name, 0.0)
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        r.fail(f"{prefix}.{name}", v, "must be a number of degrees")
    if not lo <= v <= hi:
        r.fail(f"{prefix}.{name}", v, f"is outside the model's range {lo:g} to {hi:g} degrees")
    return float(v)


def _pose(r: _Reader) -> Pose:
    p = r.get("pose")
    if not isinstance(p, dict):
        r.fail("pose", p, "must be a table of joint angles")
    known = set(POSE_RANGES_DEG) | {"trunk_lean_deg"}
    for k in p:
        if k not in known:
            r.fail(f"pose.{k}", p[k], "is not a pose angle; allowed: " + ", ".join(sorted(known)))
    for k in POSE_RANGES_DEG:
        if k not in p:
            r.fail(f"pose.{k}", None, "is missing")
    vals = {k: _angle(r, p, k, *POSE_RANGES_DEG[k], "pose") for k in POSE_RANGES_DEG}
    vals["trunk_lean_deg"] = _angle(r, p, "trunk_lean_deg", *TRUNK_RANGE_DEG, "pose")
    return Pose(**vals)


def _unique(path: Path, entries, kind: str):
    seen = set()
    for e in entries:
        if e.id in seen:
            raise CatalogError(path, e.id, "id", e.id, f"duplicate {kind} id")
        seen.add(e.id)


def load_catalog(muscles_path: Path | str | None = None,
                 stretches_path: Path | str | None = None) -> Catalog:
    """Load and validate the catalog.

    Parameters
    ----------
    muscles_path, stretches_path : path, optional
        Files to read; default: the ones shipped in ``hipcourse/data``. The default
        catalog is cached, so calling this repeatedly is cheap.

    Raises
    ------
    CatalogError
        If a file is missing, not TOML, or any entry breaks a rule; the message names the
        file, the entry id, the field and the bad value.
    """
    if muscles_path is None and stretches_path is None:
        return _default_catalog()
    return _load(Path(muscles_path or MUSCLES_FILE), Path(stretches_path or STRETCHES_FILE))


@functools.lru_cache(maxsize=1)
def _default_catalog() -> Catalog:
    return _load(MUSCLES_FILE, STRETCHES_FILE)


def _load(mpath: Path, spath: Path) -> Catalog:
    mdata = _read(mpath)
    sdata = _read(spath)

    groups = []
    for i, t in enumerate(mdata.get("group", [])):
        r = _Reader(mpath, t, "group", i)
        groups.append(Group(id=r.text("id"), name=r.text("name"), where=r.text("where"),
                            summary=r.text("summary")))
    _unique(mpath, groups, "group")
    gids = tuple(g.id for g in groups)
    if set(gids) != set(GROUP_IDS):
        raise CatalogError(mpath, None, "group", list(gids),
                           "the groups must be exactly " + ", ".join(GROUP_IDS))
    groups.sort(key=lambda g: GROUP_IDS.index(g.id))

    muscles = []
    for i, t in enumerate(mdata.get("muscle", [])):
        r = _Reader(mpath, t, "muscle", i)
        muscles.append(Muscle(
            id=r.text("id"), name=r.text("name"),
            groups=r.texts("groups", allowed=GROUP_IDS),
            origin=r.text("origin"), insertion=r.text("insertion"),
            joints=r.texts("joints", allowed=JOINTS),
            actions=r.texts("actions"),
            model=r.texts("model", nonempty=False),
            model_note=r.text("model_note", ""),
        ))
    _unique(mpath, muscles, "muscle")
    muscle_ids = {m.id for m in muscles}
    for g in GROUP_IDS:
        if not any(g in m.groups for m in muscles):
            raise CatalogError(mpath, None, "muscle", g, "no muscle belongs to this group")

    restrictions = []
    for i, t in enumerate(sdata.get("restriction", [])):
        r = _Reader(spath, t, "restriction", i)
        regions = []
        avoid = r.get("avoid", [])
        if not isinstance(avoid, list):
            r.fail("avoid", avoid, "must be a list of pose regions")
        for j, region in enumerate(avoid):
            if not isinstance(region, dict) or not isinstance(region.get("reason"), str):
                r.fail(f"avoid[{j}]", region, "must be a table with a 'reason'")
            limits = []
            for k, lim in region.items():
                if k == "reason":
                    continue
                if k not in POSE_RANGES_DEG:
                    r.fail(f"avoid[{j}].{k}", lim, "is not a pose angle; allowed: " + ", ".join(POSE_RANGES_DEG))
                if (not isinstance(lim, dict) or len(lim) != 1
                        or next(iter(lim)) not in ("above", "below")
                        or not isinstance(next(iter(lim.values())), (int, float))):
                    r.fail(f"avoid[{j}].{k}", lim, "must be { above = N } or { below = N }")
                op, val = next(iter(lim.items()))
                limits.append((k, op, float(val)))
            if not limits:
                r.fail(f"avoid[{j}]", region, "needs at least one angle limit")
            regions.append(AvoidRegion(tuple(limits), region["reason"]))
        excl = r.get("excludes_all", False)
        if not isinstance(excl, bool):
            r.fail("excludes_all", excl, "must be true or false")
        restrictions.append(Restriction(id=r.text("id"), name=r.text("name"),
                                        advice=r.text("advice"), source=r.text("source"),
                                        avoid=tuple(regions), excludes_all=excl))
    _unique(spath, restrictions, "restriction")
    restriction_ids = tuple(x.id for x in restrictions)

    aches = []
    for i, t in enumerate(sdata.get("ache", [])):
        r = _Reader(spath, t, "ache", i)
        aches.append(Ache(id=r.text("id"), name=r.text("name"),
                          groups=r.texts("groups", allowed=GROUP_IDS), reason=r.text("reason")))
    _unique(spath, aches, "ache")

    stretches = []
    for i, t in enumerate(sdata.get("stretch", [])):
        r = _Reader(spath, t, "stretch", i)
        s = Stretch(
            id=r.text("id"), name=r.text("name"),
            group=r.choice("group", GROUP_IDS),
            level=r.integer("level", 1, 20),
            position=r.choice("position", POSITIONS),
            equipment=r.texts("equipment", allowed=EQUIPMENT),
            pose=_pose(r),
            targets=r.texts("targets", allowed=sorted(muscle_ids)),
            setup=r.texts("setup"), cues=r.texts("cues"), mistakes=r.texts("mistakes"),
            feel=r.text("feel"),
            hold_s=r.integer("hold_s", 5, 120),
            reps=r.integer("reps", 1, 10),
            sides=r.integer("sides", 1, 2),
            cautions=r.texts("cautions"),
            restrictions=r.texts("restrictions", allowed=restriction_ids, nonempty=False),
            notes=r.text("notes", ""),
            model_note=r.text("model_note", ""),
        )
        stretches.append(s)
    _unique(spath, stretches, "stretch")
    for g in GROUP_IDS:
        levels = sorted(s.level for s in stretches if s.group == g)
        if levels != list(range(1, len(levels) + 1)) or len(levels) < 4:
            raise CatalogError(spath, None, "level", levels,
                               f"the ladder of {g!r} must have rungs 1, 2, 3, ... with at least 4 rungs")

    return Catalog(groups=tuple(groups), muscles=tuple(muscles), stretches=tuple(stretches),
                   aches=tuple(aches), restrictions=tuple(restrictions))
