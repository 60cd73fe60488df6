"""Blank import templates: an XLSX workbook per entity with the headers the importer reads,
a note on each header (English name, accepted forms), drop-down lists for the enumerated
columns, and a second sheet with the accepted forms and an example for every column, so a
bureau can fill its sheet in Excel.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from parkatlas.errors import ParkatlasError
from parkatlas.io.fields import ENTITIES, KIND_WORDS, STAGES, STATUS_WORDS, TENURE_WORDS

HINTS: dict[str, str] = {
    "id": "your own id (optional): the key for updates; without it a key is derived",
    "park": "park id or name as in `parkatlas export parks`",
    "region": "district: 嘉定区, 嘉定, Jiading District or 310114",
    "region_code": "district: 嘉定区, 嘉定, Jiading District or 310114",
    "kind": "厂房 factory / 土地 land / 写字楼 office / 研发楼 lab / 仓库 warehouse",
    "land_use": "M0, M1, M2, M3, W1–W3 or 一类工业用地 …",
    "tenure": "出租 lease / 出售 sale / 租售 both",
    "area_m2": "5000, 5000㎡, 1.5万平方米, 20亩, 约3000平方米; divisible 可分割: 3000-5000㎡",
    "rent_cny_m2_day": "1.2 (元/㎡/天), 1.2元/㎡/天, 45元/平方米/月, 0.9-1.1元/㎡/天, 面议",
    "price_cny_m2": "8000 (元/㎡), 1.2万元/㎡, 32万元/亩",
    "floor_load_kn_m2": "10 (kN/㎡), 1吨/㎡, 800kg/㎡",
    "clear_height_m": "8 (米), 8米, 10.5m",
    "power_kva": "800 (kVA), 800KVA, 1.5MVA",
    "floors": "a whole number",
    "env_class_max": "heaviest environmental class accepted: 1/2/3 (登记表/报告表/报告书)",
    "hazardous_ok": "是/否",
    "status": "空置 available / 已预订 reserved / 已租 occupied",
    "available_from": "2026-03-01, 2026年3月, 2025年Q4, 2026年上半年, 年底, 即可入驻",
    "industries": "GB/T 4754 codes or names: 27;39 or 医药制造业",
    "preferred_industries": "GB/T 4754 codes or names",
    "indicators": 'JSON, e.g. {"invest_intensity_wan_mu": 300}',
    "lat": "latitude (WGS-84 by default; import with --crs gcj02 for 高德/腾讯, bd09 for 百度)",
    "lon": "longitude",
    "uscc": "统一社会信用代码, 18 characters (checked)",
    "investment_wan": "5000 (万元), 5000万元, 2.5亿元",
    "output_wan_year": "万元 per year",
    "tax_wan_year": "万元 per year",
    "stage": "线索 / 研判 / 洽谈 / 签约 / 注册 / 拿地 / 开工 / 投产 …",
    "needs": 'JSON needs, e.g. {"kind": "factory", "area_m2": {"min": 5000}}',
    "synthetic": "leave empty (true only for generated demo data)",
    "name": "载体名称: what people call it (the key with its park or district when no id)",
    "town": "街镇 as written: 外冈镇",
    "area_min_m2": "smallest unit it divides into (or write a range in the area column)",
    "rent_max_cny_m2_day": "high end of a rent range (or write 0.9-1.1 in the rent column)",
    "negotiable": "是 when rent/price are 面议 (by negotiation)",
    "contact": "联系人",
    "phone": "联系电话: 021-59990000, 13800000000",
    "description": "备注: anything else",
    "notes": "备注: anything else",
}

EXAMPLES: dict[str, dict[str, Any]] = {
    "sites": {"id": "示例-001", "region": "嘉定区", "kind": "厂房", "area_m2": "5000平方米",
              "rent_cny_m2_day": "1.2元/㎡/天", "floor_load_kn_m2": "1吨/㎡", "clear_height_m": "8米",
              "power_kva": "800KVA", "status": "空置", "industries": "医药制造业",
              "address": "嘉定区示例路1号"},
    "parks": {"name_zh": "示例产业园", "region_code": "嘉定区",
              "area_km2": "2.5平方公里", "sectors": "生物医药"},
    "enterprises": {"name": "示例有限公司", "region": "嘉定区",
                    "industries": "27", "tags": "专精特新"},
    "projects": {"name": "示例项目", "investment_wan": "2.5亿元",
                 "stage": "洽谈", "industries": "27"},
}  # fmt: skip

CHOICES: dict[str, list[str]] = {
    "kind": sorted({k for k in KIND_WORDS if not k.isascii()}),
    "status": ["空置", "已预订", "已租", "已售"] + sorted({v for v in STATUS_WORDS.values()}),
    "tenure": ["出租", "出售", "租售"],
    "stage": STAGES,
    "hazardous_ok": ["是", "否"],
}
_ = TENURE_WORDS  # the accepted tenure words are in fields.py; the list above is what Excel offers


def write_template(entity: str, path: Path, *, lang: str = "zh") -> list[str]:
    """Write the template workbook; return its headers."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    if entity not in ENTITIES:
        raise ParkatlasError(f"unknown kind {entity!r}: use one of {', '.join(ENTITIES)}")
    if lang not in ("zh", "en"):
        raise ParkatlasError(f"unknown --lang {lang!r}: use zh or en")
    fields = [f for f in ENTITIES[entity] if f.name not in ("synthetic", "attrs")]
    headers = [(f.label_zh if lang == "zh" else f.name) for f in fields]
    wb = Workbook()
    ws = wb.active
    ws.title = entity
    ws.append(headers)
    # the example and the notes live on a second sheet: the importer reads the first one,
    # so an unfilled template imports nothing rather than a fake row
    guide = wb.create_sheet("说明 guide")
    guide.append(["column 列", "field", "required 必填", "accepted forms 填写方式", "example 示例"])
    example = EXAMPLES.get(entity, {})
    for h, f in zip(headers, fields, strict=True):
        guide.append(
            [h, f.name, "yes 是" if f.required else "", HINTS.get(f.name, ""), example.get(f.name)]
        )
    guide.column_dimensions["D"].width = 60
    bold = Font(bold=True)
    required = PatternFill("solid", fgColor="FFF2CC")
    for col, f in enumerate(fields, start=1):
        cell = ws.cell(row=1, column=col)
        cell.font = bold
        if f.required:
            cell.fill = required
        note = (
            f"{f.name}{' (required 必填)' if f.required else ''}: {HINTS.get(f.name, '')}".rstrip(
                ": "
            )
        )
        cell.comment = Comment(note, "parkatlas")
        ws.column_dimensions[cell.column_letter].width = max(
            10, min(28, len(str(headers[col - 1])) * 2 + 4)
        )
        if f.name in CHOICES:
            dv = DataValidation(
                type="list", formula1='"' + ",".join(CHOICES[f.name]) + '"', allow_blank=True
            )
            dv.error = f"choose one of: {', '.join(CHOICES[f.name])}"
            ws.add_data_validation(dv)
            dv.add(f"{cell.column_letter}2:{cell.column_letter}5000")
    ws.freeze_panes = "A2"
    wb.save(path)
    return headers
