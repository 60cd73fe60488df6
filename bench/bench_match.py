"""Benchmark of precise matching (issue 4 §5). Run by hand, never in tests:

    .venv/bin/python bench/bench_match.py                 # 100k, 1M, 5M; PostgreSQL at 100k and 1M
    .venv/bin/python bench/bench_match.py --sizes 100000  # quick

Measures, on the demo generator's sites (`demo.synth.site_columns`): warm top-20 median latency
of parkatlas vs DuckDB (file-backed, SQL with the same filtering and scoring) vs polars vs
PostgreSQL (SQL over a table with indexes, in a scratch schema of database `test`, dropped
after) — asserting identical top-20 ids between parkatlas and DuckDB; index build time from
SQLite and PostgreSQL and memory for 1M sites; batch 1,000 projects × 100,000 sites; one
changed site visible without a rebuild. Results go to docs/bench/matching.md by hand.
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import platform
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from parkatlas.demo.synth import park_seeds, site_columns
from parkatlas.matching import Matcher
from parkatlas.matching.needs import parse_needs
from parkatlas.matching.profiles import effective_weights

PG_URL = os.environ.get("PARKATLAS_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SCHEMA = "bench_match"
NEEDS = {
    "kind": "factory", "area_m2": {"min": 5000, "max": 20000, "ideal": 10000},
    "floor_load_kn_m2": {"min": 10}, "clear_height_m": {"min": 8}, "power_kva": {"min": 1500},
    "env_class": 2, "rent_cny_m2_day": {"max": 1.8}, "industry": "27",
    "near": [{"lat": 31.35, "lon": 121.50, "radius_km": 60}],
}  # fmt: skip
RUNS = 31


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def median_ms(fn: Any, runs: int = RUNS) -> float:
    fn()  # warm
    ts = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t)
    return statistics.median(ts) * 1000


def park_positioning() -> dict[str, str]:
    return {p.id: ";".join(p.industries) for p in park_seeds()}


# ---- the same query as SQL -----------------------------------------------------------


def sql_parts() -> dict[str, str]:
    """Filtering and scoring of NEEDS as SQL pieces (the engine's formulas, same constants)."""
    n = parse_needs(NEEDS)
    w = effective_weights(n.profile, None, {"area", "cost", "industry", "location"})
    pts = {f: f"{100.0 * v!r}::float8" for f, v in w.items()}
    p = n.near[0]
    lat0, lon0 = f"{math.radians(p.lat)!r}::float8", f"{math.radians(p.lon)!r}::float8"
    cos0 = f"{math.cos(math.radians(p.lat))!r}::float8"
    dist = (
        f"2::float8 * 6371.0088::float8 * asin(sqrt(pow(sin((radians(lat) - {lat0}) / 2::float8), 2) + {cos0} * cos(radians(lat)) "
        f"* pow(sin((radians(lon) - {lon0}) / 2::float8), 2)))"
    )
    return {"pts": pts, "dist": dist}  # type: ignore[dict-item]


def code_fit_sql(c: str) -> str:
    # project code "27" (a division): a site code in division 27 fits 1.0; another division of
    # section C (13–43) fits 0.4; anything else 0 (industry.fit).
    return (
        f"CASE WHEN {c} LIKE '27%' THEN 1.0::float8 WHEN {c} = 'C' THEN 0.4::float8 "
        f"WHEN length({c}) >= 2 AND substr({c}, 1, 2) BETWEEN '13' AND '43' THEN 0.4::float8 ELSE 0.0::float8 END"
    )


def duck_sql() -> str:
    s = sql_parts()
    pts, dist = s["pts"], s["dist"]
    fit = code_fit_sql("c")
    return f"""
    WITH c AS (
      SELECT id, area_m2, rent_cny_m2_day, {dist} AS d,
        greatest(0.0::float8,
          0.8::float8 * coalesce(list_max(list_transform(string_split(industries, ';'), lambda c: {fit})), 0.0::float8),
          0.9::float8 * coalesce(list_max(list_transform(string_split(park_industries, ';'), lambda c: {fit})), 0.0::float8)) AS v_ind
      FROM sites
      WHERE status = 'available' AND kind = 'factory' AND area_m2 BETWEEN 5000 AND 20000
        AND floor_load_kn_m2 >= 10 AND clear_height_m >= 8 AND power_kva >= 1500
        AND env_class_max >= 2 AND rent_cny_m2_day <= 1.8
    )
    SELECT id, ((least(1.0::float8, greatest(0.0::float8, 1.0::float8 - abs(area_m2 - 10000.0::float8) / 10000.0::float8)) * {pts["area"]}
      + least(1.0::float8, greatest(0.0::float8, 1.0::float8 - 0.5::float8 * rent_cny_m2_day / 1.8::float8)) * {pts["cost"]})
      + v_ind * {pts["industry"]})
      + least(1.0::float8, greatest(0.0::float8, 1.0::float8 - d / 60.0::float8)) * {pts["location"]} AS score
    FROM c WHERE d <= 60.0::float8
    ORDER BY score DESC, id LIMIT 20
    """


def pg_sql() -> str:
    s = sql_parts()
    pts, dist = s["pts"], s["dist"]
    fit = code_fit_sql("x")
    return f"""
    WITH c AS (
      SELECT id, area_m2, rent_cny_m2_day, {dist} AS d,
        greatest(0.0::float8,
          0.8::float8 * coalesce((SELECT max({fit}) FROM unnest(string_to_array(industries, ';')) x), 0.0::float8),
          0.9::float8 * coalesce((SELECT max({fit}) FROM unnest(string_to_array(park_industries, ';')) x), 0.0::float8)) AS v_ind
      FROM sites
      WHERE status = 'available' AND kind = 'factory' AND area_m2 BETWEEN 5000 AND 20000
        AND floor_load_kn_m2 >= 10 AND clear_height_m >= 8 AND power_kva >= 1500
        AND env_class_max >= 2 AND rent_cny_m2_day <= 1.8
    )
    SELECT id, ((least(1.0::float8, greatest(0.0::float8, 1.0::float8 - abs(area_m2 - 10000.0::float8) / 10000.0::float8)) * {pts["area"]}
      + least(1.0::float8, greatest(0.0::float8, 1.0::float8 - 0.5::float8 * rent_cny_m2_day / 1.8::float8)) * {pts["cost"]})
      + v_ind * {pts["industry"]})
      + least(1.0::float8, greatest(0.0::float8, 1.0::float8 - d / 60.0::float8)) * {pts["location"]} AS score
    FROM c WHERE d <= 60.0::float8
    ORDER BY score DESC, id COLLATE "C" LIMIT 20
    """


def frame(cols: dict[str, np.ndarray]) -> Any:
    import polars as pl

    pos = park_positioning()
    park_inds = np.array([pos.get(p, "") for p in cols["park"].tolist()])
    data = {k: v for k, v in cols.items() if k not in ("available_from",)}
    data["park_industries"] = park_inds
    return pl.DataFrame(data)


def polars_query(df: Any) -> Any:
    import polars as pl

    s = sql_parts()
    pts = {k: float(v.split("::")[0]) for k, v in s["pts"].items()}  # type: ignore[union-attr]
    p = parse_needs(NEEDS).near[0]
    lat0, lon0 = np.radians(p.lat), np.radians(p.lon)

    def fit(col: str) -> Any:
        c = pl.element()
        e = (
            pl.when(c.str.starts_with("27")).then(1.0)
            .when((c == "C") | ((c.str.len_chars() >= 2) & (c.str.slice(0, 2) >= "13") & (c.str.slice(0, 2) <= "43"))).then(0.4)
            .otherwise(0.0)
        )  # fmt: skip
        return pl.col(col).str.split(";").list.eval(e).list.max().fill_null(0.0)

    lat, lon = pl.col("lat").radians(), pl.col("lon").radians()
    d = (
        2
        * 6371.0088
        * (((lat - lat0) / 2).sin() ** 2 + np.cos(lat0) * lat.cos() * ((lon - lon0) / 2).sin() ** 2)
        .sqrt()
        .arcsin()
    )
    return (
        df.lazy()
        .filter(
            (pl.col("status") == "available")
            & (pl.col("kind") == "factory")
            & pl.col("area_m2").is_between(5000, 20000)
            & (pl.col("floor_load_kn_m2") >= 10)
            & (pl.col("clear_height_m") >= 8)
            & (pl.col("power_kva") >= 1500)
            & (pl.col("env_class_max") >= 2)
            & (pl.col("rent_cny_m2_day") <= 1.8)
        )  # fmt: skip
        .with_columns(
            d=d,
            v_ind=pl.max_horizontal(
                pl.lit(0.0), 0.8 * fit("industries"), 0.9 * fit("park_industries")
            ),
        )
        .filter(pl.col("d") <= 60.0)
        .with_columns(
            score=(
                (1.0 - (pl.col("area_m2") - 10000.0).abs() / 10000.0).clip(0.0, 1.0) * pts["area"]
                + (1.0 - 0.5 * pl.col("rent_cny_m2_day") / 1.8).clip(0.0, 1.0) * pts["cost"]
            )
            + pl.col("v_ind") * pts["industry"]
            + (1.0 - pl.col("d") / 60.0).clip(0.0, 1.0) * pts["location"]
        )  # fmt: skip
        .sort(["score", "id"], descending=[True, False])
        .head(20)
        .select("id", "score")
        .collect()
    )


# ---- loading the same data into the databases ----------------------------------------


def write_csv(cols: dict[str, np.ndarray], path: Path) -> None:
    df = frame(cols)
    df.write_csv(path)


def duck_load(cols: dict[str, np.ndarray], tmp: Path) -> Any:
    import duckdb

    pq = tmp / "sites.parquet"
    frame(cols).write_parquet(pq)
    con = duckdb.connect(str(tmp / "bench.duckdb"))
    con.execute("DROP TABLE IF EXISTS sites")
    con.execute(f"CREATE TABLE sites AS SELECT * FROM read_parquet('{pq}')")
    con.execute("CHECKPOINT")
    return con


def pg_engine() -> Any:
    from sqlalchemy import create_engine

    return create_engine(
        PG_URL + f"?options=-csearch_path%3D{SCHEMA}", isolation_level="AUTOCOMMIT"
    )


def pg_setup_schema() -> Any:
    from sqlalchemy import text

    from parkatlas.models import Base

    eng = pg_engine()
    with eng.connect() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {SCHEMA}"))
    Base.metadata.create_all(eng)
    with eng.connect() as conn:
        conn.execute(text("ALTER TABLE sites ADD COLUMN park_industries text"))
        conn.execute(
            text(
                "ALTER TABLE sites ALTER COLUMN synthetic SET DEFAULT true, ALTER COLUMN updated_at SET DEFAULT now()"
            )
        )
    return eng


def pg_load(eng: Any, cols: dict[str, np.ndarray], tmp: Path) -> None:
    from sqlalchemy import text

    csv_path = tmp / "sites.csv"
    write_csv(cols, csv_path)
    header = csv_path.open(encoding="utf-8").readline().strip()
    with eng.connect() as conn:
        conn.execute(text("TRUNCATE sites"))
        conn.execute(text("TRUNCATE parks"))
    raw = eng.raw_connection()
    try:
        c = raw.driver_connection
        with c.cursor() as cur:
            with cur.copy(f"COPY sites ({header}) FROM STDIN (FORMAT CSV, HEADER true)") as cp:
                with csv_path.open("rb") as fh:
                    while chunk := fh.read(1 << 20):
                        cp.write(chunk)
            for pid, inds in park_positioning().items():
                cur.execute(
                    "INSERT INTO parks (id, name_zh, industries, synthetic, updated_at) VALUES (%s, %s, %s, true, now())",
                    (pid, pid, inds),
                )
            cur.execute("ANALYZE sites")
        c.commit()
    finally:
        raw.close()


def sqlite_load(cols: dict[str, np.ndarray], path: Path) -> str:
    import sqlite3

    from sqlalchemy import create_engine

    from parkatlas.models import Base

    url = f"sqlite:///{path}"
    eng = create_engine(url)
    Base.metadata.create_all(eng)
    eng.dispose()
    names = [k for k in cols if k != "address"]
    lists = []
    for k in names:
        v = cols[k]
        if v.dtype.kind == "f":
            lists.append([None if x != x else x for x in v.tolist()])
        elif v.dtype.kind == "b":
            lists.append([int(x) for x in v.tolist()])
        else:
            lists.append([x if x != "" else None for x in v.tolist()])
    con = sqlite3.connect(path)
    con.executemany(
        f"INSERT INTO sites ({', '.join(names)}, synthetic, updated_at) VALUES ({', '.join('?' * len(names))}, 1, '2026-01-01')",
        zip(*lists, strict=True),
    )
    con.executemany("INSERT INTO parks (id, name_zh, industries, synthetic, updated_at) VALUES (?, ?, ?, 1, '2026-01-01')",
                    [(p, p, i) for p, i in park_positioning().items()])  # fmt: skip
    con.commit()
    con.close()
    return url


# ---- the benchmark --------------------------------------------------------------------


def random_project_needs(rng: random.Random) -> dict[str, Any]:
    kind = rng.choice(["factory", "factory", "warehouse", "land", "office", "lab"])
    lo = rng.choice([500, 1000, 2000, 5000, 10000, 20000])
    d: dict[str, Any] = {"kind": kind, "area_m2": {"min": lo, "max": lo * rng.choice([2, 3, 4])}}
    if kind in ("factory", "warehouse"):
        d["floor_load_kn_m2"] = {"min": rng.choice([5, 8, 10, 15])}
        d["rent_cny_m2_day"] = {"max": rng.choice([1.0, 1.5, 2.0])}
    if kind == "land":
        d["price_cny_m2"] = {"max": rng.choice([1000, 1500, 2500])}
    d["env_class"] = rng.choice([1, 2, 3]) if kind != "office" else 1
    d["industry"] = rng.choice(["27", "39", "2710", "3911", "C", "65", "34", "38"])
    if rng.random() < 0.5:
        d["near"] = [
            {
                "lat": rng.uniform(30.9, 31.5),
                "lon": rng.uniform(121.2, 121.8),
                "radius_km": rng.choice([20, 40, 80]),
            }
        ]
    d["investment_wan"] = rng.choice([2000, 8000, 30000])
    d["tax_wan_year"] = rng.choice([100, 500, 2000])
    return d


def build_from(name: str, url: str, runs: int) -> None:
    """`Matcher.from_url` several times: the median wall time, each run, index and RSS growth."""
    times, grown = [], []
    for _ in range(runs):
        gc.collect()
        r0 = rss_mb()
        t = time.perf_counter()
        m = Matcher.from_url(url)
        times.append(time.perf_counter() - t)
        gc.collect()
        grown.append(rss_mb() - r0)
        sites, nbytes = len(m), m.index.nbytes
        m.close()
        del m
        gc.collect()
    each = ", ".join(f"{t:.2f}" for t in times)
    print(
        f"build from {name}, {sites:,} sites: median {statistics.median(times):.2f} s of {runs} "
        f"({each}); index {nbytes / 1e6:.0f} MB (nbytes), RSS +{max(grown):.0f} MB at most",
        flush=True,
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100000,1000000,5000000")
    ap.add_argument(
        "--pg-max", type=int, default=1_000_000, help="largest size also run on PostgreSQL"
    )
    ap.add_argument(
        "--build",
        type=int,
        default=1_000_000,
        help="sites for the build-from-database test (0: skip)",
    )
    ap.add_argument("--build-runs", type=int, default=3, help="builds per database (median)")
    ap.add_argument("--no-pg", action="store_true")
    args = ap.parse_args()
    cpu = next((ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo") if ln.startswith("model name")), platform.processor())  # fmt: skip
    print(
        f"# machine: {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, numpy {np.__version__}"
    )
    tmp = Path(tempfile.mkdtemp(prefix="bench_match_"))
    pg = None if args.no_pg else pg_setup_schema()
    try:
        print(
            "| sites | parkatlas ms | DuckDB ms | polars ms | PostgreSQL ms | DuckDB ÷ parkatlas | passing | top-20 equal |"
        )
        print("|---|---|---|---|---|---|---|---|")
        for n in [int(x) for x in args.sizes.split(",") if x.strip() and int(x) > 0]:
            cols = site_columns(n, seed=0)
            m = Matcher.from_columns(cols, parks=park_positioning())
            ours = [r.site_id for r in m.top(NEEDS, k=20)]
            t_ours = median_ms(lambda m=m: m.top(NEEDS, k=20))
            passing = m.count(NEEDS)
            con = duck_load(cols, tmp)
            q = duck_sql()
            duck = [r[0] for r in con.execute(q).fetchall()]
            assert duck == ours, f"top-20 differ at {n}: {ours} vs {duck}"
            t_duck = median_ms(lambda con=con, q=q: con.execute(q).fetchall())
            con.close()
            df = frame(cols)
            pol = polars_query(df)["id"].to_list()
            assert pol == ours, "polars top-20 differ"
            t_pol = median_ms(lambda df=df: polars_query(df))
            del df
            t_pg = "—"
            if pg is not None and n <= args.pg_max:
                pg_load(pg, cols, tmp)
                raw = pg.raw_connection()
                cur = raw.cursor()
                sql = pg_sql()
                cur.execute(sql)
                got = [r[0] for r in cur.fetchall()]
                assert got == ours, "PostgreSQL top-20 differ"
                t_pg = f"{median_ms(lambda cur=cur, sql=sql: (cur.execute(sql), cur.fetchall()), runs=11):.1f}"
                raw.close()
            print(
                f"| {n:,} | {t_ours:.2f} | {t_duck:.1f} | {t_pol:.1f} | {t_pg} | {t_duck / t_ours:.1f}× | {passing:,} | yes |",
                flush=True,
            )
            del m, cols
            gc.collect()

        if args.build:
            n = args.build
            cols = site_columns(n, seed=0)
            url = sqlite_load(cols, tmp / "atlas.db")
            print()
            build_from("SQLite", url, args.build_runs)
            if pg is not None:
                pg_load(pg, cols, tmp)
                from sqlalchemy.engine import make_url

                url = (
                    make_url(PG_URL)
                    .update_query_dict({"options": f"-csearch_path={SCHEMA}"})
                    .render_as_string(hide_password=False)
                )
                build_from("PostgreSQL", url, args.build_runs)
            del cols
            gc.collect()

        # batch: 1,000 projects × 100,000 sites
        from parkatlas.matching.batch import match_batch

        cols = site_columns(100_000, seed=1)
        m = Matcher.from_columns(cols, parks=park_positioning())
        rng = random.Random(3)
        projects = [
            {"id": f"P{i:04d}", "name": f"project {i}", "needs": random_project_needs(rng)}
            for i in range(1000)
        ]
        match_batch(m, projects=projects[:20], k=5)  # warm
        m._project_needs.clear()
        t = time.perf_counter()
        rows = match_batch(m, projects=projects, k=5)
        t_batch = time.perf_counter() - t
        print(
            f"\nbatch: 1,000 projects × 100,000 sites, top 5 each: {t_batch:.2f} s ({len(rows):,} rows)"
        )

        # one changed site visible without a rebuild
        best = m.top(NEEDS, k=1)[0]
        hit = m.index.locate(best.site_id)
        assert hit is not None
        row = m.site_record(*hit)
        row.update(id="NEW-1", area_m2=10000.0, rent_cny_m2_day=0.5, industries="27", floor_load_kn_m2=20.0,
                   clear_height_m=10.0, power_kva=3000.0, env_class_max=3)  # fmt: skip
        base = m.index.base
        t = time.perf_counter()
        m.upsert_site(row)
        first = m.top(NEEDS, k=1)[0].site_id
        t_up = (time.perf_counter() - t) * 1000
        assert first == "NEW-1" and m.index.base is base
        print(
            f"upsert of one site + next query: {t_up:.2f} ms, the new site ranks first, base segment untouched"
        )
    finally:
        if pg is not None:
            from sqlalchemy import text

            with pg.connect() as conn:
                conn.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
            pg.dispose()
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
