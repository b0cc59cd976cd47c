"""The archive's first tables: periods, versions, inputs, results (see appraisal/archive/schema.py).

Revision ID: 0001
Revises:
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "periods",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("quarter", sa.Integer, nullable=False),
        sa.Column("label", sa.String(40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("year", "quarter", name="uq_periods_year_quarter"),
    )
    op.create_table(
        "versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("period_id", sa.Integer, sa.ForeignKey("periods.id"), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("saved_by", sa.String(200), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("software_version", sa.String(40), nullable=False),
        sa.Column("scheme_yaml", sa.Text, nullable=False),
        sa.Column("mapping_yaml", sa.Text, nullable=False),
        sa.Column("n_cadres", sa.Integer, nullable=False),
        sa.Column("result_sha256", sa.String(64), nullable=False),
        sa.Column("result_json", sa.LargeBinary, nullable=False),
        sa.UniqueConstraint("period_id", "number", name="uq_versions_period_number"),
    )
    op.create_table(
        "inputs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=True),
    )
    op.create_index("ix_inputs_version_id", "inputs", ["version_id"])
    op.create_table(
        "results",
        sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), primary_key=True),
        sa.Column("cadre_id", sa.String(64), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("unit", sa.Text, nullable=False),
        sa.Column("unit_type", sa.Text, nullable=False),
        sa.Column("post", sa.Text, nullable=False),
        sa.Column("rank_in_unit", sa.Integer, nullable=True),
        sa.Column("grade", sa.String(16), nullable=False),
        sa.Column("composite", sa.Float, nullable=True),
        sa.Column("task_score", sa.Float, nullable=True),
        sa.Column("service_score", sa.Float, nullable=True),
        sa.Column("democratic_score", sa.Float, nullable=True),
        sa.Column("leader_score", sa.Float, nullable=True),
        sa.Column("flags", sa.Text, nullable=False),
        sa.Column("flag_text", sa.Text, nullable=False),
    )
    op.create_index("ix_results_cadre_id", "results", ["cadre_id"])


def downgrade() -> None:
    op.drop_table("results")
    op.drop_table("inputs")
    op.drop_table("versions")
    op.drop_table("periods")
