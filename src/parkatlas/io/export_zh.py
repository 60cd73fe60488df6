"""The Chinese presentation of an export (`export --lang zh`): what a bureau hands on.

Headers are the import template's Chinese labels with the unit in brackets (面积(㎡),
租金(元/㎡/天)); values are written as people read them: 厂房, 可租, 嘉定区, the park's and the
industries' names, 是/否, figures rounded to the precision a listing quotes. The importer
reads these headers and words back (units in brackets are ignored in a header), so a
Chinese export is also importable, with its figures at the rounded precision.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select

from parkatlas.db import make_engine
from parkatlas.io.fields import ENTITIES, STAGE_WORDS

KIND_ZH = {
    "land": "土地",
    "factory": "厂房",
    "office": "写字楼",
    "lab": "研发楼",
    "warehouse": "仓库",
}
STATUS_ZH = {"available": "可租", "reserved": "已预订", "occupied": "已租"}
TENURE_ZH = {"lease": "出租", "sale": "出售", "both": "租售"}
ENV_ZH = {1: "一类", 2: "二类", 3: "三类"}
STAGE_ZH: dict[str, str] = {}
for _word, _stage in STAGE_WORDS.items():
    STAGE_ZH.setdefault(_stage, _word)
STAGE_ZH.update({"dropped": "终止", "lost": "流失", "withdrawn": "退出"})

# field → (unit shown in the header, decimals kept)
UNITS: dict[str, tuple[str, int]] = {
    "area_m2": ("㎡", 1),
    "rent_cny_m2_day": ("元/㎡/天", 2),
    "price_cny_m2": ("元/㎡", 0),
    "floor_load_kn_m2": ("kN/㎡", 1),
    "clear_height_m": ("米", 1),
    "power_kva": ("kVA", 0),
    "area_km2": ("平方公里", 2),
    "investment_wan": ("万元", 1),
    "output_wan_year": ("万元/年", 1),
    "tax_wan_year": ("万元/年", 1),
    "lat": ("WGS-84", 6),
    "lon": ("WGS-84", 6),
}
REGION_FIELDS = ("region", "region_code")
INDUSTRY_FIELDS = ("industries", "preferred_industries")


def _round(v: float, decimals: int) -> float | int:
    r = round(v, decimals)
    return int(r) if decimals == 0 or float(r).is_integer() else r


class ZhPresenter:
    """Turns canonical export rows into their Chinese presentation (names looked up once)."""

    def __init__(self, url: str, entity: str, cols: list[str]) -> None:
        from parkatlas.reference.industries import industry_index
        from parkatlas.reference.regions import region_index

        labels = {f.name: f.label_zh for f in ENTITIES.get(entity, [])}
        self.entity = entity
        self.cols = cols
        self.headers = []
        for c in cols:
            label = labels.get(c) or c
            unit = UNITS.get(c)
            self.headers.append(
                f"{label}({unit[0]})" if unit and c not in ("lat", "lon") else label
            )
        self._regions = region_index()
        self._industries = industry_index()
        self._parks: dict[str, str] = {}
        self._enterprises: dict[str, str] = {}
        if "park" in cols or "enterprise" in cols:
            from parkatlas.models import Enterprise, Park

            engine = make_engine(url)
            try:
                with engine.connect() as conn:
                    if "park" in cols:
                        self._parks = {
                            r[0]: r[1] for r in conn.execute(select(Park.id, Park.name_zh))
                        }
                    if "enterprise" in cols:
                        self._enterprises = dict(
                            (r[0], r[1])
                            for r in conn.execute(select(Enterprise.id, Enterprise.name))
                        )
            finally:
                engine.dispose()

    def value(self, col: str, v: Any) -> Any:
        if v is None:
            return None
        if isinstance(v, bool):
            return "是" if v else "否"
        if col in UNITS and isinstance(v, int | float):
            return _round(float(v), UNITS[col][1])
        if col in REGION_FIELDS:
            rec = self._regions.get(str(v))
            return rec.name if rec else v
        if col in INDUSTRY_FIELDS:
            names = []
            for code in str(v).split(";"):
                ind = self._industries.get(code)
                names.append(ind.name_zh if ind else code)
            return "；".join(names)
        if col == "park":
            return self._parks.get(v, v)
        if col == "enterprise":
            return self._enterprises.get(v, v)
        if col == "kind" and self.entity == "sites":
            return KIND_ZH.get(v, v)
        if col == "status":
            return STATUS_ZH.get(v, v)
        if col == "tenure":
            return TENURE_ZH.get(v, v)
        if col == "env_class_max":
            return ENV_ZH.get(v, v)
        if col == "stage":
            return STAGE_ZH.get(v, v)
        return v

    def rows(self, rows: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for row in rows:
            yield {c: self.value(c, row[c]) for c in self.cols}
