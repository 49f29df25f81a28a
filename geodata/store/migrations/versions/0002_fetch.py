"""What geodata fetch read: feeds, article addresses and rounds; articles found by content hash.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _big_id() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_index("ix_articles_content_hash", "articles", ["content_hash"])
    op.create_table(
        "fetch_feeds",
        sa.Column("outlet", sa.Text, nullable=False),
        sa.Column("feed_url", sa.Text, nullable=False),
        sa.Column("last_fetched_at", sa.String(32), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("outlet", "feed_url", name="pk_fetch_feeds"),
    )
    op.create_table(
        "fetch_urls",
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("outlet", sa.Text, nullable=False),
        sa.Column("article_id", sa.Text),
        sa.Column("text_hash", sa.String(64)),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("url", name="pk_fetch_urls"),
    )
    op.create_index("ix_fetch_urls_article_id", "fetch_urls", ["article_id"])
    op.create_index("ix_fetch_urls_text_hash", "fetch_urls", ["text_hash"])
    op.create_table(
        "fetch_rounds",
        sa.Column("id", _big_id(), nullable=False, autoincrement=True),
        sa.Column("outlet", sa.Text, nullable=False),
        sa.Column("finished_at", sa.String(32), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_fetch_rounds"),
    )
    op.create_index("ix_fetch_rounds_outlet_finished_at", "fetch_rounds", ["outlet", "finished_at"])


def downgrade() -> None:
    for table in ("fetch_rounds", "fetch_urls", "fetch_feeds"):
        op.drop_table(table)
    op.drop_index("ix_articles_content_hash", "articles")
