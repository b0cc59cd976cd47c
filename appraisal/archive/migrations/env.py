"""Alembic's environment for the archive: run on the connection the archive opened (``config.attributes``).

The archive upgrades itself when opened (:func:`appraisal.archive.store.open_archive`); a maintainer adds
a revision with ``alembic -c appraisal/archive/migrations/alembic.ini revision -m "…"`` and writes its
``upgrade`` by hand, in Alembic operations (never SQL text for one backend).
"""

from alembic import context

from appraisal.archive.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # run from the alembic command line: connect to the URL of alembic.ini / -x db=…
    from sqlalchemy import create_engine

    url = context.get_x_argument(as_dictionary=True).get("db") or context.config.get_main_option("sqlalchemy.url")
    with create_engine(url).connect() as connection:
        context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
else:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
