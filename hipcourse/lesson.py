"""Rendering helpers the lesson notebooks share (views: no domain logic).

One function renders the safety note, one a muscle table, one a stretch card, one a
ladder, so no notebook copies cell blocks from another.
"""
from __future__ import annotations

import html
from functools import lru_cache
from pathlib import Path

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


def _table(head, rows) -> str:
    th = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f'<table class="hipcourse-table"><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>'


def group_overview() -> HTMLBlock:
    """The five muscle groups: where they are, what they do, how many rungs."""
    cat = load_catalog()
    rows, text = [], []
    for g in cat.groups:
        n = len(cat.ladder(g.id))
        muscles = ", ".join(m.name for m in cat.muscles_of(g.id))
        rows.append([html.escape(g.name), html.escape(g.where), html.escape(g.summary),
                     html.escape(muscles), str(n)])
        text.append(f"{g.name}: {n} rungs")
    return HTMLBlock(_table(["Group", "Where", "What it does", "Muscles", "Rungs"], rows),
                     "\n".join(text))


def ladder_summary() -> HTMLBlock:
    """All five ladders side by side: rung number by group, with each rung's position."""
    cat = load_catalog()
    ladders = {g.id: cat.ladder(g.id) for g in cat.groups}
    depth = max(len(v) for v in ladders.values())
    rows, text = [], []
    for level in range(1, depth + 1):
        cells = [str(level)]
        for g in cat.groups:
            lad = ladders[g.id]
            if level <= len(lad):
                s = lad[level - 1]
                cells.append(f"{html.escape(s.name)}<br><small>{s.position}</small>")
                text.append(f"{g.id} {level}: {s.name} ({s.position})")
            else:
                cells.append("")
        rows.append(cells)
    return HTMLBlock(_table(["Rung"] + [g.name for g in cat.groups], rows), "\n".join(text))


NOTEBOOKS_DIR = Path(__file__).resolve().parent.parent / "notebooks"


def lesson_info(path) -> dict:
    """Title, time and learning objectives of one lesson notebook (read as plain JSON).

    The lesson skeleton puts the title in the first ``# `` heading, the time in a line
    starting ``**Time:**`` and the objectives as a bullet list after ``**You will learn``.
    """
    import json
    import re

    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    title = re.search(r"^# (.+)$", text, re.M)
    minutes = re.search(r"\*\*Time:\*\*[^0-9]*(\d+)", text)
    learn = re.search(r"\*\*You will learn[^\n]*\n((?:\s*[-*] .+\n?)+)", text)
    goals = [re.sub(r"^\s*[-*] ", "", x).strip() for x in learn.group(1).splitlines()
             if x.strip()] if learn else []
    return {"file": Path(path).name, "title": title.group(1).strip() if title else Path(path).stem,
            "minutes": int(minutes.group(1)) if minutes else None, "learn": goals}


def course_map(folder=None) -> HTMLBlock:
    """The course map, read from the lesson notebooks themselves (so it never goes stale)."""
    folder = Path(folder) if folder else NOTEBOOKS_DIR
    infos = [lesson_info(p) for p in sorted(folder.glob("[0-9][0-9]_*.ipynb"))]
    rows = [[html.escape(i["file"].removesuffix(".ipynb")), html.escape(i["title"]),
             "<br>".join(html.escape(g) for g in i["learn"]),
             f"{i['minutes']} min" if i["minutes"] else ""] for i in infos]
    text = "\n".join(f"{i['file']}: {i['title']}" for i in infos)
    return HTMLBlock(_table(["Lesson", "Title", "You will learn", "Time"], rows), text)


# ---------------------------------------------------------------- stretch cards and ladders
