"""HTML blocks a lesson displays: HTML for the notebook, plain text for nbval and readers."""

from __future__ import annotations

import html


class HTMLBlock:
    """A block of HTML with a plain-text fallback (what nbval compares)."""

    def __init__(self, html_text: str, text: str):
        self._html = html_text
        self._text = text

    def _repr_html_(self) -> str:
        return self._html

    def __repr__(self) -> str:
        return self._text


def _table(head, rows) -> str:
    th = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return (
        f'<table class="hipcourse-table"><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>'
    )
