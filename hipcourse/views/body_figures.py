"""Figures of every catalog stretch from its whole-body pose: how to do it, what it stretches.

``figures/poses/<id>-howto.png`` shows the body (a silhouette), the props and the floor from
the recipe's camera; ``figures/poses/<id>-muscles.png`` shows the bones and the stretch's
target muscles along their paths, coloured by % lengthening (the numbers of
:func:`hipcourse.models.poses.leg_changes`), with plain-language labels and a colour bar.
Each has a ``.alt.txt`` generated from the same data. ``hipcourse figures`` rewrites them.

``muscles_png("hip-flexor-half-kneeling")`` returns the PNG bytes and the alt text
"Half-kneeling hip flexor stretch, right leg: rectus femoris +14 %, iliacus +6 %, ...".
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np

from hipcourse.content.catalog import load_catalog
from hipcourse.content.poses import recipe
from hipcourse.kit.files import atomic_write_bytes, atomic_write_text
from hipcourse.models import musculoskeletal as msk
from hipcourse.models import poses
from hipcourse.views import renders  # noqa: I001  (sets MUJOCO_GL before mujoco loads)

#: Rendered image size [px] (the figure adds a label panel and a colour bar).
RENDER_PX = (820, 820)
#: Colour scale of the muscles view: % length change from standing.
VMAX_PCT = 30.0
PANEL_PX = 340
_WORDS = {
    "standing": "standing",
    "chair": "on a chair",
    "kneeling": "kneeling",
    "floor": "on the floor",
}


def _cmap():
    from matplotlib.colors import LinearSegmentedColormap

    # colour-blind-safe diverging scale: blue (shorter) - grey (0) - orange - vermillion
    return LinearSegmentedColormap.from_list(
        "shorter_longer",
        [
            (0.0, "#08306b"),
            (1 / 3, "#3b8bd4"),
            (0.5, "#77777f"),
            (2 / 3, "#E69F00"),
            (1.0, "#b3330c"),
        ],
    )


def _side_words(side: str) -> str:
    return "both legs" if side == "both" else "right leg"


def _view_words(azimuth_deg: float, elevation_deg: float) -> str:
    a = azimuth_deg % 360
    names = {0: "right side", 90: "front", 180: "left side", 270: "back"}
    near = min(names, key=lambda k: min(abs(a - k), 360 - abs(a - k)))
    view = (
        names[near]
        if min(abs(a - near), 360 - abs(a - near)) <= 25
        else (f"{names[near]}, turned {min(abs(a - near), 360 - abs(a - near)):.0f} degrees")
    )
    return view + (", from above" if elevation_deg <= -20 else "")


def target_rows(stretch_id: str):
    """``[(label, % change, actuator for the leader line)]`` for a stretch's target muscles.

    One row per catalog target muscle the model contains and per target leg; the % is the
    mean over the muscle's model parts (as :meth:`LengthChange.by_catalog_muscle`).
    """
    cat = load_catalog()
    s = cat.stretch(stretch_id)
    legs = poses.leg_changes(stretch_id)
    rows = []
    for leg in legs.target_legs:
        change = legs.legs[leg]
        parts = change.by_catalog_muscle()
        for cid in s.targets:
            if cid not in parts:
                continue
            suffix = "_" + leg[0]
            names = [f"{n}{suffix}" for n in cat.muscle(cid).model]
            best = max(names, key=lambda n: change[n].length_change_pct)
            label = cat.muscle(cid).name.lower()
            if len(legs.target_legs) > 1:
                label += f" ({leg})"
            rows.append((label, parts[cid][0], best, names))
    return rows


def alt_muscles(stretch_id: str) -> str:
    """Alt text of the muscles view, e.g. ``"Couch stretch, right leg: rectus femoris +22 %"``."""
    s = load_catalog().stretch(stretch_id)
    rows = target_rows(stretch_id)
    side = _side_words(recipe(stretch_id).target_side)
    seen, parts = set(), []
    for label, pct, *_ in sorted(rows, key=lambda r: -r[1]):
        base = label.split(" (")[0]
        if base in seen:
            continue
        seen.add(base)
        parts.append(f"{base} {pct:+.0f} %")
    return (
        f"{s.name}, {side}: " + ", ".join(parts) + " (muscle length change from standing, "
        "in the course's model; the muscles are drawn along their paths over the bones)."
    )


def alt_howto(stretch_id: str) -> str:
    """Alt text of the how-to view, from the catalog and the recipe."""
    s = load_catalog().stretch(stretch_id)
    r = recipe(stretch_id)
    props = [p.kind for p in r.props]
    with_props = (" with " + ", ".join(f"a {k}" for k in props)) if props else ""
    return (
        f"How to do the {s.name.lower()} ({_side_words(r.target_side)}): a model figure "
        f"{_WORDS[s.position]}{with_props}, seen from the "
        f"{_view_words(r.camera_azimuth_deg, r.camera_elevation_deg)}. "
        f"{s.setup[0]}"
    )


def _render(stretch_id: str, xray: bool):
    sc = renders.scene()
    pose = poses.whole_body_pose(stretch_id)
    r = recipe(stretch_id)
    with renders._LOCK:
        sc.pose(pose)
        pct = {}
        rows = target_rows(stretch_id) if xray else []
        if xray:
            legs = poses.leg_changes(stretch_id)
            for *_, names in rows:
                for n in names:
                    pct[n] = legs.legs["right" if n.endswith("_r") else "left"][n].length_change_pct
        renders.show_muscles(sc, pct, VMAX_PCT, _cmap())
        sc.refresh()
        cam = renders.frame_camera(sc, r.camera_azimuth_deg, r.camera_elevation_deg, RENDER_PX)
        renders.aim_key_light(sc, sc.d.subtree_com[0])
        img, glcam = renders.render_frame(sc, cam, RENDER_PX, xray)
        anchors = [
            renders.project(glcam, *RENDER_PX, renders.path_midpoint(sc, best))[0]
            for _, _, best, _ in rows
        ]
    return img, rows, anchors


def _figure(img, title: str, subtitle: str, panel: int, bottom: int):
    import textwrap

    from matplotlib.figure import Figure

    H, W = img.shape[:2]
    subtitle = "\n".join(textwrap.wrap(subtitle, width=int((W + panel - 30) / 9.6)))
    top = 62 + 19 * (subtitle.count("\n") + 1)
    FW, FH = W + panel, H + top + bottom
    fig = Figure(figsize=(FW / 100, FH / 100), dpi=100, facecolor="white")
    fig.figimage(img, xo=0, yo=bottom, origin="upper")  # pixels as rendered, no resampling
    ax = fig.add_axes([0, bottom / FH, W / FW, H / FH], zorder=2)  # pixel coords for labels
    ax.patch.set_visible(False)
    ax.set_xlim(0, W)
    ax.set_ylim(H, 0)
    ax.axis("off")
    fig.text(
        18 / FW,
        1 - 14 / FH,
        title,
        ha="left",
        va="top",
        fontsize=19,
        weight="bold",
        color="#1d1d1f",
    )
    fig.text(18 / FW, 1 - 50 / FH, subtitle, ha="left", va="top", fontsize=12, color="#333")
    return fig, ax, (W, H, FW, FH)


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, metadata={"Software": None}, facecolor="white")
    return buf.getvalue()


def howto_png(stretch_id: str) -> tuple[bytes, str]:
    """The how-to figure of a stretch as PNG bytes, and its alt text."""
    import textwrap

    s = load_catalog().stretch(stretch_id)
    img, _, _ = _render(stretch_id, xray=False)
    side = _side_words(recipe(stretch_id).target_side)
    fig, ax, (W, H, FW, FH) = _figure(
        img, s.name, f"How to do it ({side} shown). " + s.setup[0], 0, 60
    )
    cues = "\n".join(textwrap.wrap(" ".join(s.setup[1:2]), width=int((W - 30) / 9.0)))
    fig.text(18 / FW, 14 / FH, cues, ha="left", va="bottom", fontsize=11.5, color="#333")
    return _png(fig), alt_howto(stretch_id)


def muscles_png(stretch_id: str) -> tuple[bytes, str]:
    """The "what it stretches" figure of a stretch as PNG bytes, and its alt text."""
    import matplotlib.cm
    from matplotlib.colors import Normalize

    s = load_catalog().stretch(stretch_id)
    img, rows, anchors = _render(stretch_id, xray=True)
    cmap, norm = _cmap(), Normalize(-VMAX_PCT, VMAX_PCT)
    side = _side_words(recipe(stretch_id).target_side)
    fig, ax, (W, H, FW, FH) = _figure(
        img,
        s.name,
        f"What it stretches ({side}): the target muscles, coloured by how much longer they get",
        PANEL_PX,
        108,
    )
    items = sorted(
        (uv[1], uv[0], label, pct) for (label, pct, *_), uv in zip(rows, anchors, strict=True)
    )
    ys = np.clip(np.array([v for v, *_ in items], float), 40, H - 40)
    for k in range(1, len(ys)):
        ys[k] = max(ys[k], ys[k - 1] + 54)
    if len(ys) and ys[-1] > H - 30:
        ys -= ys[-1] - (H - 30)
    for (v, u, label, pct), y in zip(items, ys, strict=False):
        text = f"{label}\n{pct:+.0f} % " + ("longer" if pct >= 0 else "(shorter)")
        ax.annotate(
            text,
            xy=(u, v),
            xytext=(W + 14, y),
            annotation_clip=False,
            ha="left",
            va="center",
            fontsize=12.5,
            color="#111",
            linespacing=1.25,
            bbox=dict(boxstyle="round,pad=0.35", fc="white", ec=cmap(norm(pct)), lw=3),
            arrowprops=dict(
                arrowstyle="-|>", mutation_scale=10, color="#333", lw=1.2, shrinkA=0, shrinkB=1
            ),
        )
    cax = fig.add_axes([0.14, 50 / FH, 0.72, 16 / FH])
    sm = matplotlib.cm.ScalarMappable(norm=norm, cmap=cmap)
    cb = fig.colorbar(sm, cax=cax, orientation="horizontal", extend="both")
    cb.set_ticks(np.linspace(-VMAX_PCT, VMAX_PCT, 7))
    cb.ax.tick_params(labelsize=10)
    cax.set_title(
        "muscle length change from standing [%]:   \u2190 shorter      longer \u2192",
        fontsize=11,
        pad=4,
    )
    fig.text(
        0.5,
        6 / FH,
        f"Computed by the course's model ({msk.MODEL_NAME}); the same pose "
        "gives every number of this stretch.",
        ha="center",
        va="bottom",
        fontsize=8.5,
        color="#555",
    )
    return _png(fig), alt_muscles(stretch_id)


def write_body_figures(out="figures", ids=None, kinds=("howto", "muscles")) -> list:
    """Write ``poses/<id>-howto.png`` and ``-muscles.png`` with ``.alt.txt`` for every stretch."""
    folder = Path(out) / "poses"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for sid in ids or [s.id for s in load_catalog().stretches]:
        for kind, make in (("howto", howto_png), ("muscles", muscles_png)):
            if kind not in kinds:
                continue
            png, alt = make(sid)
            p = folder / f"{sid}-{kind}.png"
            alt_file = p.with_suffix("").with_suffix(".alt.txt")
            atomic_write_bytes(p, png)
            atomic_write_text(alt_file, alt + "\n")
            for f in (p, alt_file):
                f.chmod(0o644)  # figures are for everyone to read (the temp file was 0600)
            written += [p, alt_file]
    return written
