"""The routine builder's follow-along timer: start, pause, skip, and the cues it plays."""

from __future__ import annotations

import html

import ipywidgets as W

from hipcourse.views.widgets.common import show_message  # noqa: E402
from hipcourse.views.widgets.sounds import _CUE_PRIORITY, _TONES, cue_sound, tone_wav  # noqa: F401


class FollowAlong:
    """Timer methods of :class:`~hipcourse.views.widgets.routine_builder.RoutineBuilder`
    (a mixin: it uses the builder's widgets and its routine)."""

    def start_timer(self, threaded: bool = True) -> None:
        """Start (or restart) the follow-along timer on the current routine."""
        self.stop_timer()
        if self.routine is None or not self.routine.steps:
            raise ValueError(
                "routine = <empty> is not allowed; expected a routine with at "
                "least one stretch (change the form first)"
            )
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
            self.timer_display.value = (
                f"<div style='font-size:1.6em'><b>Done</b></div><div>{esc(p.summary())}</div>"
            )
            self.timer_pose.children = ()
            self.pause_button.disabled = self.skip_button.disabled = True
            self.start_button.description = "Start again"
        else:
            step = p.routine.steps[seg.step_index]  # the routine being played
            n = len(p.routine.steps)
            state = " (paused)" if p.paused else ""
            kind = {
                "get-ready": "Get ready",
                "hold": "Hold",
                "switch": "Switch sides",
                "release": "Release",
            }[seg.kind]
            self.timer_display.value = (
                f"<div style='min-width:18em'><div>Stretch {seg.step_index + 1} of {n}"
                f"{esc(state)}</div><div style='font-size:1.3em'><b>{esc(kind)}</b></div>"
                f"<div style='font-size:3em;font-weight:bold;line-height:1.1'>{p.remaining_s}</div>"
                f"<div>{esc(seg.text)}</div></div>"
            )
            if self._shown_step != seg.step_index:
                s = load_catalog().stretch(step.stretch_id)
                cues_html = "".join(f"<li>{esc(c)}</li>" for c in s.cues)
                text = W.HTML(
                    f"<b>{esc(s.name)}</b> · {esc(X.dose_text(step))}"
                    f"<ul>{cues_html}</ul><i>{esc(' '.join(s.cautions))}</i>"
                )
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
        self.sound.children = (
            W.Audio(value=cue_sound(kind), format="wav", autoplay=True, loop=False, controls=False),
        )
        for w in old:
            w.close()

    # ------------------------------------------------------------------ files
