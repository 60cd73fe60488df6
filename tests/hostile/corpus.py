"""The hostile corpus: small files generated on demand (big ones only under lowered limits)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook

HEADER = ["编号", "类型", "面积", "状态"]


def xlsx(
    path: Path, rows: list[list[object]], *, sheets: dict[str, list[list[object]]] | None = None
) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "载体"
    for r in rows:
        ws.append(r)
    for name, more in (sheets or {}).items():
        extra = wb.create_sheet(name, 0)
        for r in more:
            extra.append(r)
    wb.save(path)
    return path


def rewrite_sheet(path: Path, edit: object) -> None:
    """Rewrite the first worksheet's XML of a workbook with `edit(xml) -> xml`."""
    buf = io.BytesIO(path.read_bytes())
    with zipfile.ZipFile(buf) as src:
        items = [(i, src.read(i.filename)) for i in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in items:
            if info.filename == "xl/worksheets/sheet1.xml":
                data = edit(data.decode()).encode()  # type: ignore[operator]
            dst.writestr(info.filename, data)


def stale_dimension(path: Path, ref: str) -> None:
    rewrite_sheet(path, lambda x: re.sub(r'<dimension ref="[^"]+"', f'<dimension ref="{ref}"', x))


def zip_bomb(path: Path, megabytes: int) -> Path:
    """A valid workbook whose sheet XML unpacks to `megabytes` MB of empty formatted rows."""
    xlsx(path, [HEADER, ["T1", "厂房", 5000, "可租"]])
    filler = '<row r="{}" s="1" customFormat="1"/>'
    per = len(filler.format(1_000_000))
    n = megabytes * 1_000_000 // per

    def edit(x: str) -> str:
        rows = "".join(filler.format(i) for i in range(3, 3 + n))
        return x.replace("</sheetData>", rows + "</sheetData>")

    rewrite_sheet(path, edit)
    return path


def ods(path: Path, rows: list[list[str]], sheet: str = "载体") -> Path:
    """A minimal OpenDocument spreadsheet (text cells), as LibreOffice would save it."""
    cells = "".join(
        "<table:table-row>" + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{c}</text:p></table:table-cell>'
            for c in r
        ) + "</table:table-row>"
        for r in rows
    )  # fmt: skip
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{sheet}">{cells}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path


def deep_json(path: Path, depth: int) -> Path:
    path.write_text(
        '[{"id": "D1", "indicators": ' + "[" * depth + "]" * depth + "}]", encoding="utf-8"
    )
    return path


def long_cell_csv(path: Path, chars: int) -> Path:
    path.write_text('编号,类型,面积,地址\nT1,厂房,5000,"' + "路" * chars + '"\n', encoding="utf-8")
    return path


def one_line_csv(path: Path, megabytes: int) -> Path:
    """A 'CSV' of one line: `megabytes` MB of column names and no newline."""
    with path.open("w", encoding="utf-8") as fh:
        block = ",".join(f"col{i}" for i in range(10_000)) + ","
        for _ in range(max(1, megabytes * 1_000_000 // len(block))):
            fh.write(block)
    return path
