"""Web page speed on a big atlas: server time of each page and the bytes of a first /sites load.

    python bench/bench_web.py --sites 1000000 --runs 5

Builds (or reuses, --db) a SQLite demo atlas of N synthetic sites with the test workspace of
tests/workspace/world.py, starts `uvicorn parkatlas.api.serve:app` on a free loopback port,
signs in as an officer and times each page N times from a loopback client (medians; the
page's JSON twin under /api/v1 is timed in the same run as the yardstick). Then it adds up
what a browser downloads on a first visit of /sites: the HTML, every stylesheet, script and
image it links, the map's points (aggregated cells above 3,000 sites) and the outlines.
Loopback only, a bounded number of requests.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.web.conftest import WebWorld, start_server, stop_server  # noqa: E402
from tests.workspace.world import PASSWORD, build_world, session_for  # noqa: E402

PAGES = [
    ("/sites", "/api/v1/sites"),
    ("/sites?region=310114&kind=factory&area_min=2000", "/api/v1/sites?region=310114&kind=factory&area_min=2000"),
    ("/sites?kind=factory&height_min=8%E7%B1%B3&power_min=800KVA", "/api/v1/sites?kind=factory&height_min=8&power_min=800"),
    ("/sites?region=310115&rent_max=1&stale=1", "/api/v1/sites?region=310115&rent_max=1&stale=true"),
    ("/sites?q=S00001", "/api/v1/sites?q=S00001"),
    # keywords: one site's id; no site although every trigram is frequent; a park name of
    # over 10,000 sites; trigrams no site has; two of two characters, below the trigram
    # index (a scan that stops at 10,001 matches: quick when frequent, whole when none)
    ("/sites?q=S0012345", "/api/v1/sites?q=S0012345"),
    ("/sites?q=示范路12345号", "/api/v1/sites?q=示范路12345号"),
    ("/sites?q=东方美谷", "/api/v1/sites?q=东方美谷"),
    ("/sites?q=无此载体", "/api/v1/sites?q=无此载体"),
    ("/sites?q=奉贤", "/api/v1/sites?q=奉贤"),
    ("/sites?q=zq", "/api/v1/sites?q=zq"),
    ("/sites/map.json", None),
    ("/sites/map.json?region=310114", None),
    ("/sites/map.json?region=310114&kind=factory&area_min=2000", None),
    ("/sites/S0000042", "/api/v1/sites/S0000042"),
    ("/", "/api/v1/dashboard"),
    ("/projects", "/api/v1/projects"),
    ("/p/", "/api/v1/public/sites"),
    ("/reports/monthly", None),
]


def build(path: Path, sites: int) -> WebWorld:
    from sqlalchemy import select
    from tests.workspace.world import SYSTEM

    from parkatlas.atlas import init_atlas
    from parkatlas.demo.build import build_demo
    from parkatlas.models import Site
    from parkatlas.workspace.sites import SiteUpdate, claim_sites, update_site

    url = f"sqlite:///{path}"
    init_atlas(url)
    t0 = time.perf_counter()
    build_demo(url, sites=sites, seed=42, actor="bench")
    print(f"demo atlas of {sites:,} sites built in {time.perf_counter() - t0:.0f} s", flush=True)  # noqa: T201
    build_world(url)
    with session_for(url) as s:
        # a lived-in library: about half the sites last written 100-400 days ago, so stale
        # (PARKATLAS_STALE_DAYS, 90) lists and counts are as big as a real atlas's
        from sqlalchemy import text

        s.execute(text("UPDATE sites SET updated_at = datetime('now', '-' || (100 + abs(random()) % 300) || ' days') "
                       "WHERE abs(random()) % 2 = 0"))  # fmt: skip
        ids = list(s.execute(select(Site.id).where(Site.region.startswith("310114")).limit(2000)).scalars())
        claim_sites(s, SYSTEM, ids, "JD-AT")
        s.flush()
        for sid in ids[:50]:
            update_site(s, SYSTEM, sid, SiteUpdate(public=True))
    return WebWorld(url=url, path=path, public_sites=ids[:50], private_sites=ids[50:], pd_sites=[])


def timed(client: httpx.Client, path: str, runs: int) -> tuple[float, int, int]:
    times, size, status = [], 0, 0
    for _ in range(runs):
        t0 = time.perf_counter()
        r = client.get(path)
        times.append((time.perf_counter() - t0) * 1000)
        size, status = len(r.content), r.status_code
    return statistics.median(times), size, status


def first_load(client: httpx.Client) -> list[tuple[str, int]]:
    html = client.get("/sites").text
    got = [("/sites", len(html.encode()))]
    for ref in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        got.append((ref, len(client.get(ref).content)))
    css = client.get("/static/vendor/leaflet/leaflet.css").text
    for img in set(re.findall(r"url\((images/[^)]+)\)", css)):
        got.append((img, len(client.get("/static/vendor/leaflet/" + img).content)))
    for ref in re.findall(r'data-(?:points|outlines)="([^"]+)"', html):
        got.append((ref.replace("&amp;", "&"), len(client.get(ref.replace("&amp;", "&")).content)))
    return got


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sites", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--db", type=Path, help="reuse this atlas (built by an earlier run with --keep)")
    ap.add_argument("--keep", type=Path, help="build the atlas here and keep it")
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory()
    if args.db:
        world = WebWorld(url=f"sqlite:///{args.db}", path=args.db, public_sites=[], private_sites=[], pd_sites=[])
    else:
        world = build(args.keep or Path(tmp.name) / "atlas.db", args.sites)
    server = start_server(world)
    try:
        with httpx.Client(base_url=server.base, timeout=120) as c:
            page = c.get("/login").text
            token = re.search(r'name="csrf_token" value="([^"]+)"', page)
            assert token
            c.post("/login", data={"login": "at_officer", "password": PASSWORD, "csrf_token": token.group(1)})
            c.get("/")  # warm up: the region table, the matching index
            c.get("/projects")
            print("\n| page | first call ms | median ms | bytes | JSON twin | median ms |")  # noqa: T201
            print("|---|---|---|---|---|---|")  # noqa: T201
            for path, twin in PAGES:
                first = timed(c, path, 1)[0]
                ms, size, status = timed(c, path, args.runs)
                twin_ms = timed(c, twin, args.runs)[0] if twin else None
                mark = "" if status == 200 else f" (HTTP {status})"
                print(f"| `{path}`{mark} | {first:.0f} | {ms:.0f} | {size:,} | {('`' + twin + '`') if twin else '—'} | "  # noqa: T201
                      f"{'' if twin_ms is None else f'{twin_ms:.0f}'} |")
            parts = first_load(c)
            total = sum(n for _p, n in parts)
            print(f"\nfirst load of /sites: {total:,} bytes in {len(parts)} requests (uncompressed)")  # noqa: T201
            for p, n in parts:
                print(f"  {n:>9,}  {p}")  # noqa: T201
    finally:
        stop_server(server)
        tmp.cleanup()


if __name__ == "__main__":
    main()
