"""The industry hierarchy fit (class → group → division → section), as a table."""

from __future__ import annotations

import pytest

from parkatlas.matching import industry as ind


@pytest.mark.parametrize(
    ("project", "site", "fit", "lineage"),
    [
        ("2710", "2710", 1.0, True),   # same class
        ("27", "2710", 1.0, True),     # site code inside the project's division
        ("2710", "271", 0.85, True),   # site names the group only
        ("2710", "2720", 0.7, False),  # same division, other group
        ("2710", "27", 0.7, True),     # site admits the whole division
        ("2710", "26", 0.4, False),    # same section C
        ("2710", "C", 0.4, True),      # site admits all manufacturing
        ("C", "2710", 1.0, True),
        ("2710", "65", 0.0, False),    # other section
        ("65", "F", 0.0, False),
    ],
)  # fmt: skip
def test_fit(project: str, site: str, fit: float, lineage: bool) -> None:
    assert ind.fit(project, site) == fit
    assert ind.lineage(project, site) == lineage
    table = ind.CodeTable()
    table.add(site)
    f, lin = table.fit_all(project)
    assert f[0] == fit and bool(lin[0]) == lineage


@pytest.mark.parametrize(("code", "section"), [("C", "C"), ("27", "C"), ("01", "A"), ("651", "I"), ("97", "T"), ("98", None), ("Z", None)])  # fmt: skip
def test_section_of(code: str, section: str | None) -> None:
    assert ind.section_of(code) == section
