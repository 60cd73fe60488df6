"""The words of parkatlas, one parser per concept: what import, ``match`` options, needs
files, the API and the web forms all read user text with.

Every ``read_*`` takes one cell (text, a number or None) and returns a
:class:`Reading` (``.value`` in the canonical unit or code, plus range ends, approximate /
at-least flags, a bracketed note and a marker such as ``unknown``, ``negotiable``, ``none``,
``any``, ``now``) or an :class:`Unreadable` (``.code`` and the reason in ``.en`` and ``.zh``).
No reader raises for user text.

=======================  ==========================================================
concept                  reader
=======================  ==========================================================
area, rent, price        :func:`read_area`, :func:`read_rent`, :func:`read_price`
load, height, power      :func:`read_load`, :func:`read_height`, :func:`read_power`
number                   :func:`read_number`
date / period            :func:`read_date` (即可入驻 → marker ``now``)
industries               :func:`read_industries` (names before splitting; aliases)
kind, status, tenure     :func:`read_kind`, :func:`read_status`, :func:`read_tenure`
stage, land use, EIA     :func:`read_stage`, :func:`read_land_use`, :func:`read_env_class`
=======================  ==========================================================

The vocabularies (``KINDS``, ``STATUSES``, ``TENURES``, ``STAGES``, ``LAND_USE``) hold each
term's code and its Chinese and English labels: ``KINDS.zh("factory") == "厂房"``.
"""

from parkatlas.vocab.dates import read_date
from parkatlas.vocab.industries import read_industries, resolve_industry_name
from parkatlas.vocab.quantities import (
    MONTH_TO_DAY,
    MU_M2,
    TONNE_FORCE_KN,
    read_area,
    read_height,
    read_load,
    read_number,
    read_power,
    read_price,
    read_rent,
)
from parkatlas.vocab.reading import Marker, Reading, Unreadable
from parkatlas.vocab.terms import (
    KINDS,
    LAND_USE,
    OPEN_STAGES,
    STAGES,
    STATUSES,
    TENURES,
    read_env_class,
    read_kind,
    read_land_use,
    read_stage,
    read_status,
    read_tenure,
)

__all__ = [
    "KINDS",
    "LAND_USE",
    "OPEN_STAGES",
    "STAGES",
    "STATUSES",
    "TENURES",
    "MONTH_TO_DAY",
    "MU_M2",
    "TONNE_FORCE_KN",
    "Marker",
    "Reading",
    "Unreadable",
    "read_area",
    "read_date",
    "read_env_class",
    "read_industries",
    "read_kind",
    "read_land_use",
    "read_stage",
    "read_status",
    "read_tenure",
    "resolve_industry_name",
    "read_height",
    "read_load",
    "read_number",
    "read_power",
    "read_price",
    "read_rent",
]
