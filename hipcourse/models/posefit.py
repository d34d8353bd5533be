"""Fit a whole-body pose around a stretch's target leg, and check that a body could adopt it.

The fitter (:func:`fit`) runs ``scipy.optimize.least_squares`` over the free root pose (3
positions, a rotation vector) and the free joints a recipe names, inside the model's joint
ranges, while the target leg keeps the catalog's angles exactly (so every muscle number of
the stretch is the one :mod:`hipcourse.models.musculoskeletal` gives). The residuals are:

* stated contacts: a skin geom's lowest point on its surface (floor, mat or a prop's top);
* nothing below the floor, nothing inside a prop, the legs not through each other;
* point goals (hands on the hips, soles together) and axis goals (trunk lean, shin vertical);
* standing poses: the centre of mass over the feet;
* weak priors that keep every free joint near a natural value.

The same geometry then judges the result (:func:`feasibility`), with the margins reported.
Skin geoms are the model's capsules and ellipsoids; for prop and leg-leg checks each is
approximated by five spheres along its long axis (an ellipsoid's radius is its smallest
semi-axis, so the check is slightly lenient there).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hipcourse.models.wholebody import Body

#: Support surfaces within this height of a geom's lowest point carry it [m].
SUPPORT_GAP_M = 0.015
#: Soft tissue: how far skin may press into the floor, a prop or the other leg [m].
FLOOR_TOLERANCE_M = 0.01
PROP_TOLERANCE_M = 0.015
LEGS_TOLERANCE_M = 0.015
#: A stated contact or point goal is met within these distances [m] (the skin envelope's
#: capsules are within a few centimetres of a real body's surface).
CONTACT_TOLERANCE_M = 0.025
POINT_TOLERANCE_M = 0.05
MAT_BODY_MARGIN_M = 0.12
#: Skin resting on a surface touches it over a patch: half the geom's smallest size wide.
CONTACT_PATCH = 0.5
LEG_PARTS = (
    "femur1_col",
    "femur2_col",
    "tibia1_col",
    "tibia2_col",
    "foot_col1",
    "foot_col3",
    "foot_col4",
    "bofoot_col1",
    "bofoot_col2",
)
ARM_JOINTS = ("elv_angle", "shoulder_elv", "shoulder_rot", "elbow_flexion", "pro_sup")
SPINE_JOINTS = ("flex_extension", "lat_bending", "axial_rotation")
FOOT_JOINTS = ("ankle_angle", "subtalar_angle", "mtp_angle")
LEG_JOINTS = ("hip_flexion", "hip_adduction", "hip_rotation", "knee_angle") + FOOT_JOINTS
#: Relaxed fingers (the model leaves two right-hand joints without the ``_r`` suffix).
FINGERS_DEG = {
    f"{j}{k}_flexion_{s}": v
    for s in "rl"
    for j, v in (("mcp", 15), ("pm", 15), ("md", 10))
    for k in "2345"
}
for _k in ("md3_flexion_r", "pm4_flexion_r"):
    FINGERS_DEG[_k[:-2]] = FINGERS_DEG.pop(_k)
MAX_EVALUATIONS = 200


def lean_direction(lean_deg: float) -> np.ndarray:
    """World direction of the trunk's long axis leaning forward by ``lean_deg`` (faces -y)."""
    a = np.radians(lean_deg)
    return np.array([0.0, -np.sin(a), np.cos(a)])


def free_joints(recipe) -> list[str]:
    """The joints the fitter may move for a recipe (the target leg's four angles never)."""
    out = []
    legs_fixed = "rl" if recipe.target_side == "both" else "r"
    if "other-leg" in recipe.free and recipe.target_side != "both":
        out += [f"{j}_l" for j in LEG_JOINTS]
    if "target-foot" in recipe.free:
        out += [f"{j}_{s}" for s in legs_fixed for j in FOOT_JOINTS]
    if "spine" in recipe.free:
        out += list(SPINE_JOINTS)
    if "arms" in recipe.free:
        out += [f"{j}_{s}" for s in "rl" for j in ARM_JOINTS]
    return out


class Geometry:
    """Skin geoms as spheres, lowest points, props and support, for one :class:`Body`."""

    def __init__(self, body: Body):
        self.b = body
        m = body.m
        import mujoco

        cap, ell = int(mujoco.mjtGeom.mjGEOM_CAPSULE), int(mujoco.mjtGeom.mjGEOM_ELLIPSOID)
        self.type = {g: int(m.geom_type[g]) for g in body.skin}
        self.cap, self.ell = cap, ell
        centres, radii, owner = [], [], []
        for g in body.skin:
            s = m.geom_size[g]
            if self.type[g] == cap:
                loc = np.outer(np.linspace(-s[1], s[1], 5), [0, 0, 1.0])
                r = s[0]
            elif self.type[g] == ell:
                k = int(np.argmax(s))
                r = float(s.min())
                loc = np.outer(np.linspace(-(s[k] - r), s[k] - r, 5), np.eye(3)[k])
            else:
                loc, r = np.zeros((1, 3)), s[0]
            centres.append(loc)
            radii += [r] * len(loc)
            owner += [g] * len(loc)
        self.local = np.concatenate(centres)
        self.radius = np.array(radii)
        self.owner = np.array(owner)
        name = {g: m.geom(g).name for g in body.skin}
        self.skin = np.array(body.skin)
        self.size = m.geom_size[self.skin]
        self.is_cap = np.array([self.type[g] == cap for g in body.skin])
        self.is_ell = np.array([self.type[g] == ell for g in body.skin])
        self.leg = {
            s: np.isin(
                self.owner,
                [g for g in body.skin if name[g][:-2] in LEG_PARTS and name[g].endswith("_" + s)],
            )
            for s in "rl"
        }

    def spheres(self) -> np.ndarray:
        d = self.b.d
        R = d.geom_xmat[self.owner].reshape(-1, 3, 3)
        return d.geom_xpos[self.owner] + np.einsum("nij,nj->ni", R, self.local)

    def low(self, g: int) -> float:
        """Lowest world z of skin geom ``g`` (exact for capsules and ellipsoids)."""
        d, m = self.b.d, self.b.m
        c, R, s = d.geom_xpos[g], d.geom_xmat[g].reshape(3, 3), m.geom_size[g]
        if self.type[g] == self.cap:
            return float(c[2] - abs(R[2, 2]) * s[1] - s[0])
        if self.type[g] == self.ell:
            return float(c[2] - np.sqrt(np.sum((s * R[2]) ** 2)))
        return float(c[2] - s[0])

    def low_point(self, g: int) -> np.ndarray:
        d = self.b.d
        p = d.geom_xpos[g].copy()
        p[2] = self.low(g)
        return p

    def lows(self) -> np.ndarray:
        """:meth:`low` of every skin geom, vectorised."""
        d = self.b.d
        z = d.geom_xpos[self.skin, 2]
        R = d.geom_xmat[self.skin].reshape(-1, 3, 3)
        s = self.size
        cap = z - np.abs(R[:, 2, 2]) * s[:, 1] - s[:, 0]
        ell = z - np.sqrt(np.sum((s * R[:, 2, :]) ** 2, axis=1))
        return np.where(self.is_cap, cap, np.where(self.is_ell, ell, z - s[:, 0]))

    def legs_overlap_m(self) -> float:
        """Deepest overlap of a right-leg skin sphere with a left-leg one [m] (<= 0: apart)."""
        p = self.spheres()
        rr, ll = self.leg["r"], self.leg["l"]
        dist = np.linalg.norm(p[rr][:, None] - p[ll][None], axis=-1)
        return float((self.radius[rr][:, None] + self.radius[ll][None] - dist).max())

    def legs_overlaps_m(self) -> np.ndarray:
        """Per right-leg sphere: its deepest overlap with a left-leg sphere, >= 0 [m]."""
        p = self.spheres()
        rr, ll = self.leg["r"], self.leg["l"]
        dist = np.linalg.norm(p[rr][:, None] - p[ll][None], axis=-1)
        return np.maximum(0.0, (self.radius[rr][:, None] + self.radius[ll][None] - dist).max(1))

    def prop_overlaps_m(self, box, keep) -> np.ndarray:
        """Per skin sphere in ``keep`` (a mask): its overlap with a box, >= 0 [m]."""
        c, h = np.asarray(box[0]), np.asarray(box[1])
        q = np.abs(self.spheres()[keep] - c) - h
        sd = np.linalg.norm(np.maximum(q, 0), axis=1) + np.minimum(q.max(axis=1), 0)
        return np.maximum(0.0, self.radius[keep] - sd)

    def prop_overlap_m(self, box, exempt=()) -> float:
        """Deepest overlap of a skin sphere with a prop box ``(centre, half sizes)`` [m]."""
        c, h = np.asarray(box[0]), np.asarray(box[1])
        keep = ~np.isin(self.owner, list(exempt))
        p = self.spheres()[keep] - c
        q = np.abs(p) - h
        outside = np.linalg.norm(np.maximum(q, 0), axis=1)
        inside = np.minimum(q.max(axis=1), 0)
        return float((self.radius[keep] - (outside + inside)).max(initial=-1.0))


def place_props(geo: Geometry, recipe, mat_top_m: float) -> list[dict]:
    """World boxes of a recipe's props for the current pose: ``{kind, pos_m, size_m}``."""
    b = geo.b
    out = []
    lows = {g: geo.low_point(b.geom_id[g]) for g in recipe.contacts}
    skin_xy = b.d.geom_xpos[list(b.skin)][:, :2]
    for p in recipe.props:
        h = np.array(p.size_m, float)
        base = mat_top_m if p.on == "mat" else 0.0
        if p.kind == "mat":
            on = [g for g, s in recipe.contacts.items() if s == "mat"] or list(recipe.contacts)
            pts = np.array([lows[g][:2] for g in on]) if on else skin_xy
            lo, hi = pts.min(0) - MAT_BODY_MARGIN_M, pts.max(0) + MAT_BODY_MARGIN_M
            centre = (lo + hi) / 2
            long = 0 if hi[0] - lo[0] > hi[1] - lo[1] else 1
            h = np.array([h[1], h[0], h[2]]) if long == 0 else h
            h[:2] = np.maximum(h[:2], (hi - lo) / 2)
            pos = np.r_[centre, mat_top_m - h[2]]
        elif p.kind == "strap":
            hands = (b.d.xpos[b.body_id["thirdmc_r"]] + b.d.xpos[b.body_id["thirdmc_l"]]) / 2
            end = b.d.xpos[b.body_id[p.to]]
            pos = (hands + end) / 2
            h = np.array([h[0], h[1], np.linalg.norm(end - hands) / 2])
        elif p.touch:
            axis = "xy".index(p.side[1])
            sign = 1.0 if p.side[0] == "+" else -1.0
            c = b.d.geom_xpos[b.geom_id[p.touch]].copy()
            face = np.max(sign * geo.spheres()[:, axis] + geo.radius)  # outermost skin
            pos = c + np.asarray(p.offset_m)
            pos[axis] = sign * (face + h[axis])
            pos[2] = base + h[2]
        else:
            if p.under:
                xy = geo.low_point(b.geom_id[p.under])[:2]
            else:
                xy = b.d.xpos[b.body_id["pelvis"]][:2]
            pos = np.r_[xy + np.asarray(p.offset_m)[:2], base + h[2] + p.offset_m[2]]
        out.append(
            {"kind": p.kind, "pos_m": [float(v) for v in pos], "size_m": [float(v) for v in h]}
        )
    return out


def surface_height_m(recipe, surface: str, mat_top_m: float) -> float:
    if surface == "floor":
        return 0.0
    if surface == "mat":
        return mat_top_m
    p = recipe.prop(surface)
    return (mat_top_m if p.on == "mat" else 0.0) + p.top_above_base_m + p.offset_m[2]


def mat_top_m(recipe) -> float:
    return 2 * recipe.prop("mat").size_m[2] if any(p.kind == "mat" for p in recipe.props) else 0.0


def _cross2(a, b) -> float:
    return float(a[0] * b[1] - a[1] * b[0])


def _hull(points: np.ndarray) -> np.ndarray:
    """Convex hull (monotone chain) of 2D points, counter-clockwise."""
    pts = sorted(map(tuple, np.round(points, 9)))
    if len(pts) < 3:
        return np.array(pts)

    def half(seq):
        out = []
        for p in seq:
            while (
                len(out) >= 2
                and _cross2(np.subtract(out[-1], out[-2]), np.subtract(p, out[-2])) <= 0
            ):
                out.pop()
            out.append(p)
        return out[:-1]

    return np.array(half(pts) + half(pts[::-1]))


def support_margin_m(point: np.ndarray, polygon: np.ndarray) -> float:
    """Signed distance of a 2D point inside a convex polygon [m] (negative: outside)."""
    if len(polygon) < 3:
        return -float(np.min(np.linalg.norm(polygon - point, axis=1))) if len(polygon) else -1.0
    best = np.inf
    for a, b in zip(polygon, np.roll(polygon, -1, axis=0), strict=False):
        e = b - a
        n = np.array([e[1], -e[0]]) / max(np.linalg.norm(e), 1e-12)  # outward for CCW
        best = min(best, float(-(point - a) @ n))
    return best


@dataclass(frozen=True)
class Feasibility:
    """Could a body adopt the pose? Margins in metres; ``ok`` when every check passes."""

    floor_clearance_m: float
    prop_overlap_m: float
    legs_overlap_m: float
    contact_error_m: float
    point_error_m: float
    support_margin_m: float

    @property
    def problems(self) -> tuple[str, ...]:
        out = []
        if self.floor_clearance_m < -FLOOR_TOLERANCE_M:
            out.append(f"a body part is {-100 * self.floor_clearance_m:.1f} cm below the floor")
        if self.prop_overlap_m > PROP_TOLERANCE_M:
            out.append(f"a body part is {100 * self.prop_overlap_m:.1f} cm inside a prop")
        if self.legs_overlap_m > LEGS_TOLERANCE_M:
            out.append(f"the legs pass {100 * self.legs_overlap_m:.1f} cm through each other")
        if self.contact_error_m > CONTACT_TOLERANCE_M:
            out.append(f"a stated contact is missed by {100 * self.contact_error_m:.1f} cm")
        if self.point_error_m > POINT_TOLERANCE_M:
            out.append(f"a hand or foot goal is missed by {100 * self.point_error_m:.1f} cm")
        if self.support_margin_m < 0:
            out.append(
                f"the centre of mass is {-100 * self.support_margin_m:.1f} cm outside "
                "what supports the body"
            )
        return tuple(out)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict:
        return {k: round(getattr(self, k), 4) for k in self.__dataclass_fields__}


def _point(b: Body, body: str, offset) -> np.ndarray:
    i = b.body_id[body]
    return b.d.xpos[i] + b.d.xmat[i].reshape(3, 3) @ np.asarray(offset, float)


def feasibility(geo: Geometry, recipe, props: list[dict]) -> Feasibility:
    """Judge the pose placed in ``geo.b.d`` (see :class:`Feasibility`)."""
    b = geo.b
    mat = mat_top_m(recipe)
    lows = geo.lows()
    contact = [
        abs(geo.low(b.geom_id[g]) - surface_height_m(recipe, s, mat))
        for g, s in recipe.contacts.items()
    ]
    for p in recipe.props:
        if p.touch:
            axis, sign = "xy".index(p.side[1]), (1.0 if p.side[0] == "+" else -1.0)
            own = geo.owner == b.geom_id[p.touch]
            reach = np.max(sign * geo.spheres()[own][:, axis] + geo.radius[own])
            face = np.max(sign * geo.spheres()[:, axis] + geo.radius)
            contact.append(float(face - reach))
    points = [
        np.linalg.norm(_point(b, p.body, p.offset_m) - _point(b, p.to_body, p.to_offset_m))
        for p in recipe.points
        if p.weight >= 2.0
    ]
    overlap = -1.0
    tops = []
    for prop in props:
        if prop["kind"] in ("strap",):
            continue
        exempt = [b.geom_id[g] for g, s in recipe.contacts.items() if s == prop["kind"]]
        box = (prop["pos_m"], prop["size_m"])
        if prop["kind"] != "mat":
            overlap = max(overlap, geo.prop_overlap_m(box, exempt))
        tops.append(box)
    support = []
    for g, z in zip(b.skin, lows, strict=False):
        p = geo.low_point(g)
        if z < SUPPORT_GAP_M or any(
            abs(z - (c[2] + h[2])) < SUPPORT_GAP_M
            and np.all(np.abs(p[:2] - c[:2]) <= np.asarray(h[:2]) + 0.02)
            for c, h in tops
        ):
            r = CONTACT_PATCH * float(b.m.geom_size[g].min())  # a patch, not a point
            support += [p[:2] + (dx, dy) for dx, dy in ((r, 0), (-r, 0), (0, r), (0, -r))]
    for p in recipe.props:  # a hand on a wall carries weight sideways
        if p.touch:
            support.append(b.d.geom_xpos[b.geom_id[p.touch]][:2])
    com = b.d.subtree_com[0][:2]
    return Feasibility(
        floor_clearance_m=float(lows.min()),
        prop_overlap_m=overlap,
        legs_overlap_m=geo.legs_overlap_m(),
        contact_error_m=float(max(contact, default=0.0)),
        point_error_m=float(max(points, default=0.0)),
        support_margin_m=support_margin_m(com, _hull(np.array(support))) if support else -1.0,
    )


def _angles(recipe, fixed: dict, free: list[str], x: np.ndarray) -> dict:
    ang = dict(fixed)
    ang.update({j: float(np.degrees(v)) for j, v in zip(free, x[6:], strict=False)})
    return ang


def fit(body: Body, recipe, fixed_deg: dict, geo: Geometry | None = None):
    """Least-squares fit of the free root and joints; returns ``(qpos, angles_deg, result)``.

    ``fixed_deg`` holds the target leg's catalog angles (model joint names, degrees); they
    are never changed.
    """
    from scipy.optimize import least_squares

    geo = geo or Geometry(body)
    b, d = body, body.d
    free = free_joints(recipe)
    fixed = {**FINGERS_DEG, **fixed_deg}
    lo = np.radians([b.range_deg(j)[0] for j in free])
    hi = np.radians([b.range_deg(j)[1] for j in free])
    pv = np.radians([recipe.prior_deg.get(j, (0.0, 1.0))[0] for j in free])
    pw = 0.05 * np.array([recipe.prior_deg.get(j, (0.0, 1.0))[1] for j in free])
    root0 = np.r_[recipe.root_start_m, np.radians(recipe.root_start_rotvec_deg)]
    x0 = np.r_[root0, np.clip(pv, lo + 1e-6, hi - 1e-6)]
    mat = mat_top_m(recipe)
    contacts = [
        (b.geom_id[g], surface_height_m(recipe, s, mat)) for g, s in recipe.contacts.items()
    ]
    feet = [b.geom_id[g] for g, s in recipe.contacts.items() if s in ("floor", "mat")]
    solid = [p for p in recipe.props if p.kind not in ("mat", "strap")]
    lean = lean_direction(recipe.trunk_lean_deg)
    torso = b.body_id["torso"]
    keep = {
        p.kind: ~np.isin(
            geo.owner, [b.geom_id[g] for g, s in recipe.contacts.items() if s == p.kind]
        )
        for p in solid
    }

    touches = [
        (
            p,
            "xy".index(p.side[1]),
            1.0 if p.side[0] == "+" else -1.0,
            geo.owner == b.geom_id[p.touch],
        )
        for p in recipe.props
        if p.touch
    ]

    def residual(x):
        b.place_kinematics(b.qpos(_angles(recipe, fixed, free, x), x[:3], x[3:6]))
        r = [20.0 * (geo.low(g) - z) for g, z in contacts]
        r += list(40.0 * np.minimum(0.0, geo.lows()))
        r += list(20.0 * geo.legs_overlaps_m())
        if solid:
            boxes = {p["kind"]: p for p in place_props(geo, recipe, mat)}
            for p in solid:
                box = boxes[p.kind]
                r += list(20.0 * geo.prop_overlaps_m((box["pos_m"], box["size_m"]), keep[p.kind]))
        for _, axis, sign, own in touches:
            sph = sign * geo.spheres()[:, axis] + geo.radius
            r.append(10.0 * (sph.max() - sph[own].max()))
        for p in recipe.points:
            r += list(
                p.weight * (_point(b, p.body, p.offset_m) - _point(b, p.to_body, p.to_offset_m))
            )
        for a in recipe.axes:
            v = d.xmat[b.body_id[a.body]].reshape(3, 3) @ np.asarray(a.local, float)
            t = np.asarray(a.world, float)
            r += list(a.weight * (v - t / np.linalg.norm(t)))
        r += list(recipe.trunk_weight * (d.xmat[torso].reshape(3, 3)[:, 1] - lean))
        if recipe.balance and feet:
            support = np.mean([geo.low_point(g)[:2] for g in feet], axis=0)
            r += list(5.0 * (d.subtree_com[0][:2] - support))
        r += list(pw * (x[6:] - pv))
        r += list(1.0 * (x[:2] - root0[:2]))
        return np.asarray(r)

    big = np.full(6, np.inf)
    sol = least_squares(
        residual,
        x0,
        bounds=(np.r_[-big, lo], np.r_[big, hi]),
        max_nfev=MAX_EVALUATIONS,
        diff_step=1e-6,
        ftol=1e-12,
        xtol=1e-12,
        gtol=1e-10,
    )
    ang = _angles(recipe, fixed, free, sol.x)
    q = b.qpos(ang, sol.x[:3], sol.x[3:6])
    b.place(q)
    return q, ang, sol
