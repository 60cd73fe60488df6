"""Shipped reference data: administrative divisions, GB/T 4754-2017 industries, SEI 2018 areas.

Pure lookups (no database): :mod:`parkatlas.reference.regions` and
:mod:`parkatlas.reference.industries`; loading into the atlas: :mod:`parkatlas.reference.loader`.
The data files and their sources are described in ``data/README.md``.
"""
