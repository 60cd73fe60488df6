"""A server killed with SIGKILL during a burst of writes keeps every acknowledged write, and
nothing half-written: each site has its ownership row and first status event, each lead its
pipeline row, stage event and audit entry (SQLite and PostgreSQL)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time

import httpx
import pytest
from sqlalchemy import create_engine, func, select

from parkatlas.models import AuditEntry, Project, Site, StageEvent
from parkatlas.workspace.tables import Lead, SiteState, SiteStatusEvent
from tests.workspace.world import World, build_world


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(url: str, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PARKATLAS_DATABASE_URL": url, "PARKATLAS_USER": "tester"}
    proc = subprocess.Popen([sys.executable, "-m", "parkatlas.cli", "serve", "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise AssertionError("the server did not start")


@pytest.mark.slow
def test_sigkill_during_write_burst_keeps_acknowledged_writes(atlas_url: str) -> None:
    world: World = build_world(atlas_url)
    port = _free_port()
    proc = _start(atlas_url, port)
    base = f"http://127.0.0.1:{port}/api/v1"
    acked_sites: list[str] = []
    acked_leads: list[str] = []
    stop = threading.Event()
    errors: list[str] = []

    def writer(n: int) -> None:
        h = world.auth("at_officer")
        with httpx.Client(timeout=10) as c:
            i = 0
            while not stop.is_set():
                i += 1
                try:
                    r = c.post(f"{base}/sites", headers=h, json={"kind": "factory", "area_m2": 1000 + i, "region": "嘉定区"})
                    if r.status_code == 201:
                        acked_sites.append(r.json()["id"])
                    else:
                        errors.append(f"{r.status_code} {r.text[:200]}")
                    r = c.post(f"{base}/projects", headers=h, json={"name": f"burst {n}-{i}", "enterprise": {"name": f"并发测试{n}号{i}有限公司"}})
                    if r.status_code == 201:
                        acked_leads.append(r.json()["id"])
                except httpx.HTTPError as exc:
                    errors.append(repr(exc))
                    return  # the server is gone

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 30
    while len(acked_sites) + len(acked_leads) < 40 and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    stop.set()
    for t in threads:
        t.join(timeout=15)
    assert len(acked_sites) + len(acked_leads) >= 40, errors[:3]

    proc = _start(atlas_url, port)  # restart: the atlas opens cleanly (WAL recovery on SQLite)
    try:
        h = world.auth("at_officer")
        for sid in acked_sites:
            assert httpx.get(f"{base}/sites/{sid}", headers=h).status_code == 200, sid
        for pid in acked_leads:
            assert httpx.get(f"{base}/projects/{pid}", headers=h).status_code == 200, pid
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)

    eng = create_engine(atlas_url)
    with eng.connect() as conn:
        sites = set(conn.execute(select(Site.id)).scalars())
        assert set(acked_sites) <= sites
        # nothing half-written: every site row has its state row and its first status event
        assert conn.execute(select(func.count()).select_from(Site).where(~Site.id.in_(select(SiteState.site_id)))).scalar_one() == 0
        assert conn.execute(select(func.count()).select_from(Site).where(~Site.id.in_(select(SiteStatusEvent.site_id)))).scalar_one() == 0
        projects = set(conn.execute(select(Project.id)).scalars())
        assert set(acked_leads) <= projects
        for table_col in (Lead.project_id, StageEvent.project_id):
            assert conn.execute(select(func.count()).select_from(Project).where(~Project.id.in_(select(table_col)))).scalar_one() == 0
        audited = set(conn.execute(select(AuditEntry.entity_id).where(AuditEntry.entity == "projects", AuditEntry.action == "insert")).scalars())
        assert projects <= audited
    eng.dispose()
