"""CLI command `parkatlas lookup`: find a region or an industry by code, name or English name."""

from __future__ import annotations

from dataclasses import asdict
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.table import Table

from parkatlas.console import out, print_json
from parkatlas.errors import ParkatlasError


class What(StrEnum):
    region = "region"
    industry = "industry"


def lookup(what: str, text: str, within: str | None = None) -> dict[str, Any]:
    """The record a text resolves to, with its parents (regions) or ancestors (industries),
    or the candidates when the text is ambiguous. Raises ParkatlasError when nothing matches."""
    if what == "region":
        from parkatlas.reference.regions import region_index

        ridx = region_index()
        code = ridx.resolve(text, within=within)
        if code is None:
            cands = ridx.candidates(text)
            if not cands:
                raise ParkatlasError(
                    f"no region matches {text!r}: try a full name (嘉定区), a code (310114) or English (Jiading District)"
                )
            return {"query": text, "match": None, "candidates": [asdict(c) for c in cands]}
        rec = ridx.get(code)
        assert rec is not None
        return {
            "query": text,
            "match": asdict(rec),
            "parents": [asdict(a) for a in ridx.ancestors(code) if a.code != code],
        }
    from parkatlas.reference.industries import industry_index

    iidx = industry_index()
    code = iidx.resolve(text)
    if code is None:
        icands = iidx.candidates(text)
        if not icands:
            raise ParkatlasError(
                f"no GB/T 4754-2017 industry matches {text!r}: try a code (27, 2710) or a name (医药制造业)"
            )
        return {"query": text, "match": None, "candidates": [asdict(c) for c in icands]}
    rec_i = iidx.get(code)
    assert rec_i is not None
    chain = [iidx.get(c) for c in iidx.ancestors(code)]
    return {"query": text, "match": asdict(rec_i), "parents": [asdict(c) for c in chain[1:] if c]}


def lookup_cli(
    what: Annotated[What, typer.Argument(help="region or industry")],
    text: Annotated[
        str, typer.Argument(help="a code, a Chinese name, a short name or an English name")
    ],
    within: Annotated[
        str | None, typer.Option("--within", help="regions: prefer one inside this code or name")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="print as JSON")] = False,
) -> None:
    """Look up a region (行政区划) or an industry (GB/T 4754-2017). 查询代码。

    Examples: `parkatlas lookup region 嘉定`, `parkatlas lookup region "Jiading District"`,
    `parkatlas lookup industry 医药制造业`, `parkatlas lookup industry 2710`.
    """
    result = lookup(what.value, text, within)
    if json_out:
        print_json(result)
        return
    rows = (
        [result["match"], *result.get("parents", [])] if result["match"] else result["candidates"]
    )
    title = f"{what.value} {text!r}" + ("" if result["match"] else " is ambiguous: candidates")
    t = Table(title=title)
    if what == What.region:
        for col in ("code 代码", "name 名称", "English", "level 级别", "lat", "lon"):
            t.add_column(col)
        for r in rows:
            t.add_row(
                r["code"], r["name"], r["name_en"] or "", r["level"], _num(r["lat"]), _num(r["lon"])
            )
    else:
        for col in ("code 代码", "level 层级", "name 名称", "English"):
            t.add_column(col)
        for r in rows:
            t.add_row(r["code"], r["level"], r["name_zh"], r.get("name_en") or "")
    out.print(t)


def _num(v: float | None) -> str:
    return "" if v is None else f"{v:.4f}"


def register(app: typer.Typer) -> None:
    app.command("lookup")(lookup_cli)
