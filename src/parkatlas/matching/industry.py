"""The GB/T 4754-2017 hierarchy as matching needs it: the fit of one code to another through
the levels class → group → division → section, vectorised over a table of codes.

The hierarchy itself (codes, names, sections) has one home, :mod:`parkatlas.reference.industries`
(the shipped ``reference/data/gbt4754-2017.csv``); this module only reads it.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

# Fit when the deepest level two codes share is this one (1 section … 4 class); a site code
# at or below the project's code (same lineage, as deep or deeper) is a full fit (1.0).
LEVEL_FIT = {0: 0.0, 1: 0.4, 2: 0.7, 3: 0.85, 4: 1.0}
LEVEL_NAMES = {0: "none", 1: "section", 2: "division", 3: "group", 4: "class"}


@lru_cache(maxsize=1)
def _sections() -> tuple[tuple[str, ...], dict[str, str]]:
    """(section letters in order, division code → section letter) from the reference table."""
    from parkatlas.reference.industries import load_industries

    records = load_industries()
    letters = tuple(r.code for r in records if r.level == "section")
    divisions = {r.code: r.section for r in records if r.level == "division"}
    return letters, divisions


@lru_cache(maxsize=1)
def known_codes() -> frozenset[str]:
    """Every code of the shipped GB/T 4754-2017 table."""
    from parkatlas.reference.industries import load_industries

    return frozenset(r.code for r in load_industries())


def section_of(code: str) -> str | None:
    """The section letter of a code at any level (its division's section for a 3- or 4-digit
    code), or None when the code has no valid shape or its division does not exist."""
    code = code.strip().upper()
    letters, divisions = _sections()
    if len(code) == 1:
        return code if code in letters else None
    if not code.isdigit() or len(code) not in (2, 3, 4):
        return None
    return divisions.get(code[:2])


def is_known(code: str) -> bool:
    """True for a code of the table (or, without the table, a code of a valid shape)."""
    return code.strip().upper() in known_codes()


def keys(code: str) -> tuple[int, int, int, int, int]:
    """(section index, division, group, class, depth); -1 for levels the code does not give."""
    code = code.strip().upper()
    sec = section_of(code)
    if sec is None:
        return (-1, -1, -1, -1, 0)
    s = _sections()[0].index(sec)
    if len(code) == 1:
        return (s, -1, -1, -1, 1)
    div = int(code[:2])
    grp = int(code[:3]) if len(code) >= 3 else -1
    cls = int(code[:4]) if len(code) == 4 else -1
    return (s, div, grp, cls, len(code))


def common_depth(a: str, b: str) -> int:
    """How many levels (0–4) two codes share from the top."""
    ka, kb = keys(a), keys(b)
    depth = 0
    for level in range(4):
        if ka[level] < 0 or kb[level] < 0 or ka[level] != kb[level]:
            break
        depth = level + 1
    return depth


def fit(project: str, site: str) -> float:
    """Fit of a site's industry code to the project's: 1.0 when the site code is the project's
    or lies under it; otherwise by the deepest shared level (group 0.85, division 0.7,
    section 0.4, none 0)."""
    d = common_depth(project, site)
    if d == 0:
        return 0.0
    return 1.0 if d >= keys(project)[4] else LEVEL_FIT[d]


def lineage(project: str, site: str) -> bool:
    """True when one code contains the other (the site admits the project, or a part of it)."""
    d = common_depth(project, site)
    return d > 0 and d >= min(keys(project)[4], keys(site)[4])


class CodeTable:
    """Distinct industry codes as parallel integer arrays, so a project's fit to every code is
    a handful of numpy operations."""

    def __init__(self) -> None:
        self.codes: list[str] = []
        self._pos: dict[str, int] = {}
        self._keys: list[tuple[int, int, int, int, int]] = []
        self._arr: np.ndarray | None = None

    def add(self, code: str) -> int:
        pos = self._pos.get(code)
        if pos is None:
            pos = len(self.codes)
            self._pos[code] = pos
            self.codes.append(code)
            self._keys.append(keys(code))
            self._arr = None
        return pos

    def __len__(self) -> int:
        return len(self.codes)

    def _array(self) -> np.ndarray:
        if self._arr is None:
            self._arr = np.array(self._keys, dtype=np.int64).reshape(-1, 5)
        return self._arr

    def fit_all(self, project: str) -> tuple[np.ndarray, np.ndarray]:
        """(fit, lineage) of the project code against every code of the table."""
        arr = self._array()
        kp = keys(project)
        n = arr.shape[0]
        depth = np.zeros(n, dtype=np.int64)
        alive = np.ones(n, dtype=bool)
        for level in range(4):
            if kp[level] < 0:
                break
            alive &= arr[:, level] == kp[level]
            depth += alive
        lut = np.array([LEVEL_FIT[i] for i in range(5)])
        fits = np.where(depth >= kp[4], 1.0, lut[depth])
        fits[depth == 0] = 0.0
        lin = (depth > 0) & (depth >= np.minimum(kp[4], arr[:, 4]))
        return fits, lin
