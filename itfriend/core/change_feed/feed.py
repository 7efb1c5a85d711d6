"""What a reader of the change feed sees: :class:`Change` rows and the :class:`ChangeFeed`
Protocol that every database backend implements (see the package docstring)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

# The table name of a change that replaced the whole database (a restore): every reader whose
# cursor is before it reloads everything, as the ids before it may now name other rows.
WHOLE_DATABASE = "*"


class ChangeKind(enum.StrEnum):
    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"


@dataclass(frozen=True)
class Change:
    """One committed write. ``row_id`` None means many rows of ``table`` (e.g. an import):
    the reader reloads that table. ``by`` is the technician's ``me.name`` where it was set."""

    id: int
    table: str
    row_id: int | None
    kind: ChangeKind
    at: datetime
    by: str | None


class ReloadAll(Exception):
    """The reader's cursor is outside the log (pruned past it, or the database was replaced by
    a restore): changes were lost to it, so it must reload everything and then read from
    ``latest_id``."""

    def __init__(self, last_id: int, latest_id: int) -> None:
        super().__init__(f"changes after #{last_id} are no longer in the log; reload everything")
        self.last_id = last_id
        self.latest_id = latest_id


class ChangeFeed(Protocol):
    """The committed writes of one database, in order, for readers that keep a cursor."""

    def latest_id(self) -> int:
        """The id of the newest change (0 when there is none): where a fresh reader starts."""
        ...

    def changes_since(self, last_id: int, limit: int = 1000) -> list[Change]:
        """Up to ``limit`` changes after ``last_id``, oldest first (empty: nothing new).
        Raises :class:`ReloadAll` when changes after ``last_id`` are no longer known."""
        ...

    def wake_paths(self) -> list[Path]:
        """Files whose change means "read again" (empty where the backend wakes readers
        itself)."""
        ...
