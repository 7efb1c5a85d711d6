"""The rest of itfriend on a full disk or a read-only data folder: the tray's store, the
templates, the logs; each reads what it can and says in one line why it cannot write."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from itfriend.core import db as db_module
from itfriend.core.errors import StorageError
from itfriend.core.services import open_services
from tests.core.test_database_files import _names, _paths, _with_people
from tests.mounts import fill, remount, tmpfs


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    with tmpfs(tmp_path / "disk") as folder:
        yield folder


def test_the_tray_store_reads_a_read_only_folder_and_refuses_its_writes(
    small_disk: Path,
) -> None:
    from itfriend.core.clock import SystemClock
    from itfriend.core.reminders.store import ReminderStore, schema_is_current
    from itfriend.core.settings import Settings

    services = open_services(_paths(small_disk))
    services.people.add("Ann Archer", building="North")
    services.close()
    database = small_disk / "itfriend.sqlite"
    store = ReminderStore(database, Settings(small_disk / "settings.json"), SystemClock())
    remount(small_disk, "ro")
    try:
        assert schema_is_current(database)
        assert [p.name for p in store.stalest("North")] == ["Ann Archer"]
        with pytest.raises(StorageError, match=r"^the data folder .* is read-only"):
            store.record_shown(datetime.now(UTC), state={"seen": "yes"})
    finally:
        remount(small_disk, "rw")
    assert store.state("seen") is None


def test_templates_are_listed_from_a_database_that_takes_no_write(small_disk: Path) -> None:
    """Listing would seed the shipped defaults first; where nothing can be written it lists
    what the database holds instead of failing."""
    _with_people(small_disk, "Ann Archer")
    remount(small_disk, "ro")
    try:
        services = open_services(_paths(small_disk))
        try:
            assert services.templates.list() == []
        finally:
            services.close()
    finally:
        remount(small_disk, "rw")
    services = open_services(_paths(small_disk))
    assert services.templates.list()  # writable again: the defaults are seeded
    services.close()


def test_reads_work_where_the_logs_folder_cannot_be_made(small_disk: Path) -> None:
    _with_people(small_disk, "Ann Archer")
    (small_disk / "logs").rmdir()
    remount(small_disk, "ro")
    try:
        services = open_services(_paths(small_disk))
        try:
            assert _names(services) == ["Ann Archer"]
        finally:
            services.close()
    finally:
        remount(small_disk, "rw")


def test_a_full_disk_reader_lets_other_connections_read_between_sessions(
    small_disk: Path,
) -> None:
    """The fallback that reads a full disk locks the file while it reads; the lock must go
    with each session, or the tray (another connection) could read nothing meanwhile."""
    _with_people(small_disk, "Ann Archer")
    fill(small_disk)
    services = open_services(_paths(small_disk))
    try:
        assert _names(services) == ["Ann Archer"]
        assert db_module.current_revision(small_disk / "itfriend.sqlite") == db_module.SCHEMA_HEAD
        assert _names(services) == ["Ann Archer"]
    finally:
        services.close()


def test_logging_falls_back_to_stderr_where_the_logs_folder_cannot_be_made(
    small_disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import logging

    from itfriend.core.logs import setup_logging

    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    remount(small_disk, "ro")
    try:
        assert setup_logging(small_disk / "logs") is None
        logging.getLogger("itfriend.test").warning("still told")
    finally:
        remount(small_disk, "rw")
        for handler in root.handlers[len(handlers) :]:
            root.removeHandler(handler)
        root.setLevel(level)
    assert "still told" in capsys.readouterr().err
