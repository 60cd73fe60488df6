"""Every label exists in Chinese and English, and every key the templates use is defined."""

import re
from pathlib import Path

import pytest

from parkatlas.web.i18n import LANGS, Translator, catalogue, choose_lang

WEB = Path(__file__).parents[2] / "src" / "parkatlas" / "web"


def test_every_message_has_both_languages_and_no_empty_text() -> None:
    for key, texts in catalogue().items():
        assert set(texts) == set(LANGS), key
        assert all(texts[lang].strip() for lang in LANGS), f"{key} has an empty text"


def test_chinese_texts_are_chinese() -> None:
    """A zh text that is the same as its en text is a forgotten translation (a few are codes)."""
    same = [k for k, v in catalogue().items() if v["zh"] == v["en"] and re.search("[a-z]{3}", v["en"])]
    assert same == []


def _used_keys() -> set[str]:
    keys: set[str] = set()
    pattern = re.compile(r"""\bt\(\s*['"]([a-z0-9_.]+)['"]""")
    for path in list((WEB / "templates").rglob("*.html")) + list(WEB.glob("*.py")):
        keys |= {k for k in pattern.findall(path.read_text(encoding="utf-8")) if not k.endswith(".")}
    return keys


def test_every_key_used_in_templates_and_pages_is_defined() -> None:
    used = _used_keys()
    assert len(used) >= 8
    missing = sorted(used - set(catalogue()))
    assert missing == []


def test_language_choice() -> None:
    assert choose_lang(None, None) == "zh"
    assert choose_lang("en", None) == "en"
    assert choose_lang(None, "en") == "en"
    assert choose_lang("zh", "en") == "zh"
    assert choose_lang("fr", "xx") == "zh"


def test_translator() -> None:
    assert Translator("zh")("nav.sites") == "载体"
    assert Translator("en")("nav.sites") == "Sites"
    assert Translator("zh").label("kind", "factory") == "厂房"  # from parkatlas.vocab
    assert Translator("en").label("status", "available") == "Available"
    assert Translator("en").label("status", "weird") == "weird"
    assert ("factory", "厂房") in Translator("zh").options("kind")
    with pytest.raises(KeyError, match="no message 'nope'"):
        Translator("zh")("nope")
