"""Files itfriend writes: all or nothing, links replaced rather than followed, and nothing left
behind by a write that is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import BinaryIO

import pytest

from itfriend.core import safe_files
from itfriend.core.errors import StorageError, ValidationError
from itfriend.core.safe_files import (
    clear_interrupted_writes,
    write_atomically,
    write_text_atomically,
)


def test_a_link_at_the_target_is_replaced_and_what_it_points_to_is_untouched(
    tmp_path: Path,
) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me", encoding="utf-8")
    link = tmp_path / "export.txt"
    link.symlink_to(precious)

    write_text_atomically(link, "new content")

    assert precious.read_text(encoding="utf-8") == "keep me"
    assert not link.is_symlink()
    assert link.read_text(encoding="utf-8") == "new content"


def test_a_dangling_link_is_not_followed_to_create_the_file_it_names(tmp_path: Path) -> None:
    named = tmp_path / "elsewhere" / "created-through-link.txt"
    named.parent.mkdir()
    link = tmp_path / "export.txt"
    link.symlink_to(named)

    with pytest.raises(ValidationError, match="already exists"):
        write_text_atomically(link, "data", overwrite=False)
    assert not named.exists()

    write_text_atomically(link, "data")
    assert not named.exists()
    assert link.read_text(encoding="utf-8") == "data" and not link.is_symlink()


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "people.csv"
    target.write_text("old", encoding="utf-8")

    def fail_halfway(out: BinaryIO) -> None:
        out.write(b"half of the new")
        raise OSError(28, "No space left on device")

    with pytest.raises(StorageError, match="disk is full; nothing was saved"):
        write_atomically(target, fail_halfway)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["people.csv"]


def test_a_folder_or_a_missing_folder_is_refused_in_words(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="is a folder"):
        write_text_atomically(tmp_path, "x")
    with pytest.raises(ValidationError, match="does not exist"):
        write_text_atomically(tmp_path / "no" / "file.txt", "x")


# A child process that starts writing, says so, and waits to be killed in the middle.
_KILLED_WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from itfriend.core import safe_files

    if sys.argv[2] == "named":
        safe_files._open_unnamed = lambda folder: None
    def write(out):
        out.write(b"personal data, half written")
        out.flush()
        print("writing", flush=True)
        time.sleep(60)
    safe_files.write_atomically(Path(sys.argv[1]), write)
    """
)


def _kill_mid_write(target: Path, mode: str) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", _KILLED_WRITER, str(target), mode],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "writing"
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)


@pytest.mark.skipif(not hasattr(os, "O_TMPFILE"), reason="unnamed files are Linux's")
def test_a_write_killed_part_way_leaves_no_file_behind(tmp_path: Path) -> None:
    target = tmp_path / "people.csv"
    target.write_text("the previous export", encoding="utf-8")

    _kill_mid_write(target, "unnamed")

    assert [p.name for p in tmp_path.iterdir()] == ["people.csv"]
    assert target.read_text(encoding="utf-8") == "the previous export"


def test_a_named_temporary_left_by_a_killed_write_is_removed_at_the_next_start(
    tmp_path: Path, itfriend_home: Path
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "people.csv"
    target.write_text("the previous export", encoding="utf-8")

    _kill_mid_write(target, "named")
    leftovers = [p for p in folder.iterdir() if p.name != "people.csv"]
    assert len(leftovers) == 1 and safe_files.TEMPORARY_MARK in leftovers[0].name

    assert clear_interrupted_writes(itfriend_home) == leftovers
    assert [p.name for p in folder.iterdir()] == ["people.csv"]
    assert target.read_text(encoding="utf-8") == "the previous export"
    assert list((itfriend_home / safe_files.PENDING_FOLDER).iterdir()) == []


def test_a_write_under_way_in_a_live_process_is_left_alone(
    tmp_path: Path, itfriend_home: Path
) -> None:
    target = tmp_path / "people.csv"
    seen: list[list[Path]] = []

    def write(out: BinaryIO) -> None:
        out.write(b"data")
        seen.append(clear_interrupted_writes(itfriend_home))

    write_atomically(target, write)
    assert seen == [[]]
    assert target.read_bytes() == b"data"


def test_the_command_line_clears_interrupted_writes_when_it_starts(
    tmp_path: Path, itfriend_home: Path
) -> None:
    target = tmp_path / "people.csv"
    target.write_text("old", encoding="utf-8")
    _kill_mid_write(target, "named")
    assert len(list(tmp_path.iterdir())) == 3  # people.csv, the leftover, itfriend-home

    result = subprocess.run(
        [sys.executable, "-m", "itfriend", "settings", "get", "contact.cadence_days"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["itfriend-home", "people.csv"]


def test_a_name_too_long_for_the_file_system_is_one_line_naming_it(tmp_path: Path) -> None:
    target = tmp_path / ("a" * 100_000 + ".csv")
    with pytest.raises(ValidationError) as refused:
        write_text_atomically(target, "x")
    message = str(refused.value)
    assert "File name too long" in message and "100,0" in message and len(message) < 400


def test_a_note_cut_short_by_a_full_disk_is_not_left_behind(
    tmp_path: Path, itfriend_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write_text = Path.write_text

    def disk_full_for_notes(self: Path, data: str, *args: object, **kwargs: object) -> int:
        if self.parent.name == safe_files.PENDING_FOLDER:
            real_write_text(self, "")  # created, then the disk is full
            raise OSError(28, "No space left on device")
        return real_write_text(self, data, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "write_text", disk_full_for_notes)
    monkeypatch.setattr(safe_files, "_open_unnamed", lambda folder: None)
    write_text_atomically(tmp_path / "people.csv", "data")
    assert list((itfriend_home / safe_files.PENDING_FOLDER).iterdir()) == []


def test_an_empty_note_from_an_earlier_full_disk_is_removed_at_start(itfriend_home: Path) -> None:
    pending = itfriend_home / safe_files.PENDING_FOLDER
    pending.mkdir(parents=True)
    empty = pending / "1234-abcdef"
    empty.write_text("", encoding="utf-8")
    old = 10 * safe_files.STALE_AFTER_SECONDS
    os.utime(empty, (empty.stat().st_atime - old, empty.stat().st_mtime - old))
    fresh = pending / "1235-abcdef"
    fresh.write_text("", encoding="utf-8")  # may be a write being noted right now

    assert clear_interrupted_writes(itfriend_home) == []
    assert [p.name for p in pending.iterdir()] == ["1235-abcdef"]


def test_a_name_near_the_file_systems_limit_can_be_written(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / ("é" * 120 + ".csv")  # 244 bytes: fits, its temporary's name must too
    write_text_atomically(target, "data")
    assert target.read_text(encoding="utf-8") == "data"
    assert [p.name for p in folder.iterdir()] == [target.name]


def test_a_pipe_at_the_target_is_refused_and_left_as_it_is(tmp_path: Path) -> None:
    pipe = tmp_path / "people.csv"
    os.mkfifo(pipe)
    with pytest.raises(ValidationError, match="not a file"):
        write_text_atomically(pipe, "data")
    assert pipe.is_fifo()
