"""Whole-body pose recipes: how the rest of the body sits around a stretch's target leg.

``hipcourse/data/poses.toml`` holds one recipe per catalog stretch. The catalog fixes the
target leg's four angles; a recipe says what the rest of the body does, as data the pose
fitter (:mod:`hipcourse.models.poses`) turns into joint angles:

``target_side``
    ``"right"`` (one leg, the catalog's right leg) or ``"both"`` (the catalog's angles on both
    legs, for stretches done with both legs at once: ``sides = 1`` in the catalog).
``props``
    ``{kind, on, under, touch, side, offset_m, size_m}``: a mat, cushion, block, chair, step,
    wall or strap. A prop is placed after the fit: ``under`` a skin geom (centred below it),
    ``touch``-ing a geom from one ``side`` (walls), or at ``offset_m`` from the body's centre.
    ``size_m`` is half sizes [m], with a default per kind; ``on`` is ``"floor"`` or ``"mat"``.
    A strap runs from the hands to the body named by ``to`` (its size is computed).
``contacts``
    ``{skin geom: surface}``: the geom's lowest point rests on the surface (``"floor"``,
    ``"mat"`` or a prop's kind).
``prior_deg``
    ``{joint: value}`` or ``{joint: [value, weight]}``: where a free joint would like to be.
``points``
    ``[{body, offset_m, to_body, to_offset_m, weight}]``: a point on one body is pulled to a
    point on another (hands on the hips, soles together, ankle on the other knee).
``axes``
    ``[{body, local, world, weight}]``: a body axis points along a world direction.
``trunk_lean_deg``, ``trunk_weight``
    The trunk's lean from vertical (default: the catalog's ``trunk_lean_deg``).
``free``
    Which parts the fitter may move: ``"other-leg"``, ``"target-foot"``, ``"spine"``,
    ``"arms"`` (default: all four).
``root_start_m``, ``root_start_rotvec_deg``, ``balance``, ``camera``
    Start of the root, whether the centre of mass must sit over the feet (standing), and the
    figures' camera: ``{azimuth_deg, elevation_deg}`` (0: looking at the right side, 90: at
    the front).

A typo (an unknown key, kind, surface or part) is a :class:`PoseRecipeError` naming the file,
the entry and the key.
"""

from __future__ import annotations

import functools
import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hipcourse.content.catalog import CatalogError, load_catalog
from hipcourse.kit.resources import DATA_DIR

POSES_FILE = DATA_DIR / "poses.toml"

#: Default half sizes of each prop kind [m] (a strap's is computed from the pose).
PROP_SIZES_M = {
    "mat": (0.30, 0.90, 0.004),
    "cushion": (0.12, 0.14, 0.03),
    "block": (0.11, 0.08, 0.05),
    "chair": (0.22, 0.21, 0.225),
    "step": (0.18, 0.15, 0.09),
    "wall": (0.02, 0.6, 1.2),
    "strap": (0.008, 0.008, 0.3),
}
PROP_KINDS = tuple(PROP_SIZES_M)
SIDES = ("right", "both")
PARTS = ("other-leg", "target-foot", "spine", "arms")
WALL_SIDES = ("+x", "-x", "+y", "-y")
_RECIPE_KEYS = {
    "target_side",
    "props",
    "contacts",
    "prior_deg",
    "points",
    "axes",
    "trunk_lean_deg",
    "trunk_weight",
    "free",
    "root_start_m",
    "root_start_rotvec_deg",
    "balance",
    "camera",
}
_PROP_KEYS = {"kind", "on", "under", "touch", "side", "offset_m", "size_m", "to"}
_POINT_KEYS = {"body", "offset_m", "to_body", "to_offset_m", "weight"}
_AXIS_KEYS = {"body", "local", "world", "weight"}
_CAMERA_KEYS = {"azimuth_deg", "elevation_deg"}


class PoseRecipeError(CatalogError):
    """``poses.toml`` is broken: the message names the file, the entry and the key."""


@dataclass(frozen=True)
class Prop:
    kind: str
    on: str = "floor"
    under: str = ""
    touch: str = ""
    side: str = ""
    to: str = ""
    offset_m: tuple[float, float, float] = (0.0, 0.0, 0.0)
    size_m: tuple[float, float, float] = (0.0, 0.0, 0.0)

    @property
    def top_above_base_m(self) -> float:
        return 2.0 * self.size_m[2]


@dataclass(frozen=True)
class PointGoal:
    body: str
    offset_m: tuple[float, float, float]
    to_body: str
    to_offset_m: tuple[float, float, float]
    weight: float


@dataclass(frozen=True)
class AxisGoal:
    body: str
    local: tuple[float, float, float]
    world: tuple[float, float, float]
    weight: float


@dataclass(frozen=True)
class PoseRecipe:
    """One stretch's whole-body recipe (see the module docstring for every field)."""

    stretch_id: str
    target_side: str
    props: tuple[Prop, ...]
    contacts: dict[str, str]
    prior_deg: dict[str, tuple[float, float]]
    points: tuple[PointGoal, ...]
    axes: tuple[AxisGoal, ...]
    trunk_lean_deg: float
    trunk_weight: float
    free: tuple[str, ...]
    root_start_m: tuple[float, float, float]
    root_start_rotvec_deg: tuple[float, float, float]
    balance: bool
    camera_azimuth_deg: float
    camera_elevation_deg: float
    source: dict = field(default_factory=dict, compare=False, repr=False)

    def prop(self, kind: str) -> Prop:
        for p in self.props:
            if p.kind == kind:
                return p
        raise KeyError(kind)

    def digest(self, extra: str = "") -> str:
        """A short hash of the recipe, the catalog pose and ``extra`` (e.g. the model version)."""
        pose = load_catalog().stretch(self.stretch_id).pose.to_dict()
        text = json.dumps([self.source, pose, extra], sort_keys=True, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class _R:
    def __init__(self, path: Path, entry: str, table: Any):
        self.path, self.entry, self.t = path, entry, table

    def fail(self, key: str, value: Any, problem: str):
        raise PoseRecipeError(self.path, self.entry, key, value, problem)

    def keys(self, table: Any, allowed: set, where: str) -> dict:
        if not isinstance(table, dict):
            self.fail(where, table, "expected a table")
        for k in table:
            if k not in allowed:
                self.fail(
                    f"{where}.{k}" if where else k,
                    table[k],
                    "unknown key; allowed: " + ", ".join(sorted(allowed)),
                )
        return table

    def num(self, key: str, value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(key, value, "expected a number")
        return float(value)

    def vec(self, key: str, value: Any, n: int = 3) -> tuple[float, ...]:
        if not isinstance(value, list) or len(value) != n:
            self.fail(key, value, f"expected a list of {n} numbers")
        return tuple(self.num(key, v) for v in value)

    def text(self, key: str, value: Any, allowed=None) -> str:
        bad_choice = allowed is not None and value not in allowed
        if not isinstance(value, str) or not value or bad_choice:
            self.fail(
                key,
                value,
                "expected " + ("one of " + ", ".join(allowed) if allowed else "a non-empty string"),
            )
        return value


def _recipe(path: Path, sid: str, table: Any, catalog) -> PoseRecipe:
    r = _R(path, sid, table)
    r.keys(table, _RECIPE_KEYS, "")
    stretch = catalog.stretch(sid)
    side = r.text("target_side", table.get("target_side", ""), SIDES)
    if (side == "both") != (stretch.sides == 1):
        r.fail(
            "target_side",
            side,
            f"the catalog has sides = {stretch.sides} for this stretch "
            "('both' goes with sides = 1, 'right' with sides = 2)",
        )
    props = []
    for i, p in enumerate(table.get("props", [])):
        w = f"props[{i}]"
        r.keys(p, _PROP_KEYS, w)
        kind = r.text(f"{w}.kind", p.get("kind", ""), PROP_KINDS)
        size = r.vec(f"{w}.size_m", p["size_m"]) if "size_m" in p else PROP_SIZES_M[kind]
        if min(size) <= 0:
            r.fail(f"{w}.size_m", list(size), "half sizes must be positive")
        on = r.text(
            f"{w}.on",
            p.get("on", "mat" if kind in ("cushion", "block") else "floor"),
            ("floor", "mat"),
        )
        props.append(
            Prop(
                kind=kind,
                on=on,
                under=p.get("under", ""),
                touch=p.get("touch", ""),
                side=r.text(f"{w}.side", p["side"], WALL_SIDES) if "side" in p else "",
                to=p.get("to", ""),
                size_m=size,
                offset_m=r.vec(f"{w}.offset_m", p.get("offset_m", [0, 0, 0])),
            )
        )
    kinds = [p.kind for p in props]
    if len(set(kinds)) != len(kinds):
        r.fail("props", kinds, "each prop kind at most once")
    surfaces = ("floor", *kinds)
    contacts = {
        str(g): r.text(f"contacts.{g}", s, surfaces)
        for g, s in r.keys(
            table.get("contacts", {}), set(table.get("contacts", {})), "contacts"
        ).items()
    }
    prior = {}
    for j, v in table.get("prior_deg", {}).items():
        if isinstance(v, list):
            if len(v) != 2:
                r.fail(f"prior_deg.{j}", v, "expected a number or [value, weight]")
            prior[j] = (r.num(f"prior_deg.{j}", v[0]), r.num(f"prior_deg.{j}", v[1]))
        else:
            prior[j] = (r.num(f"prior_deg.{j}", v), 1.0)
    points = []
    for i, p in enumerate(table.get("points", [])):
        w = f"points[{i}]"
        r.keys(p, _POINT_KEYS, w)
        points.append(
            PointGoal(
                r.text(f"{w}.body", p.get("body", "")),
                r.vec(f"{w}.offset_m", p.get("offset_m", [0, 0, 0])),
                r.text(f"{w}.to_body", p.get("to_body", "")),
                r.vec(f"{w}.to_offset_m", p.get("to_offset_m", [0, 0, 0])),
                r.num(f"{w}.weight", p.get("weight", 1.0)),
            )
        )
    axes = []
    for i, a in enumerate(table.get("axes", [])):
        w = f"axes[{i}]"
        r.keys(a, _AXIS_KEYS, w)
        axes.append(
            AxisGoal(
                r.text(f"{w}.body", a.get("body", "")),
                r.vec(f"{w}.local", a.get("local")),
                r.vec(f"{w}.world", a.get("world")),
                r.num(f"{w}.weight", a.get("weight", 1.0)),
            )
        )
    free = table.get("free", list(PARTS))
    if not isinstance(free, list):
        r.fail("free", free, "expected a list of " + ", ".join(PARTS))
    free = tuple(r.text("free", f, PARTS) for f in free)
    cam = r.keys(table.get("camera", {}), _CAMERA_KEYS, "camera")
    return PoseRecipe(
        stretch_id=sid,
        target_side=side,
        props=tuple(props),
        contacts=contacts,
        prior_deg=prior,
        points=tuple(points),
        axes=tuple(axes),
        trunk_lean_deg=r.num(
            "trunk_lean_deg", table.get("trunk_lean_deg", stretch.pose.trunk_lean_deg)
        ),
        trunk_weight=r.num("trunk_weight", table.get("trunk_weight", 2.0)),
        free=free,
        root_start_m=r.vec("root_start_m", table.get("root_start_m", [0, 0, 0.9])),
        root_start_rotvec_deg=r.vec(
            "root_start_rotvec_deg", table.get("root_start_rotvec_deg", [0, 0, 0])
        ),
        balance=bool(table.get("balance", True)),
        camera_azimuth_deg=r.num("camera.azimuth_deg", cam.get("azimuth_deg", 0.0)),
        camera_elevation_deg=r.num("camera.elevation_deg", cam.get("elevation_deg", -5.0)),
        source=table,
    )


@functools.lru_cache(maxsize=4)
def _load(path: Path) -> dict[str, PoseRecipe]:
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PoseRecipeError(path, None, "file", str(path), f"cannot read: {exc}") from None
    catalog = load_catalog()
    ids = {s.id for s in catalog.stretches}
    for sid in data:
        if sid not in ids:
            raise PoseRecipeError(path, sid, "id", sid, "no catalog stretch has this id")
    return {sid: _recipe(path, sid, t, catalog) for sid, t in data.items()}


def load_recipes(path: Path | str | None = None) -> dict[str, PoseRecipe]:
    """Every recipe, by stretch id, validated (:class:`PoseRecipeError` on a typo)."""
    return dict(_load(Path(path) if path is not None else POSES_FILE))


def recipe(stretch_id: str) -> PoseRecipe:
    """The recipe of one catalog stretch (``KeyError`` for a stretch without one)."""
    return _load(POSES_FILE)[stretch_id]
