"""Alembic environment: migrations run on the connection that itfriend hands over."""

from alembic import context

from itfriend.core.models import Base

# Full-text search tables are virtual and managed by their own migrations, not by autogenerate.
_VIRTUAL_TABLE_PREFIXES = ("people_fts",)


def _include_name(name: str | None, type_: str, _parents: object) -> bool:
    return not (type_ == "table" and name is not None and name.startswith(_VIRTUAL_TABLE_PREFIXES))


def run_migrations() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        from sqlalchemy import create_engine

        url = context.config.get_main_option("sqlalchemy.url") or "sqlite://"
        connection = create_engine(url).connect()
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        include_name=_include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
