"""ipywidgets front ends over the models. Views only: no domain logic here.

Every widget catches the models' ``ValueError`` and shows its message in the widget
(never a traceback), and updates existing matplotlib artists in place rather than drawing
a new figure per change.
"""
from __future__ import annotations

import html
from typing import Callable

import ipywidgets as W


def message_box() -> W.HTML:
    """An (initially empty) HTML widget for error and status messages."""
    return W.HTML(value="", layout=W.Layout(min_height="1.5em"))


def show_message(box: W.HTML, text: str, kind: str = "error") -> None:
    """Show ``text`` (escaped) in ``box``; kind is "error", "ok" or "" to clear."""
    if not text:
        box.value = ""
        return
    colour = {"error": "#D55E00", "ok": "#009E73"}.get(kind, "#000000")
    icon = {"error": "⚠ ", "ok": "✓ "}.get(kind, "")
    box.value = f'<span style="color:{colour}">{icon}{html.escape(text)}</span>'


def guarded(box: W.HTML, fn: Callable) -> Callable:
    """Wrap a widget callback: a ValueError shows its message in ``box`` instead of a traceback."""
    def wrapper(*args, **kwargs):
        try:
            result = fn(*args, **kwargs)
        except ValueError as exc:
            show_message(box, str(exc), "error")
            return None
        show_message(box, "")
        return result
    return wrapper


# ---------------------------------------------------------------- muscle explorer
#: The explorer's starting pose: hip bent 90 degrees, knee straight (a straight-leg raise).
EXPLORER_DEFAULT_POSE = {"hip_flexion_deg": 90.0, "hip_adduction_deg": 0.0,
                         "hip_rotation_deg": 0.0, "knee_flexion_deg": 0.0}
_EXPLORER_LABELS = {"hip_flexion_deg": "hip flexion (°)", "hip_adduction_deg": "adduction (°)",
                    "hip_rotation_deg": "int. rotation (°)", "knee_flexion_deg": "knee flexion (°)"}


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
                value=start[key], min=lo, max=hi, step=5.0, description=_EXPLORER_LABELS[key],
                continuous_update=True, readout_format=".0f",
                style={"description_width": "7.5em"}, layout=W.Layout(width="330px"))
        self.message = message_box()
        self.fig = plots.explorer_figure(start, dpi=80)
        self.image = W.Image(value=plots.explorer_frame_png(self.fig), format="png",
                             layout=W.Layout(max_width="100%"))
        self._update = guarded(self.message, self._redraw)
        for s in self.sliders.values():
            s.observe(self._on_change, names="value")
        note = W.HTML(f'<span style="font-size:85%">Right leg; red = longer than standing, '
                      f'blue = shorter. Model: {html.escape(msk.MODEL_NAME)}.</span>')
        super().__init__([W.HBox([W.VBox(list(self.sliders.values())), note]),
                          self.image, self.message])

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
    return (f'{html.escape(label)}: <b class="hipcourse-value" data-value="{data}">'
            f'{shown}{html.escape(unit)}</b>')


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
        from hipcourse.views import plots
        from hipcourse.models import spine

        style = {"description_width": "13em"}
        wide = W.Layout(width="460px")
        (pi_lo, pi_hi), (pt_lo, pt_hi) = spine.PELVIC_INCIDENCE_RANGE_DEG, spine.PELVIC_TILT_RANGE_DEG
        self.incidence = W.FloatSlider(value=pelvic_incidence_deg, min=pi_lo, max=pi_hi, step=1.0,
                                       description="pelvic incidence (°)", style=style,
                                       layout=wide, readout_format=".0f")
        self.tilt = W.FloatSlider(value=pelvic_tilt_deg, min=pt_lo, max=pt_hi, step=1.0,
                                  description="pelvic tilt (°)", style=style, layout=wide,
                                  readout_format=".0f")
        self.shortening = W.FloatSlider(value=0.0, min=0.0, max=7.5, step=0.1,
                                        description="hip-flexor shortening (%)", style=style,
                                        layout=wide, readout_format=".1f", disabled=True)
        self.control = W.ToggleButtons(options=[("set the pelvic tilt", "tilt"),
                                                ("shorten the hip flexors", "muscles")],
                                       value="tilt", style={"button_width": "12em"})
        self.message = message_box()
        self.readouts = {}
        for key, css, label, unit in TILT_EXPLORER_READOUTS:
            w = W.HTML(value="")
            w.add_class(css)
            w.add_class("hipcourse-readout")
            self.readouts[key] = w
        self.forced = W.HTML(value="")
        self.forced.add_class("hipcourse-forced-tilt")
        a = spine.spine_for_posture(pelvic_incidence_deg, pelvic_tilt_deg)
        self.view = plots.SpineExplorerView(a)
        self.image = W.Image(value=self.view.png(), format="png",
                             layout=W.Layout(max_width="100%"))
        self.alignment = a
        self._update = guarded(self.message, self._redraw)
        self._neutral_pi = None
        self._batch = False
        for s in (self.incidence, self.tilt, self.shortening, self.control):
            s.observe(self._on_change, names="value")
        note = W.HTML('<span style="font-size:85%">One person: the grey spine is their '
                      'neutral standing posture. Green bands: adult mean ± 1 SD '
                      '(BMC Surg 2019). Lordosis follows the tilt about 1:1 (Levine &amp; '
                      'Whittle 1996); the upper-back and neck change is the model\'s '
                      'assumption.</span>')
        readouts = W.VBox([self.readouts[k] for k, *_ in TILT_EXPLORER_READOUTS] + [self.forced])
        super().__init__([self.control, self.incidence, self.tilt, self.shortening,
                          W.HBox([self.image, readouts]), note, self.message])
        self._show_readouts(a)

    def _on_change(self, _change=None) -> None:
        if not self._batch:
            self._update()

    def _compute(self):
        from hipcourse.models import spine

        pi = self.incidence.value
        if self.control.value == "muscles":
            self.shortening.disabled, self.tilt.disabled = False, True
            tilt = spine.standing_tilt_from_hip_flexor_shortening(self.shortening.value)
            a = spine.spine_for_hip_flexor_shortening(self.shortening.value, pi)
            self.forced.value = html.escape(
                f"{self.shortening.value:.1f} % shorter iliacus and psoas force an anterior "
                f"tilt of {tilt:.0f}° (PT {a.pelvic_tilt_deg:.0f}°) in this model.")
            return a
        self.shortening.disabled, self.tilt.disabled = True, False
        self.forced.value = ""
        return spine.spine_for_posture(pi, self.tilt.value)

    def _redraw(self) -> None:
        from hipcourse.models import spine

        a = self._compute()
        neutral = None
        if self._neutral_pi != a.pelvic_incidence_deg:
            neutral = spine.spine_for_person(a.pelvic_incidence_deg)
            self._neutral_pi = a.pelvic_incidence_deg
        self.view.update(a, neutral)
        self.image.value = self.view.png()
        self.alignment = a
        self._show_readouts(a)

    def _show_readouts(self, a) -> None:
        for key, _css, label, unit in TILT_EXPLORER_READOUTS:
            self.readouts[key].value = _readout_html(label, getattr(a, key), unit)

    def set_state(self, **values) -> None:
        """Move the explorer from code: ``pelvic_incidence_deg``, ``pelvic_tilt_deg`` or
        ``hip_flexor_shortening_pct`` (the last switches to the muscle slider). A bad value
        shows a message in the widget, never a traceback."""
        from hipcourse.models import spine

        self._batch = True
        try:
            if "pelvic_incidence_deg" in values:
                self.incidence.value = spine.check_pelvic_incidence(
                    values["pelvic_incidence_deg"])
            if "pelvic_tilt_deg" in values:
                self.tilt.value = spine.check_pelvic_tilt(values["pelvic_tilt_deg"])
                self.control.value = "tilt"
            if "hip_flexor_shortening_pct" in values:
                pct = values["hip_flexor_shortening_pct"]
                spine.standing_tilt_from_hip_flexor_shortening(pct)  # validates
                self.shortening.value = float(pct)
                self.control.value = "muscles"
        except ValueError as exc:
            show_message(self.message, str(exc), "error")
            return
        finally:
            self._batch = False
        self._update()


def pelvic_tilt_explorer(pelvic_incidence_deg: float = 52.0,
                         pelvic_tilt_deg: float = 13.0) -> PelvicTiltExplorer:
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



# ---------------------------------------------------------------- routine builder
from functools import lru_cache as _lru_cache  # noqa: E402

_TONES = {  # cue kind -> (frequencies in Hz, seconds per tone)
    "count": ((880,), 0.12), "start": ((660,), 0.25), "switch": ((440, 660), 0.18),
    "end": ((784, 523), 0.3), "done": ((523, 659, 784), 0.25)}
_CUE_PRIORITY = ("done", "end", "switch", "start", "count")


def tone_wav(freqs_hz=(880,), tone_s: float = 0.15, rate: int = 22050,
             volume: float = 0.3) -> bytes:
    """A short beep (one or more tones in sequence) as WAV bytes, made with numpy.

    Each tone is a sine with 10-ms fades, so it does not click; nothing is downloaded.
    """
    import io
    import wave

    import numpy as np

    n = int(rate * tone_s)
    t = np.arange(n) / rate
    fade = np.minimum(1.0, np.minimum(t, tone_s - t) / 0.01)
    wave_parts = [np.sin(2 * np.pi * f * t) * fade for f in freqs_hz]
    samples = (np.concatenate(wave_parts) * volume * 32767).astype("<i2")
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(samples.tobytes())
    return buf.getvalue()


def cue_sound(kind: str) -> bytes:
    """The WAV bytes the follow-along timer plays for a cue kind."""
    freqs, secs = _TONES[kind]
    return _cue_sound(freqs, secs)


@_lru_cache(maxsize=None)
def _cue_sound(freqs, secs) -> bytes:
    return tone_wav(freqs, secs)


def _default_out_dir():
    """Where the builder saves routines and handouts: ``$HIPCOURSE_DATA_DIR/routines``,
    else the user data folder's ``routines``."""
    import os
    from pathlib import Path

    env = os.environ.get("HIPCOURSE_DATA_DIR", "").strip()
    if env:
        return Path(env).expanduser() / "routines"
    import platformdirs

    return Path(platformdirs.user_data_dir("hipcourse", appauthor=False)) / "routines"


class RoutineBuilder:
    """The routine builder: a form, the routine it gives, a follow-along timer, export.

    Every change of the form rebuilds the routine (:func:`hipcourse.models.routine.build_routine`);
    a bad value shows its message in the widget. The timer plays
    :func:`hipcourse.models.routine.timeline` through :class:`hipcourse.models.routine.Player`; once
    started it runs by itself (a background thread ticks once a second), with sounds made
    by :func:`tone_wav`. Tests and scripts can drive it without a thread via
    :meth:`start_timer` (``threaded=False``) and :meth:`tick`.
    """

    def __init__(self, *, levels=None, out_dir=None, figures_dir=None, minutes: int = 15,
                 session: str = "focused", focus=()):
        import threading

        from hipcourse.models import routine as R
        from hipcourse.content.catalog import GROUP_IDS, POSITIONS, load_catalog

        self.R = R
        cat = load_catalog()
        self.out_dir = out_dir
        self.figures_dir = figures_dir
        self.routine = None
        self.player = None
        self._thread = None
        self._stop = threading.Event()
        self._lock = threading.RLock()
        self._quiet = False
        self._positions = POSITIONS
        self._shown_step = None
        lay = lambda w: W.Layout(width=w)  # noqa: E731
        wide = {"description_width": "9em"}

        # ---- the form
        self.minutes = W.IntText(value=minutes, description="Minutes", style=wide,
                                 layout=lay("16em"))
        self.minutes.add_class("hipcourse-minutes")
        self.session = W.ToggleButtons(options=[("Focused", "focused"), ("Cool-down", "cool-down"),
                                                ("Desk break", "desk-break")],
                                       value=session, description="Session", style=wide)
        self.session.add_class("hipcourse-session")
        self.focus = W.SelectMultiple(
            options=[(f"Group: {g.name}", g.id) for g in cat.groups]
            + [(f"Aches: {a.name}", a.id) for a in cat.aches],
            value=tuple(focus), rows=7, description="Focus", style=wide, layout=lay("30em"))
        self.focus.add_class("hipcourse-focus")
        levels = dict(levels or {})
        self.levels = {g: W.IntSlider(value=int(levels.get(g, 1)), min=1,
                                      max=len(cat.ladder(g)), description=cat.group(g).name,
                                      style=wide, layout=lay("26em"))
                       for g in GROUP_IDS}
        self.limits = {k: W.Checkbox(value=False, description=label, indent=False,
                                     layout=lay("10em"))
                       for k, label in (("no-floor", "No floor"), ("no-kneeling", "No kneeling"),
                                        ("chair-only", "Chair only"))}
        self.equipment = W.SelectMultiple(options=list(R.EQUIPMENT), value=tuple(R.EQUIPMENT),
                                          rows=5, description="Equipment", style=wide,
                                          layout=lay("22em"))
        self.restrictions = W.SelectMultiple(options=[(r.name, r.id) for r in cat.restrictions],
                                             value=(), rows=6, description="Restrictions",
                                             style=wide, layout=lay("30em"))
        self.restrictions.add_class("hipcourse-restrictions")
        self.sides = W.ToggleButtons(options=[("Both sides", "both"), ("Left only", "left"),
                                              ("Right only", "right")], value="both",
                                     description="Sides", style=wide)
        self.older = W.Checkbox(value=False, description="Older adult (longer holds)",
                                indent=False)
        self.get_ready = W.IntSlider(value=R.GET_READY_S, min=R.GET_READY_RANGE_S[0],
                                     max=R.GET_READY_RANGE_S[1], description="Get ready (s)",
                                     style=wide, layout=lay("26em"))
        self.name = W.Text(value="", description="Your name", style=wide, layout=lay("26em"))
        self.name.add_class("hipcourse-name")
        self.date = W.Text(value="", description="Date", placeholder="blank: today",
                           style=wide, layout=lay("26em"))
        self.message = message_box()
        self.message.add_class("hipcourse-message")

        # ---- the routine
        self.total = W.HTML()
        self.total.add_class("hipcourse-total")
        self.table = W.HTML()
        self.table.add_class("hipcourse-routine-table")
        self._cards = {}   # (stretch id, size) -> HTML widget: each figure is sent once
        self.strip = W.HBox(layout=W.Layout(overflow="auto", width="100%"))
        self.strip.add_class("hipcourse-pose-strip")
        self.dose = W.HTML()
        self.dose.add_class("hipcourse-dose")

        # ---- the timer
        self.start_button = W.Button(description="Start", icon="play", button_style="success")
        self.start_button.add_class("hipcourse-timer-start")
        self.pause_button = W.Button(description="Pause", icon="pause", disabled=True)
        self.pause_button.add_class("hipcourse-timer-pause")
        self.skip_button = W.Button(description="Skip", icon="forward", disabled=True)
        self.skip_button.add_class("hipcourse-timer-skip")
        self.sound_on = W.Checkbox(value=True, description="Sound", indent=False,
                                   layout=lay("8em"))
        self.timer_display = W.HTML(value="<i>Press Start: a short pause lets you get into "
                                          "position, then the timer runs by itself.</i>")
        self.timer_display.add_class("hipcourse-timer-display")
        self.timer_pose = W.HBox()
        self.progress = W.FloatProgress(value=0.0, min=0.0, max=1.0, description="Routine",
                                        layout=lay("100%"))
        self.progress.add_class("hipcourse-timer-progress")
        self.sound = W.Box(layout=W.Layout(height="0px", overflow="hidden"))

        # ---- export, save, load
        self.class_handout = W.Checkbox(value=False, description="Class handout (one page)",
                                        indent=False)
        self.export_button = W.Button(description="Export HTML handout", icon="print")
        self.export_button.add_class("hipcourse-export")
        self.file = W.Text(value="my-routine", description="File name", style=wide,
                           layout=lay("26em"))
        self.save_button = W.Button(description="Save", icon="save")
        self.save_button.add_class("hipcourse-save")
        self.load_button = W.Button(description="Load", icon="folder-open")
        self.load_button.add_class("hipcourse-load")
        self.upload = W.FileUpload(accept=".json", multiple=False, description="Load a file")
        self.files_message = message_box()
        self.files_message.add_class("hipcourse-files-message")
        self.link = W.HTML()
        self.link.add_class("hipcourse-export-link")

        form_widgets = [self.minutes, self.session, self.focus, self.equipment,
                        self.restrictions, self.sides, self.older, self.get_ready,
                        *self.levels.values(), *self.limits.values()]
        for w in form_widgets:
            w.observe(self._on_change, names="value")
        self.start_button.on_click(lambda _b: guarded(self.message, self.start_timer)())
        self.pause_button.on_click(lambda _b: self.toggle_pause())
        self.skip_button.on_click(lambda _b: self.skip())
        self.export_button.on_click(lambda _b: self._files_action(self.export))
        self.save_button.on_click(lambda _b: self._files_action(self.save))
        self.load_button.on_click(lambda _b: self._files_action(self.load))
        self.upload.observe(lambda _c: self._files_action(self._load_upload), names="value")

        head = lambda t: W.HTML(f"<h3 style='margin:.6em 0 .2em'>{t}</h3>")  # noqa: E731
        self.box = W.VBox([
            head("1. What do you want?"),
            W.HBox([W.VBox([self.minutes, self.session, self.focus, self.sides, self.older,
                            self.get_ready]),
                    W.VBox([W.HTML("<b>Your rung on each ladder</b>"), *self.levels.values(),
                            W.HTML("<b>Positions</b>"), W.HBox(list(self.limits.values())),
                            self.equipment, self.restrictions])],
                   layout=W.Layout(flex_flow="row wrap", justify_content="space-between")),
            self.message,
            head("2. Your routine"), self.total, self.table, self.strip, self.dose,
            head("3. Follow along"),
            W.HBox([self.start_button, self.pause_button, self.skip_button, self.sound_on]),
            self.progress, W.HBox([self.timer_display, self.timer_pose]), self.sound,
            head("4. Print, save, load"),
            W.HBox([self.name, self.date]), W.HBox([self.class_handout, self.export_button]),
            W.HBox([self.file, self.save_button, self.load_button, self.upload]),
            self.files_message, self.link])
        self.box.add_class("hipcourse-routine-builder")
        self.rebuild()

    # ------------------------------------------------------------------ display
    def _ipython_display_(self):
        from IPython.display import display

        display(self.box)

    # ------------------------------------------------------------------ the routine
    def request(self):
        """The form as a :class:`~hipcourse.models.routine.RoutineRequest` (raises ValueError)."""
        return self.R.RoutineRequest(
            minutes=self.minutes.value, session=self.session.value, focus=self.focus.value,
            levels={g: w.value for g, w in self.levels.items()},
            positions=self._positions,
            limits=tuple(k for k, w in self.limits.items() if w.value),
            equipment=self.equipment.value, restrictions=self.restrictions.value,
            sides=self.sides.value, older_adult=self.older.value,
            get_ready_s=self.get_ready.value)

    def _on_change(self, _change=None):
        if not self._quiet:
            self.rebuild()

    def rebuild(self):
        """Build the routine from the form and show it; a bad value shows its message."""
        routine = guarded(self.message, lambda: self.R.build_routine(self.request()))()
        if routine is not None:
            self.show(routine)
        return routine

    def show(self, routine) -> None:
        """Show ``routine``: total, table, pose strip, dose per group."""
        from hipcourse.views import routine_html as X

        self.routine = routine
        R = self.R
        fill = routine.total_s / routine.budget_s
        self.total.value = (f"<b>Total: {R.format_duration(routine.total_s)}</b> of "
                            f"{routine.request.minutes} min ({fill:.0%}) · "
                            f"{len(routine.steps)} stretches")
        self.table.value = X.routine_table(routine)._repr_html_()
        old = list(self.strip.children)
        self.strip.children = [
            W.VBox([W.HTML(f"<small>{i}. {html.escape(X.dose_text(st))}</small>"),
                    self._card(st.stretch_id)], layout=W.Layout(width="126px", flex="none"))
            for i, st in enumerate(routine.steps, 1)]
        for box in old:               # close the per-routine wrappers, keep the cached cards
            box.children[0].close()
            box.close()
        self.dose.value = X.dose_html(routine)
        self.start_button.disabled = not routine.steps

    def _card(self, stretch_id: str, big: bool = False):
        """The pose figure of a stretch as a cached HTML widget (sent to the browser once)."""
        from hipcourse.views import routine_html as X

        key = (stretch_id, big)
        if key not in self._cards:
            size = (240, 180) if big else (120, 90)
            self._cards[key] = W.HTML(X.figure_html(stretch_id, self.figures_dir, *size))
        return self._cards[key]

    # ------------------------------------------------------------------ the timer
    def start_timer(self, threaded: bool = True) -> None:
        """Start (or restart) the follow-along timer on the current routine."""
        self.stop_timer()
        if self.routine is None or not self.routine.steps:
            raise ValueError("routine = <empty> is not allowed; expected a routine with at "
                             "least one stretch (change the form first)")
        with self._lock:
            self.player = self.R.Player(self.R.timeline(self.routine), self.routine)
            self._shown_step = None
            cues = self.player.start()
            self.pause_button.disabled = self.skip_button.disabled = False
            self.pause_button.description, self.pause_button.icon = "Pause", "pause"
            self.start_button.description = "Restart"
            self._update(cues)
        if threaded:
            import threading

            self._stop = threading.Event()
            self._thread = threading.Thread(target=self._run, args=(self._stop,), daemon=True)
            self._thread.start()

    def _run(self, stop) -> None:
        import time

        next_t = time.monotonic() + 1.0
        while not stop.is_set():
            if stop.wait(max(0.0, next_t - time.monotonic())):
                break
            next_t += 1.0
            try:
                self.tick(1.0)
            except Exception as exc:  # a view must never die silently with a traceback
                show_message(self.message, f"timer stopped: {exc}")
                break
            if self.player is None or self.player.done:
                break

    def stop_timer(self) -> None:
        self._stop.set()
        if self._thread is not None and self._thread.is_alive():
            self._thread.join(timeout=2.0)
        self._thread = None

    def tick(self, dt_s: float = 1.0):
        """Advance the timer by ``dt_s`` seconds (the background thread calls this)."""
        with self._lock:
            if self.player is None:
                return []
            cues = self.player.tick(dt_s)
            self._update(cues)
            return cues

    def toggle_pause(self) -> None:
        with self._lock:
            if self.player is None or self.player.done:
                return
            if self.player.paused:
                self.player.resume()
                self.pause_button.description, self.pause_button.icon = "Pause", "pause"
            else:
                self.player.pause()
                self.pause_button.description, self.pause_button.icon = "Resume", "play"
            self._update([])

    def skip(self) -> None:
        with self._lock:
            if self.player is None:
                return
            self._update(self.player.skip())

    def _update(self, cues) -> None:
        from hipcourse.content.catalog import load_catalog
        from hipcourse.views import routine_html as X

        p = self.player
        seg = p.current
        esc = html.escape
        elapsed = int(p.elapsed_s)
        self.progress.value = p.progress
        self.progress.description = f"{elapsed // 60}:{elapsed % 60:02d}"
        if p.done:
            self.timer_display.value = (f"<div style='font-size:1.6em'><b>Done</b></div>"
                                        f"<div>{esc(p.summary())}</div>")
            self.timer_pose.children = ()
            self.pause_button.disabled = self.skip_button.disabled = True
            self.start_button.description = "Start again"
        else:
            step = p.routine.steps[seg.step_index]   # the routine being played
            n = len(p.routine.steps)
            state = " (paused)" if p.paused else ""
            kind = {"get-ready": "Get ready", "hold": "Hold", "switch": "Switch sides",
                    "release": "Release"}[seg.kind]
            self.timer_display.value = (
                f"<div style='min-width:18em'><div>Stretch {seg.step_index + 1} of {n}"
                f"{esc(state)}</div><div style='font-size:1.3em'><b>{esc(kind)}</b></div>"
                f"<div style='font-size:3em;font-weight:bold;line-height:1.1'>{p.remaining_s}</div>"
                f"<div>{esc(seg.text)}</div></div>")
            if self._shown_step != seg.step_index:
                s = load_catalog().stretch(step.stretch_id)
                cues_html = "".join(f"<li>{esc(c)}</li>" for c in s.cues)
                text = W.HTML(f"<b>{esc(s.name)}</b> · {esc(X.dose_text(step))}"
                              f"<ul>{cues_html}</ul><i>{esc(' '.join(s.cautions))}</i>")
                old = [w for w in self.timer_pose.children[1:]]
                self.timer_pose.children = (self._card(s.id, big=True), text)
                for w in old:
                    w.close()
                self._shown_step = seg.step_index
        if cues and self.sound_on.value:
            kinds = {c.kind for c in cues}
            kind = next(k for k in _CUE_PRIORITY if k in kinds)
            self._play(kind)

    def _play(self, kind: str) -> None:
        old = list(self.sound.children)
        self.sound.children = (W.Audio(value=cue_sound(kind), format="wav", autoplay=True,
                                       loop=False, controls=False),)
        for w in old:
            w.close()

    # ------------------------------------------------------------------ files
    def _folder(self):
        from pathlib import Path

        return Path(self.out_dir) if self.out_dir else _default_out_dir()

    def _files_action(self, fn) -> None:
        """Run a file action; its result or its error shows in the message box.

        The models turn file errors into ``ValueError`` messages; an ``OSError`` that
        still gets through (e.g. reading back a handout just written) is shown the same
        way, never as a traceback.
        """
        def action():
            try:
                return fn()
            except OSError as exc:
                where = f"{exc.filename}: " if exc.filename else ""
                raise ValueError(where + self.R.os_error_text(exc, exc.filename)) from None
        result = guarded(self.files_message, action)()
        if result is not None:
            show_message(self.files_message, result, "ok")

    def export(self) -> str:
        """Write the handout into the output folder; shows a download link. Returns a message."""
        import base64

        from hipcourse.views import routine_html as X

        if self.routine is None:
            raise ValueError("routine = None is not allowed; expected a routine (fix the form)")
        path = X.export_handout(self.routine, self._folder(), name=self.name.value,
                                date=self.date.value.strip() or None,
                                class_handout=self.class_handout.value,
                                figures_dir=self.figures_dir)
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        self.link.value = (f'<a download="{html.escape(path.name)}" '
                           f'href="data:text/html;base64,{data}">Download {html.escape(path.name)}</a>')
        return f"Handout written to {path}"

    def _json_path(self):
        from hipcourse.views import routine_html as X

        stem = self.file.value.strip()
        stem = stem[:-5] if stem.lower().endswith(".json") else stem
        return X.output_path(self._folder(), stem, ".json", "my-routine")

    def save(self) -> str:
        if self.routine is None:
            raise ValueError("routine = None is not allowed; expected a routine (fix the form)")
        path = self.R.save_routine(self.routine, self._json_path())
        return f"Saved to {path}"

    def load(self) -> str:
        path = self._json_path()
        self.set_routine(self.R.load_routine(path))
        return f"Loaded {path}"

    def _load_upload(self):
        files = self.upload.value
        if not files:
            return None
        f = files[0]
        text = bytes(f["content"]).decode("utf-8", errors="replace")
        self.set_routine(self.R.routine_from_json(text, source=f["name"]))
        return f"Loaded {f['name']}"

    def set_routine(self, routine) -> None:
        """Put a (loaded) routine in the builder: the form shows its request."""
        req = routine.request
        self._quiet = True
        try:
            self.minutes.value = req.minutes
            self.session.value = req.session
            self.focus.value = tuple(req.focus)
            for g, w in self.levels.items():
                w.value = req.level(g)
            for k, w in self.limits.items():
                w.value = k in req.limits
            self.equipment.value = tuple(req.equipment)
            self.restrictions.value = tuple(req.restrictions)
            self.sides.value = req.sides
            self.older.value = req.older_adult
            self.get_ready.value = req.get_ready_s
            self._positions = req.positions
        finally:
            self._quiet = False
        show_message(self.message, "")
        self.show(routine)


def routine_builder(*, levels=None, out_dir=None, figures_dir=None, **form) -> RoutineBuilder:
    """The routine builder widget (see :class:`RoutineBuilder`).

    ``levels`` may come from the self-tests (``assessment.suggest``); ``out_dir`` is where
    handouts and saved routines go (default: ``$HIPCOURSE_DATA_DIR/routines``, else the
    user data folder's ``routines``).
    """
    return RoutineBuilder(levels=levels, out_dir=out_dir, figures_dir=figures_dir, **form)


# ---------------------------------------------------------------- progress / self-tests
class SelfTestForm:
    """Record a self-test in a small form, see the suggested rungs and the progress chart.

    Every result is checked by :func:`hipcourse.models.assessment.check_result` and written by
    :class:`hipcourse.models.journal.Journal` (one short-lived connection per save, so nothing
    stays locked); a problem (bad value, future date, damaged journal) shows its message
    in the form. ``journal_path`` is required: the lesson passes a temporary demo journal,
    a learner passes their own (``hipcourse.models.journal.default_path()``).
    """

    def __init__(self, journal_path, *, today=None):
        import datetime as _dt

        from matplotlib.figure import Figure

        from hipcourse.models import assessment

        self.path = journal_path
        self.today = today
        self._tests = assessment.load_tests()
        wide = {"description_width": "6em"}
        self.test = W.Dropdown(options=[(t.name, t.id) for t in self._tests.tests],
                               description="Self-test", style=wide, layout=W.Layout(width="34em"))
        self.side = W.ToggleButtons(options=list(assessment.SIDES), value="left",
                                    description="Side", style=wide)
        self.value = W.Text(value="", description="Value", placeholder="a number",
                            style=wide, layout=W.Layout(width="16em"))
        self.picture = W.Dropdown(description="Picture", style=wide, layout=W.Layout(width="34em"))
        self.unit = W.HTML()
        self.date = W.Text(value=(today or _dt.date.today()).isoformat(), description="Date",
                           placeholder="YYYY-MM-DD", style=wide, layout=W.Layout(width="16em"))
        self.note = W.Text(value="", description="Note", style=wide, layout=W.Layout(width="34em"))
        self.save_button = W.Button(description="Save result", button_style="primary", icon="check")
        self.message = message_box()
        self.how = W.HTML()
        self.rungs = W.HTML()
        self.summary = W.HTML()
        self.chart = W.Image(format="png", layout=W.Layout(max_width="640px"))
        self._fig = Figure(figsize=(6.4, 3.4), layout="constrained")
        self._fig.add_subplot()
        self.test.observe(guarded(self.message, lambda _c: self._show_test()), names="value")
        self.save_button.on_click(self._on_save)
        self.box = W.VBox([
            self.test, self.how, self.side, W.HBox([self.value, self.unit]), self.picture,
            self.date, self.note, self.save_button, self.message,
            W.HTML("<b>Suggested starting rungs</b>"), self.rungs,
            W.HTML("<b>Progress</b>"), self.summary, self.chart])
        guarded(self.message, self._show_test)()

    def _ipython_display_(self):
        from IPython.display import display

        display(self.box)

    def _records(self):
        from hipcourse.models import journal

        if not journal.resolve_path(self.path).exists():
            return []
        with journal.Journal(self.path, create=False, today=self.today) as j:
            return j.assessments()

    def _show_test(self) -> None:
        t = self._tests.test(self.test.value)
        is_choice = t.unit == "choice"
        self.picture.options = [(f"{i}: {c}", i) for i, c in enumerate(t.choices, 1)]
        self.picture.layout.display = "" if is_choice else "none"
        self.value.layout.display = "none" if is_choice else ""
        self.unit.value = "" if is_choice else f"{'degrees' if t.unit == 'deg' else 'cm'} " \
                                               f"({t.min:g} to {t.max:g})"
        esc = html.escape
        steps = "".join(f"<li>{esc(s)}</li>" for s in t.steps)
        cautions = "".join(f"<li>{esc(c)}</li>" for c in t.cautions)
        caveat = f" <i>({esc(t.normal.caveat)})</i>" if t.normal.caveat else ""
        self.how.value = (
            f"<ol>{steps}</ol><p><b>Record:</b> {esc(t.record)}</p>"
            f"<p><b>Normal:</b> {esc(t.normal.text)} ({esc(t.normal.source)}){caveat}</p>"
            f"<p><b>How far to trust it:</b> {esc(t.reliability.text)}</p>"
            + (f"<p><b>Cautions:</b></p><ul>{cautions}</ul>" if cautions else ""))
        self.refresh()

    def refresh(self) -> None:
        """Re-read the journal: suggested rungs, one-line summaries, the chart."""
        import io

        from hipcourse.models import assessment
        from hipcourse.views import plots
        from hipcourse.content.catalog import load_catalog

        records = self._records()
        cat = load_catalog()
        esc = html.escape
        sugg = assessment.suggest(records) if records else {}
        rows = "".join(
            f"<tr><td>{esc(cat.group(g).name)}</td><td>{s.level} of {s.ladder_length}</td>"
            f"<td>{esc(cat.ladder(g)[s.level - 1].name)}</td><td>{esc(s.reason)}</td></tr>"
            for g, s in sugg.items())
        self.rungs.value = (
            f"<table><tr><th>Group</th><th>Rung</th><th>Stretch</th><th>Why</th></tr>{rows}</table>"
            if rows else "<p>No results yet: every group starts on rung 1.</p>")
        lines = assessment.progress_summary(records).values()
        self.summary.value = "<ul>" + "".join(f"<li>{esc(x)}</li>" for x in lines) + "</ul>"
        ax = self._fig.axes[0]
        ax.clear()
        plots.progress_test(records, self.test.value, ax=ax)
        buf = io.BytesIO()
        self._fig.savefig(buf, format="png", dpi=90)
        self.chart.value = buf.getvalue()

    def _on_save(self, _button=None) -> None:
        rec = guarded(self.message, self.save)()
        if rec is not None:
            t = self._tests.test(rec.test)
            show_message(self.message, f"Saved: {t.name}, {rec.side}, "
                                       f"{t.format_value(rec.value)} on {rec.date.isoformat()}.", "ok")

    def save(self):
        """Check and store the form's result; returns the new journal record."""
        from hipcourse.models import journal

        from hipcourse.models.assessment import check_result

        t = self._tests.test(self.test.value)
        value = self.picture.value if t.unit == "choice" else self.value.value.strip()
        check_result(t.id, self.side.value, value, self.date.value.strip(), self.note.value,
                     today=self.today)  # before the journal file is created or opened
        with journal.Journal(self.path, today=self.today) as j:
            rec = j.add_assessment(t.id, self.side.value, value, date=self.date.value.strip(),
                                   note=self.note.value)
        self.refresh()
        return rec


def self_test_form(journal_path, *, today=None) -> SelfTestForm:
    """The self-test form over the journal at ``journal_path`` (see :class:`SelfTestForm`)."""
    return SelfTestForm(journal_path, today=today)
