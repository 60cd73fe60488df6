"""Public inquiries as the web portal calls them: rate limit, honeypot, lead of the right
unit (`workspace.public.submit_inquiry` does the work; the API route calls the same)."""

from __future__ import annotations

from typing import Protocol

from sqlalchemy.orm import Session

from parkatlas.workspace.errors import TooManyRequests
from parkatlas.workspace.public import InquiryAccepted, InquiryBody, submit_inquiry

InquiryIn = InquiryBody


class Limiter(Protocol):
    def allow(self, key: str, now: float | None = None) -> bool: ...


def submit(session: Session, body: InquiryBody, *, address: str | None, limiter: Limiter | None = None,
           protection_days: int = 14) -> InquiryAccepted:  # fmt: skip
    """Check the per-address limit, then record the inquiry and its lead (404 for a site
    that is unknown or not public; the honeypot field filled → accepted, nothing kept)."""
    if limiter is not None and not limiter.allow(address or "unknown"):
        raise TooManyRequests("too many requests from this address: try again in a minute")
    return submit_inquiry(session, body, address=address, protection_days=protection_days)


__all__ = ["InquiryIn", "InquiryAccepted", "submit"]
