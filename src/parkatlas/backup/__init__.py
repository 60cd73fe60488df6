"""Backup and restore of a whole atlas (`parkatlas backup FILE`, `parkatlas restore FILE`)."""
