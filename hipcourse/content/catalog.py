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

import dataclasses
import functools
import math
from pathlib import Path

from hipcourse.content.body import read_body, read_rule

# The schema and the strict-table helpers live in their own modules; their names are
# re-exported here because the rest of the package imports them from the catalog.
from hipcourse.content.schema import (  # noqa: F401
    EQUIPMENT,
    GROUP_IDS,
    INTENSITY_MAX,
    JOINTS,
    MUSCLES_FILE,
    POSE_RANGES_DEG,
    POSITIONS,
    STRETCH_KEYS,
    STRETCHES_FILE,
    TRUNK_RANGE_DEG,
    Ache,
    Catalog,
    Group,
    Muscle,
    Pose,
    Restriction,
    Stretch,
)
from hipcourse.content.tables import CatalogError, TableReader, check_keys, read_toml
from hipcourse.kit.resources import DATA_DIR  # noqa: F401


# --------------------------------------------------------------------------- loading
def _angle(r: TableReader, table: dict, name: str, lo: float, hi: float, prefix: str) -> float:
    v = table.get(name, 0.0)
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        r.fail(f"{prefix}.{name}", v, "must be a number of degrees")
    if not lo <= v <= hi:
        r.fail(f"{prefix}.{name}", v, f"is outside the model's range {lo:g} to {hi:g} degrees")
    return float(v)


def _intensity(r: TableReader) -> tuple[int, int]:
    """The card's ``intensity = [low, high]`` on the 0-10 scale, at most INTENSITY_MAX."""
    v = r.get("intensity")
    ok = (
        isinstance(v, list)
        and len(v) == 2
        and all(isinstance(x, int) and not isinstance(x, bool) for x in v)
    )
    if not ok or not 0 <= v[0] <= v[1] <= INTENSITY_MAX:
        r.fail(
            "intensity",
            v,
            f"must be [low, high], whole numbers with 0 <= low <= high <= "
            f"{INTENSITY_MAX} (0-10 scale: mild tension, never pain)",
        )
    return (v[0], v[1])


def _pose(r: TableReader) -> Pose:
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


def _restriction(path: Path, table, index: int) -> Restriction:
    """One ``[[restriction]]``: its rules are checked fact by fact (content.body)."""
    r = TableReader(path, table, "restriction", index)  # its keys: KEYS["restriction"]
    rules = r.get("rules", [])
    if not isinstance(rules, list):
        r.fail("rules", rules, "must be a list of rule tables")
    flags = {}
    for name in ("sided", "excludes_all"):
        flags[name] = r.get(name, False)
        if not isinstance(flags[name], bool):
            r.fail(name, flags[name], "must be true or false")
    parsed = tuple(read_rule(r, f"rules[{j}]", rule) for j, rule in enumerate(rules))
    for j, rule in enumerate(parsed):
        if rule.leg == "operated" and not flags["sided"]:
            r.fail(
                f"rules[{j}].leg",
                "operated",
                'only a restriction with sided = true has an operated side; use leg = "any"',
            )
    return Restriction(
        id=r.text("id"),
        name=r.text("name"),
        advice=r.text("advice"),
        source=r.text("source"),
        rules=parsed,
        **flags,
    )


def load_catalog(
    muscles_path: Path | str | None = None, stretches_path: Path | str | None = None
) -> Catalog:
    """Load and validate the catalog.

    Parameters
    ----------
    muscles_path, stretches_path : path, optional
        Files to read; default: the ones shipped in ``hipcourse/data``. The default
        catalog is cached, so calling this repeatedly is cheap.

    Returns
    -------
    Catalog
        Groups, muscles, stretches (poses in [deg], holds in [s]), aches and restrictions.

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


#: The keys every table may hold: anything else is an error (a typo must never drop a rule).
KEYS = {
    "muscles": ("group", "muscle"),
    "stretches": ("restriction", "ache", "stretch"),
    "group": ("id", "name", "where", "summary"),
    "muscle": (
        "id",
        "name",
        "groups",
        "origin",
        "insertion",
        "joints",
        "actions",
        "model",
        "model_note",
    ),
    "restriction": ("id", "name", "advice", "source", "rules", "sided", "excludes_all"),
    "ache": ("id", "name", "groups", "reason"),
    "stretch": tuple(sorted(STRETCH_KEYS)),  # the fields of Stretch, one list
}


def _check_entries(path: Path, data: dict, top: str) -> None:
    check_keys(path, data, KEYS[top], what="table")
    for kind in KEYS[top]:
        for i, t in enumerate(data.get(kind, [])):
            if isinstance(t, dict):
                ident = t.get("id") if isinstance(t.get("id"), str) else None
                check_keys(
                    path, t, KEYS[kind], entry=ident or f"{kind} #{i + 1}", what=f"{kind} key"
                )


def _model_muscle_names() -> frozenset[str]:
    """The musculoskeletal model's muscle names, from the committed list (a test checks
    it against the compiled model, so loading the catalog never compiles MuJoCo)."""

    text = (DATA_DIR / "model_muscles.txt").read_text(encoding="utf-8")
    return frozenset(
        ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")
    )


def _load(mpath: Path, spath: Path) -> Catalog:
    mdata = read_toml(mpath)
    sdata = read_toml(spath)
    _check_entries(mpath, mdata, "muscles")
    _check_entries(spath, sdata, "stretches")
    model_names = _model_muscle_names()

    groups = []
    for i, t in enumerate(mdata.get("group", [])):
        r = TableReader(mpath, t, "group", i)
        groups.append(
            Group(
                id=r.text("id"),
                name=r.text("name"),
                where=r.text("where"),
                summary=r.text("summary"),
            )
        )
    _unique(mpath, groups, "group")
    gids = tuple(g.id for g in groups)
    if set(gids) != set(GROUP_IDS):
        raise CatalogError(
            mpath, None, "group", list(gids), "the groups must be exactly " + ", ".join(GROUP_IDS)
        )
    groups.sort(key=lambda g: GROUP_IDS.index(g.id))

    muscles = []
    for i, t in enumerate(mdata.get("muscle", [])):
        r = TableReader(mpath, t, "muscle", i)
        muscles.append(
            Muscle(
                id=r.text("id"),
                name=r.text("name"),
                groups=r.texts("groups", allowed=GROUP_IDS),
                origin=r.text("origin"),
                insertion=r.text("insertion"),
                joints=r.texts("joints", allowed=JOINTS),
                actions=r.texts("actions"),
                model=r.texts("model", nonempty=False),
                model_note=r.text("model_note", ""),
            )
        )
        for name in muscles[-1].model:
            if name not in model_names:
                from hipcourse.content.tables import suggestion

                r.fail(
                    "model",
                    name,
                    "is not a muscle of the musculoskeletal model"
                    + suggestion(name, sorted(model_names)),
                )
    _unique(mpath, muscles, "muscle")
    muscle_ids = {m.id for m in muscles}
    for g in GROUP_IDS:
        if not any(g in m.groups for m in muscles):
            raise CatalogError(mpath, None, "muscle", g, "no muscle belongs to this group")

    restrictions = [_restriction(spath, t, i) for i, t in enumerate(sdata.get("restriction", []))]
    _unique(spath, restrictions, "restriction")
    restriction_ids = tuple(x.id for x in restrictions)

    aches = []
    for i, t in enumerate(sdata.get("ache", [])):
        r = TableReader(spath, t, "ache", i)
        aches.append(
            Ache(
                id=r.text("id"),
                name=r.text("name"),
                groups=r.texts("groups", allowed=GROUP_IDS),
                reason=r.text("reason"),
            )
        )
    _unique(spath, aches, "ache")

    stretches = []
    for i, t in enumerate(sdata.get("stretch", [])):
        r = TableReader(spath, t, "stretch", i)
        s = Stretch(
            id=r.text("id"),
            name=r.text("name"),
            group=r.choice("group", GROUP_IDS),
            level=r.integer("level", 1, 20),
            position=r.choice("position", POSITIONS),
            equipment=r.texts("equipment", allowed=EQUIPMENT),
            pose=_pose(r),
            targets=r.texts("targets", allowed=sorted(muscle_ids)),
            setup=r.texts("setup"),
            cues=r.texts("cues"),
            mistakes=r.texts("mistakes"),
            feel=r.text("feel"),
            hold_s=r.integer("hold_s", 5, 120),
            reps=r.integer("reps", 1, 10),
            sides=r.integer("sides", 1, 2),
            cautions=r.texts("cautions"),
            restrictions=r.texts("restrictions", allowed=restriction_ids, nonempty=False),
            easier=r.text("easier"),
            harder=r.text("harder"),
            intensity=_intensity(r),
            breathing=r.text("breathing"),
            come_out=r.texts("come_out"),
            notes=r.text("notes", ""),
            model_note=r.text("model_note", ""),
        )
        s = dataclasses.replace(s, body=read_body(r, s.pose.joint_angles(), s.sides))
        stretches.append(s)
    _unique(spath, stretches, "stretch")
    for g in GROUP_IDS:
        levels = sorted(s.level for s in stretches if s.group == g)
        if levels != list(range(1, len(levels) + 1)) or len(levels) < 4:
            raise CatalogError(
                spath,
                None,
                "level",
                levels,
                f"the ladder of {g!r} must have rungs 1, 2, 3, ... with at least 4 rungs",
            )

    return Catalog(
        groups=tuple(groups),
        muscles=tuple(muscles),
        stretches=tuple(stretches),
        aches=tuple(aches),
        restrictions=tuple(restrictions),
    )
