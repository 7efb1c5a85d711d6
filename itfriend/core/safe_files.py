"""Writing a file so that it is either wholly there or not changed at all.

Every file itfriend writes for the technician (exports, templates, .eml drafts, backups,
settings) goes through :func:`write_atomically`: the content goes into a temporary file in the
same folder, is flushed to disk, and then renamed over the target. So

- a write that is killed, or that meets a full disk, leaves the old file as it was;
- a symlink at the target is replaced by the new file, never followed: writing "over" a link
  must not change the file it points to (which may be anywhere), and a dangling link must not
  create the file it names;
- the temporary file has a name :func:`remove_stale_temporaries` recognises, so one left by a
  process killed mid-write (it may hold personal data) is removed at the next start.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from itfriend.core.errors import StorageError, ValidationError

# A temporary file is ".<target name>.itfriend-<random>.tmp" beside its target.
TEMPORARY_MARK = ".itfriend-"
TEMPORARY_SUFFIX = ".tmp"
# Older than this, a temporary file cannot belong to a write still under way.
STALE_AFTER_SECONDS = 60.0


def write_atomically(
    path: Path,
    write: Callable[[BinaryIO], None],
    *,
    what: str = "the file",
    overwrite: bool = True,
) -> None:
    """Write ``path`` through ``write(binary_file)``, all or nothing.

    ``overwrite=False`` refuses a target that exists (a symlink counts, dangling or not).
    Raises :class:`ValidationError` for a target that cannot be a file and
    :class:`StorageError` (nothing changed) when the disk or the folder refuses the write.
    """
    folder = path.parent
    if path.is_dir() and not path.is_symlink():
        raise ValidationError(f"{path} is a folder: give a file name")
    if not folder.is_dir():
        raise ValidationError(f"the folder {folder} does not exist")
    if not overwrite and (path.exists() or path.is_symlink()):
        raise ValidationError(f"{path} already exists")
    try:
        fd, temporary = tempfile.mkstemp(
            dir=folder, prefix=f".{path.name}{TEMPORARY_MARK}", suffix=TEMPORARY_SUFFIX
        )
    except OSError as exc:
        raise StorageError(f"cannot write in {folder}: {_reason(exc)}; {what} was not saved") from None
    try:
        with open(fd, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        # os.replace renames onto the link itself: the file it pointed to stays untouched.
        os.replace(temporary, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise StorageError(
                f"cannot write {path}: {_reason(exc)}; {what} was not saved"
            ) from None
        raise
    _sync_folder(folder)


def write_bytes_atomically(path: Path, data: bytes, *, what: str = "the file",
                           overwrite: bool = True) -> None:
    """:func:`write_atomically` for content already in memory."""
    write_atomically(path, lambda out: out.write(data), what=what, overwrite=overwrite)


def write_text_atomically(path: Path, text: str, *, encoding: str = "utf-8",
                          what: str = "the file", overwrite: bool = True) -> None:
    """:func:`write_atomically` for text (written as is: no newline translation)."""
    write_bytes_atomically(path, text.encode(encoding), what=what, overwrite=overwrite)


def remove_stale_temporaries(folders: Iterable[Path], *, now: float | None = None) -> list[Path]:
    """Delete the temporary files that killed writes left in ``folders``; return them.

    Only files with our own mark and older than a minute are touched, so a write under way in
    another itfriend process keeps its file.
    """
    moment = time.time() if now is None else now
    removed: list[Path] = []
    for folder in folders:
        try:
            candidates = list(folder.glob(f".*{TEMPORARY_MARK}*{TEMPORARY_SUFFIX}"))
        except OSError:
            continue
        for candidate in candidates:
            try:
                if candidate.is_symlink() or not candidate.is_file():
                    continue
                if moment - candidate.stat().st_mtime < STALE_AFTER_SECONDS:
                    continue
                candidate.unlink()
            except OSError:
                continue
            removed.append(candidate)
    return removed


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); where folders cannot be opened, skip it."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _reason(exc: OSError) -> str:
    import errno

    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "permission denied (the folder is read-only for you)"
    return exc.strerror or str(exc)
