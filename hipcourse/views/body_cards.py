"""The whole-body renders on stretch cards: downscaled how-to pictures with their alt text.

``hipcourse figures`` writes ``figures/poses/<id>-howto.png`` (MuJoCo renders of each
stretch's whole-body pose, :mod:`hipcourse.views.body_figures`); a card shows it next to the
stick figure, downscaled so that a lesson with five cards stays small. Only Pillow is needed
here: showing a card never loads MuJoCo.
"""

from __future__ import annotations

import html
from functools import lru_cache
from pathlib import Path

from hipcourse.kit.resources import data_uri
from hipcourse.kit.resources import figures_dir as figures_dir_default

_IMG_STYLE = "width:300px;max-width:100%;height:auto;border:1px solid #dddddd"


#: Width of the whole-body render on a card [px] (downscaled from ``figures/poses``).
RENDER_CARD_PX = 300


@lru_cache(maxsize=64)
def _render_thumb(path: str, mtime: float) -> bytes:
    import io

    from PIL import Image

    with Image.open(path) as im:
        im = im.convert("RGB")
        im.thumbnail((RENDER_CARD_PX, 10 * RENDER_CARD_PX), Image.LANCZOS)
        # a 128-colour palette: a third of the bytes, no visible change at card size
        im = im.quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        buf = io.BytesIO()
        im.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def render_figure(stretch_id: str, figures_dir=None) -> tuple[bytes, str] | None:
    """The whole-body how-to render of a stretch, downscaled for a card, and its alt text.

    ``None`` when ``<figures>/poses/<id>-howto.png`` or its alt text is missing (the card
    then shows the stick figure alone).
    """
    folder = Path(figures_dir) if figures_dir is not None else figures_dir_default()
    png = folder / "poses" / f"{stretch_id}-howto.png"
    alt_file = folder / "poses" / f"{stretch_id}-howto.alt.txt"
    if not (png.is_file() and alt_file.is_file()):
        return None
    alt = alt_file.read_text(encoding="utf-8").strip()
    return (_render_thumb(str(png), png.stat().st_mtime), alt) if alt else None


def render_img_html(stretch_id: str, figures_dir=None) -> list[str]:
    """``[<img ...>]`` of the how-to render for a stretch card (``[]`` if there is none)."""
    found = render_figure(stretch_id, figures_dir)
    if found is None:
        return []
    data, alt = found
    return [
        f'<img src="{data_uri(data, "image/png")}" alt="{html.escape(alt)}" style="{_IMG_STYLE}">'
    ]
