"""The floor for importing contacts: the CSV read with the csv module and inserted with one
sqlite3 ``executemany`` into a fresh file, with the same PRAGMAs as itfriend's database (WAL).

Two schemas: ``plain`` is a table with the people table's columns and types and nothing else
(the floor the issue names); ``same_schema`` copies the people table's DDL and indexes from a
real itfriend database, to show what the unique email and the four indexes cost by themselves.
"""

from __future__ import annotations

import contextlib
import csv
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA busy_timeout=5000",
)
COLUMNS = (
    ("name", "VARCHAR(200) NOT NULL"),
    ("preferred_name", "VARCHAR(100) NOT NULL"),
    ("role", "VARCHAR(200) NOT NULL"),
    ("department", "VARCHAR(200) NOT NULL"),
    ("building", "VARCHAR(200) NOT NULL"),
    ("floor", "VARCHAR(50) NOT NULL"),
    ("room", "VARCHAR(100) NOT NULL"),
    ("email", "VARCHAR(320)"),
    ("phone", "VARCHAR(100) NOT NULL"),
    ("notes", "TEXT NOT NULL"),
    ("personal_notes", "TEXT NOT NULL"),
    ("birthday", "DATE"),
    ("cadence_days", "INTEGER"),
    ("last_contact", "DATETIME"),
    ("created_at", "DATETIME NOT NULL"),
    ("updated_at", "DATETIME NOT NULL"),
)
PLAIN_DDL = (
    "CREATE TABLE people (id INTEGER NOT NULL PRIMARY KEY, "
    + ", ".join(f"{name} {kind}" for name, kind in COLUMNS)
    + ")"
)


def people_ddl(itfriend_db: Path) -> list[str]:
    """The CREATE statements of the people table and its indexes in an itfriend database."""
    with contextlib.closing(sqlite3.connect(itfriend_db)) as conn:
        rows = conn.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'people' AND sql IS NOT NULL "
            "ORDER BY type DESC"  # the table before its indexes
        ).fetchall()
    return [sql for (sql,) in rows]


def prepare(db_path: Path, ddl: list[str]) -> None:
    """Create the fresh database file and its schema (not part of the timed work)."""
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        for pragma in PRAGMAS:
            conn.execute(pragma)
        for statement in ddl:
            conn.execute(statement)
        conn.commit()


def import_csv(csv_path: Path, db_path: Path) -> tuple[float, float]:
    """Read the CSV and insert every row; return (total seconds, seconds of the insert alone)."""
    started = time.perf_counter()
    now = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
    with csv_path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = [
            (
                row["name"],
                row["role"],
                row["department"],
                row["building"],
                row["floor"],
                row["room"],
                row["email"],
                row["phone"],
                now,
                now,
            )
            for row in reader
        ]
    conn = sqlite3.connect(db_path)
    try:
        for pragma in PRAGMAS:
            conn.execute(pragma)
        inserting = time.perf_counter()
        conn.executemany(
            "INSERT INTO people (name, preferred_name, role, department, building, floor, room, "
            "email, phone, notes, personal_notes, created_at, updated_at) "
            "VALUES (?, '', ?, ?, ?, ?, ?, ?, ?, '', '', ?, ?)",
            rows,
        )
        conn.commit()
        finished = time.perf_counter()
    finally:
        conn.close()
    return finished - started, finished - inserting
