"""Stretch cards and ladders: what a learner reads to do each stretch."""

from __future__ import annotations

import html
from pathlib import Path

from hipcourse.content.catalog import GROUP_IDS, load_catalog
from hipcourse.kit.resources import data_uri, figure_path, figures_dir
from hipcourse.models.restrictions import grouped_reasons
from hipcourse.views.body_cards import render_img_html
from hipcourse.views.html_blocks import HTMLBlock, _table  # noqa: F401

# ---------------------------------------------------------------- stretch cards and ladders
#: Where ``hipcourse figures`` writes the course figures (the pose drawings are under
#: ``stretches/``). Resolved from the package, so it works from any working folder.
FIGURES_DIR = figures_dir()

#: Inline styles only (no <style> block), so a card looks the same in JupyterLab, in an
#: untrusted notebook, in an exported handout and on paper; cards never split across pages.
_CARD_STYLE = (
    "border:1px solid #999999;border-radius:6px;padding:0.5em 0.9em;"
    "margin:0.8em 0;max-width:60em;break-inside:avoid;page-break-inside:avoid"
)
_IMG_STYLE = "width:300px;max-width:100%;height:auto;border:1px solid #dddddd"
_HOW_TO_CHOOSE = (
    "How to choose your rung: try the rungs from the easiest up and work at the one where "
    "you feel the stretch best, not the hardest one you can get into. In a focused session, "
    "climb a few rungs to prepare for the harder positions; in a cool-down or a quick "
    "break, stay on the easy rungs."
)


def pose_figure_file(stretch_id: str, figures_dir=None) -> tuple[Path, str]:
    """The pose drawing of a stretch and its alt text: ``(png_path, alt)``.

    Raises
    ------
    FileNotFoundError
        If ``<figures>/stretches/<id>.png`` or its ``.alt.txt`` is missing or the alt text
        is empty; the message says which file and how to make it (``hipcourse figures``).
    """
    png = (
        Path(figures_dir) / "stretches" / f"{stretch_id}.png"
        if figures_dir is not None
        else figure_path("stretches", f"{stretch_id}.png")
    )
    alt_file = png.with_suffix(".alt.txt")
    for p in (png, alt_file):
        if not p.is_file():
            raise FileNotFoundError(
                f"pose figure {p} is missing for stretch {stretch_id!r}; "
                "run `hipcourse figures` to draw the course figures"
            )
    alt = alt_file.read_text(encoding="utf-8").strip()
    if not alt:
        raise FileNotFoundError(
            f"alt text file {alt_file} is empty for stretch {stretch_id!r}; "
            "run `hipcourse figures` to redraw it"
        )
    return png, alt


def _data_uri(png: Path) -> str:
    return data_uri(png.read_bytes(), "image/png")


def _model_top(stretch_id: str, n: int) -> tuple[str, list[tuple[str, float, float]], str]:
    """What the musculoskeletal model says about a stretch, ready to print.

    Returns ``(model name, [(muscle, fibre strain, length change %), ...], verdict)``: the
    ``n`` muscles whose fibres the pose pulls furthest (the model's rule, see
    :mod:`hipcourse.models.musculoskeletal`) and a sentence on the group it works most.
    """
    from hipcourse.models import musculoskeletal as msk

    effect = msk.stretch_effect(stretch_id)
    rows = [
        (msk.display_name(r.muscle), float(r.fibre_strain), float(r.length_change_pct))
        for r in effect.top_muscles(n)
    ]
    cat = load_catalog()
    most = " and ".join(cat.group(g).name.lower() for g in effect.works_most)
    verdict = f"By this measure it works the {most} most"
    verdict += (
        ", as the catalog says."
        if effect.agrees
        else f"; the catalog files it under {cat.group(effect.group).name.lower()}."
    )
    if effect.model_note:
        verdict += " " + effect.model_note
    return str(msk.MODEL_NAME), rows, verdict


def _items(tag: str, items) -> str:
    li = "".join(f"<li>{html.escape(x)}</li>" for x in items)
    return f'<{tag} style="margin:0.1em 0 0.4em 1.2em;padding:0">{li}</{tag}>'


def _dose(s) -> str:
    side = "each side" if s.sides == 2 else "both legs together"
    return f"hold {s.hold_s} s × {s.reps} reps, {side}"


def _rules_out(s) -> list[str]:
    """Why the catalog's restrictions rule ``s`` out (either side), one line per reason."""
    return grouped_reasons(s, load_catalog().restrictions)


def _check_stretch_id(stretch_id):
    from hipcourse.kit.checks import choice

    return choice("stretch_id", stretch_id, [s.id for s in load_catalog().stretches])


def card_text(stretch_id: str) -> str:
    """The one-line plain-text form of a card: ``Rung 2 of 5: Name [id]``."""
    cat = load_catalog()
    s = cat.stretch(_check_stretch_id(stretch_id))
    return f"Rung {s.level} of {len(cat.ladder(s.group))}: {s.name} [{s.id}]"


def stretch_card(stretch_id: str, *, figures_dir=None, top_n: int = 3) -> HTMLBlock:
    """One stretch as a printable card: pose figure, how to do it, safety and the model.

    Shows the name, the rung (N of M), position and equipment, the pose drawing (embedded
    as a data URI with its alt text, from ``figures/stretches/<id>.png``), set-up steps,
    cues, common mistakes, what to feel, how strong (0-10) and breathing, an easier and a
    harder option, how to come out, the dose, cautions, the restrictions that rule it out,
    notes, and the ``top_n`` muscles the musculoskeletal model lengthens most.

    Parameters
    ----------
    stretch_id : str
        A catalog stretch id, e.g. ``"hamstring-chair-hinge"``.
    figures_dir : path, optional
        Folder holding ``stretches/<id>.png``; default the course's ``figures/``.
    top_n : int
        How many lengthened muscles to list (1-10).

    Returns
    -------
    HTMLBlock
        HTML for notebooks and handouts; plain text ``Rung N of M: Name [id]``.

    Raises
    ------
    InputError
        For an unknown ``stretch_id`` or a bad ``top_n``.
    FileNotFoundError
        If the pose figure or its alt text is missing.
    """
    from hipcourse.kit.checks import integer

    top_n = integer("top_n", top_n, 1, 10)
    cat = load_catalog()
    s = cat.stretch(_check_stretch_id(stretch_id))
    png, alt = pose_figure_file(s.id, figures_dir)
    model, top, verdict = _model_top(s.id, top_n)
    e = html.escape
    rungs = len(cat.ladder(s.group))
    parts = [
        f'<div class="hipcourse-card" style="{_CARD_STYLE}">',
        f'<p style="margin:0.2em 0"><strong>Rung {s.level} of {rungs}: {e(s.name)}</strong> '
        f'<small style="color:#555555">[{e(s.id)}]</small></p>',
        f'<p style="margin:0 0 0.4em 0"><small>{e(cat.group(s.group).name)} · position: '
        f"{e(s.position)} · equipment: {e(', '.join(s.equipment))} · {e(_dose(s))}</small></p>",
        '<div style="display:flex;flex-wrap:wrap;gap:1em;align-items:flex-start">',
        f'<img src="{_data_uri(png)}" alt="{e(alt)}" style="{_IMG_STYLE}">',
        *render_img_html(s.id, figures_dir or FIGURES_DIR),
        '<div style="flex:1;min-width:18em">',
        "<strong>Set-up</strong>",
        _items("ol", s.setup),
        "<strong>Cues</strong>",
        _items("ul", s.cues),
        "<strong>Common mistakes</strong>",
        _items("ul", s.mistakes),
        f'<p style="margin:0.2em 0"><strong>What to feel:</strong> {e(s.feel)}</p>',
        f'<p style="margin:0.2em 0"><strong>How strong:</strong> {s.intensity[0]}–'
        f"{s.intensity[1]} out of 10: mild tension, never pain. <strong>Breathing:</strong> "
        f"{e(s.breathing)}</p>",
        f'<p style="margin:0.2em 0"><strong>Easier:</strong> {e(s.easier)} '
        f"<strong>Harder:</strong> {e(s.harder)}</p>",
        "<strong>Coming out</strong>",
        _items("ol", s.come_out),
        "</div></div>",
        "<strong>Cautions</strong>",
        _items("ul", s.cautions),
    ]
    ruled = _rules_out(s)
    parts.append(
        "<strong>Ruled out by</strong>"
        + (
            _items("ul", ruled)
            if ruled
            else '<p style="margin:0.1em 0 0.4em 0">no listed restriction rules it out '
            "(the safety note still applies).</p>"
        )
    )
    if s.notes:
        parts.append(f'<p style="margin:0.2em 0"><strong>Note:</strong> {e(s.notes)}</p>')
    lengthened = "; ".join(
        f"{e(name)} {strain:.2f} ({round(pct):+d} %)" for name, strain, pct in top
    )
    parts.append(
        f'<p style="margin:0.2em 0"><strong>What the model says:</strong> the fibres '
        f"pulled furthest from their standing length, in optimal fibre lengths (and "
        f"the change of muscle-tendon length): {lengthened}. {e(verdict)} "
        f"<small>({e(model)})</small></p>"
    )
    parts.append("</div>")
    return HTMLBlock("\n".join(parts), card_text(s.id))


def ladder(group: str, *, figures_dir=None, top_n: int = 3) -> HTMLBlock:
    """Every catalog stretch of ``group`` as cards, easiest rung first.

    The cards follow a one-paragraph reminder of how to choose a rung. The plain-text
    form has a heading line, then one ``Rung N of M: Name [id]`` line per rung in order,
    which is what the lesson tests compare with the catalog.

    Raises
    ------
    InputError
        If ``group`` is not one of the five group ids.
    """
    from hipcourse.kit.checks import choice

    cat = load_catalog()
    group = choice("group", group, GROUP_IDS)
    cards = [stretch_card(s.id, figures_dir=figures_dir, top_n=top_n) for s in cat.ladder(group)]
    head = (
        f'<p style="break-after:avoid;page-break-after:avoid">'
        f"<strong>{html.escape(cat.group(group).name)}: {len(cards)} rungs, easiest "
        f"first.</strong> {html.escape(_HOW_TO_CHOOSE)}</p>"
    )
    text = [f"{cat.group(group).name} ladder, easiest first:"] + [repr(c) for c in cards]
    return HTMLBlock(
        f'<div class="hipcourse-ladder">{head}'
        + "".join(c._repr_html_() for c in cards)
        + "</div>",
        "\n".join(text),
    )
