"""Fixtures of the web tests: a demo atlas with the test workspace, a real server, a browser.

* ``web_world``: a SQLite atlas built once per test worker — the demo (real parks,
  synthetic sites), the units and users of `tests/workspace/world.py`, sites owned by the
  towns and a few marked public.
* ``live_server``: ``uvicorn parkatlas.api.serve:app`` on a free loopback port (a real
  server, the same entry point as ``parkatlas serve``), stopped at the end.
* ``browser``: Debian's chromium driven by Playwright, headless; no browser is downloaded.
  Without /usr/bin/chromium the browser tests skip locally and FAIL in CI (CI=true), where
  .ci/run installs it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("PARKATLAS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
DEMO_SITES = 400
PUBLIC_SITES = 12  # the first sites of each town are marked public


@dataclass
class WebWorld:
    url: str
    path: Path
    public_sites: list[str]  # public: 12 of JD-AT (安亭镇), then 2 of PD-ZJ (张江镇)
    private_sites: list[str]  # owned by JD-AT, not public
    pd_sites: list[str]  # owned by PD-ZJ (张江镇); the first two are public


def _build(path: Path) -> WebWorld:
    from sqlalchemy import select

    from parkatlas.atlas import init_atlas
    from parkatlas.demo.build import build_demo
    from parkatlas.models import Site
    from parkatlas.workspace.sites import SiteUpdate, claim_sites, update_site
    from tests.workspace.world import SYSTEM, build_world, session_for

    url = f"sqlite:///{path}"
    init_atlas(url)
    build_demo(url, sites=DEMO_SITES, seed=42, actor="web-test")
    build_world(url)
    with session_for(url) as s:
        jd = list(s.execute(select(Site.id).where(Site.region.startswith("310114")).order_by(Site.id)).scalars())
        pd = list(s.execute(select(Site.id).where(Site.region.startswith("310115")).order_by(Site.id)).scalars())
        assert len(jd) > PUBLIC_SITES * 2 and len(pd) > 4
        claim_sites(s, SYSTEM, jd, "JD-AT")
        claim_sites(s, SYSTEM, pd, "PD-ZJ")
        s.flush()
        public = jd[:PUBLIC_SITES] + pd[:2]
        for sid in public:
            update_site(s, SYSTEM, sid, SiteUpdate(public=True))
    return WebWorld(url=url, path=path, public_sites=public, private_sites=jd[PUBLIC_SITES:],
                    pd_sites=pd)  # fmt: skip


@pytest.fixture(scope="session")
def web_world_template(tmp_path_factory: pytest.TempPathFactory) -> WebWorld:
    path = tmp_path_factory.mktemp("webworld") / "atlas.db"
    return _build(path)


@pytest.fixture
def web_world(web_world_template: WebWorld, tmp_path: Path) -> WebWorld:
    """A private copy of the template atlas for one test (tests may write)."""
    path = tmp_path / "atlas.db"
    shutil.copy(web_world_template.path, path)
    w = web_world_template
    return WebWorld(url=f"sqlite:///{path}", path=path, public_sites=w.public_sites,
                    private_sites=w.private_sites, pd_sites=w.pd_sites)  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LiveServer:
    base: str
    world: WebWorld
    process: subprocess.Popen[bytes]


def start_server(world: WebWorld, **env: str) -> LiveServer:
    port = _free_port()
    environ = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "PARKATLAS_DATABASE_URL": world.url,
        "PARKATLAS_COOKIE_SECURE": "0",  # plain HTTP on loopback
        "PARKATLAS_USER": "web-test",
        **({"PYTHONPATH": os.environ["PYTHONPATH"]} if "PYTHONPATH" in os.environ else {}),
        **env,
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "parkatlas.api.serve:app", "--factory",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        env=environ, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().decode() if proc.stderr else ""
            raise RuntimeError(f"server exited: {err[-2000:]}")
        try:
            with urllib.request.urlopen(base + "/static/css/app.css", timeout=2) as r:
                if r.status == 200:
                    return LiveServer(base=base, world=world, process=proc)
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("server did not start within 60 s")


def stop_server(server: LiveServer) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()


@pytest.fixture
def live_server(web_world: WebWorld) -> Iterator[LiveServer]:
    server = start_server(web_world)
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing in CI: .ci/run installs it with apt-get")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class PageWatch:
    """Collects what a page must not do: CSP violations, script errors, requests to other hosts."""

    def __init__(self, page: Any, base: str) -> None:
        self.errors: list[str] = []
        self.foreign: list[str] = []
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None)
        page.on("response", lambda r: self.errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
        page.on("request", lambda r: None if r.url.startswith((base, "data:", "about:")) else self.foreign.append(r.url))


@pytest.fixture
def page(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.base, locale="zh-CN")
    pg = context.new_page()
    pg.watch = PageWatch(pg, live_server.base)  # type: ignore[attr-defined]
    yield pg
    context.close()


def sign_in(page: Any, login: str, password: str | None = None) -> None:
    from tests.workspace.world import PASSWORD

    page.goto("/login")
    page.fill("#login", login)
    page.fill("#password", password or PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_load_state()
