"""Writing a file so that it is either wholly there or not changed at all.

Every file itfriend writes for the technician (exports, templates, .eml drafts, backups,
settings) goes through :func:`write_atomically`: the content is written to a temporary file in
the same folder, flushed to disk, and then renamed over the target. So

- a write that is killed, or that meets a full disk, leaves the old file as it was;
- a symlink at the target is replaced by the new file, never followed: writing "over" a link
  must not change the file it points to (which may be anywhere), and a dangling link must not
  create the file it names;
- a write killed part-way leaves no temporary file holding personal data behind. On Linux the
  content is written to an unnamed file (``O_TMPFILE``) that the kernel discards if the process
  dies, and it gets a name only for the instant before the rename. Elsewhere the temporary file
  is named from the start. Either way, while a named temporary exists its path is noted in the
  data folder's ``pending-writes/``, and :func:`clear_interrupted_writes` (run when itfriend
  starts) deletes the temporaries of writes whose process has gone.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from itfriend.core.errors import StorageError, ValidationError

# A temporary file is ".<target name>.itfriend-<random>.tmp" beside its target.
TEMPORARY_MARK = ".itfriend-"
TEMPORARY_SUFFIX = ".tmp"
PENDING_FOLDER = "pending-writes"
# Older than this, a temporary in a known folder cannot belong to a write still under way.
STALE_AFTER_SECONDS = 60.0


def write_atomically(
    path: Path,
    write: Callable[[BinaryIO], object],
    *,
    outcome: str = "nothing was saved",
    overwrite: bool = True,
) -> None:
    """Write ``path`` through ``write(binary_file)``, all or nothing.

    ``overwrite=False`` refuses a target that exists (a symlink counts, dangling or not).
    Raises :class:`ValidationError` for a target that cannot be a file and
    :class:`StorageError` (nothing changed) when the disk or the folder refuses the write.
    """
    path = Path(path)
    folder = path.parent
    try:
        if path.is_dir() and not path.is_symlink():
            raise ValidationError(f"{path} is a folder: give a file name")
        if not folder.is_dir():
            raise ValidationError(f"the folder {folder} does not exist")
        if not overwrite and (path.exists() or path.is_symlink()):
            raise ValidationError(f"{path} already exists")
        if path.exists() and not path.is_symlink() and not path.is_file():
            # A pipe or a device: renaming over it would replace it (as root, even /dev/full).
            raise ValidationError(f"{path} is not a file (a pipe or a device): give a file name")
    except OSError as exc:  # a name too long for the file system, a loop of links...
        raise ValidationError(f"cannot write {_shown(path)}: {_reason(exc)}; {outcome}") from None
    try:
        _write_and_rename(path, write)
    except OSError as exc:
        raise StorageError(f"cannot write {_shown(path)}: {_reason(exc)}; {outcome}") from None
    _sync_folder(folder)


def write_bytes_atomically(
    path: Path, data: bytes, *, outcome: str = "nothing was saved", overwrite: bool = True
) -> None:
    """:func:`write_atomically` for content already in memory."""
    write_atomically(path, lambda out: out.write(data), outcome=outcome, overwrite=overwrite)


def write_text_atomically(
    path: Path,
    text: str,
    *,
    encoding: str = "utf-8",
    outcome: str = "nothing was saved",
    overwrite: bool = True,
) -> None:
    """:func:`write_atomically` for text (written as is: no newline translation)."""
    write_bytes_atomically(path, text.encode(encoding), outcome=outcome, overwrite=overwrite)


def clear_interrupted_writes(data_folder: Path) -> list[Path]:
    """Delete the temporary files of writes that were killed part-way; return their paths.

    A note whose process is still running is left alone: that write is under way.
    """
    pending = data_folder / PENDING_FOLDER
    removed: list[Path] = []
    try:
        notes = list(pending.iterdir())
    except OSError:
        return removed
    for note in notes:
        try:
            pid_text, _, temporary = note.read_text(encoding="utf-8").partition("\n")
            if not pid_text.isdecimal() or not temporary:
                # Cut short (the disk was full as it was written): it names nothing to remove.
                if time.time() - note.stat().st_mtime > STALE_AFTER_SECONDS:
                    note.unlink()
                continue
            if _process_alive(int(pid_text)):
                continue
            target = Path(temporary)
            if TEMPORARY_MARK in target.name and target.is_file() and not target.is_symlink():
                target.unlink()
                removed.append(target)
            note.unlink()
        except (OSError, ValueError):
            continue
    return removed


def remove_stale_temporaries(folders: Iterable[Path], *, now: float | None = None) -> list[Path]:
    """Delete our temporary files older than a minute in ``folders`` (a known folder, such as
    ``backups/``, where SQLite itself must write into a named file); return them.

    The age spares a write under way in another itfriend process.
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


@contextlib.contextmanager
def noted_temporary(temporary: Path) -> Iterator[Path]:
    """Note ``temporary`` (a file another library, such as SQLite, writes under that name) in
    ``pending-writes/`` while the block runs, so that :func:`clear_interrupted_writes` deletes
    it at the next start if the process is killed meanwhile. Its name must hold
    :data:`TEMPORARY_MARK`; the caller creates and removes (or renames) the file itself."""
    with _noted(temporary):
        yield temporary


# --- inside ------------------------------------------------------------------------------


def _write_and_rename(path: Path, write: Callable[[BinaryIO], object]) -> None:
    temporary = path.parent / _temporary_name(path.name)
    unnamed = _open_unnamed(path.parent)
    if unnamed is not None:
        with open(unnamed, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
            with _noted(temporary):
                _give_name(out.fileno(), temporary)
                _rename_into_place(temporary, path)
        return
    with _noted(temporary):
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with open(fd, "wb") as out:
                write(out)
                out.flush()
                os.fsync(out.fileno())
            _rename_into_place(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise


def _temporary_name(target: str) -> str:
    """``.<target>.itfriend-<random>.tmp``, with the target's part cut so that the name stays
    within the 255 bytes file systems allow even when the target's own name is near that."""
    tail = f"{TEMPORARY_MARK}{secrets.token_hex(6)}{TEMPORARY_SUFFIX}"
    room = 255 - 1 - len(tail.encode())
    stem = os.fsencode(target)[:room].decode(errors="ignore")  # never half a character
    return f".{stem}{tail}"


def _rename_into_place(temporary: Path, path: Path) -> None:
    try:
        # os.replace renames onto a link itself: the file it pointed to stays untouched.
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _open_unnamed(folder: Path) -> int | None:
    """An unnamed file in ``folder`` (Linux ``O_TMPFILE``), or None where there is none."""
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not Path("/proc/self/fd").is_dir():
        return None
    try:
        return os.open(folder, flag | os.O_WRONLY, 0o600)
    except OSError as exc:
        if exc.errno in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT):
            return None  # a file system without O_TMPFILE: use a named temporary
        raise


def _give_name(fd: int, name: Path) -> None:
    # linkat(AT_SYMLINK_FOLLOW) of /proc/self/fd/N names the unnamed file; os.link uses
    # linkat with that flag only when given a folder descriptor.
    root = os.open("/", os.O_RDONLY)
    try:
        os.link(f"/proc/self/fd/{fd}", name, src_dir_fd=root, follow_symlinks=True)
    finally:
        os.close(root)


@contextlib.contextmanager
def _noted(temporary: Path) -> Iterator[None]:
    """Note ``temporary`` in the data folder while it exists under its name."""
    note = _note_path()
    if note is not None:
        try:
            note.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            note.write_text(f"{os.getpid()}\n{temporary}", encoding="utf-8")
        except OSError:
            # A data folder we cannot write must not stop the user's export; a note cut short
            # (a full disk) is removed now, or by the next start if even that fails.
            with contextlib.suppress(OSError):
                note.unlink()
            note = None
    try:
        yield
    finally:
        if note is not None:
            with contextlib.suppress(OSError):
                note.unlink()


def _note_path() -> Path | None:
    from itfriend.core.paths import app_paths

    try:
        data = app_paths().data
    except Exception:  # no resolvable data folder: nothing to note in
        return None
    return data / PENDING_FOLDER / f"{os.getpid()}-{secrets.token_hex(6)}"


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return False  # notes are only kept for the instant of a rename; an old one is stale
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


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


def _shown(path: Path) -> str:
    """A path as a message shows it: whole, or cut if it is absurdly long."""
    text = str(path)
    return text if len(text) <= 200 else f"{text[:80]}… ({len(text):,} characters)"


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "permission denied (the folder is read-only for you)"
    return exc.strerror or str(exc)
