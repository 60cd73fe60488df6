"""The chain tables: chains imported by users (the shipped ones live as YAML in the package)
and placements of enterprises on nodes with their evidence and the officer's decision."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from parkatlas.models import Base, utcnow

DECISIONS = ("auto", "confirmed", "rejected")


class ChainRecord(Base):
    """A chain imported with `parkatlas chains import`; overrides a shipped chain of the same id."""

    __tablename__ = "chains"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str | None] = mapped_column(String(120))
    version: Mapped[str | None] = mapped_column(String(40))
    source: Mapped[str | None] = mapped_column(Text)
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class ChainPlacement(Base):
    """An enterprise on a node. `decision` auto rows are replaced by each run of `chains place`;
    confirmed and rejected rows are an officer's and survive every re-run."""

    __tablename__ = "chain_placements"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    enterprise_id: Mapped[str] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"))
    chain_id: Mapped[str] = mapped_column(String(40))
    node_id: Mapped[str] = mapped_column(String(64))
    node_name: Mapped[str] = mapped_column(String(80))
    confidence: Mapped[float | None] = mapped_column(Float)
    evidence: Mapped[list[Any] | None] = mapped_column(JSON)
    decision: Mapped[str] = mapped_column(String(10), default="auto")
    decided_by: Mapped[str | None] = mapped_column(String(80))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    note: Mapped[str | None] = mapped_column(Text)
    placer: Mapped[str | None] = mapped_column(String(40))
    placed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("enterprise_id", "chain_id", "node_id", name="uq_chain_placement"),
        Index("ix_chain_placements_chain_node", "chain_id", "node_id"),
        Index("ix_chain_placements_enterprise", "enterprise_id"),
    )
