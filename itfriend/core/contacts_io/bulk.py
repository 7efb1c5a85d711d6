"""Runs one Core INSERT or UPDATE for many rows through the driver's ``executemany``, quickly.

``Connection.execute(statement, rows)`` builds and type-converts a parameter dictionary per row,
which costs several times SQLite's own work at 100,000 rows. Here the statement is compiled once
by SQLAlchemy, values go through their column's own bind processor (so dates and UTC moments are
stored exactly as the ORM stores them), values shared by every row are converted once (``bound``),
and the driver receives plain sequences. It runs on the caller's connection and transaction.

For a large insert, ``indexes_rebuilt`` drops a table's secondary indexes and builds them again
afterwards, and ``roomy_cache`` lends SQLite a bigger page cache: keeping five indexes in step one
row at a time made the insert cost about four times SQLite's plain work.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from itertools import islice, repeat
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Dialect, Insert, Table, Update, insert

# Pages SQLite may keep while a large import runs (negative: KiB), instead of its 2 MiB default.
_IMPORT_CACHE_KIB = 64 * 1024


def _processor(table: Table, name: str, dialect: Dialect) -> Callable[[Any], Any] | None:
    """The column type's bind processor as this dialect runs it (SQLite stores dates as text)."""
    column = table.c.get(name)
    if column is None:
        return None
    return column.type.dialect_impl(dialect).bind_processor(dialect)


def bound(connection: Connection, table: Table, values: dict[str, Any]) -> dict[str, Any]:
    """Values converted for the database as their columns would convert them (e.g. UTC moments)."""
    converted = {}
    for name, value in values.items():
        convert = _processor(table, name, connection.dialect)
        converted[name] = convert(value) if convert is not None and value is not None else value
    return converted


def executemany(
    connection: Connection,
    statement: Insert | Update,
    table: Table,
    rows: Sequence[dict[str, Any]],
    converted: Collection[str] = (),
    keys: Sequence[str] | None = None,
) -> None:
    """Execute ``statement`` once per row. Every row has the same keys (or at least ``keys``, the
    ones written, when given); the ``converted`` ones already hold database values (from
    ``bound``) and are passed through as they are."""
    if not rows:
        return
    dialect = connection.dialect
    compiled = statement.compile(dialect=dialect, column_keys=list(keys or rows[0]))
    order = list(compiled.positiontup or [])
    if compiled.binds and not order:
        raise TypeError("bulk.executemany needs a driver with positional parameters")
    to_convert = [
        (position, convert)
        for position, name in enumerate(order)
        if name not in converted
        and (convert := _processor(table, name, dialect)) is not None
        # A column left empty in every row (often birthdays) has nothing to convert.
        and set(map(itemgetter(name), rows)) != {None}
    ]
    get = itemgetter(*order)
    if len(order) == 1:
        params: list[Any] = [(get(row),) for row in rows]
    elif not to_convert:
        params = list(map(get, rows))
    else:
        params = []
        for row in rows:
            values = list(get(row))
            for position, convert in to_convert:
                if values[position] is not None:
                    values[position] = convert(values[position])
            params.append(tuple(values))
    connection.exec_driver_sql(compiled.string, params)


def insert_columns(
    connection: Connection,
    table: Table,
    count: int,
    columns: Mapping[str, Sequence[Any]],
    constants: Mapping[str, Any],
) -> None:
    """Insert ``count`` rows given column by column: ``columns`` maps a column to its ``count``
    values (converted here by the column's bind processor), ``constants`` to one value shared by
    every row and already converted (from ``bound``). Together they name every column written.

    The driver's rows are zipped from the columns in one pass: no dict is made per row.
    """
    if count == 0:
        return
    dialect = connection.dialect
    statement = insert(table)
    compiled = statement.compile(dialect=dialect, column_keys=[*columns, *constants])
    order = list(compiled.positiontup or [])
    if compiled.binds and not order:
        raise TypeError("bulk.insert_columns needs a driver with positional parameters")
    short = [name for name, values in columns.items() if len(values) != count]
    if short:  # a bug upstream: never insert fewer rows than were planned
        raise ValueError(f"bulk.insert_columns: {', '.join(short)} do not hold {count} values")
    series: list[Iterable[Any]] = []
    for name in order:
        if name in constants:
            series.append(repeat(constants[name]))
        elif name in columns:
            series.append(_converted(columns[name], _processor(table, name, dialect)))
        else:
            raise KeyError(f"no values for the column {name} of {table.name}")
    params = list(islice(zip(*series, strict=False), count))
    connection.exec_driver_sql(compiled.string, params)


def _converted(values: Sequence[Any], convert: Callable[[Any], Any] | None) -> Sequence[Any]:
    """Values as the database stores them; None stays None (SQL NULL)."""
    if convert is None or values.count(None) == len(values):
        return values  # nothing to convert, e.g. text, or a column empty in every row
    return [None if value is None else convert(value) for value in values]


def begin_for_ddl(connection: Connection) -> None:
    """Open the driver's transaction now, so that DDL that follows is part of it.

    Python's sqlite3 (in its default, legacy mode) begins a transaction only before INSERT,
    UPDATE or DELETE; a DROP INDEX issued first would be committed at once, and a failed import
    would leave the index missing. BEGIN IMMEDIATE also takes the write lock for the whole import.
    """
    if connection.dialect.name != "sqlite":
        return  # other drivers begin their transaction before any statement
    driver = connection.connection.dbapi_connection
    if driver is not None and not getattr(driver, "in_transaction", True):
        connection.exec_driver_sql("BEGIN IMMEDIATE")


@contextlib.contextmanager
def indexes_rebuilt(connection: Connection, table: Table) -> Iterator[None]:
    """Drop ``table``'s secondary indexes for the body and create them again after it.

    Unique indexes are kept: they guard the data while it is written. The definitions come from
    the model (``table.indexes``), so that what is rebuilt is what the schema declares. All of it
    runs in the caller's transaction (call ``begin_for_ddl`` first): if the body fails, the
    rollback restores the indexes with the data, so nothing is recreated here on failure.
    """
    secondary = sorted((index for index in table.indexes if not index.unique), key=_index_name)
    for index in secondary:
        index.drop(connection)
    yield
    for index in secondary:
        index.create(connection)


def _index_name(index: Any) -> str:
    return str(index.name)


@contextlib.contextmanager
def roomy_cache(connection: Connection) -> Iterator[None]:
    """Give SQLite a bigger page cache on this connection for the body, then restore its own.

    Inserting many rows into a unique index at random places (emails) and building indexes
    touch far more pages than the default cache holds; the cache grows only as pages are used.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    before = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size = -{_IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        # After Ctrl+C inside SQLite, SQLAlchemy has invalidated the connection (it is closed,
        # not pooled): a statement on it would raise PendingRollbackError over the interrupt.
        if not connection.invalidated:
            connection.exec_driver_sql(f"PRAGMA cache_size = {int(before or -2000)}")
