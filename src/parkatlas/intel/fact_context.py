"""The context shared by the fact rules: the masked text, its layout, places and time words,
and the caches the rules fill (``fact_metric``, ``fact_period``, ``fact_region`` build on it)."""

from __future__ import annotations

import re

from parkatlas.intel.context import Layout, Place, TimeWord
from parkatlas.intel.quantities import Quantity

_RX_QUOTE_SPAN = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"|「[^」\n]*」|《[^》\n]*》")


class ContextBase:
    """The document a fact is read in: text, layout, places, time words, caches."""

    def __init__(
        self,
        text: str,
        layout: Layout,
        places: list[Place],
        times: list[TimeWord],
        doc_year: int | None,
        spans: list[tuple[int, int]],
    ) -> None:
        self.text = text
        self.layout = layout
        self.places = places
        self.times = times
        self.doc_year = doc_year
        self._main_region: tuple[Place | None] | None = None
        self._quotes = [m.span() for m in _RX_QUOTE_SPAN.finditer(text)]
        self._usable_cache: dict[int, bool] = {}
        self._list_cache: dict[int, bool] = {}
        self._generic_cache: dict[int, bool] = {}
        self._place_starts = [p.start for p in places]
        self._spans = spans
        self._headings: list[tuple[int, TimeWord]] | None = None
        self._event_refs: list[int] | None = None
        self._frame_cache: tuple[TimeWord | None] | None = None
        self._target_cache: dict[tuple[int, int], bool] = {}
        self.last_time: TimeWord | None = None  # the time word of the last period() call
        self.quantities: list[Quantity] = []  # the document's quantities (分别: their order)

    # -------------------------------------------------------------- metric
