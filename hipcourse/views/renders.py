"""Offscreen MuJoCo renders of a stretch's whole-body pose (on the CPU, via Mesa).

``MUJOCO_GL`` must be chosen before ``mujoco`` is first imported: this module sets it to
``egl`` unless the environment already says otherwise, and falls back to ``osmesa`` when EGL
cannot create a context (Debian: ``libegl1 libegl-mesa0 libgbm1 libgl1-mesa-dri`` or
``libosmesa6``). Import it before anything else imports mujoco.

Two frames per stretch, both from the pose in :mod:`hipcourse.models.poses`:

* **how-to**: the body's skin envelope as an opaque silhouette with a soft outline, the
  props and the floor's shadow, from the recipe's camera;
* **muscles** ("what it stretches"): the same silhouette lightened, the bones, and the
  stretch's target muscles along their real paths, coloured by % lengthening. Composited in
  numpy from segmented passes so that deep muscles behind the pelvis stay visible.

Pixel output is deterministic on one software stack (Mesa llvmpipe, one MuJoCo version);
compare images across stacks with a tolerance. The technique and its measurements are in
the course's render study (MuJoCo 3.17, Mesa 22.3: about 0.6 s per composite at 800 x 800).
"""

from __future__ import annotations

import os
import threading

from hipcourse.kit import gl

gl.prepare()

import numpy as np  # noqa: E402

from hipcourse.models import wholebody  # noqa: E402

BONE_RGBA = (0.93, 0.90, 0.83, 1.0)
SKIN_RGBA = (0.97, 0.82, 0.69, 1.0)
OUTLINE_RGB = (150, 100, 78)
PROP_RGBA = {
    "mat": (0.52, 0.70, 0.76, 1),
    "cushion": (0.86, 0.62, 0.36, 1),
    "block": (0.62, 0.52, 0.80, 1),
    "chair": (0.62, 0.48, 0.36, 1),
    "step": (0.60, 0.62, 0.66, 1),
    "wall": (0.86, 0.86, 0.83, 1),
    "strap": (0.20, 0.45, 0.75, 1),
}
FLOOR_RGB = (0.93, 0.93, 0.93)
MAX_SIZE_PX = 840
_LOCK = threading.RLock()


def _styled_model():
    """myofullbody with the course's corrections plus lights, props and a flat style."""
    import mujoco

    spec, wrap = wholebody.corrected_spec()
    g = spec.visual.global_
    g.offwidth = g.offheight = MAX_SIZE_PX
    spec.visual.quality.offsamples = 4
    spec.visual.quality.shadowsize = 2048
    hl = spec.visual.headlight
    hl.ambient, hl.diffuse, hl.specular = [0.36] * 3, [0.30] * 3, [0.05] * 3
    sky = spec.texture("sky")
    sky.builtin = mujoco.mjtBuiltin.mjBUILTIN_FLAT
    sky.rgb1 = sky.rgb2 = [1, 1, 1]
    spec.visual.rgba.haze = [1, 1, 1, 1]
    floor = spec.geom("floor")
    floor.size = [3.0, 3.0, 0.05]
    spec.add_material(name="floorflat", rgba=[*FLOOR_RGB, 1], emission=0.12, specular=0.0)
    floor.material = "floorflat"
    spec.delete(spec.material("MatPlane"))
    spec.delete(spec.texture("texplane"))
    spec.add_material(name="bone", rgba=BONE_RGBA, specular=0.25, shininess=0.3)
    spec.add_material(name="skin", rgba=SKIN_RGBA, specular=0.1, shininess=0.1)
    spec.add_material(name="prop", rgba=[1, 1, 1, 1], specular=0.1, shininess=0.1)
    for light in list(spec.lights):
        spec.delete(light)
    wb = spec.worldbody
    wb.add_light(
        name="key",
        type=mujoco.mjtLightType.mjLIGHT_SPOT,
        dir=[0.45, 0.35, -1],
        pos=[-1.35, -1.05, 3.0],
        diffuse=[0.6] * 3,
        specular=[0.15] * 3,
        cutoff=50,
        exponent=0.5,
        castshadow=True,
    )
    wb.add_light(
        name="fill",
        type=mujoco.mjtLightType.mjLIGHT_DIRECTIONAL,
        dir=[-0.6, 0.5, -0.4],
        diffuse=[0.18] * 3,
        specular=[0, 0, 0],
        castshadow=False,
    )
    for kind, rgba in PROP_RGBA.items():
        wb.add_geom(
            name=f"prop_{kind}",
            type=(mujoco.mjtGeom.mjGEOM_CAPSULE if kind == "strap" else mujoco.mjtGeom.mjGEOM_BOX),
            size=[0.1, 0.1, 0.01],
            pos=[0, 0, -5],
            group=1,
            material="prop",
            contype=0,
            conaffinity=0,
            rgba=rgba,
        )
    model = wholebody.compile_spec(spec, wrap)
    bone = mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_MATERIAL, "bone")
    skin = mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_MATERIAL, "skin")
    mesh = model.geom_type == mujoco.mjtGeom.mjGEOM_MESH
    model.geom_matid[mesh] = bone
    model.geom_rgba[mesh] = BONE_RGBA
    sk = model.geom_group == wholebody.SKIN_GROUP
    model.geom_matid[sk] = skin
    model.geom_rgba[sk] = SKIN_RGBA
    model.tendon_group[:] = 5
    return model


class Scene:
    """The styled model, its data and one offscreen renderer per image size."""

    def __init__(self):
        import mujoco

        self.mj = mujoco
        self.m = _styled_model()
        self.d = mujoco.MjData(self.m)
        self.renderers: dict = {}
        self.skin = np.flatnonzero(self.m.geom_group == wholebody.SKIN_GROUP)
        self.floor = self.m.geom("floor").id
        self.props = {k: self.m.geom(f"prop_{k}").id for k in PROP_RGBA}

    def renderer(self, width: int, height: int):
        key = (width, height)
        if key not in self.renderers:
            self.renderers[key] = self.mj.Renderer(self.m, height, width)
        return self.renderers[key]

    def close(self) -> None:
        for r in self.renderers.values():
            r.close()
        self.renderers.clear()

    def pose(self, pose) -> None:
        """Put a :class:`~hipcourse.models.poses.WholeBodyPose` and its props in the scene."""
        mj, m, d = self.mj, self.m, self.d
        for g in self.props.values():
            m.geom_pos[g] = (0, 0, -5)
        d.qpos[:] = pose.vector
        mj.mj_kinematics(m, d)
        for prop in pose.props:
            g = self.props[prop["kind"]]
            size = np.asarray(prop["size_m"], float)
            if prop["kind"] == "strap":
                hands = (d.xpos[m.body("thirdmc_r").id] + d.xpos[m.body("thirdmc_l").id]) / 2
                end = 2 * np.asarray(prop["pos_m"]) - hands
                axis = (end - hands) / max(np.linalg.norm(end - hands), 1e-9)
                m.geom_quat[g] = _quat_z_to(axis)
                m.geom_sameframe[g] = 0  # else MuJoCo keeps the world's orientation
                m.geom_size[g] = (size[0], size[2], 0)
                m.geom_rbound[g] = size[2] + size[0]
            else:
                m.geom_size[g] = size
                m.geom_rbound[g] = float(np.linalg.norm(size))
            m.geom_aabb[g] = np.r_[
                np.zeros(3),
                m.geom_size[g]
                if prop["kind"] != "strap"
                else (size[0], size[0], size[2] + size[0]),
            ]
            m.geom_pos[g] = prop["pos_m"]
        self.refresh()

    def refresh(self) -> None:
        """Position stage only (no collisions or dynamics): bodies, lights, muscle paths."""
        mj, m, d = self.mj, self.m, self.d
        mj.mj_kinematics(m, d)
        mj.mj_comPos(m, d)
        mj.mj_camlight(m, d)
        mj.mj_tendon(m, d)


def _quat_z_to(v) -> np.ndarray:
    z = np.array([0.0, 0.0, 1.0])
    v = np.asarray(v, float)
    c = float(z @ v)
    if c < -0.999999:
        return np.array([0.0, 1.0, 0.0, 0.0])
    axis = np.cross(z, v)
    q = np.r_[1.0 + c, axis]
    return q / np.linalg.norm(q)


_SCENE: Scene | None = None


def scene() -> Scene:
    """The shared :class:`Scene` (built on first use: about 1 s)."""
    global _SCENE
    with _LOCK:
        if _SCENE is None:
            try:
                _SCENE = Scene()
                _SCENE.renderer(64, 64)
            except Exception as exc:  # no EGL display: say what to install
                raise RuntimeError(
                    f"MuJoCo cannot render offscreen with MUJOCO_GL={os.environ['MUJOCO_GL']} "
                    f"({exc}); install Mesa's EGL (apt: libegl1 libegl-mesa0 libgbm1 "
                    "libgl1-mesa-dri) or OSMesa (libosmesa6, then MUJOCO_GL=osmesa)"
                ) from exc
        return _SCENE


# --------------------------------------------------------------------------- camera
def body_points(sc: Scene, stride: int = 9) -> np.ndarray:
    """World points that outline the body (bone vertices, skin geom ends) and the props."""
    m, d = sc.m, sc.d
    pts = []
    for g in np.flatnonzero(m.geom_type == sc.mj.mjtGeom.mjGEOM_MESH):
        mid = m.geom_dataid[g]
        a, n = m.mesh_vertadr[mid], m.mesh_vertnum[mid]
        pts.append(
            d.geom_xpos[g] + m.mesh_vert[a : a + n : stride] @ d.geom_xmat[g].reshape(3, 3).T
        )
    capsule = sc.mj.mjtGeom.mjGEOM_CAPSULE
    for g in list(sc.skin) + [g for g in sc.props.values() if m.geom_pos[g][2] > -1]:
        R = d.geom_xmat[g].reshape(3, 3)
        s = m.geom_size[g]
        # half extents along the geom's own axes (a capsule: radius across, +half-length along z)
        ext = (s[0], s[0], s[1] + s[0]) if m.geom_type[g] == capsule else s
        for sign in (-1, 1):
            for k in range(3):
                pts.append((d.geom_xpos[g] + sign * R[:, k] * ext[k])[None])
    return np.concatenate(pts)


def frame_camera(
    sc: Scene, azimuth_deg: float, elevation_deg: float, size, fill=0.88, skip_props=("mat", "wall")
):
    """A free camera (lookat, distance) that fits the body in the image at this view."""
    m = sc.m
    parked = {}
    for k in skip_props:
        g = sc.props[k]
        parked[g] = m.geom_pos[g].copy()
        m.geom_pos[g] = (0, 0, -5)
    pts = body_points(sc)
    for g, p in parked.items():
        m.geom_pos[g] = p
    W, H = size
    t = np.tan(np.radians(m.vis.global_.fovy) / 2)
    a, e = np.radians(azimuth_deg), np.radians(elevation_deg)
    fwd = np.array([np.cos(e) * np.cos(a), np.cos(e) * np.sin(a), np.sin(e)])
    up = np.array([-np.sin(e) * np.cos(a), -np.sin(e) * np.sin(a), np.cos(e)])
    right = np.cross(fwd, up)
    look, dist = pts.mean(0), 3.0
    for _ in range(80):
        v = pts - (look - dist * fwd)
        z = v @ fwd
        x = (v @ right) / z / t * (H / 2) + W / 2
        y = H / 2 - (v @ up) / z / t * (H / 2)
        cx, cy = (x.min() + x.max()) / 2, (y.min() + y.max()) / 2
        scale = max((x.max() - x.min()) / (fill * W), (y.max() - y.min()) / (fill * H))
        px = t * dist / (H / 2)
        look = look + right * (cx - W / 2) * px - up * (cy - H / 2) * px
        dist *= scale**0.7
    cam = sc.mj.MjvCamera()
    cam.type = sc.mj.mjtCamera.mjCAMERA_FREE
    cam.lookat[:] = look
    cam.distance, cam.azimuth, cam.elevation = dist, azimuth_deg, elevation_deg
    r = sc.renderer(W, H)
    for _ in range(4):  # refine with MuJoCo's own projection (the model above is approximate)
        r.update_scene(sc.d, camera=cam)
        uv = project(_glcam(r.scene.camera[0]), W, H, pts)
        (x0, y0), (x1, y1) = uv.min(0), uv.max(0)
        px = t * cam.distance / (H / 2)
        cam.lookat[:] = (
            cam.lookat + right * ((x0 + x1) / 2 - W / 2) * px - up * ((y0 + y1) / 2 - H / 2) * px
        )
        cam.distance *= max((x1 - x0) / (fill * W), (y1 - y0) / (fill * H)) ** 0.8
    return cam


def _glcam(c):
    """A copy of an ``mjvGLCamera``'s fields that :func:`project` needs."""
    return type(
        "GLCam",
        (),
        dict(
            pos=np.array(c.pos),
            forward=np.array(c.forward),
            up=np.array(c.up),
            frustum_near=c.frustum_near,
            frustum_center=c.frustum_center,
            frustum_top=c.frustum_top,
            frustum_bottom=c.frustum_bottom,
        ),
    )


def aim_key_light(sc: Scene, target, offset=(-1.4, -1.1, 3.1)) -> None:
    k = sc.m.light("key").id
    sc.m.light_pos[k] = np.asarray(target) + offset
    sc.m.light_dir[k] = -np.asarray(offset) / np.linalg.norm(offset)
    sc.mj.mj_kinematics(sc.m, sc.d)
    sc.mj.mj_camlight(sc.m, sc.d)


def project(glcam, width: int, height: int, pts) -> np.ndarray:
    """World points -> pixel coordinates of the last rendered image."""
    pos, fwd, up = np.array(glcam.pos), np.array(glcam.forward), np.array(glcam.up)
    right = np.cross(fwd, up)
    v = np.atleast_2d(pts) - pos
    xc, yc, zc = v @ right, v @ up, v @ fwd
    xc, yc = xc * glcam.frustum_near / zc, yc * glcam.frustum_near / zc
    half = 0.5 * width / height * (glcam.frustum_top - glcam.frustum_bottom)
    u = (xc - (glcam.frustum_center - half)) / (2 * half) * width
    w = (glcam.frustum_top - yc) / (glcam.frustum_top - glcam.frustum_bottom) * height
    return np.c_[u, w]


# --------------------------------------------------------------------------- passes
def _option(mj, groups, tendons):
    opt = mj.MjvOption()
    opt.geomgroup[:] = groups
    opt.tendongroup[:] = [1, 0, 0, 0, 0, 0] if tendons else [0] * 6
    opt.sitegroup[:] = 0
    return opt


def _pass(sc, r, cam, groups, tendons, shadows=True, seg=False):
    r.update_scene(sc.d, camera=cam, scene_option=_option(sc.mj, groups, tendons))
    r.scene.flags[sc.mj.mjtRndFlag.mjRND_SHADOW] = shadows
    if seg:
        r.enable_segmentation_rendering()
    img = r.render().copy()
    if seg:
        r.disable_segmentation_rendering()
    return img


def _erode(mask, k):
    out = mask.copy()
    for _ in range(k):
        e = out.copy()
        e[1:] &= out[:-1]
        e[:-1] &= out[1:]
        e[:, 1:] &= out[:, :-1]
        e[:, :-1] &= out[:, 1:]
        out = e
    return out


def render_frame(sc: Scene, cam, size, xray: bool):
    """One frame: the silhouette view (``xray=False``) or the muscles view (``xray=True``).

    Returns ``(rgb uint8 image, the scene's GL camera for :func:`project`)``.
    """
    mj = sc.mj
    W, H = size
    r = sc.renderer(W, H)
    GEOM, TENDON = int(mj.mjtObj.mjOBJ_GEOM), int(mj.mjtObj.mjOBJ_TENDON)
    body_groups = [0, 1, 1, 0, 1, 0]
    a_rgb = _pass(sc, r, cam, body_groups, False)
    glcam = _glcam(r.scene.camera[0])
    a_seg = _pass(sc, r, cam, body_groups, False, seg=True)
    a_flat = _pass(sc, r, cam, body_groups, False, shadows=False)
    obj, typ = a_seg[..., 0], a_seg[..., 1]
    inside = (typ == GEOM) & np.isin(obj, sc.skin)
    on_floor = (typ == GEOM) & (obj == sc.floor)
    out = a_rgb.astype(np.float32)
    shade = (a_rgb.astype(np.float32).mean(-1) + 1) / (a_flat.astype(np.float32).mean(-1) + 1)
    out[on_floor] = (255.0 * (1 - 0.55 * (1 - np.clip(shade[on_floor], 0, 1))))[:, None]
    out[(obj < 0)] = 255.0
    if xray:
        b_rgb = _pass(sc, r, cam, [1, 1, 1, 0, 0, 0], True)
        b_seg = _pass(sc, r, cam, [1, 1, 1, 0, 0, 0], True, seg=True)
        c_rgb = _pass(sc, r, cam, [0, 0, 0, 0, 0, 0], True)
        c_seg = _pass(sc, r, cam, [0, 0, 0, 0, 0, 0], True, seg=True)
        b_obj, b_typ = b_seg[..., 0], b_seg[..., 1]
        props = list(sc.props.values()) + [sc.floor]
        anatomy = (b_obj >= 0) & ((b_typ == TENDON) | ((b_typ == GEOM) & ~np.isin(b_obj, props)))
        out[inside] = 0.45 * out[inside] + 0.55 * 255.0
        out[anatomy] = b_rgb[anatomy]
        hidden = (c_seg[..., 1] == TENDON) & (c_seg[..., 0] >= 0) & ~(b_typ == TENDON)
        out[hidden] = 0.4 * out[hidden] + 0.6 * c_rgb[hidden]
    edge = inside & ~_erode(inside, 2)
    out[edge] = 0.35 * out[edge] + 0.65 * np.array(OUTLINE_RGB, np.float32)
    return np.clip(out + 0.5, 0, 255).astype(np.uint8), glcam


def show_muscles(sc: Scene, pct: dict, vmax: float, cmap, width_m: float = 0.011) -> None:
    """Show only the tendons of the muscles in ``pct`` (actuator -> %), coloured by it."""
    m = sc.m
    m.tendon_group[:] = 5
    for name, value in pct.items():
        t = m.actuator_trnid[m.actuator(name).id, 0]
        m.tendon_group[t] = 0
        m.tendon_rgba[t] = cmap((np.clip(value, -vmax, vmax) + vmax) / (2 * vmax))
        m.tendon_width[t] = width_m


def path_midpoint(sc: Scene, actuator: str) -> np.ndarray:
    """World point half-way along a muscle's drawn path."""
    m, d = sc.m, sc.d
    t = m.actuator_trnid[m.actuator(actuator).id, 0]
    a, n = d.ten_wrapadr[t], d.ten_wrapnum[t]
    pts = d.wrap_xpos.reshape(-1, 3)[a : a + n]
    pts = pts[np.linalg.norm(pts, axis=1) > 0]
    seg = np.linalg.norm(np.diff(pts, axis=0), axis=1)
    s = np.r_[0, np.cumsum(seg)]
    k = int(min(max(np.searchsorted(s, s[-1] / 2), 1), len(pts) - 1))
    f = (s[-1] / 2 - s[k - 1]) / max(seg[k - 1], 1e-9)
    return pts[k - 1] + f * (pts[k] - pts[k - 1])
