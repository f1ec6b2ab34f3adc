"""Ids handed out for people's data are never given again on SQLite, and data-subject ids are stored in NFC.

SQLite gives a new row the highest id plus one unless its table is declared AUTOINCREMENT: once the newest review
item (or inbox message, consent, face, ...) was erased, the next one took its id, and a caller still polling
``/v1/review/{id}/result`` for the erased person's held result got another person's; audit rows such as
``faces.enroll face:1`` named three people. Those tables are rebuilt as AUTOINCREMENT (PostgreSQL's sequences
never reuse an id). The parts and documents of collections keep their tables: they are addressed by key, and a
rebuild of 1.4 million parts would hold the store for minutes. (An id freed before this revision, above every id
left, can still be given once more: SQLite kept no record of it.)

A subject id typed in NFD (as some keyboards send Vietnamese) was stored as typed, so the same person's data
under the NFC spelling escaped their export and erasure; ids are now read in NFC (nonla.governance.review.
check_subject) and every stored one is rewritten in NFC here.

Revision ID: 0021
Revises: 0020
"""

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

HANDED_OUT = ("review_items", "training_examples", "inbox_messages", "inbox_history", "consents", "face_gallery",
              "legal_kb", "legal_ratings")  # fmt: skip
WITH_SUBJECTS = ("documents", "legal_ratings", "review_items", "training_examples", "inbox_messages", "consents",
                 "face_gallery", "jobs")  # fmt: skip


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in HANDED_OUT:
            with op.batch_alter_table(name, recreate="always", table_kwargs={"sqlite_autoincrement": True}):
                pass
    for name in WITH_SUBJECTS:
        table = sa.table(name, sa.column("id"), sa.column("subject_id"))
        stored = bind.execute(sa.select(table.c.id, table.c.subject_id).where(table.c.subject_id.is_not(None)))
        for row_id, subject in [row for row in stored if not row[1].isascii()]:
            nfc = unicodedata.normalize("NFC", subject)
            if nfc != subject:
                bind.execute(sa.update(table).where(table.c.id == row_id).values(subject_id=nfc))


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in HANDED_OUT:
            with op.batch_alter_table(name, recreate="always", table_kwargs={"sqlite_autoincrement": False}):
                pass
