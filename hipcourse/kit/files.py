"""File safety: atomic writes and plain-words reasons for failed file operations.

A file a user owns (a saved routine, a handout, the journal's exports) is never left half
written: :func:`atomic_write_bytes` writes a temporary file in the same folder, syncs it
and renames it over the target, so a crash leaves the old file or the new one.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path


def _file_in_the_way(path: Path) -> Path | None:
    """The nearest existing ancestor of ``path`` if it is a file (not a folder), else None."""
    for parent in path.parents:
        try:
            if parent.is_dir():
                return None
            if parent.exists():
                return parent
        except OSError:
            return None
    return None


def os_error_text(exc: OSError, path=None) -> str:
    """Why a file operation failed, in plain words, for a message that names the file.

    ``path`` (the file being written) lets a "not a directory" error name the file that
    stands where a folder should be.
    """
    code = exc.errno
    if code in (errno.ENOTDIR, errno.EEXIST) and path is not None:
        blocker = _file_in_the_way(Path(path))
        if blocker is not None:
            return f"{blocker} is a file, not a folder"
    plain = {
        errno.EACCES: "permission denied: the folder is read-only or not yours",
        errno.EPERM: "not permitted: the folder is read-only or locked",
        errno.EROFS: "the disk is read-only",
        errno.ENOSPC: "the disk is full",
        getattr(errno, "EDQUOT", -1): "your disk quota is used up",
        errno.EFBIG: "the file is larger than the disk or a size limit allows",
        errno.ENOTDIR: "a part of the folder path is a file, not a folder",
        errno.EISDIR: "it is a folder",
        errno.ENOENT: "the folder does not exist",
        errno.ENAMETOOLONG: "the name is too long",
    }
    return plain.get(code) or exc.strerror or type(exc).__name__


def atomic_write_bytes(path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically: a temporary file in the same folder, flushed
    and fsync'ed, then renamed over the target (``os.replace``). A crash leaves either
    the old file or the new one, never half of one; on any error the temporary file is
    removed and the ``OSError`` is raised (callers turn it into a message)."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:  # make the rename itself durable (POSIX); harmless where unsupported
        dfd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass
    return path


def atomic_write_text(path, text: str) -> Path:
    """:func:`atomic_write_bytes` for UTF-8 text."""
    return atomic_write_bytes(path, text.encode("utf-8"))


# ----------------------------------------------------------------- no silent overwrite
#: The file, in each folder hipcourse writes into, that lists what hipcourse wrote there.
MANIFEST = ".hipcourse-written.json"
_MANIFEST_FORMAT = "hipcourse-written"
_SQLITE_HEADER = b"SQLite format 3\x00"
_ROUTINE_FORMAT = b'"hipcourse-routine"'


class OverwriteError(ValueError):
    """Writing would replace a file hipcourse did not write: the message names the path."""

    def __init__(self, path, reason: str):
        from hipcourse.kit.checks import short_path

        self.path = Path(path)
        super().__init__(f"{short_path(path)}: {reason}")


def _sha256(path: Path) -> str:
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _read_manifest(folder: Path) -> dict:
    import json

    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != _MANIFEST_FORMAT:
        return {}
    files = data.get("files")
    return (
        {k: v for k, v in files.items() if isinstance(k, str) and isinstance(v, str)}
        if isinstance(files, dict)
        else {}
    )


def protected_kind(path) -> str | None:
    """``"journal"`` or ``"saved routine"`` if ``path`` is one (read from its first bytes),
    else None. Those files are never written onto, even with ``force``."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return None
    if head.startswith(_SQLITE_HEADER):
        return "journal"
    if head.lstrip().startswith(b"{") and _ROUTINE_FORMAT in head:
        return "saved routine"
    return None


def written_by_hipcourse(path) -> bool:
    """True if ``path`` is a regular file hipcourse wrote and nobody changed since: its
    SHA-256 matches the entry in the folder's manifest (see :func:`safe_write_bytes`)."""
    path = Path(path)
    try:
        if path.is_symlink() or not path.is_file():
            return False
        expected = _read_manifest(path.parent).get(path.name)
        return expected is not None and expected == _sha256(path)
    except OSError:
        return False


def check_target(path, *, force: bool = False) -> Path:
    """Refuse a write that would destroy a user's file; return ``path`` as a Path.

    Allowed: a new file; a file hipcourse wrote and nobody changed since
    (:func:`written_by_hipcourse`); with ``force=True`` any other file. Never allowed, even
    with ``force``: a folder, a device or other special file (``/dev/full``), the journal
    (an SQLite file) or a saved routine (a JSON file whose ``format`` is
    ``hipcourse-routine``).

    Raises
    ------
    OverwriteError
        A ``ValueError`` whose message names the path and says what to do.
    """
    path = Path(path)
    if not os.path.lexists(path):
        return path
    if path.is_dir() and not path.is_symlink():
        raise OverwriteError(path, "is a folder; give a file name")
    if path.exists() and not path.is_file():
        raise OverwriteError(
            path,
            "is a device or another special file, not a regular "
            "file; hipcourse never writes onto it",
        )
    kind = protected_kind(path)
    if kind is not None:
        raise OverwriteError(
            path, f"is a {kind}; hipcourse never writes over it (choose another file name)"
        )
    if force or written_by_hipcourse(path):
        return path
    raise OverwriteError(
        path,
        "already exists and hipcourse did not write it (or it was "
        "changed since); it was left untouched. Choose another name, "
        "or use --force (force=True) to replace it",
    )


def _locked_folder(folder: Path):
    """A context manager holding an exclusive lock on ``folder`` (POSIX ``flock``)."""
    import contextlib

    @contextlib.contextmanager
    def lock():
        try:
            import fcntl

            fd = os.open(folder, os.O_RDONLY)
        except (ImportError, OSError):
            yield
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    return lock()


def record_written(path) -> None:
    """Note ``path``'s current SHA-256 in its folder's manifest (atomically, under a lock)."""
    import json

    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    with _locked_folder(folder):
        files = _read_manifest(folder)
        files[path.name] = _sha256(path)
        text = (
            json.dumps({"format": _MANIFEST_FORMAT, "files": dict(sorted(files.items()))}, indent=1)
            + "\n"
        )
        atomic_write_bytes(folder / MANIFEST, text.encode("utf-8"))


def safe_write_bytes(path, data: bytes, *, force: bool = False) -> Path:
    """Write ``data`` to ``path`` atomically, never over a file a user owns.

    How "written by hipcourse" is known: every folder hipcourse writes into holds a
    manifest, ``.hipcourse-written.json`` (``{"format": "hipcourse-written", "files":
    {name: sha256}}``), updated after each write. An existing file may be replaced when
    its name is in the manifest *and* its bytes still hash to the recorded SHA-256: a file
    hipcourse wrote that a user has since edited counts as the user's. Anything else is
    refused (:func:`check_target`) unless ``force=True``; the journal and saved routines are
    refused even then. Every writer of course files (handouts, the build, figures, CSV
    exports) goes through here.

    Raises
    ------
    OverwriteError
        The target is protected (see :func:`check_target`).
    OSError
        The write failed (the old file is intact; see :func:`atomic_write_bytes`).
    """
    path = check_target(path, force=force)
    atomic_write_bytes(path, data)
    record_written(path)
    return path


def safe_write_text(path, text: str, *, force: bool = False) -> Path:
    """:func:`safe_write_bytes` for UTF-8 text."""
    return safe_write_bytes(path, text.encode("utf-8"), force=force)
