"""The store's tables (SQLAlchemy Core), the same on SQLite and PostgreSQL.

The migrations in ``migrations/versions`` create exactly these tables (a test compares them);
on PostgreSQL the first migration also adds ``incidents.geom``, a PostGIS point computed from
``lat``/``lon`` with a GiST index, which this metadata leaves out so that SQLite needs nothing
spatial.

- ``articles``: one row per article, with its text, a hash of text and metadata (an article
  ingested again with the same hash is skipped) and the extractor version that read it.
- ``reports``: what the extractor read in each article, numbered in the article's order;
  ``data`` holds the whole report, the other columns what merging and searching need.
- ``incidents``: merged incidents under stable ids; ``data`` holds the whole incident as
  the analyst reviewed it (``extracted``: as the merge made it, when a review holds it), the
  other columns what filters need. ``version`` counts the changes of an incident (a review
  made against an older version is refused).
- ``incident_sources``: which reports (and so which articles and outlets) each incident
  merges; each report belongs to one incident.
- ``changes``: the log of every change: when, by which command and run, by whom, what.
- ``reviews``: the analyst's review of an incident (SPEC section 12): the decision
  (confirmed or rejected), the corrected fields, the extracted values the analyst saw
  (``base``: a new extraction that differs raises the flag), and an incident merged into
  another; ``review_anchors``: the reports the incident is made of, as the analyst left it,
  each found again after a re-extraction by article, kind and excerpt (``seq`` is the report
  it holds now, NULL when the article's new reading has none like it); ``review_changes``:
  every action with author, time and what it changed (the history, and what undo reverses).
- ``store_meta``: key/value facts about the store (when created, merge rules' version).
- ``fetch_feeds``, ``fetch_urls``, ``fetch_rounds``: what ``geodata fetch`` read of each
  outlet's feeds (validators for conditional requests), what became of each article address,
  and what each round brought in and what failed; ``data`` holds the whole record.
Times are ISO 8601 text in UTC, the same on both databases.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData(naming_convention={
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})


def sortable_text() -> sa.types.TypeEngine[str]:
    """Text compared byte by byte on both databases (PostgreSQL's "C" collation)."""
    return sa.Text().with_variant(sa.Text(collation="C"), "postgresql")


def big_id() -> sa.types.TypeEngine[int]:
    """A 64-bit key that SQLite still numbers by itself (its INTEGER PRIMARY KEY)."""
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


articles = sa.Table(
    "articles", metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("outlet", sa.Text, nullable=False, index=True),
    sa.Column("url", sa.Text),
    sa.Column("published", sa.Date, index=True),
    sa.Column("published_inferred", sa.Boolean, nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("language", sa.Text, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("content_hash", sa.String(64), nullable=False, index=True),
    sa.Column("source_path", sa.Text),
    sa.Column("source_line", sa.Integer),
    sa.Column("extractor_version", sa.Text, index=True),
    sa.Column("extract_error", sa.Text),
    sa.Column("ingested_at", sa.String(32), nullable=False),
    sa.Column("updated_at", sa.String(32), nullable=False),
)

reports = sa.Table(
    "reports", metadata,
    sa.Column("article_id", sa.Text, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("family", sa.Text, nullable=False),
    sa.Column("date", sa.Date),
    sa.Column("date_precision", sa.Text, nullable=False),
    sa.Column("place_id", sa.Text),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("geo_precision", sa.Integer),
    sa.Column("order_key", sortable_text(), nullable=False),
    sa.Column("data", sa.JSON, nullable=False),
    sa.Column("extractor_version", sa.Text, nullable=False),
    sa.Index(None, "family", "date"),
    sa.Index(None, "place_id"),
)

incidents = sa.Table(
    "incidents", metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("kind", sa.Text, nullable=False, index=True),
    sa.Column("date", sa.Date, index=True),
    sa.Column("date_precision", sa.Text, nullable=False),
    sa.Column("background", sa.Boolean, nullable=False),
    sa.Column("place_id", sa.Text, index=True),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("n_sources", sa.Integer, nullable=False),
    sa.Column("actors", sa.Text, nullable=False),  # "|sdf|isis|": every actor, by or against
    sa.Column("order_key", sortable_text(), nullable=False, index=True),
    sa.Column("data", sa.JSON, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("updated_at", sa.String(32), nullable=False),
    sa.Column("review_status", sa.Text, nullable=False, server_default="unreviewed", index=True),
    sa.Column("flagged", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("extracted", sa.JSON),
    sa.Index(None, "lat", "lon"),
)

incident_sources = sa.Table(
    "incident_sources", metadata,
    sa.Column("incident_id", sa.Text, sa.ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("article_id", sa.Text, primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True),
    sa.Column("outlet", sa.Text, nullable=False, index=True),
    sa.ForeignKeyConstraint(["article_id", "seq"], ["reports.article_id", "reports.seq"], ondelete="CASCADE"),
)

changes = sa.Table(
    "changes", metadata,
    sa.Column("id", big_id(), primary_key=True, autoincrement=True),
    sa.Column("at", sa.String(32), nullable=False, index=True),
    sa.Column("command", sa.Text, nullable=False),
    sa.Column("run_id", sa.Text, nullable=False),
    sa.Column("author", sa.Text),
    sa.Column("entity", sa.Text, nullable=False),  # "article" | "incident" | "store"
    sa.Column("entity_id", sa.Text, nullable=False),
    sa.Column("action", sa.Text, nullable=False),  # "added" | "changed" | "removed" | ...
    sa.Column("detail", sa.JSON),
    sa.Index(None, "entity", "entity_id"),
)

reviews = sa.Table(
    "reviews", metadata,
    sa.Column("incident_id", sa.Text, primary_key=True),
    sa.Column("decision", sa.Text),  # "confirmed" | "rejected" | NULL
    sa.Column("corrections", sa.JSON, nullable=False),  # field -> the analyst's value
    sa.Column("base", sa.JSON, nullable=False),  # field -> the extracted value when reviewed
    sa.Column("merged_into", sa.Text, index=True),
    sa.Column("incident_version", sa.Integer, nullable=False),  # the incident's last version
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("updated_at", sa.String(32), nullable=False),
)

review_anchors = sa.Table(
    "review_anchors", metadata,
    sa.Column("id", big_id(), primary_key=True, autoincrement=True),
    sa.Column("incident_id", sa.Text, sa.ForeignKey("reviews.incident_id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("article_id", sa.Text, nullable=False),
    sa.Column("seq", sa.Integer),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("span_start", sa.Integer, nullable=False),
    sa.Column("span_end", sa.Integer, nullable=False),
    sa.Column("place_id", sa.Text),
    sa.Index(None, "article_id", "seq", unique=True),
)

review_changes = sa.Table(
    "review_changes", metadata,
    sa.Column("id", big_id(), primary_key=True, autoincrement=True),
    sa.Column("at", sa.String(32), nullable=False, index=True),
    sa.Column("author", sa.Text, nullable=False),
    sa.Column("action", sa.Text, nullable=False),
    sa.Column("incident_id", sa.Text, nullable=False, index=True),
    sa.Column("other_id", sa.Text, index=True),  # merge: the incident merged in; split: the new one
    sa.Column("detail", sa.JSON, nullable=False),
    sa.Column("undone_by", sa.BigInteger().with_variant(sa.Integer(), "sqlite")),
)

store_meta = sa.Table(
    "store_meta", metadata,
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

fetch_feeds = sa.Table(
    "fetch_feeds", metadata,
    sa.Column("outlet", sa.Text, primary_key=True),
    sa.Column("feed_url", sa.Text, primary_key=True),
    sa.Column("last_fetched_at", sa.String(32), nullable=False),
    sa.Column("data", sa.JSON, nullable=False),
)

fetch_urls = sa.Table(
    "fetch_urls", metadata,
    sa.Column("url", sa.Text, primary_key=True),
    sa.Column("outlet", sa.Text, nullable=False),
    sa.Column("article_id", sa.Text, index=True),
    sa.Column("text_hash", sa.String(64), index=True),  # of the stored article's text, as the fetch hashes it
    sa.Column("at", sa.String(32), nullable=False),
    sa.Column("data", sa.JSON, nullable=False),
)

fetch_rounds = sa.Table(
    "fetch_rounds", metadata,
    sa.Column("id", big_id(), primary_key=True, autoincrement=True),
    sa.Column("outlet", sa.Text, nullable=False),
    sa.Column("finished_at", sa.String(32), nullable=False),
    sa.Column("data", sa.JSON, nullable=False),
    sa.Index(None, "outlet", "finished_at"),
)

# the reports an incremental merge looks around: filled and read inside one transaction
probes = sa.Table(
    "geodata_probes", sa.MetaData(),
    sa.Column("article_id", sa.Text),
    sa.Column("family", sa.Text),
    sa.Column("date_from", sa.Date),
    sa.Column("date_to", sa.Date),
    sa.Column("place_id", sa.Text),
    sa.Column("south", sa.Float),
    sa.Column("north", sa.Float),
    sa.Column("west", sa.Float),
    sa.Column("east", sa.Float),
    prefixes=["TEMPORARY"],
)

TABLES = (articles, reports, incidents, incident_sources, changes, store_meta, fetch_feeds, fetch_urls, fetch_rounds,
          reviews, review_anchors, review_changes)
