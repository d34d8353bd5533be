"""Build, correct, check and cache the compiled MyoLeg model (an MJB file).

The corrections of the knee pivot and of iliacus's brim wrap are described in
:mod:`hipcourse.models.musculoskeletal`; the cache key is the myo-sim and MuJoCo versions
and :data:`~hipcourse.models.musculoskeletal.names.CORRECTIONS_VERSION`.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np

from hipcourse.kit.resources import package_dir
from hipcourse.models.musculoskeletal.kinematics import knee_pivot_drift_m
from hipcourse.models.musculoskeletal.names import (
    _KNEE_HINGES,
    _MODEL_JOINT,
    CACHE_ENV,
    CORRECTIONS_VERSION,
    ILIACUS_WRAP,
    KNEE_CHILD_OFFSET_M,
    KNEE_PIVOT_TOLERANCE_M,
    MODEL_NAME,
    MUJOCO_VERSION,
    MYO_SIM_VERSION,
)


# =========================================================================== cache and build
def cache_dir() -> Path:
    """Where the compiled model is cached: ``$HIPCOURSE_CACHE_DIR`` or the user cache folder.

    Returns
    -------
    pathlib.Path
        The folder (it may not exist yet).
    """
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("hipcourse"))


def cache_path() -> Path:
    """The MJB file for the installed myo-sim and MuJoCo versions.

    Returns
    -------
    pathlib.Path
        ``<cache_dir>/myoleg-myosim<v>-mujoco<v>-fix<corrections>.mjb``.
    """
    key = f"myoleg-myosim{MYO_SIM_VERSION}-mujoco{MUJOCO_VERSION}-fix{CORRECTIONS_VERSION}"
    return cache_dir() / f"{key}.mjb"


def cache_is_trusted(folder) -> bool:
    """True if the model cache may be read from ``folder``: a folder owned by this user
    that nobody else can write (not group- or world-writable). A cache in a shared folder
    could be swapped for a model that gives wrong numbers."""
    try:
        st = os.stat(folder)
    except OSError:
        return False
    import stat

    if not stat.S_ISDIR(st.st_mode) or st.st_mode & 0o022:
        return False
    getuid = getattr(os, "getuid", None)
    return getuid is None or st.st_uid == getuid()


def spec_sha256() -> str:
    """SHA-256 of the model's source spec: the myo-sim XML and Python files, this module
    (its corrections) and :func:`model_version`. A cache file is used only if its metadata
    records this hash and the file's own hash (:func:`cache_matches`)."""
    import hashlib

    import myo_sim

    h = hashlib.sha256(model_version().encode())
    root = Path(myo_sim.__file__).parent
    for f in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".xml", ".py")):
        h.update(f.relative_to(root).as_posix().encode() + b"\0" + f.read_bytes())
    h.update(Path(__file__).read_bytes())
    return h.hexdigest()


def _file_sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def cache_matches(path) -> bool:
    """True if the cache file ``path`` was built from today's source spec and is unchanged
    (its ``.json`` metadata holds :func:`spec_sha256` and the file's SHA-256)."""
    path = Path(path)
    try:
        meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        return (
            isinstance(meta, dict)
            and meta.get("spec_sha256") == spec_sha256()
            and meta.get("mjb_sha256") == _file_sha256(path)
        )
    except (OSError, ValueError):
        return False


def _private_cache_dir() -> Path:
    """A per-user folder only this user can write, for when the cache folder is shared."""
    user = getattr(os, "getuid", lambda: 0)()
    folder = Path(tempfile.gettempdir()) / f"hipcourse-cache-{user}"
    folder.mkdir(mode=0o700, exist_ok=True)
    if not cache_is_trusted(folder):
        folder = Path(tempfile.mkdtemp(prefix="hipcourse-cache-"))
    return folder


def model_version() -> str:
    """The versions behind the numbers: myo-sim, MuJoCo and this module's corrections.

    Returns
    -------
    str
        e.g. ``"myo-sim 0.2.4, MuJoCo 3.17.0, hipcourse model corrections v2"``.
    """
    return (
        f"myo-sim {MYO_SIM_VERSION}, MuJoCo {MUJOCO_VERSION}, hipcourse model corrections "
        f"v{CORRECTIONS_VERSION}"
    )


def _pivot_action(positions: Iterable[Sequence[float]], offset: Sequence[float]) -> str:
    """What to do with the knee hinges' anchors: "apply", "already-correct" or "unknown".

    "apply" when every hinge still turns about the tibia origin (MyoLeg as converted);
    "already-correct" when every hinge already turns about the walker-knee child frame
    (a future myo-sim that fixed it); "unknown" for anything else (left alone, with a
    warning).
    """
    pos = [np.asarray(p, dtype=float) for p in positions]
    if not pos:
        return "unknown"
    if all(np.allclose(p, 0.0, atol=1e-9) for p in pos):
        return "apply"
    if all(np.allclose(p, offset, atol=1e-6) for p in pos):
        return "already-correct"
    return "unknown"


def _correct_knee_pivot(spec) -> dict[str, str]:
    """Move both knees' hinges to the walker-knee child frame in ``spec`` (if needed)."""
    actions = {}
    for side, offset in KNEE_CHILD_OFFSET_M.items():
        joints = [spec.joint(h.format(s=side)) for h in _KNEE_HINGES]
        if any(j is None for j in joints):
            actions[side] = "unknown"
            continue
        action = _pivot_action([j.pos for j in joints], offset)
        if action == "apply":
            for j in joints:
                j.pos = list(offset)
        actions[side] = action
    if "unknown" in actions.values():
        warnings.warn(
            "hipcourse: the knee hinges of this myo-sim release are not where "
            "MyoLeg 0.2 put them; the knee pivot was left as it is and only "
            "checked",
            RuntimeWarning,
            stacklevel=2,
        )
    return actions


def _wrap_action(geom_type: str, radius_m: float, has_sidesite: bool) -> str:
    """What to do with iliacus's brim wrap: "apply", "already-correct" or "unknown".

    "apply" for MyoLeg's sphere (or a cylinder that still has a side site) of Rajagopal's
    radius; "already-correct" for a cylinder of that radius without a side site (a future
    myo-sim that fixed it); "unknown" for anything else (left alone, with a warning).
    """
    if not math.isclose(radius_m, ILIACUS_WRAP["radius_m"], rel_tol=1e-3):
        return "unknown"
    if geom_type == "sphere" or (geom_type == "cylinder" and has_sidesite):
        return "apply"
    return "already-correct" if geom_type == "cylinder" else "unknown"


def _geom_kind(geom_type) -> str:
    import mujoco

    return {
        int(mujoco.mjtGeom.mjGEOM_SPHERE): "sphere",
        int(mujoco.mjtGeom.mjGEOM_CYLINDER): "cylinder",
    }.get(int(geom_type), str(geom_type))


def _correct_iliacus_wrap(spec) -> dict[str, str]:
    """Turn MyoLeg's spherical iliacus brim wrap back into Rajagopal's cylinder (if needed).

    Only the geom can be changed in the spec; the side site is dropped from the compiled model
    by :func:`_drop_iliacus_sidesite` for every side this returns "apply" for.
    """
    import mujoco

    actions = {}
    for side in KNEE_CHILD_OFFSET_M:
        geom = spec.geom(ILIACUS_WRAP["geom"].format(s=side))
        tendon = spec.tendon(ILIACUS_WRAP["tendon"].format(s=side))
        wraps = (
            []
            if geom is None or tendon is None
            else [w for w in tendon.path if w.target is not None and w.target.name == geom.name]
        )
        if len(wraps) != 1:
            actions[side] = "unknown"
            continue
        action = _wrap_action(
            _geom_kind(geom.type), float(geom.size[0]), wraps[0].sidesite is not None
        )
        if action == "apply":
            geom.type = mujoco.mjtGeom.mjGEOM_CYLINDER
            geom.size = [ILIACUS_WRAP["radius_m"], ILIACUS_WRAP["half_length_m"], 0.0]
        actions[side] = action
    if "unknown" in actions.values():
        warnings.warn(
            "hipcourse: iliacus's wrapping surface in this myo-sim release is not the "
            "sphere MyoLeg 0.2 had; it was left as it is",
            RuntimeWarning,
            stacklevel=2,
        )
    return actions


def _iliacus_wraps(model, side: str) -> list[int]:
    """Indices into ``model.wrap_*`` of iliacus's brim wrap on ``side`` (empty if absent)."""
    import mujoco

    geom = mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_GEOM, ILIACUS_WRAP["geom"].format(s=side))
    tendon = mujoco.mj_name2id(
        model, mujoco.mjtObj.mjOBJ_TENDON, ILIACUS_WRAP["tendon"].format(s=side)
    )
    if geom < 0 or tendon < 0:
        return []
    adr = model.tendon_adr[tendon]
    return [
        k
        for k in range(adr, adr + model.tendon_num[tendon])
        if model.wrap_objid[k] == geom
        and int(model.wrap_type[k])
        in (int(mujoco.mjtWrap.mjWRAP_SPHERE), int(mujoco.mjtWrap.mjWRAP_CYLINDER))
    ]


def _drop_iliacus_sidesite(model, actions: Mapping[str, str]) -> None:
    """Remove the side site of iliacus's brim wrap in the compiled ``model`` (in place)."""
    for side, action in actions.items():
        if action == "apply":
            for k in _iliacus_wraps(model, side):
                model.wrap_prm[k] = -1.0


def _iliacus_wrap_action(model, side: str = "r") -> str:
    """How iliacus wraps in a compiled model: "apply" means MyoLeg's uncorrected wrap."""
    import mujoco

    wraps = _iliacus_wraps(model, side)
    if len(wraps) != 1:
        return "unknown"
    k = wraps[0]
    geom = model.wrap_objid[k]
    cylinder = int(model.wrap_type[k]) == int(mujoco.mjtWrap.mjWRAP_CYLINDER)
    kind = "cylinder" if cylinder else "sphere"
    return _wrap_action(kind, float(model.geom_size[geom, 0]), bool(model.wrap_prm[k] >= 0))


def _build_model_file(path: Path) -> dict:
    """Build MyoLeg, correct the knee and iliacus's wrap, check it, save it atomically (MJB).

    Run this in a throw-away working folder: building writes ``MUJOCO_LOG.TXT`` there.
    """
    import mujoco
    from myo_sim.build.compose import build_spec

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        spec = build_spec("myolegs")
        actions = _correct_knee_pivot(spec)
        wrap_actions = _correct_iliacus_wrap(spec)
        model = spec.compile()
        _drop_iliacus_sidesite(model, wrap_actions)
    drift = {s: knee_pivot_drift_m(model, side=s) for s in KNEE_CHILD_OFFSET_M}
    if max(drift.values()) > KNEE_PIVOT_TOLERANCE_M:
        raise RuntimeError(
            f"the knee pivot of the built model drifts by "
            f"{1000 * max(drift.values()):.1f} mm at 90 degrees (limit "
            f"{1000 * KNEE_PIVOT_TOLERANCE_M:.1f} mm); refusing to cache it"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        mujoco.mj_saveModel(model, str(tmp), None)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    meta = {
        "knee_pivot": actions,
        "knee_pivot_drift_m": drift,
        "iliacus_wrap": wrap_actions,
        "model": MODEL_NAME,
        "version": model_version(),
        "spec_sha256": spec_sha256(),
        "mjb_sha256": _file_sha256(path),
    }
    _write_json_atomic(path.with_suffix(".json"), meta)
    return meta


def _write_json_atomic(path: Path, obj) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(obj, fh, indent=1)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _build_in_subprocess(
    path: Path, module: str = "hipcourse.models.musculoskeletal", what: str = "MyoLeg model"
) -> None:
    """Build a model file with ``python -m <module> --build-cache PATH`` in a fresh process
    inside a temporary working folder (MuJoCo writes ``MUJOCO_LOG.TXT`` into the current one)."""
    env = dict(os.environ)
    env["PYTHONWARNINGS"] = "ignore"
    src = str(package_dir().parent)
    env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    with tempfile.TemporaryDirectory(prefix="hipcourse-build-") as tmp:
        proc = subprocess.run(
            [sys.executable, "-m", module, "--build-cache", str(path)],
            cwd=tmp,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
    if proc.returncode != 0 or not path.exists():
        tail = (proc.stderr or proc.stdout or "").strip().splitlines()[-1:] or ["no output"]
        raise RuntimeError(f"building the {what} failed: {tail[0]}")


class _QuietMujoco:
    """Route MuJoCo's warnings to a list while loading (its default handler would write
    ``MUJOCO_LOG.TXT`` into the learner's current folder, e.g. for a corrupt cache file)."""

    def __enter__(self):
        import mujoco

        self.messages: list[str] = []
        self._previous = mujoco.get_mju_user_warning()
        mujoco.set_mju_user_warning(self.messages.append)
        return self

    def __exit__(self, *exc):
        import mujoco

        mujoco.set_mju_user_warning(self._previous)
        return False


def _load_compiled(path: Path | None = None):
    """The compiled, corrected model from the cache, rebuilding a missing or corrupt file."""
    import mujoco

    path = (Path(path) if path is not None else cache_path()).expanduser().resolve()
    if path.parent.exists() and not cache_is_trusted(path.parent):
        warnings.warn(
            f"hipcourse: the model cache folder {path.parent} is writable by other "
            f"users (or not yours); it is not used",
            RuntimeWarning,
            stacklevel=2,
        )
        path = _private_cache_dir() / path.name
    if path.exists() and not cache_matches(path):  # stale, tampered or unverifiable
        path.unlink(missing_ok=True)
    if path.exists():
        try:
            with _QuietMujoco():
                model = mujoco.MjModel.from_binary_path(str(path))
            _check_model(model)
            return model
        except Exception:  # corrupt, truncated or from an incompatible build: rebuild
            path.unlink(missing_ok=True)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        writable = os.access(path.parent, os.W_OK)
    except OSError:
        writable = False
    if writable and not cache_is_trusted(path.parent):  # created with a loose umask
        try:
            os.chmod(path.parent, 0o700)
        except OSError:
            writable = False
    if not writable:  # e.g. a read-only home folder: build for this session only
        path = _private_cache_dir() / path.name
        warnings.warn(
            f"hipcourse: cannot write the model cache; using {path.parent} "
            f"(set {CACHE_ENV} to a writable folder)",
            RuntimeWarning,
            stacklevel=2,
        )
        if path.exists():
            return _load_compiled(path)
    _build_in_subprocess(path)
    with _QuietMujoco() as quiet:
        model = mujoco.MjModel.from_binary_path(str(path))
    if quiet.messages:
        warnings.warn("MuJoCo: " + "; ".join(quiet.messages), RuntimeWarning, stacklevel=2)
    _check_model(model)
    return model


def _check_model(model) -> None:
    import mujoco

    for name in ("recfem_r", "semimem_r", "vasint_r", "glmin1_r"):
        if mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_ACTUATOR, name) < 0:
            raise RuntimeError(f"the cached model has no actuator {name!r}")
    for joint in _MODEL_JOINT.values():
        if mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_JOINT, joint) < 0:
            raise RuntimeError(f"the cached model has no joint {joint!r}")
    drift = knee_pivot_drift_m(model, side="r")
    if drift > KNEE_PIVOT_TOLERANCE_M:
        raise RuntimeError(f"the cached model's knee pivot drifts by {1000 * drift:.1f} mm")
    if _iliacus_wrap_action(model, "r") == "apply":
        raise RuntimeError("the cached model's iliacus still wraps the way MyoLeg converted it")


# =========================================================================== build entry point
def _main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "--build-cache":
        _build_model_file(Path(argv[1]))
        return 0
    print(
        "usage: python -m hipcourse.models.musculoskeletal --build-cache PATH.mjb", file=sys.stderr
    )
    return 2
