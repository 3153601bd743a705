"""Alembic environment: always online, on the connection `store.migrate` hands over."""

from alembic import context
from sqlalchemy import Connection

from studyapp.store.schema import Base

connection = context.config.attributes["connection"]
assert isinstance(connection, Connection)
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
