"""The routine builder: a form, the routine it gives, a follow-along timer, export."""

from __future__ import annotations

import html

import ipywidgets as W

from hipcourse.views.widgets.common import guarded, message_box, show_message  # noqa: F401
from hipcourse.views.widgets.routine_form import add_form
from hipcourse.views.widgets.routine_timer import FollowAlong
from hipcourse.views.widgets.sounds import _CUE_PRIORITY, _TONES, cue_sound, tone_wav  # noqa: F401


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


class RoutineBuilder(FollowAlong):
    """The routine builder: a form, the routine it gives, a follow-along timer, export.

    Every change of the form rebuilds the routine (:func:`hipcourse.models.routine.build_routine`);
    a bad value shows its message in the widget. The timer plays
    :func:`hipcourse.models.routine.timeline` through :class:`hipcourse.models.routine.Player`; once
    started it runs by itself (a background thread ticks once a second), with sounds made
    by :func:`tone_wav`. Tests and scripts can drive it without a thread via
    :meth:`start_timer` (``threaded=False``) and :meth:`tick`.
    """

    def __init__(
        self,
        *,
        levels=None,
        out_dir=None,
        figures_dir=None,
        minutes: int = 15,
        session: str = "focused",
        focus=(),
    ):
        import threading

        from hipcourse.content.catalog import POSITIONS
        from hipcourse.models import routine as R

        self.R = R
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

        add_form(self, levels=levels, minutes=minutes, session=session, focus=focus)

        # ---- the routine
        self.total = W.HTML()
        self.total.add_class("hipcourse-total")
        self.table = W.HTML()
        self.table.add_class("hipcourse-routine-table")
        self._cards = {}  # (stretch id, size) -> HTML widget: each figure is sent once
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
        self.sound_on = W.Checkbox(value=True, description="Sound", indent=False, layout=lay("8em"))
        self.timer_display = W.HTML(
            value="<i>Press Start: a short pause lets you get into "
            "position, then the timer runs by itself.</i>"
        )
        self.timer_display.add_class("hipcourse-timer-display")
        self.timer_pose = W.HBox()
        self.progress = W.FloatProgress(
            value=0.0, min=0.0, max=1.0, description="Routine", layout=lay("100%")
        )
        self.progress.add_class("hipcourse-timer-progress")
        self.sound = W.Box(layout=W.Layout(height="0px", overflow="hidden"))

        # ---- export, save, load
        self.class_handout = W.Checkbox(
            value=False, description="Class handout (one page)", indent=False
        )
        self.export_button = W.Button(description="Export HTML handout", icon="print")
        self.export_button.add_class("hipcourse-export")
        self.file = W.Text(
            value="my-routine", description="File name", style=wide, layout=lay("26em")
        )
        self.save_button = W.Button(description="Save", icon="save")
        self.save_button.add_class("hipcourse-save")
        self.load_button = W.Button(description="Load", icon="folder-open")
        self.load_button.add_class("hipcourse-load")
        self.upload = W.FileUpload(accept=".json", multiple=False, description="Load a file")
        self.files_message = message_box()
        self.files_message.add_class("hipcourse-files-message")
        self.link = W.HTML()
        self.link.add_class("hipcourse-export-link")

        form_widgets = [
            self.minutes,
            self.session,
            self.focus,
            self.equipment,
            self.restrictions,
            self.operated_side,
            self.sides,
            self.older,
            self.get_ready,
            *self.levels.values(),
            *self.limits.values(),
        ]
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
        self.box = W.VBox(
            [
                head("1. What do you want?"),
                W.HBox(
                    [
                        W.VBox(
                            [
                                self.minutes,
                                self.session,
                                self.focus,
                                self.sides,
                                self.older,
                                self.get_ready,
                            ]
                        ),
                        W.VBox(
                            [
                                W.HTML("<b>Your rung on each ladder</b>"),
                                *self.levels.values(),
                                W.HTML("<b>Positions</b>"),
                                W.HBox(list(self.limits.values())),
                                self.equipment,
                                self.restrictions,
                                self.operated_side,
                            ]
                        ),
                    ],
                    layout=W.Layout(flex_flow="row wrap", justify_content="space-between"),
                ),
                self.message,
                head("2. Your routine"),
                self.total,
                self.table,
                self.strip,
                self.dose,
                head("3. Follow along"),
                W.HBox([self.start_button, self.pause_button, self.skip_button, self.sound_on]),
                self.progress,
                W.HBox([self.timer_display, self.timer_pose]),
                self.sound,
                head("4. Print, save, load"),
                W.HBox([self.name, self.date]),
                W.HBox([self.class_handout, self.export_button]),
                W.HBox([self.file, self.save_button, self.load_button, self.upload]),
                self.files_message,
                self.link,
            ]
        )
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
            minutes=self.minutes.value,
            session=self.session.value,
            focus=self.focus.value,
            levels={g: w.value for g, w in self.levels.items()},
            positions=self._positions,
            limits=tuple(k for k, w in self.limits.items() if w.value),
            equipment=self.equipment.value,
            restrictions=self.restrictions.value,
            sides=self.sides.value,
            operated_side=self.operated_side.value,
            older_adult=self.older.value,
            get_ready_s=self.get_ready.value,
        )

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
        self.total.value = (
            f"<b>Total: {R.format_duration(routine.total_s)}</b> of "
            f"{routine.request.minutes} min ({fill:.0%}) · "
            f"{len(routine.steps)} stretches"
        )
        self.table.value = X.routine_table(routine)._repr_html_()
        old = list(self.strip.children)
        self.strip.children = [
            W.VBox(
                [
                    W.HTML(f"<small>{i}. {html.escape(X.dose_text(st))}</small>"),
                    self._card(st.stretch_id),
                ],
                layout=W.Layout(width="126px", flex="none"),
            )
            for i, st in enumerate(routine.steps, 1)
        ]
        for box in old:  # close the per-routine wrappers, keep the cached cards
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
                from hipcourse.kit.files import os_error_text

                raise ValueError(where + os_error_text(exc, exc.filename)) from None

        result = guarded(self.files_message, action)()
        if result is not None:
            show_message(self.files_message, result, "ok")

    def export(self) -> str:
        """Write the handout into the output folder; shows a download link. Returns a message."""
        from hipcourse.kit.resources import file_data_uri
        from hipcourse.views import routine_html as X

        if self.routine is None:
            raise ValueError("routine = None is not allowed; expected a routine (fix the form)")
        path = X.export_handout(
            self.routine,
            self._folder(),
            name=self.name.value,
            date=self.date.value.strip() or None,
            class_handout=self.class_handout.value,
            figures_dir=self.figures_dir,
        )
        self.link.value = (
            f'<a download="{html.escape(path.name)}" '
            f'href="{file_data_uri(path)}">Download {html.escape(path.name)}</a>'
        )
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
            self.operated_side.value = req.operated_side
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
