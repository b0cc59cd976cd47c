"""The archive's tables (SQLAlchemy Core), the same on SQLite and PostgreSQL.

- ``periods``: an appraisal period, 年度 (``quarter`` 0) or a quarter of 平时考核 (1–4);
- ``versions``: one save of a period, numbered from 1; never changed once written;
- ``inputs``: the files a version was computed from (name, SHA-256, size, the bytes compressed if kept);
- ``results``: each cadre's row of the version (the ``--json`` contract's cadre fields), keyed by the cadre's
  ID so a cadre is followed across periods whatever unit or post they move to.

The whole ``--json`` contract of a version is kept too, compressed, with its SHA-256 (checked when read).
The tables change only through the migrations in ``migrations/versions`` (Alembic).
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

__all__ = ["metadata", "periods", "versions", "inputs", "results"]

metadata = MetaData()

periods = Table(
    "periods", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("year", Integer, nullable=False),
    Column("quarter", Integer, nullable=False, default=0),  # 0: the year's annual appraisal
    Column("label", String(40), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("year", "quarter", name="uq_periods_year_quarter"),
)

versions = Table(
    "versions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("period_id", Integer, ForeignKey("periods.id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("reason", Text, nullable=False),
    Column("saved_by", String(200), nullable=False),
    Column("saved_at", DateTime(timezone=True), nullable=False),
    Column("software_version", String(40), nullable=False),
    Column("scheme_yaml", Text, nullable=False),
    Column("mapping_yaml", Text, nullable=False, default=""),
    Column("n_cadres", Integer, nullable=False),
    Column("result_sha256", String(64), nullable=False),
    Column("result_json", LargeBinary, nullable=False),  # the --json contract, gzip-compressed
    UniqueConstraint("period_id", "number", name="uq_versions_period_number"),
)

inputs = Table(
    "inputs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("version_id", Integer, ForeignKey("versions.id"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("size", Integer, nullable=False),
    Column("content", LargeBinary, nullable=True),  # gzip-compressed, when the user keeps the files
)

results = Table(
    "results", metadata,
    Column("version_id", Integer, ForeignKey("versions.id"), primary_key=True),
    Column("cadre_id", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("unit", Text, nullable=False),
    Column("unit_type", Text, nullable=False),
    Column("post", Text, nullable=False),
    Column("rank_in_unit", Integer, nullable=True),
    Column("grade", String(16), nullable=False),
    Column("composite", Float, nullable=True),
    Column("task_score", Float, nullable=True),
    Column("service_score", Float, nullable=True),
    Column("democratic_score", Float, nullable=True),
    Column("leader_score", Float, nullable=True),
    Column("flags", Text, nullable=False),  # flag codes, "、"-separated
    Column("flag_text", Text, nullable=False),
    Index("ix_results_cadre_id", "cadre_id"),
)
