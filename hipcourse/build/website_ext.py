"""A small Sphinx extension for the course site (loaded by :mod:`hipcourse.build.website`).

It mends what myst-nb and the search indexer do to the lessons, in the doctree, before
any page is written:

- **alt text**: myst-nb names an output image after the SHA-256 of its bytes and drops the
  alt text stored in the output's metadata; :mod:`hipcourse.build.website` writes a map
  ``sha256 -> alt`` (``_hipcourse_alt.json`` in the source folder) and this extension puts
  each image's alt text back;
- **references**: in a lesson's "References" section each numbered item gets an anchor
  (``ref-3``), DOIs and PubMed Central ids become links, and every ``[3]`` or ``[3–6]`` in
  the text links to its item;
- **search**: words in HTML outputs (the course's tables) are separated at cell and line
  edges, so the search index holds "iliacus" and "psoas", not "iliacuspsoas".
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from docutils import nodes

ALT_MAP_FILE = "_hipcourse_alt.json"
#: ``[3]``, ``[3, 5]``, ``[3–6]``, ``[1; 4]`` (en dash or hyphen) as printed in the lessons.
CITATION = re.compile(r"\[(\d{1,2}(?:\s*[–\-,;]\s*\d{1,2})*)\]")
DOI = re.compile(r"\bdoi[:\s]\s*(10\.\d{4,9}/[^\s,;)\]]+?)(?=[.,;)\]]?(?:\s|$))", re.IGNORECASE)
PMC = re.compile(r"\b(PMC\d{5,9})\b")
_CELL_EDGE = re.compile(r"(</t[dh]>|</tr>|</li>|</p>|</h\d>|</caption>|<br\s*/?>)", re.IGNORECASE)
_SKIP_PARENTS = (
    nodes.literal,
    nodes.literal_block,
    nodes.reference,
    nodes.raw,
    nodes.title,
    nodes.FixedTextElement,
)


def _alt_map(app) -> dict:
    if not hasattr(app.env, "_hipcourse_alt"):
        try:
            app.env._hipcourse_alt = json.loads(
                (Path(app.srcdir) / ALT_MAP_FILE).read_text(encoding="utf-8")
            )
        except (OSError, ValueError):
            app.env._hipcourse_alt = {}
    return app.env._hipcourse_alt


def carry_alt_text(app, doctree) -> None:
    """Give each output image the alt text its notebook output carried."""
    alts = _alt_map(app)
    for image in doctree.findall(nodes.image):
        stem = Path(str(image.get("uri", ""))).stem
        if stem in alts and not image.get("alt"):
            image["alt"] = alts[stem]


def _references_list(doctree):
    for section in doctree.findall(nodes.section):
        if (
            section.children
            and isinstance(section[0], nodes.title)
            and section[0].astext().strip().lower() == "references"
        ):
            for child in section.children:
                if isinstance(child, nodes.enumerated_list):
                    return child
    return None


def _split_text(text: str, pattern: re.Pattern, make) -> list[nodes.Node] | None:
    """``text`` as Text and reference nodes, one reference per match; None if no match."""
    parts, last = [], 0
    for m in pattern.finditer(text):
        parts.append(nodes.Text(text[last : m.start()]))
        parts.extend(make(m))
        last = m.end()
    if not parts:
        return None
    parts.append(nodes.Text(text[last:]))
    return [p for p in parts if not (isinstance(p, nodes.Text) and not p.astext())]


def _replace_in_text(root, pattern: re.Pattern, make) -> None:
    for text in list(root.findall(nodes.Text)):
        parent = text.parent
        if parent is None or isinstance(parent, _SKIP_PARENTS):
            continue
        if any(
            isinstance(a, (nodes.reference, nodes.literal_block, nodes.raw))
            for a in _ancestors(parent)
        ):
            continue
        new = _split_text(text.astext(), pattern, make)
        if new is not None:
            parent.replace(text, new)


def _ancestors(node):
    while node is not None:
        yield node
        node = node.parent


def _numbers(spec: str) -> list[int]:
    out: list[int] = []
    for part in re.split(r"\s*[,;]\s*", spec):
        ends = re.split(r"\s*[–\-]\s*", part)
        if len(ends) == 2 and ends[0].isdigit() and ends[1].isdigit():
            out.extend(range(int(ends[0]), int(ends[1]) + 1))
        elif part.strip().isdigit():
            out.append(int(part))
    return out


def link_references(app, doctree) -> None:
    """Anchors on reference items, DOI and PMC links, and ``[n]`` linked to item n."""
    refs = _references_list(doctree)
    if refs is None:
        return
    count = 0
    for number, item in enumerate(refs.children, start=int(refs.get("start", 1))):
        if isinstance(item, nodes.list_item):
            item["ids"].append(f"ref-{number}")
            count = number
    _replace_in_text(
        refs,
        DOI,
        lambda m: [
            nodes.Text("doi:"),
            nodes.reference(m.group(1), m.group(1), refuri=f"https://doi.org/{m.group(1)}"),
        ],
    )
    _replace_in_text(
        refs,
        PMC,
        lambda m: [
            nodes.reference(
                m.group(1),
                m.group(1),
                refuri=f"https://www.ncbi.nlm.nih.gov/pmc/articles/{m.group(1)}/",
            )
        ],
    )

    def cite(m):
        wanted = _numbers(m.group(1))
        if not wanted or max(wanted) > count:
            return [nodes.Text(m.group(0))]  # not a citation of this lesson's list
        first = wanted[0]
        return [
            nodes.reference(m.group(0), m.group(0), refuri=f"#ref-{first}", classes=["hc-cite"])
        ]

    body = [n for n in doctree.children]
    for node in body:
        _replace_in_text(node, CITATION, cite)


def space_table_cells(app, doctree) -> None:
    """Whitespace after every table cell, row, list item and line break of raw HTML."""
    for raw in list(doctree.findall(nodes.raw)):
        if "html" not in raw.get("format", ""):
            continue
        text = raw.astext()
        spaced = _CELL_EDGE.sub(r"\1\n", text)
        if spaced != text:
            raw.replace_self(
                nodes.raw(spaced, spaced, format=raw["format"], classes=raw.get("classes", []))
            )


def setup(app):
    app.connect("doctree-read", carry_alt_text)
    app.connect("doctree-read", link_references)
    app.connect("doctree-read", space_table_cells)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
