"""The muscle explorer and the pelvic tilt explorer: sliders over the models, drawn in place."""

from __future__ import annotations

import html

import ipywidgets as W

from hipcourse.views.widgets.common import guarded, message_box, show_message  # noqa: F401

# ---------------------------------------------------------------- muscle explorer
#: The explorer's starting pose: hip bent 90 degrees, knee straight (a straight-leg raise).
EXPLORER_DEFAULT_POSE = {
    "hip_flexion_deg": 90.0,
    "hip_adduction_deg": 0.0,
    "hip_rotation_deg": 0.0,
    "knee_flexion_deg": 0.0,
}
_EXPLORER_LABELS = {
    "hip_flexion_deg": "hip flexion (°)",
    "hip_adduction_deg": "adduction (°)",
    "hip_rotation_deg": "int. rotation (°)",
    "knee_flexion_deg": "knee flexion (°)",
}


class MuscleExplorer(W.VBox):
    """Four sliders -> stick figure and % lengthening bars, updated in place.

    Attributes: ``sliders`` (dict by joint angle name), ``image`` (the picture), ``message``
    (errors), ``fig`` (the matplotlib figure whose artists are updated). Call
    :meth:`set_pose` to move it from code (tests, lessons).
    """

    def __init__(self, pose: dict | None = None):
        from hipcourse.models import musculoskeletal as msk
        from hipcourse.views import plots

        start = dict(EXPLORER_DEFAULT_POSE, **(pose or {}))
        self.sliders = {}
        for key, (lo, hi) in msk.JOINT_RANGES_DEG.items():
            self.sliders[key] = W.FloatSlider(
                value=start[key],
                min=lo,
                max=hi,
                step=5.0,
                description=_EXPLORER_LABELS[key],
                continuous_update=True,
                readout_format=".0f",
                style={"description_width": "7.5em"},
                layout=W.Layout(width="330px"),
            )
        self.message = message_box()
        self.fig = plots.explorer_figure(start, dpi=80)
        self.image = W.Image(
            value=plots.explorer_frame_png(self.fig),
            format="png",
            layout=W.Layout(max_width="100%"),
        )
        self._update = guarded(self.message, self._redraw)
        for s in self.sliders.values():
            s.observe(self._on_change, names="value")
        note = W.HTML(
            f'<span style="font-size:85%">Right leg; red = longer than standing, '
            f"blue = shorter. Model: {html.escape(msk.MODEL_NAME)}.</span>"
        )
        super().__init__(
            [W.HBox([W.VBox(list(self.sliders.values())), note]), self.image, self.message]
        )

    def pose(self) -> dict:
        return {k: s.value for k, s in self.sliders.items()}

    def _on_change(self, _change=None) -> None:
        self._update()

    def _redraw(self, pose: dict | None = None) -> None:
        from hipcourse.views import plots

        plots.update_explorer(self.fig, pose or self.pose())
        self.image.value = plots.explorer_frame_png(self.fig)

    def set_pose(self, **angles) -> None:
        """Move the explorer to ``angles`` (bad values show a message, never a traceback)."""
        self._update(dict(self.pose(), **angles))


def muscle_explorer(pose: dict | None = None) -> MuscleExplorer:
    """The muscle explorer: sliders for the hip and knee, the leg, and every muscle's
    % change of length from standing (computed live with the MyoLeg model)."""
    return MuscleExplorer(pose)


def muscle_explorer_static():
    """A static figure of the explorer in its starting state (for handouts and static
    viewers; show it with ``plots.show``)."""
    from hipcourse.views import plots

    return plots.explorer_figure(EXPLORER_DEFAULT_POSE)


# ---------------------------------------------------------------- pelvic tilt explorer
#: CSS class of each read-out of the pelvic tilt explorer (stable: browser tests read them).
TILT_EXPLORER_READOUTS = (
    ("lumbar_lordosis_deg", "hipcourse-lordosis", "Lumbar lordosis (L1–S1)", "°"),
    ("thoracic_kyphosis_deg", "hipcourse-kyphosis", "Thoracic kyphosis (T2–T12)", "°"),
    ("cervical_lordosis_deg", "hipcourse-cervical-lordosis", "Cervical lordosis (C2–C7)", "°"),
    ("sva_mm", "hipcourse-sva", "SVA (C7 plumb line to S1)", " mm"),
    ("pelvic_tilt_deg", "hipcourse-pelvic-tilt", "Pelvic tilt", "°"),
    ("sacral_slope_deg", "hipcourse-sacral-slope", "Sacral slope", "°"),
    ("roussouly_type", "hipcourse-roussouly", "Roussouly type", ""),
)


def _readout_html(label: str, value, unit: str) -> str:
    if isinstance(value, str):
        shown, data = html.escape(value), html.escape(value)
    else:
        shown, data = f"{value:+.0f}" if unit == " mm" else f"{value:.0f}", f"{value:.1f}"
    return (
        f'{html.escape(label)}: <b class="hipcourse-value" data-value="{data}">'
        f"{shown}{html.escape(unit)}</b>"
    )


class PelvicTiltExplorer(W.VBox):
    """Sliders for pelvic incidence and pelvic tilt (or hip-flexor shortening) -> the spine.

    One person's spine (within-person model, :func:`hipcourse.models.spine.spine_for_posture`) is
    redrawn by moving the artists of one figure (:class:`hipcourse.views.plots.SpineExplorerView`)
    and showing it as a PNG; the person's neutral spine stays in grey behind it. Read-outs
    are HTML widgets with stable CSS classes (:data:`TILT_EXPLORER_READOUTS`). Attributes:
    ``incidence``, ``tilt``, ``shortening`` (sliders), ``control`` (which slider drives the
    pelvis), ``readouts`` (dict by quantity), ``image``, ``message``, ``view``, ``alignment``.
    """

    def __init__(self, pelvic_incidence_deg: float = 52.0, pelvic_tilt_deg: float = 13.0):
        from hipcourse.models import spine
        from hipcourse.views import plots

        style = {"description_width": "13em"}
        wide = W.Layout(width="460px")
        (pi_lo, pi_hi), (pt_lo, pt_hi) = (
            spine.PELVIC_INCIDENCE_RANGE_DEG,
            spine.PELVIC_TILT_RANGE_DEG,
        )
        self.incidence = W.FloatSlider(
            value=pelvic_incidence_deg,
            min=pi_lo,
            max=pi_hi,
            step=1.0,
            description="pelvic incidence (°)",
            style=style,
            layout=wide,
            readout_format=".0f",
        )
        self.tilt = W.FloatSlider(
            value=pelvic_tilt_deg,
            min=pt_lo,
            max=pt_hi,
            step=1.0,
            description="pelvic tilt (°)",
            style=style,
            layout=wide,
            readout_format=".0f",
        )
        self.shortening = W.FloatSlider(
            value=0.0,
            min=0.0,
            max=7.5,
            step=0.1,
            description="hip-flexor shortening (%)",
            style=style,
            layout=wide,
            readout_format=".1f",
            disabled=True,
        )
        self.control = W.ToggleButtons(
            options=[("set the pelvic tilt", "tilt"), ("shorten the hip flexors", "muscles")],
            value="tilt",
            style={"button_width": "12em"},
        )
        self.message = message_box()
        self.readouts = {}
        for key, css, _label, _unit in TILT_EXPLORER_READOUTS:
            w = W.HTML(value="")
            w.add_class(css)
            w.add_class("hipcourse-readout")
            self.readouts[key] = w
        self.forced = W.HTML(value="")
        self.forced.add_class("hipcourse-forced-tilt")
        a = spine.spine_for_posture(pelvic_incidence_deg, pelvic_tilt_deg)
        self.view = plots.SpineExplorerView(a)
        self.image = W.Image(value=self.view.png(), format="png", layout=W.Layout(max_width="100%"))
        self.alignment = a
        self._update = guarded(self.message, self._redraw)
        self._neutral_pi = a.pelvic_incidence_deg  # the view drew this person's neutral spine
        self._batch = False
        for s in (self.incidence, self.tilt, self.shortening, self.control):
            s.observe(self._on_change, names="value")
        note = W.HTML(
            '<span style="font-size:85%">One person: the grey spine is their '
            "neutral standing posture. Green bands: adult mean ± 1 SD "
            "(BMC Surg 2019). Lordosis follows the tilt about 1:1 (Levine &amp; "
            "Whittle 1996); the upper-back and neck change is the model's "
            "assumption.</span>"
        )
        readouts = W.VBox([self.readouts[k] for k, *_ in TILT_EXPLORER_READOUTS] + [self.forced])
        super().__init__(
            [
                self.control,
                self.incidence,
                self.tilt,
                self.shortening,
                W.HBox([self.image, readouts]),
                note,
                self.message,
            ]
        )
        self._show_readouts(a)

    def _on_change(self, _change=None) -> None:
        if not self._batch:
            self._update()

    def _compute(self, shortening_pct=None):
        """The alignment for the sliders' state: one model call (``shortening_pct``, when
        given, drives the muscle mode instead of the shortening slider)."""
        from hipcourse.models import spine

        pi = self.incidence.value
        if shortening_pct is not None or self.control.value == "muscles":
            pct = self.shortening.value if shortening_pct is None else shortening_pct
            a = spine.spine_for_hip_flexor_shortening(pct, pi)  # validates pct
            self.shortening.disabled, self.tilt.disabled = False, True
            # the forced tilt is read off the alignment, not computed a second time
            self.forced.value = html.escape(
                f"{pct:.1f} % shorter iliacus and psoas force an anterior tilt of "
                f"{a.anterior_tilt_deg:.0f}° (PT {a.pelvic_tilt_deg:.0f}°) in this model."
            )
            return a
        self.shortening.disabled, self.tilt.disabled = True, False
        self.forced.value = ""
        return spine.spine_for_posture(pi, self.tilt.value)

    def _redraw(self, shortening_pct=None):
        from hipcourse.models import spine

        a = self._compute(shortening_pct)
        neutral = None
        if self._neutral_pi != a.pelvic_incidence_deg:  # the grey spine: only on a new PI
            neutral = spine.spine_for_person(a.pelvic_incidence_deg)
            self._neutral_pi = a.pelvic_incidence_deg
        self.view.update(a, neutral)
        self.image.value = self.view.png()
        self.alignment = a
        self._show_readouts(a)
        return a

    def _show_readouts(self, a) -> None:
        for key, _css, label, unit in TILT_EXPLORER_READOUTS:
            self.readouts[key].value = _readout_html(label, getattr(a, key), unit)

    def set_state(self, **values) -> None:
        """Move the explorer from code: ``pelvic_incidence_deg``, ``pelvic_tilt_deg`` or
        ``hip_flexor_shortening_pct`` (the last switches to the muscle slider). A bad value
        shows a message in the widget, never a traceback."""
        from hipcourse.models import spine

        pct = None
        self._batch = True
        try:
            if "pelvic_incidence_deg" in values:
                self.incidence.value = spine.check_pelvic_incidence(values["pelvic_incidence_deg"])
            if "pelvic_tilt_deg" in values:
                self.tilt.value = spine.check_pelvic_tilt(values["pelvic_tilt_deg"])
                self.control.value = "tilt"
            pct = values.get("hip_flexor_shortening_pct")
        except ValueError as exc:
            show_message(self.message, str(exc), "error")
            return
        finally:
            self._batch = False
        if pct is None:
            self._update()
        elif self._update(pct) is not None:  # one model call validates the value and draws
            self._batch = True
            try:
                self.shortening.value = float(pct)
                self.control.value = "muscles"
            finally:
                self._batch = False


def pelvic_tilt_explorer(
    pelvic_incidence_deg: float = 52.0, pelvic_tilt_deg: float = 13.0
) -> PelvicTiltExplorer:
    """The pelvic tilt explorer: move one person's pelvis (or shorten their hip flexors) and
    watch the spine, its angles and the normal ranges."""
    explorer = PelvicTiltExplorer(pelvic_incidence_deg, pelvic_tilt_deg)
    try:
        from hipcourse.models import spine

        explorer.shortening.max = round(spine.max_hip_flexor_shortening_pct() - 0.05, 1)
    except Exception as exc:  # the muscle model is optional for this widget
        explorer.control.options = [("set the pelvic tilt", "tilt")]
        show_message(explorer.message, f"hip-flexor slider unavailable: {exc}", "error")
    return explorer


def pelvic_tilt_explorer_static():
    """A static figure of the explorer in its opening state (show it with ``plots.show``)."""
    from hipcourse.views import plots

    return plots.pelvic_tilt_explorer_figure()
