"""Rendering helpers the lesson notebooks share (views: no domain logic).

One function renders the safety note, one a muscle table, one a stretch card, one a
ladder, so no notebook copies cell blocks from another.
"""
from __future__ import annotations

import html
from functools import lru_cache

from hipcourse.catalog import DATA_DIR, GROUP_IDS, load_catalog


class HTMLBlock:
    """A block of HTML with a plain-text fallback (what nbval compares)."""

    def __init__(self, html_text: str, text: str):
        self._html = html_text
        self._text = text

    def _repr_html_(self) -> str:
        return self._html

    def __repr__(self) -> str:
        return self._text


@lru_cache(maxsize=1)
def safety_text() -> str:
    """The course's safety note (Markdown), single-sourced in ``data/safety.md``."""
    return (DATA_DIR / "safety.md").read_text(encoding="utf-8").strip()


def safety_note():
    """Display the safety note (every lesson shows it near the top)."""
    from IPython.display import Markdown

    return Markdown("> " + safety_text().replace("\n", "\n> "))


def muscle_table(group: str | None = None) -> HTMLBlock:
    """A table of muscles: group, origin, insertion, joints crossed, main actions."""
    cat = load_catalog()
    groups = [group] if group else list(GROUP_IDS)
    rows, text = [], []
    for g in groups:
        for m in cat.muscles_of(g) if group else [m for m in cat.muscles if m.group == g]:
            joints = " + ".join(m.joints)
            rows.append(
                "<tr>" + "".join(f"<td>{html.escape(x)}</td>" for x in (
                    m.name, ", ".join(cat.group(x).name for x in m.groups), m.origin,
                    m.insertion, joints, "; ".join(m.actions))) + "</tr>")
            text.append(f"{m.name}: {joints}")
    head = "".join(f"<th>{h}</th>" for h in ("Muscle", "Group", "Origin", "Insertion",
                                              "Joints crossed", "Main actions"))
    table = (f'<table class="hipcourse-table"><thead><tr>{head}</tr></thead>'
             f'<tbody>{"".join(rows)}</tbody></table>')
    return HTMLBlock(table, "\n".join(text))


# ---------------------------------------------------------------- stretch cards and ladders
