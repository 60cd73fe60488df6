"""workspace: unit tree, users, tokens, sessions, lead pipeline, site upkeep

Revision ID: 0002_workspace
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_workspace"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("units") as b:
        b.add_column(sa.Column("parent_id", sa.String(length=64), nullable=True))
        b.create_index("ix_units_parent_id", ["parent_id"])
    with op.batch_alter_table("audit_log") as b:
        b.add_column(sa.Column("unit_id", sa.String(length=64), nullable=True))
        b.create_index("ix_audit_log_unit_id", ["unit_id"])
    with op.batch_alter_table("stage_events") as b:
        b.add_column(sa.Column("unit_id", sa.String(length=64), nullable=True))
    with op.batch_alter_table("sites") as b:
        b.create_index("ix_sites_updated_at", ["updated_at"])

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("login", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=True),
        sa.Column("unit_id", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=True),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_login_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("login"),
    )
    op.create_index("ix_users_unit_id", "users", ["unit_id"])
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=True),
        sa.Column("prefix", sa.String(length=12), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_used_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index("ix_api_tokens_user_id", "api_tokens", ["user_id"])
    op.create_table(
        "web_sessions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_web_sessions_user_id", "web_sessions", ["user_id"])
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("login", sa.String(length=80), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_login_attempts_login", "login_attempts", ["login"])
    op.create_index("ix_login_attempts_address", "login_attempts", ["address"])
    op.create_index("ix_login_attempts_at", "login_attempts", ["at"])
    op.create_table(
        "site_state",
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("owner_unit", sa.String(length=64), nullable=True),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("verified_at", sa.DateTime(), nullable=True),
        sa.Column("verified_by", sa.String(length=80), nullable=True),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["owner_unit"], ["units.id"]),
        sa.PrimaryKeyConstraint("site_id"),
    )
    op.create_index("ix_site_state_owner_unit", "site_state", ["owner_unit"])
    op.create_index("ix_site_state_public", "site_state", ["public"])
    op.create_index("ix_site_state_verified_at", "site_state", ["verified_at"])
    op.create_table(
        "site_status_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("from_status", sa.String(length=10), nullable=True),
        sa.Column("to_status", sa.String(length=10), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=True),
        sa.Column("unit_id", sa.String(length=64), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_site_status_events_site_id", "site_status_events", ["site_id"])
    op.create_table(
        "leads",
        sa.Column("project_id", sa.String(length=64), nullable=False),
        sa.Column("registered_at", sa.DateTime(), nullable=False),
        sa.Column("registered_by", sa.String(length=80), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("last_activity_at", sa.DateTime(), nullable=True),
        sa.Column("terminal_reason", sa.String(length=40), nullable=True),
        sa.Column("duplicate", sa.Boolean(), nullable=False),
        sa.Column("norm_name", sa.String(length=200), nullable=True),
        sa.Column("uscc", sa.String(length=18), nullable=True),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("project_id"),
    )
    op.create_index("ix_leads_registered_at", "leads", ["registered_at"])
    op.create_index("ix_leads_norm_name", "leads", ["norm_name"])
    op.create_index("ix_leads_uscc", "leads", ["uscc"])
    op.create_table(
        "activities",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("project_id", sa.String(length=64), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("type", sa.String(length=12), nullable=False),
        sa.Column("participants", sa.JSON(), nullable=True),
        sa.Column("topic", sa.Text(), nullable=True),
        sa.Column("demands", sa.Text(), nullable=True),
        sa.Column("commitments", sa.Text(), nullable=True),
        sa.Column("next_step", sa.Text(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=True),
        sa.Column("unit_id", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_activities_project_id", "activities", ["project_id"])
    op.create_index("ix_activities_due_date", "activities", ["due_date"])
    op.create_table(
        "lead_collisions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("project_id", sa.String(length=64), nullable=False),
        sa.Column("other_project_id", sa.String(length=64), nullable=False),
        sa.Column("unit_id", sa.String(length=64), nullable=True),
        sa.Column("other_unit_id", sa.String(length=64), nullable=True),
        sa.Column("match_on", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["other_project_id"], ["projects.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_lead_collisions_unit_id", "lead_collisions", ["unit_id"])
    op.create_index("ix_lead_collisions_other_unit_id", "lead_collisions", ["other_unit_id"])
    op.create_table(
        "inquiries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("company", sa.String(length=200), nullable=False),
        sa.Column("contact", sa.String(length=80), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("project_id", sa.String(length=64), nullable=True),
        sa.Column("address", sa.String(length=64), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    for table in (
        "inquiries", "lead_collisions", "activities", "leads", "site_status_events",
        "site_state", "login_attempts", "web_sessions", "api_tokens", "users",
    ):  # fmt: skip
        op.drop_table(table)
    with op.batch_alter_table("sites") as b:
        b.drop_index("ix_sites_updated_at")
    with op.batch_alter_table("stage_events") as b:
        b.drop_column("unit_id")
    with op.batch_alter_table("audit_log") as b:
        b.drop_index("ix_audit_log_unit_id")
        b.drop_column("unit_id")
    with op.batch_alter_table("units") as b:
        b.drop_index("ix_units_parent_id")
        b.drop_column("parent_id")
