"""The workspace's tables: people and their credentials, lead pipeline records, site upkeep.

They sit beside the atlas's tables (`parkatlas.models`, same metadata) without adding
columns to sites or projects, so an import that rewrites a site row never clears who owns
it, whether it is public or when a person last confirmed it. Created by the migration
`0002_workspace`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from parkatlas.models import Base, utcnow


class User(Base):
    """A person of a unit with a role: admin (everything), officer (reads and writes for the
    unit and its sub-units), viewer (reads)."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    login: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str | None] = mapped_column(String(120))
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"), index=True)
    role: Mapped[str] = mapped_column(String(10))
    password_hash: Mapped[str | None] = mapped_column(String(200))  # argon2id
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class ApiToken(Base):
    """A script's credential: only the SHA-256 of the token is stored; revocable."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str | None] = mapped_column(String(80))
    prefix: Mapped[str] = mapped_column(String(12))  # first characters, to tell tokens apart
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class WebSession(Base):
    """A browser session: the cookie holds a random secret, the table its SHA-256."""

    __tablename__ = "web_sessions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)


class LoginAttempt(Base):
    """One password attempt; recent failures per login and per address limit new attempts."""

    __tablename__ = "login_attempts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    login: Mapped[str] = mapped_column(String(80), index=True)
    address: Mapped[str | None] = mapped_column(String(64), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    ok: Mapped[bool] = mapped_column(Boolean)


class SiteState(Base):
    """Who owns a site, whether the public portal may show it, and when a person last
    confirmed it (verified_at; stale after PARKATLAS_STALE_DAYS)."""

    __tablename__ = "site_state"
    site_id: Mapped[str] = mapped_column(
        ForeignKey("sites.id", ondelete="CASCADE"), primary_key=True
    )
    owner_unit: Mapped[str | None] = mapped_column(ForeignKey("units.id"), index=True)
    public: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    verified_at: Mapped[dt.datetime | None] = mapped_column(DateTime, index=True)
    verified_by: Mapped[str | None] = mapped_column(String(80))


class SiteStatusEvent(Base):
    """A site's status change (available → reserved → occupied), with who and when."""

    __tablename__ = "site_status_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(10))
    to_status: Mapped[str] = mapped_column(String(10))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str | None] = mapped_column(String(80))
    unit_id: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)


class Lead(Base):
    """The pipeline record of a project (报备): when and by whom it was registered, from
    which channel, the last follow-up (protection period) and a terminal reason code."""

    __tablename__ = "leads"
    project_id: Mapped[str] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    registered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    registered_by: Mapped[str | None] = mapped_column(String(80))
    source: Mapped[str] = mapped_column(String(20), default="manual")  # manual, inquiry, import
    last_activity_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    terminal_reason: Mapped[str | None] = mapped_column(String(40))
    duplicate: Mapped[bool] = mapped_column(Boolean, default=False)
    norm_name: Mapped[str | None] = mapped_column(String(200), index=True)
    uscc: Mapped[str | None] = mapped_column(String(18), index=True)


class Activity(Base):
    """拜访/跟进记录: one visit, call or meeting about a lead."""

    __tablename__ = "activities"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    project_id: Mapped[str] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    date: Mapped[dt.date] = mapped_column(Date)
    type: Mapped[str] = mapped_column(String(12))
    participants: Mapped[list[Any] | None] = mapped_column()
    topic: Mapped[str | None] = mapped_column(Text)
    demands: Mapped[str | None] = mapped_column(Text)
    commitments: Mapped[str | None] = mapped_column(Text)
    next_step: Mapped[str | None] = mapped_column(Text)
    due_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str | None] = mapped_column(String(80))
    unit_id: Mapped[str | None] = mapped_column(String(64))


class LeadCollision(Base):
    """撞单: two units' open leads for the same enterprise, awaiting the district's decision."""

    __tablename__ = "lead_collisions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    other_project_id: Mapped[str] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    unit_id: Mapped[str | None] = mapped_column(String(64), index=True)  # the new lead's unit
    other_unit_id: Mapped[str | None] = mapped_column(String(64), index=True)
    match_on: Mapped[str] = mapped_column(String(10))  # uscc, name
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    resolution: Mapped[str | None] = mapped_column(Text)


class Inquiry(Base):
    """A public inquiry on a site; it becomes a lead (source `inquiry`)."""

    __tablename__ = "inquiries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    site_id: Mapped[str] = mapped_column(String(64))
    company: Mapped[str] = mapped_column(String(200))
    contact: Mapped[str | None] = mapped_column(String(80))
    phone: Mapped[str | None] = mapped_column(String(40))
    message: Mapped[str | None] = mapped_column(Text)
    project_id: Mapped[str | None] = mapped_column(String(64))
    address: Mapped[str | None] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
