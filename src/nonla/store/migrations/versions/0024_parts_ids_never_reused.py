"""The id of a deleted part is never given again on SQLite.

The keyword and vector indexes beside a SQLite store (tantivy's directories, the usearch files) name parts by id
and commit on their own, so a delete empties them only once the store has committed it: a process killed in
between leaves entries of parts that are gone. Without AUTOINCREMENT SQLite gave the newest deleted part's id to
the next part inserted, in any collection, and such an entry then stood for a stranger's part. The parts table is
rebuilt as AUTOINCREMENT (PostgreSQL's sequences never reuse an id). Ids of an insert that rolled back can still
come back (SQLite's counter rolls back with it): search reads every entry only through the parts of its own
collection (nonla.collections.bm25.live_parts). The rebuild copies every row with its id, so the FTS5 table
(rowid = parts.id) and the index files stay in step; it holds the store for about a minute per million parts,
once. (An id freed before this revision, above every id left, can still be given once more: SQLite kept no
record of it.)

Revision ID: 0024
Revises: 0023
"""

from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("parts", recreate="always", table_kwargs={"sqlite_autoincrement": True}):
            pass


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("parts", recreate="always", table_kwargs={"sqlite_autoincrement": False}):
            pass
