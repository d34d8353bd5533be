"""One idea per slide: how a lesson's cells are laid out as reveal.js slides.

A lesson's sections start new slides (their heading cells say ``slide_type: slide``);
inside a section every cell becomes a slide of its own (a vertical "subslide" under the
section), and a long Markdown cell is cut at its paragraphs into slides of at most
:data:`MAX_CHARS` characters, so prose, a figure and a table never share a 1280 x 720
slide. Code cells without output (the lesson's setup) are skipped.
"""

from __future__ import annotations

import copy
import re

from hipcourse.build.common import cell_source

#: Characters of Markdown on one slide (about ten lines of the slides' 24 px text).
MAX_CHARS = 420
_HEADING = re.compile(r"^#{1,6} ")


def _chunks(text: str) -> list[str]:
    """``text`` cut at blank lines into pieces of at most MAX_CHARS (a longer paragraph
    stays whole; a list stays with the sentence that introduces it when both fit)."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    out: list[str] = []
    for para in paragraphs:
        if out and len(out[-1]) + len(para) + 2 <= MAX_CHARS and not _HEADING.match(para):
            out[-1] += "\n\n" + para
        elif out and _HEADING.match(out[-1].splitlines()[-1]) and "\n" not in out[-1]:
            out[-1] += "\n\n" + para  # a heading never stands alone on a slide
        else:
            out.append(para)
    return out


_CARD = '<div class="hipcourse-card"'
_ITEM = re.compile(r"^(?:\d+\.|[-*]) ", re.M)


def _list_chunks(text: str) -> list[str]:
    """A long Markdown list cut between items (an ordered list keeps its numbers)."""
    starts = [m.start() for m in _ITEM.finditer(text)]
    if len(starts) < 2:
        return [text]
    ends = starts[1:] + [len(text)]
    head = text[: starts[0]]
    items = [text[a:b] for a, b in zip(starts, ends, strict=True)]
    out = [head] if head.strip() else []
    for item in items:
        if out and len(out[-1]) + len(item) <= MAX_CHARS:
            out[-1] += item
        else:
            out.append(item)
    return [o.strip() for o in out]


#: Table rows on one slide (a long table continues on the next slide, header repeated).
ROWS_PER_SLIDE = 5


def _split_table(html_text: str) -> list[str]:
    m = re.search(r"(?s)^(.*?<tbody[^>]*>)(.*)(</tbody>.*)$", html_text)
    if not m:
        return [html_text]
    rows = re.findall(r"(?s)<tr\b.*?</tr>", m.group(2))
    if len(rows) <= ROWS_PER_SLIDE:
        return [html_text]
    return [
        m.group(1) + "".join(rows[i : i + ROWS_PER_SLIDE]) + m.group(3)
        for i in range(0, len(rows), ROWS_PER_SLIDE)
    ]


def _split_cards(cell) -> list:
    """A cell whose HTML output holds several stretch or self-test cards, as one cell per
    card (the text before the first card, the ladder's header, on a slide of its own)."""
    outs = cell.get("outputs", [])
    if len(outs) != 1 or "text/html" not in outs[0].get("data", {}):
        return [cell]
    text = outs[0]["data"]["text/html"]
    text = "".join(text) if isinstance(text, list) else text
    parts = re.split(f"(?={re.escape(_CARD)})", text)
    if len(parts) < 3:
        tables = _split_table(text) if text.count("<table") == 1 else [text]
        return [cell] if len(tables) == 1 else _as_cells(cell, tables)
    head, cards = parts[0], parts[1:]
    opener = head[: head.index(">") + 1] if head.startswith("<div") else ""
    cards[-1] = cards[-1].rstrip()
    if opener and cards[-1].endswith("</div>"):
        cards[-1] = cards[-1][: -len("</div>")]
    pieces = (
        [head + ("</div>" if opener else "")] if re.sub(r"<[^>]+>", "", head).strip() else []
    ) + [opener + card + ("</div>" if opener else "") for card in cards]
    return _as_cells(cell, pieces)


def _as_cells(cell, pieces: list[str]) -> list:
    """Copies of a code cell, one per piece of its HTML output, each on its own slide."""
    cells = []
    for i, piece in enumerate(pieces):
        part = copy.deepcopy(cell)
        part["id"] = f"{cell.get('id', 'cell')}-card{i}"
        part["outputs"][0]["data"] = {
            "text/html": piece,
            "text/plain": re.sub(r"<[^>]+>", " ", piece)[:200],
        }
        part["metadata"]["slideshow"] = {"slide_type": "subslide"}
        cells.append(part)
    return cells


def one_idea_per_slide(nb):
    """Re-lay the cells of a slides view (see the module docstring); returns ``nb``."""
    cells = []
    for cell in nb.cells:
        meta = cell.setdefault("metadata", {})
        kind = (meta.get("slideshow") or {}).get("slide_type")
        if kind in ("notes", "skip"):
            cells.append(cell)
            continue
        if cell.get("cell_type") == "code":
            shows = [
                o
                for o in cell.get("outputs", [])
                if o.get("output_type") != "stream" or o.get("name") != "stderr"
            ]
            meta["slideshow"] = {"slide_type": kind or ("subslide" if shows else "skip")}
            cells.extend(_split_cards(cell) if shows else [cell])
            continue
        pieces = (
            [
                c
                for chunk in _chunks(cell_source(cell))
                for c in (_list_chunks(chunk) if len(chunk) > MAX_CHARS else [chunk])
            ]
            if cell.get("cell_type") == "markdown"
            else []
        )
        if len(pieces) <= 1:
            meta["slideshow"] = {"slide_type": kind or "subslide"}
            cells.append(cell)
            continue
        for i, piece in enumerate(pieces):
            part = copy.deepcopy(cell)
            part["source"] = piece
            part["id"] = f"{cell.get('id', 'cell')}-{i}"
            part["metadata"]["slideshow"] = {
                "slide_type": (kind or "subslide") if i == 0 else "subslide"
            }
            cells.append(part)
    nb.cells = cells
    return nb
