"""The one text decoder of the project: import (CSV, JSON) and ingest (news) both use it.

Order: a byte-order mark; strict UTF-8; a charset the file declares (HTML meta); UTF-8 with a
few corrupt bytes (repaired, and said so); the better of GB18030 (a superset of GBK/GB2312)
and Big5, judged by how much of the text reads as common characters; charset-normalizer as
the last guess. `detect_file_encoding` applies the same order to a file without loading it
whole, for the streaming readers.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from parkatlas.errors import ParkatlasError

BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
_CHUNK = 1 << 20
_SAMPLE = 256 << 10


def refuse(path: Path | str, reason: str) -> ParkatlasError:
    """The error for a file that cannot be read: the file first, then the cause and the fix."""
    return ParkatlasError(f"{path}: {reason}")


def decode_bytes(
    data: bytes, path: Path | str, *, declared: str | None = None
) -> tuple[str, str, tuple[str, ...]]:
    """(text, encoding, notes): BOM, strict UTF-8, a declared charset, then the best CJK guess."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data.decode(codec), path), codec, ()
            except UnicodeDecodeError:
                raise refuse(
                    path, f"starts with a {codec} byte-order mark but is not valid {codec}"
                ) from None
    if b"\x00" in data:
        raise refuse(
            path, "binary file (it contains NUL bytes): only text, HTML and PDF files are read"
        )
    try:
        return _check_text(data.decode("utf-8"), path), "utf-8", ()
    except UnicodeDecodeError:
        pass
    if declared:
        declared_codec = codec_for(declared)
        if declared_codec:
            try:
                return _check_text(data.decode(declared_codec), path), declared_codec, ()
            except UnicodeDecodeError:
                pass
    repaired = _mostly_utf8(data)
    if repaired is not None:
        text, bad = repaired
        note = f"{bad} invalid UTF-8 byte sequence(s) replaced with U+FFFD"
        return _check_text(text, path), "utf-8", (note,)
    guess = _guess_cjk(data)
    if guess is not None:
        return _check_text(guess[0], path), guess[1], ()
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        text = str(best)
        if _control_ratio(text) < 0.01:
            return _check_text(text, path), best.encoding, ()
    raise refuse(
        path,
        "cannot decode the bytes as UTF-8, GB18030/GBK or Big5 (binary or corrupt): "
        "save the file as UTF-8 and ingest it again",
    )


def detect_file_encoding(path: Path) -> str:
    """The codec to stream `path` with (`open(path, encoding=...)`), read in 1 MiB chunks.

    UTF-8 is confirmed over the whole file (a GBK file whose first megabytes are ASCII is
    not taken for UTF-8); otherwise GB18030 or Big5 is chosen on a sample, as `decode_bytes`
    would, and confirmed over the whole file. Raises ParkatlasError for binary or mixed bytes.
    """
    with path.open("rb") as fh:
        head = fh.read(_SAMPLE)
    for bom, codec in BOMS:
        if head.startswith(bom):
            return codec
    start = head[:65536]
    nul = start.count(b"\x00")
    if nul > len(start) // 100 or (nul and b"\n" not in start):  # a stray NUL in a cell is text
        raise refuse(path, "binary file (it contains NUL bytes), not a text table")
    if _decodes_whole(path, "utf-8"):
        return "utf-8"
    # cut the sample at a line end so no character is split
    cut = head.rfind(b"\n")
    sample = head[: cut + 1] if cut > 0 else head
    guess = _guess_cjk(sample)
    candidates = [guess[1]] if guess else []
    candidates += [c for c in ("gb18030", "big5") if c not in candidates]
    for codec in candidates:
        name = "big5hkscs" if codec == "big5" else codec
        if _decodes_whole(path, name):
            return name
    raise refuse(
        path,
        "the text is neither UTF-8 nor GBK/GB18030 nor Big5 (binary, or mixed encodings); "
        "save it as UTF-8 (Excel: 'CSV UTF-8')",
    )


def _decodes_whole(path: Path, codec: str) -> bool:
    dec = codecs.getincrementaldecoder(codec)(errors="strict")
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(_CHUNK):
                dec.decode(chunk)
            dec.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def codec_for(name: str) -> str | None:
    name = name.lower()
    if name in {"gb2312", "gbk", "gb18030", "x-gbk", "cp936"}:
        return "gb18030"  # the superset: a page labelled GB2312 often holds GBK characters
    if name in {"big5", "big5-hkscs", "x-big5"}:
        return "big5hkscs"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """UTF-8 with a few corrupt bytes (a truncated download, a bad copy): repair and say so."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F) - bad
    if bad and bad <= max(2, len(text) // 1000) and multibyte >= 10 * bad:
        return text, bad
    return None


def _common_share(text: str, codec: str) -> float:
    """Share of non-ASCII characters that are common hanzi or CJK punctuation for that codec.

    A right guess reads almost only common characters (GB2312 level 1 for GBK text, Big5
    level 1 for Big5 text); a wrong one reads rare characters, kana and symbols.
    """
    target = "gb2312" if codec == "gb18030" else "big5"
    low, high = (0xB0, 0xD7) if codec == "gb18030" else (0xA4, 0xC6)
    total = common = 0
    for ch in text:
        if ord(ch) < 0x80:
            continue
        total += 1
        try:
            lead = ch.encode(target)[0]
        except UnicodeEncodeError:
            continue
        if low <= lead <= high or lead in (0xA1, 0xA3):
            common += 1
    return common / total if total else 0.0


def _guess_cjk(data: bytes) -> tuple[str, str] | None:
    """The better of GB18030 and Big5 when the bytes decode strictly and read as common text."""
    scored: list[tuple[float, str, str]] = []
    for codec in ("gb18030", "big5hkscs"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        share = _common_share(text, "gb18030" if codec == "gb18030" else "big5")
        scored.append((share, codec, text))
    if not scored:
        return None
    share, codec, text = max(scored)
    if share < 0.5:
        return None
    return text, "big5" if codec == "big5hkscs" else codec


# the C0 and C1 control characters (category Cc below U+00A0) but tab, LF, VT, FF and CR: one
# regex scan instead of a Python loop over every character (the reader's hottest line)
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    return len(_CONTROLS.findall(text)) / len(text)


def _check_text(text: str, path: Path | str) -> str:
    if _control_ratio(text) > 0.01:
        raise refuse(
            path,
            "binary file (control characters in the decoded text): only text, HTML and PDF "
            "files are read",
        )
    if not text.strip():
        raise refuse(path, "empty file: nothing to read")
    return text
