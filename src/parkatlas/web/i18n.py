"""Every label and message of the web UI in Chinese and English.

Chinese is the default; ``?lang=en`` (the toggle in the header) switches to English and is
remembered in a cookie. The catalogue is ``messages.yaml``: one key, a ``zh`` and an ``en``
text each (a test checks both are there, and that every key the templates use exists).
Texts may hold ``{name}`` placeholders filled by :meth:`Translator.__call__`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

from parkatlas.vocab.terms import KINDS, STAGES, STATUSES, TENURES, Vocabulary

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"
LANG_COOKIE = "parkatlas_lang"
CATALOGUE = Path(__file__).parent / "messages.yaml"
_VOCABULARIES: dict[str, Vocabulary] = {"kind": KINDS, "status": STATUSES, "tenure": TENURES, "stage": STAGES}


@functools.cache
def catalogue() -> dict[str, dict[str, str]]:
    raw = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    out: dict[str, dict[str, str]] = {}
    for key, texts in raw.items():
        if not isinstance(texts, dict) or set(texts) != set(LANGS):
            raise ValueError(f"messages.yaml: {key!r} must have exactly the languages {LANGS}")
        out[str(key)] = {lang: str(texts[lang]) for lang in LANGS}
    return out


def choose_lang(query: str | None, cookie: str | None) -> str:
    """The page language: the ``lang`` query parameter, else the cookie, else Chinese."""
    for candidate in (query, cookie):
        if candidate in LANGS:
            return candidate
    return DEFAULT_LANG


@dataclass(frozen=True)
class Translator:
    """``t("nav.sites")`` → the label in the page's language; unknown keys fail loudly."""

    lang: str

    def __call__(self, key: str, **values: object) -> str:
        try:
            text = catalogue()[key][self.lang]
        except KeyError:
            raise KeyError(f"no message {key!r} in messages.yaml") from None
        return text.format(**values) if values else text

    def has(self, key: str) -> bool:
        return key in catalogue()

    def label(self, group: str, code: str | None) -> str:
        """The label of a coded value: kinds, statuses, tenures and stages from the one
        vocabulary (`parkatlas.vocab`), other groups from messages.yaml; the code if unknown."""
        if code is None:
            return "—"
        vocabulary = _VOCABULARIES.get(group)
        if vocabulary is not None and code in vocabulary.codes:
            text = vocabulary.label(code, self.lang)
            return text[:1].upper() + text[1:] if self.lang == "en" else text
        key = f"{group}.{code}"
        return self(key) if key in catalogue() else code

    def options(self, group: str) -> list[tuple[str, str]]:
        """(code, label) of every term of a vocabulary, for a <select>."""
        return [(code, self.label(group, code)) for code in _VOCABULARIES[group].codes]
