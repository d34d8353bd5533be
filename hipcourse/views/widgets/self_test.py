"""The self-test form: record a result, see suggested rungs and progress."""

from __future__ import annotations

import html

import ipywidgets as W

from hipcourse.views.widgets.common import guarded, message_box, show_message  # noqa: F401


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
        self.test = W.Dropdown(
            options=[(t.name, t.id) for t in self._tests.tests],
            description="Self-test",
            style=wide,
            layout=W.Layout(width="34em"),
        )
        self.side = W.ToggleButtons(
            options=list(assessment.SIDES), value="left", description="Side", style=wide
        )
        self.value = W.Text(
            value="",
            description="Value",
            placeholder="a number",
            style=wide,
            layout=W.Layout(width="16em"),
        )
        self.picture = W.Dropdown(description="Picture", style=wide, layout=W.Layout(width="34em"))
        self.unit = W.HTML()
        self.date = W.Text(
            value=(today or _dt.date.today()).isoformat(),
            description="Date",
            placeholder="YYYY-MM-DD",
            style=wide,
            layout=W.Layout(width="16em"),
        )
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
        self.box = W.VBox(
            [
                self.test,
                self.how,
                self.side,
                W.HBox([self.value, self.unit]),
                self.picture,
                self.date,
                self.note,
                self.save_button,
                self.message,
                W.HTML("<b>Suggested starting rungs</b>"),
                self.rungs,
                W.HTML("<b>Progress</b>"),
                self.summary,
                self.chart,
            ]
        )
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
        self.unit.value = (
            ""
            if is_choice
            else f"{'degrees' if t.unit == 'deg' else 'cm'} ({t.min:g} to {t.max:g})"
        )
        esc = html.escape
        steps = "".join(f"<li>{esc(s)}</li>" for s in t.steps)
        cautions = "".join(f"<li>{esc(c)}</li>" for c in t.cautions)
        caveat = f" <i>({esc(t.normal.caveat)})</i>" if t.normal.caveat else ""
        self.how.value = (
            f"<ol>{steps}</ol><p><b>Record:</b> {esc(t.record)}</p>"
            f"<p><b>Normal:</b> {esc(t.normal.text)} ({esc(t.normal.source)}){caveat}</p>"
            f"<p><b>How far to trust it:</b> {esc(t.reliability.text)}</p>"
            + (f"<p><b>Cautions:</b></p><ul>{cautions}</ul>" if cautions else "")
        )
        self.refresh()

    def refresh(self) -> None:
        """Re-read the journal: suggested rungs, one-line summaries, the chart."""
        import io

        from hipcourse.content.catalog import load_catalog
        from hipcourse.models import assessment
        from hipcourse.views import plots

        records = self._records()
        cat = load_catalog()
        esc = html.escape
        sugg = assessment.suggest(records) if records else {}
        rows = "".join(
            f"<tr><td>{esc(cat.group(g).name)}</td><td>{s.level} of {s.ladder_length}</td>"
            f"<td>{esc(cat.ladder(g)[s.level - 1].name)}</td><td>{esc(s.reason)}</td></tr>"
            for g, s in sugg.items()
        )
        self.rungs.value = (
            f"<table><tr><th>Group</th><th>Rung</th><th>Stretch</th><th>Why</th></tr>{rows}</table>"
            if rows
            else "<p>No results yet: every group starts on rung 1.</p>"
        )
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
            show_message(
                self.message,
                f"Saved: {t.name}, {rec.side}, "
                f"{t.format_value(rec.value)} on {rec.date.isoformat()}.",
                "ok",
            )

    def save(self):
        """Check and store the form's result; returns the new journal record."""
        from hipcourse.models import journal
        from hipcourse.models.assessment import check_result

        t = self._tests.test(self.test.value)
        value = self.picture.value if t.unit == "choice" else self.value.value.strip()
        check_result(
            t.id, self.side.value, value, self.date.value.strip(), self.note.value, today=self.today
        )  # before the journal file is created or opened
        with journal.Journal(self.path, today=self.today) as j:
            rec = j.add_assessment(
                t.id, self.side.value, value, date=self.date.value.strip(), note=self.note.value
            )
        self.refresh()
        return rec


def self_test_form(journal_path, *, today=None) -> SelfTestForm:
    """The self-test form over the journal at ``journal_path`` (see :class:`SelfTestForm`)."""
    return SelfTestForm(journal_path, today=today)
