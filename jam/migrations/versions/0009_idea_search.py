"""idea search: a full-text index of every idea

SQLite: an FTS5 table ``idea_fts`` (rowid = the idea's id). PostgreSQL: a table ``idea_fts``
(idea_id, terms tsvector) with a GIN index. Both hold the terms ``jam.search.index_terms``
makes (each word and its English, Spanish and French stems); the actions keep them in sync.
Neither is a model (SQLModel cannot declare a virtual table or a tsvector column's index the
same way on both): ``jam.migrations.env`` leaves the index's tables out of the comparison.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 22:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from jam.search import index_rows

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 2_000


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        op.execute(
            "CREATE VIRTUAL TABLE idea_fts USING fts5(terms, "
            "tokenize = 'unicode61 remove_diacritics 0')"
        )
        insert = sa.text("INSERT INTO idea_fts (rowid, terms) VALUES (:idea_id, :terms)")
    else:
        op.execute(
            "CREATE TABLE idea_fts (idea_id INTEGER PRIMARY KEY REFERENCES idea (id) "
            "ON DELETE CASCADE, terms TSVECTOR NOT NULL)"
        )
        op.execute("CREATE INDEX ix_idea_fts_terms ON idea_fts USING GIN (terms)")
        insert = sa.text(
            "INSERT INTO idea_fts (idea_id, terms) VALUES (:idea_id, to_tsvector('simple', :terms))"
        )
    # The ideas already there, a batch at a time.
    after = 0
    while True:
        rows = bind.execute(
            sa.text("SELECT id, title, body FROM idea WHERE id > :after ORDER BY id LIMIT :n"),
            {"after": after, "n": BATCH},
        ).all()
        if not rows:
            break
        bind.execute(insert, index_rows((int(i), t, b) for i, t, b in rows))
        after = int(rows[-1][0])


def downgrade() -> None:
    op.execute("DROP TABLE idea_fts")
