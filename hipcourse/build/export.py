"""Turning an executed lesson into pages: the course site's staging, the slides (nbconvert
exporters reused per thread), the audit of each page (network hosts, alt text, embedded
images) and PDF with Chromium."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

from hipcourse.build.common import COURSE_NAME, PLACEHOLDER_ALT, first_line, write_atomic
from hipcourse.build.notebook import carry_alt_text, slides_view
from hipcourse.kit.resources import TEMPLATES_DIR

_EXPORTER_SETS: list[dict] = []  # idle sets; a worker takes one and gives it back
_EXPORTER_LOCK = threading.Lock()


def _new_exporters() -> dict:
    """A slides exporter (compiling its templates costs about half a second, so sets are
    reused; nbconvert exporters register filters on every call, so one set serves one
    thread at a time). The lessons' pages come from the course site (``website``)."""
    from nbconvert import SlidesExporter

    common = dict(
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        extra_template_paths=[str(TEMPLATES_DIR / "shared")],
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
        embed_images=True,
    )
    ex = {
        "slides": SlidesExporter(
            template_name="hipcourse_slides",
            exclude_input=True,
            reveal_url_prefix="reveal.js",
            **common,
        ),
    }
    import logging

    quiet = logging.getLogger("hipcourse.build.nbconvert")  # not nbconvert's shared logger:
    quiet.setLevel(logging.ERROR)  # the build reports missing alt text itself, per cell
    for e in ex.values():
        e.log = quiet
        e.environment.get_template(e.template_file or "index.html.j2")  # compile now
    return ex


def warm_exporters(count: int = 1) -> None:
    """Make sure ``count`` idle exporter sets exist (done while the first kernels start)."""
    while True:
        with _EXPORTER_LOCK:
            if len(_EXPORTER_SETS) >= count:
                return
        ex = _new_exporters()
        with _EXPORTER_LOCK:
            _EXPORTER_SETS.append(ex)


class _Exporters:
    def __enter__(self) -> dict:
        with _EXPORTER_LOCK:
            self.ex = _EXPORTER_SETS.pop() if _EXPORTER_SETS else None
        if self.ex is None:
            self.ex = _new_exporters()
        return self.ex

    def __exit__(self, *exc) -> None:
        with _EXPORTER_LOCK:
            _EXPORTER_SETS.append(self.ex)


_REMOTE = re.compile(
    r"<(?:script|link|img|iframe|source|video|audio|embed|object)\b[^>]*?\b(?:src|href|data)\s*=\s*"
    r"[\"']?\s*(?:https?:)?//"
    r"|url\(\s*[\"']?\s*(?:https?:)?//"
    r"|@import\s+[\"'](?:https?:)?//",
    re.IGNORECASE,
)
_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)


def audit_html(text: str, *, self_contained: bool = True) -> list[str]:
    """Problems in an exported page: network requests, images without alt text and (for
    a self-contained page) images that are not embedded."""
    problems = []
    remote = _REMOTE.findall(text)
    if remote:
        problems.append(
            f"{len(remote)} reference(s) to a network host (script, stylesheet, font or image)"
        )
    no_alt = not_embedded = 0
    for tag in _IMG.findall(text):
        alt = re.search(r"\balt\s*=\s*([\"'])(.*?)\1", tag, re.DOTALL)
        if not alt or alt.group(2).strip() in ("", PLACEHOLDER_ALT):
            no_alt += 1
        if self_contained and not re.search(r"\bsrc\s*=\s*[\"']data:", tag):
            not_embedded += 1
    if no_alt:
        problems.append(f"{no_alt} image(s) without alt text in the page")
    if not_embedded:
        problems.append(f"{not_embedded} image(s) not embedded (file not found?)")
    return problems


def render_lesson(nb, stem: str, nb_dir: Path, out_dir: Path, title: str) -> tuple[dict, list]:
    """Stage the learner and instructor pages of an executed lesson for the course site
    (:mod:`hipcourse.build.website`, built once all lessons are done) and write its slides.

    Returns ``(outputs, warnings)``: paths relative to ``out_dir`` and problems found.
    """
    from hipcourse.build import website_lessons as website

    warnings = list(website.stage_lesson(out_dir, stem, nb, nb_dir))
    slides = slides_view(nb)
    carry_alt_text(slides)
    target = Path("slides") / f"{stem}.slides.html"
    resources = {
        "metadata": {"name": stem, "path": str(nb_dir)},
        "hipcourse": {
            "view": "slides",
            "title": title,
            "edition": "Slides",
            "course": COURSE_NAME,
            "footer": (
                f"{COURSE_NAME}: {stem}. Built by hipcourse build from "
                f"notebooks/{stem}.ipynb. This course teaches; it does not "
                f"diagnose or treat."
            ),
        },
    }
    with _Exporters() as ex:
        body, _ = ex["slides"].from_notebook_node(slides, resources=resources)
    warnings.extend(f"slides: {p}" for p in audit_html(body, self_contained=True) if "network" in p)
    write_atomic(out_dir / target, body)
    outputs = {
        edition: (website.edition_dir(Path("."), edition) / f"{stem}.html").as_posix()
        for edition in website.EDITIONS
    }
    outputs["slides"] = target.as_posix()
    return outputs, warnings


CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")


def find_chromium() -> str | None:
    """The Chromium executable (``/usr/bin/chromium`` or ``chromium`` on PATH), or None."""
    for name in CHROMIUM_CANDIDATES:
        path = name if os.path.isabs(name) else shutil.which(name)
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return None


def print_pdf(chromium: str, html_path: Path, pdf_path: Path, *, timeout_s: int = 120) -> None:
    """Print ``html_path`` to ``pdf_path`` with headless Chromium (no network, temp profile)."""
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="hipcourse-chromium-") as profile:
        tmp_pdf = pdf_path.with_name(f".{pdf_path.name}.tmp")
        cmd = [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={tmp_pdf}",
            html_path.resolve().as_uri(),
        ]
        proc = subprocess.run(
            cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout_s, text=True
        )
        if proc.returncode != 0 or not tmp_pdf.is_file() or tmp_pdf.stat().st_size == 0:
            tmp_pdf.unlink(missing_ok=True)
            raise RuntimeError(
                f"Chromium could not print {html_path.name} "
                f"(exit {proc.returncode}): {first_line(proc.stderr, 200)}"
            )
        from hipcourse.kit.files import check_target, record_written

        try:
            check_target(pdf_path)
        except ValueError:
            tmp_pdf.unlink(missing_ok=True)
            raise
        os.replace(tmp_pdf, pdf_path)
        record_written(pdf_path)
