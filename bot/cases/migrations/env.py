"""Alembic environment for the case store, run programmatically by `bot.cases.migrate`.

There is no alembic.ini: `bot.cases.migrate.alembic_config` sets `script_location` and hands
over an open connection in `config.attributes["connection"]`. Running `alembic` by hand works
too with `-x url=...` or `sqlalchemy.url` set in a config of your own.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from bot.cases.migrate import VERSION_TABLE, include_object
from bot.cases.models import metadata

config = context.config


def _configure_and_run(connection: object) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        version_table=VERSION_TABLE,
        include_object=include_object,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    """`alembic upgrade --sql`: print the SQL instead of running it."""
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=metadata,
        version_table=VERSION_TABLE,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure_and_run(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url")
    engine = create_engine(url, future=True)
    try:
        with engine.connect() as conn:
            _configure_and_run(conn)
            conn.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
