"""The analyst's review: reviews, the reports each reviewed incident holds, every review action;
each incident's review status, flag and extracted values.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-14
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _big_id() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("incidents") as batch:
        batch.add_column(sa.Column("review_status", sa.Text, nullable=False, server_default="unreviewed"))
        batch.add_column(sa.Column("flagged", sa.Boolean, nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("extracted", sa.JSON))
    op.create_index("ix_incidents_review_status", "incidents", ["review_status"])
    op.create_table(
        "reviews",
        sa.Column("incident_id", sa.Text, nullable=False),
        sa.Column("decision", sa.Text),
        sa.Column("corrections", sa.JSON, nullable=False),
        sa.Column("base", sa.JSON, nullable=False),
        sa.Column("merged_into", sa.Text),
        sa.Column("incident_version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("incident_id", name="pk_reviews"),
    )
    op.create_index("ix_reviews_merged_into", "reviews", ["merged_into"])
    op.create_table(
        "review_anchors",
        sa.Column("id", _big_id(), nullable=False, autoincrement=True),
        sa.Column("incident_id", sa.Text, nullable=False),
        sa.Column("article_id", sa.Text, nullable=False),
        sa.Column("seq", sa.Integer),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("span_start", sa.Integer, nullable=False),
        sa.Column("span_end", sa.Integer, nullable=False),
        sa.Column("place_id", sa.Text),
        sa.PrimaryKeyConstraint("id", name="pk_review_anchors"),
        sa.ForeignKeyConstraint(["incident_id"], ["reviews.incident_id"], name="fk_review_anchors_incident_id_reviews",
                                ondelete="CASCADE"),
    )
    op.create_index("ix_review_anchors_incident_id", "review_anchors", ["incident_id"])
    op.create_index("ix_review_anchors_article_id_seq", "review_anchors", ["article_id", "seq"], unique=True)
    op.create_table(
        "review_changes",
        sa.Column("id", _big_id(), nullable=False, autoincrement=True),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("author", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("incident_id", sa.Text, nullable=False),
        sa.Column("other_id", sa.Text),
        sa.Column("detail", sa.JSON, nullable=False),
        sa.Column("undone_by", _big_id()),
        sa.PrimaryKeyConstraint("id", name="pk_review_changes"),
    )
    for column in ("at", "incident_id", "other_id"):
        op.create_index(f"ix_review_changes_{column}", "review_changes", [column])


def downgrade() -> None:
    for table in ("review_changes", "review_anchors", "reviews"):
        op.drop_table(table)
    op.drop_index("ix_incidents_review_status", "incidents")
    with op.batch_alter_table("incidents") as batch:
        for column in ("extracted", "flagged", "review_status"):
            batch.drop_column(column)
