"""Runs one Core INSERT or UPDATE for many rows through the driver's ``executemany``, quickly.

``Connection.execute(statement, rows)`` builds and type-converts a parameter dictionary per row,
which costs several times SQLite's own work at 100,000 rows. Here the statement is compiled once
by SQLAlchemy, values go through their column's own bind processor (so dates and UTC moments are
stored exactly as the ORM stores them), values shared by every row are converted once (``bound``),
and the driver receives plain sequences. It runs on the caller's connection and transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Dialect, Insert, Table, Update


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
) -> None:
    """Execute ``statement`` once per row. Every row has the same keys; the ``converted`` ones
    already hold database values (from ``bound``) and are passed through as they are."""
    if not rows:
        return
    dialect = connection.dialect
    compiled = statement.compile(dialect=dialect, column_keys=list(rows[0]))
    order = list(compiled.positiontup or [])
    if compiled.binds and not order:
        raise TypeError("bulk.executemany needs a driver with positional parameters")
    to_convert = [
        (position, convert)
        for position, name in enumerate(order)
        if name not in converted and (convert := _processor(table, name, dialect)) is not None
    ]
    get = itemgetter(*order)
    if len(order) == 1:
        params: list[Any] = [(get(row),) for row in rows]
    elif not to_convert:
        params = [get(row) for row in rows]
    else:
        params = []
        for row in rows:
            values = list(get(row))
            for position, convert in to_convert:
                if values[position] is not None:
                    values[position] = convert(values[position])
            params.append(tuple(values))
    connection.exec_driver_sql(compiled.string, params)
