"""The routine builder's form: what the learner asks for, as widgets set on the builder."""

from __future__ import annotations

import ipywidgets as W

from hipcourse.views.widgets.common import message_box


def add_form(b, *, levels=None, minutes: int = 15, session: str = "focused", focus=()) -> None:
    """Create the form's widgets as attributes of the builder ``b`` (``b.minutes``,
    ``b.session``, ``b.focus``, ``b.levels``, ``b.limits``, ``b.equipment``,
    ``b.restrictions``, ``b.operated_side``, ``b.sides``, ``b.older``, ``b.get_ready``,
    ``b.name``, ``b.date``, ``b.message``)."""
    from hipcourse.content.catalog import GROUP_IDS, load_catalog
    from hipcourse.models import routine as R

    cat = load_catalog()
    lay = lambda w: W.Layout(width=w)  # noqa: E731
    wide = {"description_width": "9em"}
    # ---- the form
    b.minutes = W.IntText(value=minutes, description="Minutes", style=wide, layout=lay("16em"))
    b.minutes.add_class("hipcourse-minutes")
    b.session = W.ToggleButtons(
        options=[("Focused", "focused"), ("Cool-down", "cool-down"), ("Desk break", "desk-break")],
        value=session,
        description="Session",
        style=wide,
    )
    b.session.add_class("hipcourse-session")
    b.focus = W.SelectMultiple(
        options=[(f"Group: {g.name}", g.id) for g in cat.groups]
        + [(f"Aches: {a.name}", a.id) for a in cat.aches],
        value=tuple(focus),
        rows=7,
        description="Focus",
        style=wide,
        layout=lay("30em"),
    )
    b.focus.add_class("hipcourse-focus")
    levels = dict(levels or {})
    b.levels = {
        g: W.IntSlider(
            value=int(levels.get(g, 1)),
            min=1,
            max=len(cat.ladder(g)),
            description=cat.group(g).name,
            style=wide,
            layout=lay("26em"),
        )
        for g in GROUP_IDS
    }
    b.limits = {
        k: W.Checkbox(value=False, description=label, indent=False, layout=lay("10em"))
        for k, label in (
            ("no-floor", "No floor"),
            ("no-kneeling", "No kneeling"),
            ("chair-only", "Chair only"),
        )
    }
    b.equipment = W.SelectMultiple(
        options=list(R.EQUIPMENT),
        value=tuple(R.EQUIPMENT),
        rows=5,
        description="Equipment",
        style=wide,
        layout=lay("22em"),
    )
    b.restrictions = W.SelectMultiple(
        options=[(r.name, r.id) for r in cat.restrictions],
        value=(),
        rows=6,
        description="Restrictions",
        style=wide,
        layout=lay("30em"),
    )
    b.restrictions.add_class("hipcourse-restrictions")
    b.operated_side = W.ToggleButtons(
        options=[("Not known / both", "both"), ("Left", "left"), ("Right", "right")],
        value="both",
        description="Operated or injured side",
        style=wide,
    )
    b.operated_side.add_class("hipcourse-operated-side")
    b.sides = W.ToggleButtons(
        options=[("Both sides", "both"), ("Left only", "left"), ("Right only", "right")],
        value="both",
        description="Sides",
        style=wide,
    )
    b.older = W.Checkbox(value=False, description="Older adult (longer holds)", indent=False)
    b.get_ready = W.IntSlider(
        value=R.GET_READY_S,
        min=R.GET_READY_RANGE_S[0],
        max=R.GET_READY_RANGE_S[1],
        description="Get ready (s)",
        style=wide,
        layout=lay("26em"),
    )
    b.name = W.Text(value="", description="Your name", style=wide, layout=lay("26em"))
    b.name.add_class("hipcourse-name")
    b.date = W.Text(
        value="", description="Date", placeholder="blank: today", style=wide, layout=lay("26em")
    )
    b.message = message_box()
    b.message.add_class("hipcourse-message")
