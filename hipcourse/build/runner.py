"""`hipcourse build`: the incremental, parallel build of every lesson.

Finds the lessons, skips those whose fingerprint is unchanged, executes the others in
worker processes (or threads), renders them, prints PDFs, writes the student copy and
the course map. See :mod:`hipcourse.build.handouts` for what is written where.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from concurrent import futures
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from hipcourse.build.common import remove_if_ours, write_atomic
from hipcourse.build.execute import NotebookFailure, execute_notebook
from hipcourse.build.export import find_chromium, print_pdf, render_lesson, warm_exporters
from hipcourse.build.notebook import lesson_notebooks, student_copy
from hipcourse.build.results import BuildResult, LessonResult, Progress
from hipcourse.build.state import (
    load_state,
    notebook_fingerprint,
    outputs_exist,
    package_fingerprint,
    save_state,
)
from hipcourse.build.website_lessons import (
    build_course_site,
    entry_page,
    lesson_info_or_name,
    site_lesson,
)
from hipcourse.kit.checks import InputError

EXECUTORS = ("processes", "threads")


def _default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


@dataclass
class _Job:
    path: Path
    stem: str
    nb_dir: Path
    out_dir: Path
    fingerprint: str
    timeout_s: int
    title: str


def _build_one(job: _Job) -> LessonResult:
    """Execute and render one lesson (runs in a worker thread or process)."""
    import nbformat

    t0 = time.perf_counter()
    result = LessonResult(stem=job.stem, status="executed", fingerprint=job.fingerprint)
    try:
        try:
            nb = nbformat.read(job.path, as_version=4)
        except Exception as exc:
            raise NotebookFailure(
                f"cannot read the notebook: {type(exc).__name__}: {exc}"
            ) from None
        execute_notebook(nb, job.nb_dir, timeout_s=job.timeout_s, name=job.path.name)
        outputs, warnings = render_lesson(nb, job.stem, job.nb_dir, job.out_dir, job.title)
        result.outputs.update(outputs)
        result.warnings.extend(warnings)
    except NotebookFailure as exc:
        result.status, result.error, result.failed_cell = "failed", str(exc), exc.cell
    except Exception as exc:  # a bug in rendering must not stop the other lessons
        result.status = "failed"
        result.error = f"export failed: {type(exc).__name__}: {exc}"
    result.seconds = time.perf_counter() - t0
    return result


def _adopt_outputs(out: Path, notebooks: list[Path], student_dir) -> None:
    """``--force``: the files this build writes may replace what is there (never a journal,
    a saved routine or a device: :func:`hipcourse.kit.files.check_target`)."""
    from hipcourse.build.state import STATE_FILE
    from hipcourse.kit.files import check_target, record_written

    targets = [out / "index.html", out / STATE_FILE]
    for nb in notebooks:
        targets += [
            out / "learner" / f"{nb.stem}.html",
            out / "learner" / f"{nb.stem}.pdf",
            out / "instructor" / f"{nb.stem}.html",
            out / "slides" / f"{nb.stem}.slides.html",
        ]
        if student_dir is not None:
            targets.append(Path(student_dir) / nb.name)
    targets += list(_site_files(out))
    for t in targets:
        if t.is_file() and not t.is_symlink():
            check_target(t, force=True)
            record_written(t)


def _site_files(out: Path):
    """Every file now in the two site folders (what a site build may replace)."""
    from hipcourse.kit.files import MANIFEST

    for edition in ("learner", "instructor"):
        folder = out / edition
        if folder.is_dir():
            yield from (f for f in sorted(folder.rglob("*")) if f.is_file() and f.name != MANIFEST)


def _course_site(
    out: Path, notebooks: list[Path], results: dict[str, LessonResult], notes: list[str]
) -> None:
    """Build the learner and instructor sites from every lesson that did not fail; a
    Sphinx failure fails the lessons (their pages would be stale or missing)."""
    built = [p for p in notebooks if p.stem in results and results[p.stem].status != "failed"]
    from hipcourse.kit.files import check_target

    try:
        for f in _site_files(out):  # a file the user put there is never replaced
            check_target(f)
        sites = build_course_site(out, [site_lesson(p) for p in built])
    except Exception as exc:  # a bug in the site: say so once per lesson, keep going
        for p in built:
            r = results[p.stem]
            r.status, r.error = "failed", f"the course site failed: {type(exc).__name__}: {exc}"
        return
    for edition, site in sites.items():
        problems = [w for w in site.warnings if "WARNING" in w or "ERROR" in w]
        notes.extend(f"site ({edition}): {w}" for w in problems[:5])
        if len(problems) > 5:
            notes.append(f"site ({edition}): {len(problems) - 5} more warnings")
    notes.append(
        f"course site: {out / 'learner' / 'index.html'} (instructor edition: "
        f"{out / 'instructor' / 'index.html'})"
    )


def write_student_copy(notebooks: list[Path], student_dir: Path, nb_dir: Path) -> int:
    """Write the student copy of ``notebooks`` into ``student_dir``; return how many.

    A notebook already in ``student_dir`` is the learner's (their answers, their notes):
    it is kept as it is, never overwritten; delete it to get a fresh copy."""
    import nbformat

    if student_dir.resolve() == nb_dir.resolve():
        raise InputError(
            "--student",
            str(student_dir),
            "a folder other than the notebooks folder (the lessons are never overwritten)",
        )
    count = 0
    for path in notebooks:
        if (student_dir / path.name).exists():
            continue  # the learner's own copy, with their answers: never overwritten
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception:
            continue  # reported by the build as a failed lesson
        write_atomic(student_dir / path.name, nbformat.writes(student_copy(nb)) + "\n")
        count += 1
    return count


def _import_nbformat_quickly() -> None:
    """Import nbformat without the 1.3 s jsonschema spends compiling the grammars of
    ``rfc3987_syntax`` (its optional "iri" format checker).

    nbformat validates notebooks without a format checker, so it never uses that one.
    The trick applies only when neither nbformat nor jsonschema is imported yet (a fresh
    ``hipcourse build`` process); the module stays importable for anyone else.
    """
    if any(m in sys.modules for m in ("nbformat", "jsonschema._format", "rfc3987_syntax")):
        return
    sys.modules["rfc3987_syntax"] = None  # makes `import rfc3987_syntax` raise ImportError
    try:
        import jsonschema._format  # noqa: F401  (skips the optional checker)
    except ImportError:  # pragma: no cover - jsonschema missing: nbformat will say so
        pass
    finally:
        del sys.modules["rfc3987_syntax"]


def build(
    notebooks_dir: str | os.PathLike = "notebooks",
    out_dir: str | os.PathLike = "handouts",
    jobs: int | None = None,
    force: bool = False,
    pdf: bool = False,
    student_dir: str | os.PathLike | None = None,
    *,
    timeout_s: int = 600,
    executor: str = "processes",
    stream: TextIO | None = None,
    progress: bool | None = None,
) -> BuildResult:
    """Execute every lesson notebook and write handouts, slides and the course map.

    Parameters
    ----------
    notebooks_dir : path
        Folder with ``NN_topic.ipynb`` lessons (never written to).
    out_dir : path
        Output folder (``learner/``, ``instructor/``, ``slides/``, ``index.html``).
    jobs : int, optional
        Lessons executed at once; default one per core.
    force : bool
        Re-execute every lesson, even unchanged ones.
    pdf : bool
        Also print each learner handout to ``learner/NN_topic.pdf`` with Chromium; without
        Chromium a one-line note, not a failure.
    student_dir : path, optional
        Also write the student copy of the notebooks here.
    timeout_s : int
        Seconds one cell may run.
    executor : {"processes", "threads"}
        Run lessons in forked worker processes (default) or in threads of this process.
        The kernels are separate processes either way, but turning outputs into pages is
        Python work that threads share one core for: on 2 cores forked workers were about
        6 % faster over four runs of ``benchmarks/bench_build.py`` (noisy, shared machine).
        Either way nbformat and nbconvert are imported once, in this process.
    stream : file, optional
        Where progress goes (default ``sys.stderr``).
    progress : bool, optional
        Force the terminal progress bar on or off (default: on when ``stream`` is a TTY).
    """
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1):
        raise InputError("jobs", jobs, "a whole number of at least 1")
    if executor not in EXECUTORS:
        raise InputError("executor", executor, " or ".join(EXECUTORS))
    t0 = time.perf_counter()
    stream = stream or sys.stderr
    nb_dir = Path(notebooks_dir)
    notebooks = lesson_notebooks(nb_dir)
    out = Path(out_dir)
    if out.resolve() == nb_dir.resolve():
        raise InputError("--out", str(out_dir), "a folder other than the notebooks folder")
    out.mkdir(parents=True, exist_ok=True)
    before = {p.name for p in nb_dir.iterdir()}

    _import_nbformat_quickly()
    import nbformat  # once, in this process; forked workers inherit it

    notes: list[str] = []
    chromium = find_chromium() if pdf else None
    if pdf and chromium is None:
        notes.append(
            "PDF: skipped, Chromium not found (/usr/bin/chromium or chromium on PATH); "
            "the HTML handouts print from any browser."
        )
    if force:
        _adopt_outputs(out, notebooks, student_dir)
    previous = load_state(out).get("lessons", {})
    state = {} if force else previous
    pkg_fp = package_fingerprint()
    infos: list[dict] = []
    results: dict[str, LessonResult] = {}
    todo: list[_Job] = []
    for path in notebooks:
        stem = path.stem
        infos.append(lesson_info_or_name(path))
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception as exc:
            error = f"cannot read the notebook: {type(exc).__name__}: {exc}"
            results[stem] = LessonResult(stem, "failed", error=error)
            continue
        fp = notebook_fingerprint(nb, nb_dir, pkg_fp)
        entry = state.get(stem, {})
        current = entry.get("fingerprint") == fp and outputs_exist(out, entry)
        if current:
            results[stem] = LessonResult(
                stem,
                "unchanged",
                outputs=dict(entry.get("outputs", {})),
                warnings=list(entry.get("warnings", [])),
                fingerprint=fp,
            )
            continue
        todo.append(
            _Job(
                path=path,
                stem=stem,
                nb_dir=nb_dir.resolve(),
                out_dir=out.resolve(),
                fingerprint=fp,
                timeout_s=timeout_s,
                title=infos[-1]["title"],
            )
        )

    # longest first (last build's time, else file size), so no worker idles at the end
    todo.sort(key=lambda j: (-previous.get(j.stem, {}).get("seconds", 0), -j.path.stat().st_size))
    n_jobs = min(jobs or _default_jobs(), max(1, len(todo)))
    bar = Progress(len(todo), stream, progress)
    if results or todo:
        unchanged = sum(r.status == "unchanged" for r in results.values())
        stream.write(
            f"hipcourse build: {len(notebooks)} lessons, {len(todo)} to build, "
            f"{unchanged} unchanged ({n_jobs} worker{'s' if n_jobs != 1 else ''})\n"
        )
    new_state = {k: v for k, v in state.items() if k in {p.stem for p in notebooks}}

    def record(r: LessonResult) -> None:
        results[r.stem] = r
        if r.status == "failed":
            new_state.pop(r.stem, None)
            for rel in (
                f"learner/{r.stem}.html",
                f"instructor/{r.stem}.html",
                f"slides/{r.stem}.slides.html",
                f"learner/{r.stem}.pdf",
            ):
                remove_if_ours(out / rel)  # no stale handout for a broken lesson
        else:
            if r.status == "executed" and "pdf" not in r.outputs:
                remove_if_ours(out / "learner" / f"{r.stem}.pdf")  # stale
            new_state[r.stem] = {
                "fingerprint": r.fingerprint,
                "outputs": r.outputs,
                "warnings": r.warnings,
                "seconds": round(r.seconds, 1)
                if r.status == "executed"
                else state.get(r.stem, {}).get("seconds", 0),
            }
        bar.finish(r)

    try:
        if todo:
            import multiprocessing

            if executor == "processes" and "fork" not in multiprocessing.get_all_start_methods():
                executor = "threads"  # Windows: no fork, and spawn would re-import everything
            if executor == "processes":
                warm_exporters(1)  # before the fork: every worker process inherits the set
                fork = multiprocessing.get_context("fork")
                pool = futures.ProcessPoolExecutor(n_jobs, mp_context=fork)
            else:
                pool = futures.ThreadPoolExecutor(n_jobs, thread_name_prefix="hipcourse-build")
            with pool:
                pending: dict = {}
                queue = list(todo)

                def submit_next():
                    job = queue.pop(0)
                    bar.start(job.stem)
                    pending[pool.submit(_build_one, job)] = job

                for _ in range(min(n_jobs, len(queue))):
                    submit_next()
                if executor == "threads":
                    warm_exporters(n_jobs)  # while the first kernels start
                while pending:
                    done, _ = futures.wait(
                        pending, timeout=0.5, return_when=futures.FIRST_COMPLETED
                    )
                    for fut in done:
                        job = pending.pop(fut)
                        try:
                            r = fut.result()
                        except Exception as exc:  # a worker process died
                            error = f"the build worker failed: {type(exc).__name__}: {exc}"
                            r = LessonResult(
                                job.stem, "failed", fingerprint=job.fingerprint, error=error
                            )
                        record(r)
                        if queue:
                            submit_next()
                    bar.draw()
    finally:
        bar.close()
        save_state(out, new_state)

    _course_site(out, notebooks, results, notes)
    for r in results.values():
        target = out / "learner" / f"{r.stem}.pdf"
        if chromium and r.status != "failed" and (r.status == "executed" or not target.is_file()):
            try:
                print_pdf(chromium, out / "learner" / f"{r.stem}.html", target)
            except (RuntimeError, subprocess.TimeoutExpired) as exc:
                r.warnings.append(f"PDF: {exc}")
        if r.status != "failed" and target.is_file():
            r.outputs["pdf"] = f"learner/{r.stem}.pdf"
    if pdf and chromium:
        printed = sum("pdf" in r.outputs for r in results.values())
        notes.append(
            f"PDF: {printed} learner handout(s) as learner/NN_topic.pdf (printed with {chromium})."
        )

    student = None
    if student_dir is not None:
        student = Path(student_dir)
        count = write_student_copy(notebooks, student, nb_dir)
        kept = sum((student / p.name).exists() for p in notebooks) - count
        notes.append(
            f"student copy: {count} new notebook(s) in {student} "
            f"(solutions replaced by a prompt, instructor cells removed, outputs cleared)"
            + (f"; {kept} already there kept as they are (yours)" if kept else "")
        )

    created = sorted(
        n
        for n in {p.name for p in nb_dir.iterdir()} - before
        if not (n.startswith(".") or re.match(r"^\d\d_.*\.(ipynb|md)$", n))
    )
    if created:
        notes.append(f"the lessons' code created files in {nb_dir}: {', '.join(created)}")
    if not notebooks:
        notes.append(f"no lesson notebooks (NN_topic.ipynb) in {nb_dir}")
    index = out / "index.html"
    write_atomic(index, entry_page())
    return BuildResult(
        lessons=[results[p.stem] for p in notebooks],
        out_dir=out,
        seconds=time.perf_counter() - t0,
        jobs=n_jobs,
        index=index,
        student_dir=student,
        notes=notes,
    )
