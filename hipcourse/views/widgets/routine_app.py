"""The routine builder as an app: a phone-sized form, the routine, a player for the mat.

This is the page `hipcourse app` serves (``hipcourse/data/app/routine_app.ipynb`` holds one
cell: ``routine_app()``). It differs from the notebook's :class:`RoutineBuilder` in what a
visitor without a notebook needs:

- the form comes first and fits a 390-px phone screen: toggle buttons and check boxes
  (no multi-select lists that need Ctrl-click), labels above the controls, never cut;
- no equipment is ticked at first, so the routine needs nothing the learner did not say
  they have; no focus ticked means all five groups;
- the rungs start from the learner's self-tests in the journal
  (:func:`hipcourse.models.assessment.suggest`, the journal opened read-only and never
  created), with the reason shown;
- the follow-along view is the offline player (:mod:`hipcourse.views.player`) shown in
  the page: full screen, a countdown readable across a room, what comes next, beeps after
  a tap, the screen kept awake; its clock runs in the browser, so a visitor's kernel does
  nothing while they stretch;
- downloads (the player file, a printable handout) are made in memory and offered as
  links: the app writes no file on the server and shows no server path.

The kernel imports no matplotlib: pose pictures are the pre-rendered PNGs of
``figures/stretches`` (through :mod:`hipcourse.kit.resources`).
"""

from __future__ import annotations

import base64
import html
import os

import ipywidgets as W

from hipcourse.views.widgets.common import guarded, message_box

#: Set (to anything) in the app's kernels by `hipcourse app`.
APP_ENV_VAR = "HIPCOURSE_APP"
#: ``off``: suggest no rungs from this machine's journal (a class is served).
JOURNAL_ENV_VAR = "HIPCOURSE_APP_JOURNAL"
MINUTE_CHOICES = (5, 10, 15, 20, 30, 45)
_LIMIT_LABELS = (
    ("no-floor", "No floor"),
    ("no-kneeling", "No kneeling"),
    ("chair-only", "Chair only"),
)
_SESSION_HELP = {
    "focused": "climbs each ladder up to your rung",
    "cool-down": "easy rungs, after exercise",
    "desk-break": "standing and chair only, a few minutes",
}

#: Phone-first styles for the app (scoped to ``.hipcourse-app``).
APP_CSS = """
.hipcourse-app { max-width: 46rem; margin: 0 auto; font-size: 16px; box-sizing: border-box; }
.hipcourse-app * { box-sizing: border-box; }
.hipcourse-app .widget-html-content, .hipcourse-app .widget-label { white-space: normal; }
.hipcourse-app .hc-field { width: 100%; margin: .35rem 0; }
.hipcourse-app .hc-legend { font-weight: 700; margin: .2rem 0; }
.hipcourse-app .hc-help { color: #333; font-size: .9rem; }
.hipcourse-app .widget-toggle-buttons { flex-wrap: wrap; height: auto; width: 100%; }
.hipcourse-app .widget-toggle-buttons .widget-toggle-button {
  width: auto; min-width: 3.2rem; height: 2.6rem; margin: 2px; padding: 0 .8rem;
  font-size: 1rem; }
.hipcourse-app .hc-checks { display: flex; flex-wrap: wrap; gap: 0 .8rem; width: 100%; }
.hipcourse-app .widget-checkbox { width: auto; height: auto; min-height: 2.4rem; }
.hipcourse-app .widget-checkbox input { width: 1.3rem; height: 1.3rem; }
.hipcourse-app .widget-checkbox label, .hipcourse-app .widget-checkbox .widget-label-basic {
  white-space: normal; overflow: visible; text-overflow: clip; font-size: 1rem; }
.hipcourse-app .hc-rung { display: flex; flex-wrap: wrap; align-items: center; width: 100%; }
.hipcourse-app .hc-rung .hc-rung-name { width: 8.5rem; flex: none; }
.hipcourse-app .widget-button { height: 2.8rem; font-size: 1.05rem; width: auto; margin: 2px; }
.hipcourse-app .hc-steps { padding-left: 1.4rem; margin: .3rem 0; }
.hipcourse-app .hc-steps li { margin: .25rem 0; }
.hipcourse-app details { margin: .3rem 0; }
.hipcourse-app a.hc-download { display: inline-block; margin: .3rem .6rem .3rem 0;
  padding: .5rem .8rem; border: 2px solid #0072B2; border-radius: .4rem; color: #0072B2;
  font-weight: 700; text-decoration: none; }
.hipcourse-app iframe.hc-player { width: 100%; height: 100vh; min-height: 34rem;
  border: 1px solid #999; }
"""


def _legend(text: str, help_text: str = "") -> W.HTML:
    extra = f' <span class="hc-help">{html.escape(help_text)}</span>' if help_text else ""
    return W.HTML(f'<div class="hc-legend">{html.escape(text)}{extra}</div>')


def _field(*children, css: str = "hc-field") -> W.VBox:
    box = W.VBox(list(children), layout=W.Layout(width="100%"))
    box.add_class(css)
    return box


def _checks(items, css: str) -> tuple[dict, W.Box]:
    """Check boxes ``{id: Checkbox}`` for ``(id, label)`` items, in a wrapping row."""
    boxes = {
        k: W.Checkbox(value=False, description=label, indent=False, layout=W.Layout(width="auto"))
        for k, label in items
    }
    row = W.Box(list(boxes.values()), layout=W.Layout(width="100%"))
    row.add_class("hc-checks")
    row.add_class(css)
    return boxes, row


def journal_levels(path=None) -> tuple[dict[str, int], str]:
    """Suggested rungs from the self-tests in the journal, and a sentence saying so.

    The journal is opened read-only in effect (``create=False``: a missing journal is
    never created, and nothing is written). Any problem with it (missing, damaged, from a
    newer version) gives no suggestion and says why, never an error.
    """
    if os.environ.get(JOURNAL_ENV_VAR, "").lower() == "off":
        return {}, ""
    from hipcourse.models import assessment
    from hipcourse.models.journal import Journal, JournalError

    try:
        with Journal(path, create=False) as j:
            results = j.assessments()
    except JournalError:
        return {}, (
            "No self-test results in your journal yet: every ladder starts on rung 1 "
            "(the self-tests are in lesson 09)."
        )
    suggestions = assessment.suggest(results)
    if not suggestions:
        return {}, "No self-test results in your journal yet: every ladder starts on rung 1."
    why = "; ".join(s.reason for s in suggestions.values())
    return (
        {g: s.level for g, s in suggestions.items()},
        f"Rungs suggested from your self-tests: {why}.",
    )


class RoutineApp:
    """The app: form, routine, follow-along player and downloads (see the module docstring).

    ``levels`` overrides the journal's suggestions; ``journal`` is a journal path (default:
    the learner's journal, see :func:`hipcourse.models.journal.default_path`).
    """

    def __init__(self, *, levels=None, journal=None, figures_dir=None, minutes: int = 15):
        from hipcourse.content.catalog import load_catalog
        from hipcourse.models import routine as R

        self.R = R
        self.figures_dir = figures_dir
        self.routine = None
        cat = load_catalog()
        if levels is None:
            levels, self.levels_note = journal_levels(journal)
        else:
            self.levels_note = ""
        levels = dict(levels)

        toggle = lambda options, value: W.ToggleButtons(  # noqa: E731
            options=options,
            value=value,
            style={"button_width": "auto"},
            layout=W.Layout(width="100%"),
        )
        self.minutes = toggle(
            [(f"{m} min", m) for m in MINUTE_CHOICES], minutes if minutes in MINUTE_CHOICES else 15
        )
        self.minutes.add_class("hc-minutes")
        self.session = toggle(
            [("Focused", "focused"), ("Cool-down", "cool-down"), ("Desk break", "desk-break")],
            "focused",
        )
        self.session.add_class("hc-session")
        self.session_help = W.HTML()
        self.focus, focus_row = _checks([(g.id, g.name) for g in cat.groups], "hc-focus")
        self.aches, aches_row = _checks([(a.id, a.name) for a in cat.aches], "hc-aches")
        self.levels = {}
        rung_rows = []
        for g in cat.groups:
            n = len(cat.ladder(g.id))
            w = toggle([(str(k), k) for k in range(1, n + 1)], min(max(1, levels.get(g.id, 1)), n))
            w.layout = W.Layout(width="auto")
            w.add_class(f"hc-level-{g.id}")
            self.levels[g.id] = w
            row = W.HBox([W.HTML(f'<span class="hc-rung-name">{html.escape(g.name)}</span>'), w])
            row.add_class("hc-rung")
            rung_rows.append(row)
        self.limits, limits_row = _checks(_LIMIT_LABELS, "hc-limits")
        self.equipment, equipment_row = _checks(
            [(e, e.capitalize()) for e in R.EQUIPMENT], "hc-equipment"
        )
        self.restrictions, restrictions_row = _checks(
            [(r.id, r.name) for r in cat.restrictions], "hc-restrictions"
        )
        self.sides = toggle(
            [("Both sides", "both"), ("Left only", "left"), ("Right only", "right")], "both"
        )
        self.sides.add_class("hc-sides")
        self.older = W.Checkbox(
            value=False,
            description="Longer holds (older adult)",
            indent=False,
            layout=W.Layout(width="auto"),
        )
        self.older.add_class("hc-older")
        self.message = message_box()
        self.message.add_class("hc-message")

        self.summary = W.HTML()
        self.summary.add_class("hc-summary")
        self.follow_button = W.Button(
            description="Follow along", button_style="success", icon="play"
        )
        self.follow_button.add_class("hc-follow")
        self.downloads_button = W.Button(description="Get the files", icon="download")
        self.downloads_button.add_class("hc-get-files")
        self.downloads = W.HTML()
        self.downloads.add_class("hc-downloads")
        self.player = W.HTML()
        self.player.add_class("hc-player-box")

        for w in [
            self.minutes,
            self.session,
            self.sides,
            self.older,
            *self.levels.values(),
            *self.focus.values(),
            *self.aches.values(),
            *self.limits.values(),
            *self.equipment.values(),
            *self.restrictions.values(),
        ]:
            w.observe(self._on_change, names="value")
        self.follow_button.on_click(lambda _b: guarded(self.message, self.follow_along)())
        self.downloads_button.on_click(lambda _b: guarded(self.message, self.offer_files)())

        self.box = W.VBox(
            [
                W.HTML(
                    f"<style>{APP_CSS}</style><h1 style='font-size:1.5rem;margin:.3rem 0'>"
                    "Your stretching routine</h1>"
                ),
                _field(_legend("Time you have"), self.minutes),
                _field(_legend("Session"), self.session, self.session_help),
                _field(
                    _legend("Focus", "(none ticked: all five groups)"),
                    focus_row,
                    _legend("…or where it aches"),
                    aches_row,
                ),
                _field(
                    _legend("What you have at hand", "(none ticked: no equipment)"), equipment_row
                ),
                _field(_legend("Positions to leave out"), limits_row),
                _field(
                    _legend(
                        "Health: tick what applies",
                        "(the routine leaves out what it rules out, and says why)",
                    ),
                    restrictions_row,
                ),
                _field(_legend("Sides"), self.sides, self.older),
                _field(
                    _legend("Your rung on each ladder", "(1 = easiest)"),
                    W.HTML(
                        f'<div class="hc-help hc-levels-note">{html.escape(self.levels_note)}</div>'
                    ),
                    *rung_rows,
                ),
                self.message,
                _field(self.summary),
                W.HBox(
                    [self.follow_button, self.downloads_button],
                    layout=W.Layout(flex_flow="row wrap", width="100%"),
                ),
                self.downloads,
                self.player,
            ],
            layout=W.Layout(width="100%"),
        )
        self.box.add_class("hipcourse-app")
        self.rebuild()

    def _ipython_display_(self):
        from IPython.display import display

        display(self.box)

    # ------------------------------------------------------------------ the routine
    def request(self):
        """The form as a :class:`~hipcourse.models.routine.RoutineRequest` (raises ValueError)."""
        ticked = lambda boxes: tuple(k for k, w in boxes.items() if w.value)  # noqa: E731
        return self.R.RoutineRequest(
            minutes=self.minutes.value,
            session=self.session.value,
            focus=ticked(self.focus) + ticked(self.aches),
            levels={g: w.value for g, w in self.levels.items()},
            limits=ticked(self.limits),
            equipment=ticked(self.equipment),
            restrictions=ticked(self.restrictions),
            sides=self.sides.value,
            older_adult=self.older.value,
        )

    def _on_change(self, _change=None):
        self.rebuild()

    def rebuild(self):
        """Build the routine from the form and show it; a bad value shows its message."""
        self.session_help.value = (
            f'<div class="hc-help">{html.escape(self.session.value)}: '
            f"{html.escape(_SESSION_HELP[self.session.value])}</div>"
        )
        routine = guarded(self.message, lambda: self.R.build_routine(self.request()))()
        if routine is not None:
            self.routine = routine
            self.summary.value = summary_html(routine)
            self.follow_button.disabled = self.downloads_button.disabled = not routine.steps
            self.downloads.value = ""
            self.player.value = ""
        return routine

    # ------------------------------------------------------------------ player, files
    def _player_page(self) -> str:
        from hipcourse.views.player import player_html

        if self.routine is None or not self.routine.steps:
            raise ValueError(
                "routine = <empty> is not allowed; expected a routine with at "
                "least one stretch (change the form first)"
            )
        return player_html(self.routine, figures_dir=self.figures_dir)

    def follow_along(self) -> None:
        """Show the player in the page (it runs in the browser; tap Start, then Full screen)."""
        page = self._player_page()
        self.player.value = (
            '<p class="hc-help">The player is below: tap <b>Tap to start</b> (that also turns '
            "the sound on), then <b>Full screen</b>.</p>"
            f'<iframe class="hc-player" title="Follow-along player" srcdoc="{html.escape(page)}" '
            'allow="fullscreen; screen-wake-lock; autoplay" allowfullscreen></iframe>'
        )

    def offer_files(self) -> None:
        """Offer the player file and a printable handout as downloads (made in memory)."""
        from hipcourse.views.routine_html import handout_html

        link = lambda name, text, label: (  # noqa: E731
            f'<a class="hc-download" download="{name}" href="data:text/html;base64,'
            f'{base64.b64encode(text.encode("utf-8")).decode("ascii")}">{label}</a>'
        )
        self.downloads.value = (
            link("stretch-player.html", self._player_page(), "Player for the mat (HTML)")
            + link(
                "stretch-routine.html",
                handout_html(self.routine, figures_dir=self.figures_dir),
                "Printable handout (HTML)",
            )
            + '<p class="hc-help">The player works offline: open the file on your phone, '
            "tap Start. Nothing is saved on this server.</p>"
        )


def summary_html(routine) -> str:
    """The routine as a short numbered list for a phone: name, dose, time; then what was
    left out and why, and the notes."""
    from hipcourse.content.catalog import load_catalog
    from hipcourse.models.routine import format_duration
    from hipcourse.views.routine_html import dose_text

    cat, e = load_catalog(), html.escape
    items = "".join(
        f"<li><b>{e(cat.stretch(st.stretch_id).name)}</b><br>{e(dose_text(st))} · "
        f"{e(st.position)} · {e(format_duration(st.duration_s))}</li>"
        for st in routine.steps
    )
    out = [
        f"<div class='hc-total'><b>{len(routine.steps)} stretches, "
        f"{e(format_duration(routine.total_s))}</b> of {routine.request.minutes} min</div>"
    ]
    if routine.message:
        out.append(f"<p><b>{e(routine.message)}</b></p>")
    if items:
        out.append(f"<ol class='hc-steps'>{items}</ol>")
    if routine.excluded:
        left = "".join(
            f"<li>{e(cat.stretch(x.stretch_id).name)}: {e(x.reason)}</li>" for x in routine.excluded
        )
        out.append(
            f"<details class='hc-excluded'><summary>Left out ({len(routine.excluded)})"
            f"</summary><ul>{left}</ul></details>"
        )
    if routine.notes:
        out.append(
            "<ul class='hc-help'>" + "".join(f"<li>{e(n)}</li>" for n in routine.notes) + "</ul>"
        )
    return "".join(out)


def routine_app(**options) -> RoutineApp:
    """The routine app (see :class:`RoutineApp`): what `hipcourse app` shows."""
    return RoutineApp(**options)


__all__ = [
    "RoutineApp",
    "routine_app",
    "journal_levels",
    "summary_html",
    "APP_ENV_VAR",
    "JOURNAL_ENV_VAR",
]
