"""A small workspace for tests: two districts, towns under them, users of every role, tokens.

    JD (嘉定区 bureau) ── JD-AT (安亭镇), JD-MX (马陆镇)
    PD (浦东新区 bureau) ── PD-ZJ (张江镇)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from parkatlas.db import make_engine, session_scope
from parkatlas.workspace import accounts
from parkatlas.workspace.principal import Principal

UNITS = [
    ("JD", "嘉定区投资促进中心", None, "嘉定区"),
    ("JD-AT", "安亭镇招商中心", "JD", "嘉定区"),
    ("JD-MX", "马陆镇招商中心", "JD", "嘉定区"),
    ("PD", "浦东新区投资促进中心", None, "浦东新区"),
    ("PD-ZJ", "张江镇招商中心", "PD", "浦东新区"),
]
USERS = [  # login, unit, role
    ("root", "JD", "admin"),
    ("jd_officer", "JD", "officer"),
    ("jd_viewer", "JD", "viewer"),
    ("at_officer", "JD-AT", "officer"),
    ("at_viewer", "JD-AT", "viewer"),
    ("mx_officer", "JD-MX", "officer"),
    ("mx_viewer", "JD-MX", "viewer"),
    ("pd_officer", "PD", "officer"),
    ("pd_viewer", "PD", "viewer"),
    ("zj_officer", "PD-ZJ", "officer"),
]
PASSWORD = "correct horse 1"
WITH_PASSWORD = {"at_officer", "mx_officer"}  # argon2 is slow on purpose: only who signs in
SYSTEM = Principal(login="setup", role="admin", unit_id=None, scope=frozenset(), via="cli")


@dataclass
class World:
    url: str
    tokens: dict[str, str] = field(default_factory=dict)

    def auth(self, login: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[login]}"}


@contextmanager
def session_for(url: str) -> Iterator[Session]:
    engine = make_engine(url, write=True)
    try:
        with session_scope(engine) as s:
            yield s
    finally:
        engine.dispose()


def build_world(url: str) -> World:
    world = World(url)
    with session_for(url) as s:
        for code, name, parent, region in UNITS:
            accounts.add_unit(s, SYSTEM, code=code, name=name, parent=parent, region=region)
        for login, unit, role in USERS:
            accounts.add_user(s, SYSTEM, login=login, unit=unit, role=role, password=PASSWORD if login in WITH_PASSWORD else None)
            world.tokens[login] = accounts.create_token(s, SYSTEM, login).token
    return world
