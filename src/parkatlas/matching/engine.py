"""The matcher: sites for a project (best first, every score explained), why a site was left
out, near misses, projects for a site, and refreshing one changed site without a rebuild.

    from parkatlas.matching import Matcher
    m = Matcher.from_url("sqlite:///atlas.db")
    for r in m.top({"kind": "factory", "area_m2": {"min": 5000, "max": 20000}}, k=20):
        print(r.site_id, r.score, r.contributions)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from parkatlas.errors import ParkatlasError
from parkatlas.matching import factors as fx
from parkatlas.matching.constraints import (
    Constraint,
    Failure,
    NearC,
    compile_constraints,
)
from parkatlas.matching.details import DetailsMixin
from parkatlas.matching.explain import Match, NearMiss, ProjectMatch, WhyNot, log
from parkatlas.matching.index import Segment, SiteIndex
from parkatlas.matching.needs import Needs, needs_from_project, parse_needs
from parkatlas.matching.profiles import LAND_STANDARDS

NeedsLike = Needs | Mapping[str, Any]


@dataclass
class Query:
    needs: Needs
    constraints: list[Constraint]
    plan: fx.FactorPlan
    scan: list[Constraint]
    post: list[Constraint]
    statuses: list[int]
    kinds: list[int] | None
    area_min: float | None
    area_max: float | None


class Matcher(DetailsMixin):
    """Sites ↔ projects over an in-memory index of the atlas's sites."""

    def __init__(
        self,
        index: SiteIndex,
        *,
        engine: Any = None,
        known_regions: frozenset[str] | None = None,
        known_parks: frozenset[str] | None = None,
        projects: list[dict[str, Any]] | None = None,
    ) -> None:
        self.index = index
        self.engine = engine
        self.known_regions = known_regions
        self.known_parks = known_parks
        self._projects = projects
        self._project_needs: dict[str, Needs | ParkatlasError] = {}
        self._ind_text: dict[tuple[int, str], tuple[str, dict[str, Any]]] = {}
        self.park_names: dict[str, str] = {}
        self._enterprise_names: dict[str, str] | None = (
            None  # park name (zh, en) → id, for needs by name
        )
        # the 2-digit province most sites lie in (set by from_url); it decides ambiguous names
        self.home_province: str | None = None

    # ---- building ----------------------------------------------------------------------

    @classmethod
    def from_url(cls, url: str, *, land_standards: Mapping[str, str] | None = None) -> Matcher:
        """Build the index from the atlas at a database URL (SQLite or PostgreSQL)."""
        from parkatlas.db import make_engine, require_schema
        from parkatlas.matching import source

        engine = make_engine(url)
        require_schema(engine)
        index = SiteIndex(source.read_parks(engine), land_standards)
        index.load_chunks(source.read_sites(engine))
        regions, parks = source.read_codes(engine)
        matcher = cls(index, engine=engine, known_regions=regions or None, known_parks=parks)
        matcher.home_province = _home_province(engine)
        matcher.park_names = source.read_park_names(engine)
        return matcher

    @classmethod
    def from_columns(
        cls,
        columns: Mapping[str, Any],
        *,
        parks: Mapping[str, str | None] | None = None,
        land_standards: Mapping[str, str] | None = None,
        projects: list[dict[str, Any]] | None = None,
    ) -> Matcher:
        """Build from site columns in memory (tests, benchmarks, the demo generator)."""
        index = SiteIndex.from_columns(columns, parks, land_standards)
        return cls(index, projects=projects)

    def close(self) -> None:
        if self.engine is not None:
            self.engine.dispose()

    def __len__(self) -> int:
        return len(self.index)

    # ---- needs -------------------------------------------------------------------------

    def needs(self, data: NeedsLike, weights: Mapping[str, float] | None = None) -> Needs:
        """Validate needs against this atlas (its regions and parks)."""
        needs = parse_needs(
            data,
            known_regions=self.known_regions,
            known_parks=self.known_parks,
            home_province=self.home_province,
            park_names=self.park_names,
        )
        if weights:
            from parkatlas.matching.profiles import check_weights

            try:
                merged = {**(needs.weights or {}), **check_weights(weights)}
            except ValueError as exc:
                raise ParkatlasError(f"bad weights — {exc}") from None
            needs = needs.model_copy(update={"weights": merged})
        return needs

    def compile(self, data: NeedsLike, weights: Mapping[str, float] | None = None) -> Query:
        needs = self.needs(data, weights)
        self.index.segments()  # materialise the delta first: it may add vocabulary
        cons = compile_constraints(needs, self.index)
        plan = fx.plan_factors(needs, self.index)
        kinds = [self.index.kinds.code(k) for k in needs.kind] if needs.kind else None
        a = needs.area_m2
        q = Query(
            needs=needs, constraints=cons, plan=plan,
            scan=[c for c in cons if not c.partition and not c.post],
            post=[c for c in cons if c.post],
            statuses=[self.index.statuses.code(s) for s in needs.status], kinds=kinds,
            area_min=a.min if a is not None else None, area_max=a.max if a is not None else None,
        )  # fmt: skip
        lg = log()
        if lg.enabled:
            lg.section("needs 需求", [{"key": k, "value": v} for k, v in needs.summary().items()])
            lg.section(
                "constraints 硬约束",
                [{"constraint": c.name, "label": c.label, "need": c.need_text(),
                  "how": "partition" if c.partition else ("post" if c.post else "scan")} for c in cons],
            )  # fmt: skip
            lg.section(
                "weights 权重", [{"factor": f, "weight": w} for f, w in plan.weights.items()]
            )
        return q

    # ---- the fast path -----------------------------------------------------------------

    def _ranges(self, seg: Segment, q: Query) -> list[tuple[int, int]]:
        out = []
        kinds_by_status = q.kinds
        for sc in q.statuses:
            kinds = (
                kinds_by_status
                if kinds_by_status is not None
                else [k for (s, k) in seg.parts if s == sc]
            )
            for kc in kinds:
                b = seg.parts.get((sc, kc))
                if b is None:
                    continue
                lo, hi = b
                if q.area_min is not None or q.area_max is not None:
                    area = seg.area[lo:hi]
                    a0 = (
                        lo + int(np.searchsorted(area, q.area_min, "left"))
                        if q.area_min is not None
                        else lo
                    )
                    a1 = (
                        lo + int(np.searchsorted(area, q.area_max, "right"))
                        if q.area_max is not None
                        else hi
                    )
                    lo, hi = a0, a1
                if lo < hi:
                    out.append((lo, hi))
        return out

    def _passing(self, seg: Segment, q: Query) -> np.ndarray:
        """Rows of a segment that meet every constraint."""
        parts = []
        for lo, hi in self._ranges(seg, q):
            sl = slice(lo, hi)
            mask = None
            for c in q.scan:
                m = c.mask(seg, sl)
                mask = m if mask is None else np.logical_and(mask, m, out=mask)
            if seg.alive is not None:
                m = seg.alive[sl]
                mask = m.copy() if mask is None else np.logical_and(mask, m, out=mask)
            if mask is None:
                parts.append(np.arange(lo, hi))
            else:
                parts.append(np.flatnonzero(mask) + lo)
        if not parts:
            return np.zeros(0, dtype=np.int64)
        idx = parts[0] if len(parts) == 1 else np.concatenate(parts)
        for c in q.post:
            if idx.size == 0:
                break
            idx = idx[c.mask(seg, idx)]
        return idx

    def _scored(self, q: Query) -> list[tuple[Segment, np.ndarray, np.ndarray]]:
        out = []
        for seg in self.index.segments():
            idx = self._passing(seg, q)
            if idx.size:
                s, _, _ = fx.score(seg, idx, q.plan)
                out.append((seg, idx, s))
        return out

    @staticmethod
    def _best(scored: list[tuple[Segment, np.ndarray, np.ndarray]], k: int | None) -> list[tuple[Segment, int, float]]:  # fmt: skip
        """The k best (segment, row, score): score descending, then site id ascending."""
        if not scored:
            return []
        segs = np.concatenate(
            [np.full(i.size, n, dtype=np.int64) for n, (_, i, _) in enumerate(scored)]
        )
        idx = np.concatenate([i for _, i, _ in scored])
        sc = np.concatenate([s for _, _, s in scored])
        if k is not None and sc.size > k:
            kth = np.partition(-sc, k - 1)[k - 1]
            sel = np.flatnonzero(-sc <= kth)
        else:
            sel = np.arange(sc.size)
        ids = np.concatenate([scored[s][0].ids[i : i + 1] for s, i in zip(segs[sel].tolist(), idx[sel].tolist(), strict=True)]) if sel.size else np.zeros(0, "U1")  # fmt: skip
        order = np.lexsort((ids, -sc[sel]))
        if k is not None:
            order = order[:k]
        chosen = sel[order]
        return [(scored[int(segs[j])][0], int(idx[j]), float(sc[j])) for j in chosen]

    # ---- public queries ----------------------------------------------------------------

    def top(self, needs: NeedsLike, k: int = 20, weights: Mapping[str, float] | None = None) -> list[Match]:  # fmt: skip
        """The k best sites for some needs, best first, each with its contributions."""
        if k <= 0:
            raise ParkatlasError(f"k must be at least 1 (got {k})")
        q = self.compile(needs, weights)
        results = self._matches(self._best(self._scored(q), k), q)
        lg = log()
        if lg.enabled:
            lg.section(
                "results 结果",
                [{"rank": r.rank, "site": r.site_id, "score": round(r.score, 2),
                  **{f: round(c, 2) for f, c in r.contributions.items()}} for r in results],
            )  # fmt: skip
        return results

    def count(self, needs: NeedsLike) -> int:
        """How many sites meet every constraint."""
        q = self.compile(needs)
        return sum(int(self._passing(seg, q).size) for seg in self.index.segments())

    def _matches(self, best: list[tuple[Segment, int, float]], q: Query) -> list[Match]:
        """Results for chosen rows, scored and explained a segment at a time (vectorised)."""
        out: list[Match | None] = [None] * len(best)
        by_seg: dict[int, list[int]] = {}
        for j, (seg, _, _) in enumerate(best):
            by_seg.setdefault(id(seg), []).append(j)
        weights = dict(q.plan.weights)
        for js in by_seg.values():
            seg = best[js[0]][0]
            idx = np.array([best[j][1] for j in js], dtype=np.int64)
            total, contrib, values = fx.score(seg, idx, q.plan)
            tot = total.tolist()
            cl = {f: c.tolist() for f, c in contrib.items()}
            vl = {f: v.tolist() for f, v in values.items()}
            details = self._details(seg, idx, q)
            for n, j in enumerate(js):
                d, flags, flag_data = details[n]
                out[j] = Match(
                    rank=j + 1, site_id=str(seg.ids[idx[n]]), score=tot[n],
                    contributions={f: c[n] for f, c in cl.items()},
                    values={f: v[n] for f, v in vl.items()}, weights=weights,
                    details=d, flags=flags, profile=q.needs.profile, flag_data=flag_data,
                )  # fmt: skip
        return [m for m in out if m is not None]

    def why_not(self, needs: NeedsLike, site_id: str, weights: Mapping[str, float] | None = None) -> WhyNot:  # fmt: skip
        """Every constraint a site fails for some needs, with the numbers; none if it passes."""
        q = self.compile(needs, weights)
        hit = self.index.locate(site_id)
        if hit is None:
            return WhyNot(site_id=site_id, found=False, failures=[])
        seg, pos = hit
        idx = np.array([pos])
        fails = [c.failure(seg, pos) for c in q.constraints if not bool(c.mask(seg, idx)[0])]
        if fails:
            return WhyNot(site_id=site_id, found=True, failures=fails)
        scored = self._scored(q)
        ranked = self._best(scored, None)
        rank = next(i for i, (s, p, _) in enumerate(ranked, 1) if s is seg and p == pos)
        return WhyNot(
            site_id=site_id, found=True, failures=[], score=ranked[rank - 1][2], rank=rank
        )

    def near_misses(self, needs: NeedsLike, k: int = 10, weights: Mapping[str, float] | None = None) -> list[NearMiss]:  # fmt: skip
        """Sites that fail exactly one constraint: smallest miss first, then best score."""
        q = self.compile(needs, weights)
        cands: list[tuple[float, float, str, Segment, int, Constraint]] = []
        for seg in self.index.segments():
            n = len(seg)
            if n == 0:
                continue
            rows = slice(0, n)
            fails = np.zeros(n, dtype=np.int16)
            masks = []
            for c in q.constraints:
                if isinstance(c, NearC):
                    ok = np.zeros(n, dtype=bool)
                    pre = np.flatnonzero(fails <= 1)
                    ok[pre] = c.mask(seg, pre)
                    m = ok
                else:
                    m = c.mask(seg, rows)
                masks.append(m)
                fails += ~m
            one = np.flatnonzero((fails == 1) & (seg.alive if seg.alive is not None else True))
            if one.size == 0:
                continue
            s, _, _ = fx.score(seg, one, q.plan)
            which = np.full(one.size, -1)
            gaps = np.zeros(one.size)
            for ci, (c, m) in enumerate(zip(q.constraints, masks, strict=True)):
                bad = ~m[one]
                if bad.any():
                    which[bad] = ci
                    gaps[bad] = c.gap(seg, one[bad])
            # keep the best few per segment before building objects
            keep = np.lexsort((-s, gaps))[: max(k * 4, k)]
            for j in keep.tolist():
                cands.append(
                    (
                        float(gaps[j]),
                        -float(s[j]),
                        str(seg.ids[one[j]]),
                        seg,
                        int(one[j]),
                        q.constraints[int(which[j])],
                    )
                )
        cands.sort(key=lambda t: (t[0], t[1], t[2]))
        out = []
        for _gap, neg, sid, seg, pos, c in cands[:k]:
            _, contrib, _ = fx.score(seg, np.array([pos]), q.plan)
            out.append(NearMiss(site_id=sid, failure=c.failure(seg, pos), score=-neg,
                                contributions={f: float(v[0]) for f, v in contrib.items()}))  # fmt: skip
        return out

    # ---- projects for a site -----------------------------------------------------------

    def projects(self) -> list[dict[str, Any]]:
        if self._projects is None:
            if self.engine is None:
                return []
            from parkatlas.matching import source

            self._projects = source.read_projects(self.engine)
        return self._projects

    def enterprise_names(self) -> dict[str, str]:
        """enterprise id → name (empty without a database)."""
        if self._enterprise_names is None:
            self._enterprise_names = {}
            if self.engine is not None:
                from parkatlas.matching import source

                self._enterprise_names = source.read_enterprise_names(self.engine)
        return self._enterprise_names

    def project_needs(self, project: Mapping[str, Any]) -> Needs | ParkatlasError:
        pid = str(project["id"])
        hit = self._project_needs.get(pid)
        if hit is None:
            try:
                hit = self.needs(needs_from_project(project))
            except ParkatlasError as exc:
                hit = ParkatlasError(f"project {pid}: {exc}")
            self._project_needs[pid] = hit
        return hit

    def project_by_id(self, project_id: str) -> dict[str, Any]:
        for p in self.projects():
            if str(p["id"]) == project_id:
                return p
        if self.engine is not None:

            from parkatlas.industry_links import record_select
            from parkatlas.models import Project

            t = Project.__table__
            with self.engine.connect() as conn:
                row = conn.execute(record_select("projects").where(t.c.id == project_id)).mappings().first()
            if row is not None:
                return dict(row)
        raise ParkatlasError(
            f"project {project_id!r} not found: check the id (parkatlas lists projects with their ids)"
        )

    def projects_for_site(self, site_id: str, k: int = 20) -> list[ProjectMatch]:
        """Open projects whose needs this site meets, best score first."""
        hit = self.index.locate(site_id)
        if hit is None:
            raise ParkatlasError(f"site {site_id!r} not found in the atlas: check the id")
        seg, pos = hit
        idx = np.array([pos])
        out: list[tuple[float, str, ProjectMatch]] = []
        for p in self.projects():
            needs = self.project_needs(p)
            if isinstance(needs, ParkatlasError):
                continue
            if needs.industry and not needs.industry_required:
                # the site's allowed industries (准入) are a hard constraint in this direction
                needs = needs.model_copy(update={"industry_required": True})
            # a site's own status does not stop its owner from marketing it
            cons = compile_constraints(needs, self.index)
            if not all(bool(c.mask(seg, idx)[0]) for c in cons if c.name != "status"):
                continue
            plan = fx.plan_factors(needs, self.index)
            total, contrib, _ = fx.score(seg, idx, plan)
            q = Query(needs, cons, plan, [], [], [], None, None, None)
            _, flags, _ = self._details(seg, idx, q)[0]
            ent = p.get("enterprise")
            pm = ProjectMatch(rank=0, project_id=str(p["id"]), name=str(p.get("name") or ""),
                              score=float(total[0]),
                              contributions={f: float(c[0]) for f, c in contrib.items()}, flags=flags,
                              enterprise=self.enterprise_names().get(str(ent), ent) if ent else None,
                              stage=p.get("stage"), owner_unit=p.get("owner_unit"),
                              industry=needs.industry)  # fmt: skip
            out.append((-pm.score, pm.project_id, pm))
        out.sort(key=lambda t: (t[0], t[1]))
        result = [t[2] for t in out[:k]]
        for r, pm in enumerate(result, 1):
            pm.rank = r
        return result

    # ---- keeping the index current -----------------------------------------------------

    def upsert_site(self, row: Mapping[str, Any]) -> None:
        """Add or replace one site (a dict of site columns); visible to the next query."""
        if "id" not in row or "kind" not in row or row.get("area_m2") is None:
            raise ParkatlasError("a site needs at least id, kind and area_m2")
        self.index.upsert(row)

    def delete_site(self, site_id: str) -> bool:
        return self.index.delete(site_id)

    def refresh_site(self, site_id: str) -> bool:
        """Re-read one site from the atlas into the index (or drop it if it is gone).
        True if the site exists now."""
        if self.engine is None:
            raise ParkatlasError("this matcher was not built from a database: use upsert_site(row)")
        from parkatlas.matching import source

        row = source.read_site(self.engine, site_id)
        if row is None:
            self.index.delete(site_id)
            return False
        self.index.upsert(row)
        return True

    def refresh_sites(self, site_ids: Iterable[str]) -> None:
        for s in site_ids:
            self.refresh_site(s)


__all__ = ["Matcher", "Query", "Failure", "LAND_STANDARDS"]


def _home_province(engine: Any) -> str | None:
    """The 2-digit province code most of the atlas's sites lie in, if any."""
    from sqlalchemy import text

    with engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT substr(region, 1, 2) AS p, count(*) AS n FROM sites WHERE region IS NOT NULL "
                "GROUP BY substr(region, 1, 2) ORDER BY n DESC LIMIT 1"
            )
        ).first()
    return None if row is None else str(row[0])
