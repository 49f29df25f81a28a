"""The first schema: articles, reports, incidents, their sources, the change log.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _sortable() -> sa.types.TypeEngine[str]:
    return sa.Text().with_variant(sa.Text(collation="C"), "postgresql")


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    op.create_table(
        "articles",
        sa.Column("id", sa.Text, nullable=False),
        sa.Column("outlet", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("published", sa.Date),
        sa.Column("published_inferred", sa.Boolean, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("language", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("source_path", sa.Text),
        sa.Column("source_line", sa.Integer),
        sa.Column("extractor_version", sa.Text),
        sa.Column("extract_error", sa.Text),
        sa.Column("ingested_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_articles"),
    )
    op.create_index("ix_articles_outlet", "articles", ["outlet"])
    op.create_index("ix_articles_published", "articles", ["published"])
    op.create_index("ix_articles_extractor_version", "articles", ["extractor_version"])

    op.create_table(
        "reports",
        sa.Column("article_id", sa.Text, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("family", sa.Text, nullable=False),
        sa.Column("date", sa.Date),
        sa.Column("date_precision", sa.Text, nullable=False),
        sa.Column("place_id", sa.Text),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("geo_precision", sa.Integer),
        sa.Column("order_key", _sortable(), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("extractor_version", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("article_id", "seq", name="pk_reports"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name="fk_reports_article_id_articles",
                                ondelete="CASCADE"),
    )
    op.create_index("ix_reports_family_date", "reports", ["family", "date"])
    op.create_index("ix_reports_place_id", "reports", ["place_id"])

    op.create_table(
        "incidents",
        sa.Column("id", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("date", sa.Date),
        sa.Column("date_precision", sa.Text, nullable=False),
        sa.Column("background", sa.Boolean, nullable=False),
        sa.Column("place_id", sa.Text),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("n_sources", sa.Integer, nullable=False),
        sa.Column("actors", sa.Text, nullable=False),
        sa.Column("order_key", _sortable(), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_incidents"),
    )
    for columns in (["kind"], ["date"], ["place_id"], ["order_key"], ["lat", "lon"]):
        op.create_index(f"ix_incidents_{'_'.join(columns)}", "incidents", columns)
    if postgres:
        op.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        op.execute(
            "ALTER TABLE incidents ADD COLUMN geom geometry(Point, 4326) GENERATED ALWAYS AS "
            "(CASE WHEN lat IS NULL OR lon IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(lon, lat), 4326) END) STORED"
        )
        op.execute("CREATE INDEX ix_incidents_geom ON incidents USING GIST (geom)")

    op.create_table(
        "incident_sources",
        sa.Column("incident_id", sa.Text, nullable=False),
        sa.Column("article_id", sa.Text, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("outlet", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("article_id", "seq", name="pk_incident_sources"),
        sa.ForeignKeyConstraint(["incident_id"], ["incidents.id"], name="fk_incident_sources_incident_id_incidents",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["article_id", "seq"], ["reports.article_id", "reports.seq"],
                                name="fk_incident_sources_article_id_seq_reports", ondelete="CASCADE"),
    )
    op.create_index("ix_incident_sources_incident_id", "incident_sources", ["incident_id"])
    op.create_index("ix_incident_sources_outlet", "incident_sources", ["outlet"])

    op.create_table(
        "changes",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False, autoincrement=True),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("command", sa.Text, nullable=False),
        sa.Column("run_id", sa.Text, nullable=False),
        sa.Column("author", sa.Text),
        sa.Column("entity", sa.Text, nullable=False),
        sa.Column("entity_id", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("detail", sa.JSON),
        sa.PrimaryKeyConstraint("id", name="pk_changes"),
    )
    op.create_index("ix_changes_at", "changes", ["at"])
    op.create_index("ix_changes_entity_entity_id", "changes", ["entity", "entity_id"])

    op.create_table(
        "store_meta",
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_store_meta"),
    )


def downgrade() -> None:
    for table in ("store_meta", "changes", "incident_sources", "incidents", "reports", "articles"):
        op.drop_table(table)
