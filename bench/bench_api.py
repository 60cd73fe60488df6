"""Benchmark of the HTTP API (issue 10 §7). Run by hand, never in tests; loopback only,
bounded in requests and time:

    .venv/bin/python bench/bench_api.py                       # 1M demo sites on PostgreSQL
    .venv/bin/python bench/bench_api.py --sites 100000 --requests 10   # quick

Builds (or reuses) the demo atlas in database `pa_bench_api` of the local PostgreSQL server
(`parkatlas demo --sites N`), sets up a unit, a user and a token, starts `parkatlas serve` on
127.0.0.1, warms the matching index, then runs `--clients` concurrent clients, each sending
`--requests` filtered site lists (`GET /api/v1/sites` with kind, region, area range) and as
many matches (`POST /api/v1/match`), and reports p50/p95/p99 end to end. For comparison, the
same list queries straight on PostgreSQL (psycopg, same concurrency, no HTTP, no auth) and
the matching engine in-process (no HTTP) in the same run. Also the CPU time per request of the
server process, of PostgreSQL and of the bench's own client threads (Linux /proc): what the
latencies cost the machine, far less sensitive than they are to other load on it.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx
from sqlalchemy import create_engine, text

ADMIN = os.environ.get("PARKATLAS_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
DB = "pa_bench_api"
# Shanghai districts by code (a name such as 宝山区 is ambiguous nationwide: 上海/双鸭山)
DISTRICTS = ["310114", "310115", "310117", "310118", "310112", "310113", "310120", "310116"]
KINDS = ["factory", "warehouse", "office", "lab", "land"]


def url_for(db: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(ADMIN).set(database=db).render_as_string(hide_password=False)


def ensure_atlas(sites: int) -> str:
    url = url_for(DB)
    admin = create_engine(ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :d"), {"d": DB}).first():
            conn.execute(text(f'CREATE DATABASE "{DB}"'))
    admin.dispose()
    eng = create_engine(url)
    try:
        with eng.connect() as conn:
            have = conn.execute(text("SELECT count(*) FROM sites")).scalar_one()
    except Exception:
        have = -1
    eng.dispose()
    if have != sites:
        t = time.perf_counter()
        env = {**os.environ, "PARKATLAS_DATABASE_URL": url}
        subprocess.run([sys.executable, "-m", "parkatlas.cli", "demo", "--sites", str(sites)], env=env, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        print(f"demo atlas built: {sites:,} sites in {time.perf_counter() - t:.0f} s")
    return url


def make_token(url: str) -> str:
    from parkatlas.db import make_engine, session_scope
    from parkatlas.models import Unit
    from parkatlas.workspace import accounts
    from parkatlas.workspace.principal import Principal

    who = Principal(login="bench", role="admin", unit_id=None, scope=frozenset(), via="cli")
    eng = make_engine(url)
    with session_scope(eng) as s:
        if s.get(Unit, "BENCH") is None:
            accounts.add_unit(s, who, code="BENCH", name="基准测试单位", region="嘉定区")
            accounts.add_user(s, who, login="bench", unit="BENCH", role="officer", password=None)
        token = accounts.create_token(s, who, "bench").token
    eng.dispose()
    return token


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pct(values: list[float], p: float) -> float:
    vs = sorted(values)
    return vs[min(len(vs) - 1, max(0, round(p / 100 * len(vs)) - 1))] * 1000


def summary(name: str, lat: list[float]) -> str:
    return (f"| {name} | {len(lat)} | {pct(lat, 50):.1f} | {pct(lat, 95):.1f} | {pct(lat, 99):.1f} | "
            f"{statistics.fmean(lat) * 1000:.1f} |")  # fmt: skip


def cpu_seconds(pids: list[int]) -> float | None:
    """User + system CPU seconds of these processes so far (Linux /proc; None elsewhere)."""
    total = 0
    try:
        for pid in pids:
            with open(f"/proc/{pid}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
    except (OSError, IndexError, ValueError):
        return None
    return total / os.sysconf("SC_CLK_TCK")


def _procs() -> list[tuple[int, str, int]]:
    """(pid, command name, parent pid) of every process (Linux /proc; empty elsewhere)."""
    out = []
    for name in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as fh:
                    head, _, rest = fh.read().rpartition(")")
                out.append((int(name), head.split("(", 1)[1], int(rest.split()[1])))
            except (OSError, IndexError, ValueError):
                continue
    return out


def postgres_pids() -> list[int]:
    """The local PostgreSQL server's processes (the bench is loopback only)."""
    return [pid for pid, comm, _ in _procs() if comm == "postgres"]


def server_pids(pid: int) -> list[int]:
    """The server process and its worker processes (`--workers N`)."""
    return [pid] + [p for p, _, parent in _procs() if parent == pid]


class CpuMeter:
    """CPU time per request of the server, PostgreSQL and the bench's own clients in a phase:
    what the wall-clock percentiles cost the machine, much less sensitive to other load.
    Processes started during the phase (new connections) count whole."""

    def __init__(self, server_pid: int) -> None:
        self.server_pid = server_pid

    def _sample(self) -> tuple[dict[int, float | None], dict[int, float | None], float]:
        return ({p: cpu_seconds([p]) for p in server_pids(self.server_pid)},
                {p: cpu_seconds([p]) for p in postgres_pids()}, time.process_time())  # fmt: skip

    def __enter__(self) -> CpuMeter:
        self.start = self._sample()
        return self

    def __exit__(self, *_: object) -> None:
        self.end = self._sample()

    def per_request(self, n: int) -> str:
        parts = []
        for label, i in (("server", 0), ("postgres", 1)):
            before, after = self.start[i], self.end[i]
            if not after or after.get(self.server_pid, 0.0) is None:
                parts.append(f"{label} ?")  # no /proc here
                continue
            used = sum(v - (before.get(p) or 0.0) for p, v in after.items() if v is not None)
            parts.append(f"{label} {used / max(n, 1) * 1000:.2f}")
        parts.append(f"clients {(self.end[2] - self.start[2]) / max(n, 1) * 1000:.2f}")
        return ", ".join(parts)


def list_params(rng: random.Random) -> dict[str, Any]:
    lo = rng.choice([500, 1000, 2000, 5000, 10000])
    return {"kind": rng.choice(KINDS), "region": rng.choice(DISTRICTS), "area_min": lo, "area_max": lo * 4,
            "status": "available", "per_page": 50}  # fmt: skip


def match_body(rng: random.Random) -> dict[str, Any]:
    lo = rng.choice([1000, 3000, 5000, 10000])
    needs: dict[str, Any] = {"kind": rng.choice(["factory", "warehouse", "lab"]),
                             "area_m2": {"min": lo, "max": lo * 3, "ideal": lo * 2}}  # fmt: skip
    if rng.random() < 0.5:
        needs["regions"] = [rng.choice(DISTRICTS)]
    if needs["kind"] == "factory":
        needs["floor_load_kn_m2"] = {"min": rng.choice([5, 8, 10])}
    return {"needs": needs, "k": 20}


def run_clients(clients: int, fn: Callable[[int, random.Random], None], per_client: int, deadline: float) -> None:
    def worker(i: int) -> None:
        rng = random.Random(1000 + i)
        for _ in range(per_client):
            if time.monotonic() > deadline:
                return
            fn(i, rng)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--sites", type=int, default=1_000_000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--requests", type=int, default=25, help="per client and endpoint")
    ap.add_argument("--max-seconds", type=float, default=300)
    ap.add_argument("--workers", type=int, default=1, help="server worker processes")
    a = ap.parse_args()
    url = ensure_atlas(a.sites)
    eng0 = create_engine(url, isolation_level="AUTOCOMMIT")
    with eng0.connect() as conn:  # fresh statistics and visibility map after the bulk load
        conn.execute(text("VACUUM ANALYZE sites"))
    eng0.dispose()
    token = make_token(url)
    port = free_port()
    env = {**os.environ, "PARKATLAS_DATABASE_URL": url, "PARKATLAS_USER": "bench"}
    server = subprocess.Popen([sys.executable, "-m", "parkatlas.cli", "serve", "--host", "127.0.0.1",
                               "--port", str(port), "--workers", str(a.workers)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    base = f"http://127.0.0.1:{port}/api/v1"
    h = {"Authorization": f"Bearer {token}"}
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/sites", headers=h, params={"per_page": 1}, timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        t = time.perf_counter()
        for _ in range(a.workers * 3):  # every worker builds its index on first use
            r = httpx.post(f"{base}/match", headers=h, json=match_body(random.Random(0)), timeout=120)
            assert r.status_code == 200, r.text
        print(f"warm-up (index build) {time.perf_counter() - t:.1f} s")
        lat: dict[str, list[float]] = {"list": [], "match": [], "sql": [], "engine": []}
        errors: list[str] = []
        lock = threading.Lock()
        local = threading.local()

        def client() -> httpx.Client:
            if not hasattr(local, "c"):
                local.c = httpx.Client(headers=h, timeout=30)
            return local.c  # type: ignore[no-any-return]

        def do_list(_i: int, rng: random.Random) -> None:
            t0 = time.perf_counter()
            r = client().get(f"{base}/sites", params=list_params(rng))
            d = time.perf_counter() - t0
            with lock:
                (lat["list"] if r.status_code == 200 else errors).append(d if r.status_code == 200 else r.text[:100])  # type: ignore[arg-type]

        def do_match(_i: int, rng: random.Random) -> None:
            t0 = time.perf_counter()
            r = client().post(f"{base}/match", json=match_body(rng))
            d = time.perf_counter() - t0
            with lock:
                (lat["match"] if r.status_code == 200 else errors).append(d if r.status_code == 200 else r.text[:100])  # type: ignore[arg-type]

        deadline = time.monotonic() + a.max_seconds
        t = time.perf_counter()
        with CpuMeter(server.pid) as list_cpu:
            run_clients(a.clients, do_list, a.requests, deadline)
        list_wall = time.perf_counter() - t
        t = time.perf_counter()
        with CpuMeter(server.pid) as match_cpu:
            run_clients(a.clients, do_match, a.requests, deadline)
        match_wall = time.perf_counter() - t

        # the same list queries straight on PostgreSQL: what the database alone costs
        from parkatlas.db import make_engine, session_scope
        from parkatlas.workspace.principal import Principal
        from parkatlas.workspace.sites import SiteFilter, list_sites

        eng = make_engine(url, pool_size=a.clients)
        who = Principal(login="bench", role="admin", unit_id=None, scope=frozenset(), via="cli")

        def do_sql(_i: int, rng: random.Random) -> None:
            p = list_params(rng)
            p.pop("per_page")
            t0 = time.perf_counter()
            with session_scope(eng) as s:
                list_sites(s, who, SiteFilter(**p), per_page=50)
            with lock:
                lat["sql"].append(time.perf_counter() - t0)

        run_clients(a.clients, do_sql, a.requests, deadline)
        eng.dispose()
        from parkatlas.matching import Matcher

        m = Matcher.from_url(url)
        rng0 = random.Random(7)
        for _ in range(a.clients * a.requests):
            body = match_body(rng0)
            t0 = time.perf_counter()
            m.top(body["needs"], k=20)
            lat["engine"].append(time.perf_counter() - t0)
        m.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"\nmachine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"{a.sites:,} sites on PostgreSQL; {a.clients} concurrent clients; server workers {a.workers}")  # fmt: skip
    print("\n| what | requests | p50 ms | p95 ms | p99 ms | mean ms |\n|---|---|---|---|---|---|")
    print(summary(f"GET /api/v1/sites filtered (HTTP, {list_wall:.1f} s wall)", lat["list"]))
    print(summary(f"POST /api/v1/match k=20 (HTTP, {match_wall:.1f} s wall)", lat["match"]))
    print(summary("same list query, core on PostgreSQL (no HTTP, same concurrency)", lat["sql"]))
    print(summary("matching engine in-process, one at a time (no HTTP)", lat["engine"]))
    print("\nCPU ms per request (server process, all PostgreSQL processes, the bench's client threads):")
    print(f"- list: {list_cpu.per_request(len(lat['list']))}")
    print(f"- match: {match_cpu.per_request(len(lat['match']))}")
    if errors:
        print(f"\n{len(errors)} errors, e.g. {errors[:3]}")


if __name__ == "__main__":
    main()
