"""The change feed: every committed write, from any process, in a log that readers follow.

Why: the tray learned only of its own windows' writes, so a follow-up added from the CLI was
reminded late and the tooltip said "nothing due" while ``itfriend due`` listed seven items.
Now each committed write leaves rows in the ``changes`` table (what table, which row, insert,
update or delete, when, and by whom where ``me.name`` is set), and a reader asks for the rows
after the last id it saw.

Design:

- **Same transaction.** The log rows are written inside the write's own transaction, just
  before it commits (``recording`` for SQLAlchemy, ``log_sql`` for the tray's plain sqlite3
  writes). A write that rolls back leaves no row; a write that commits cannot miss its row, even
  if the process is killed right after. No second commit, no window where the two disagree.
- **One generic hook**, not a call in every service: the ORM's unit of work is read at flush
  (one row per object added, changed or deleted); Core ``UPDATE``/``DELETE`` statements run
  through a session name their rows when they touch few (a SELECT of their ids first); any other
  write (bulk inserts, the contacts import's driver ``executemany``, raw SQL) is seen at the
  cursor and gives **one coarse row per table and kind per transaction** (``row_id`` None:
  "reload this table"). A 100,000-row import so costs one log row, not 100,000.
  Rows that ``ON DELETE CASCADE`` removes with a deleted person are implied by its delete.
- **Pruning.** Each committing write keeps only the newest ``KEEP_NEWEST`` rows (one indexed
  range delete). A reader whose cursor fell behind the oldest kept row, or is ahead of the
  newest (a backup was restored), gets :class:`ReloadAll` from ``changes_since``: it must reload
  everything, then go on from ``ReloadAll.latest_id``.
- **Waking readers** is the implementation's business, behind the :class:`ChangeFeed` Protocol:
  on SQLite, ``wake_paths`` names the files whose change means "read again" (the database and
  its -wal), and the CLI also tells a running tray over its socket after a committed write
  (``itfriend.platform.instance.wake``). A shared PostgreSQL will use LISTEN/NOTIFY instead.

This package's ``__init__``, ``feed`` and ``sqlite_feed`` load neither SQLAlchemy nor Qt, so
the idle tray can follow the feed cheaply; ``recording`` is the SQLAlchemy side.
"""

from __future__ import annotations

from itfriend.core.change_feed.feed import Change, ChangeFeed, ChangeKind, ReloadAll
from itfriend.core.change_feed.sqlite_feed import SqliteChangeFeed

__all__ = ["Change", "ChangeFeed", "ChangeKind", "ReloadAll", "SqliteChangeFeed"]
