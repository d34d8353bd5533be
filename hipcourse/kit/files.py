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
    plain = {errno.EACCES: "permission denied: the folder is read-only or not yours",
             errno.EPERM: "not permitted: the folder is read-only or locked",
             errno.EROFS: "the disk is read-only",
             errno.ENOSPC: "the disk is full",
             getattr(errno, "EDQUOT", -1): "your disk quota is used up",
             errno.EFBIG: "the file is larger than the disk or a size limit allows",
             errno.ENOTDIR: "a part of the folder path is a file, not a folder",
             errno.EISDIR: "it is a folder",
             errno.ENOENT: "the folder does not exist",
             errno.ENAMETOOLONG: "the name is too long"}
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
