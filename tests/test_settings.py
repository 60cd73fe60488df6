from pathlib import Path

import pytest

from parkatlas.errors import ParkatlasError
from parkatlas.settings import SETTINGS, load_settings


def test_default_url_is_sqlite_in_data_dir(tmp_path: Path) -> None:
    s = load_settings({"PARKATLAS_DATA_DIR": str(tmp_path)})
    assert s.database_url == f"sqlite:///{tmp_path / 'atlas.db'}"


def test_plain_postgresql_url_gets_psycopg_driver() -> None:
    s = load_settings({"PARKATLAS_DATABASE_URL": "postgresql://u@h/db"})
    assert s.database_url == "postgresql+psycopg://u@h/db"


def test_unknown_scheme_is_refused_naming_the_variable() -> None:
    with pytest.raises(ParkatlasError, match="PARKATLAS_DATABASE_URL='mysql://x'"):
        load_settings({"PARKATLAS_DATABASE_URL": "mysql://x"})


@pytest.mark.parametrize("bad", ["0", "-3", "many"])
def test_bad_batch_size_is_refused(bad: str) -> None:
    with pytest.raises(ParkatlasError, match="PARKATLAS_BATCH_SIZE"):
        load_settings({"PARKATLAS_BATCH_SIZE": bad, "PARKATLAS_DATABASE_URL": "sqlite:///x.db"})


def test_every_setting_is_documented_in_readme() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    for name in SETTINGS:
        assert name in readme, f"{name} is not documented in README.md"


def test_auth_cache_seconds_default_off_and_bad_values() -> None:
    base = {"PARKATLAS_DATABASE_URL": "sqlite:///x.db"}
    assert load_settings(base).auth_cache_seconds == 10
    assert load_settings(base | {"PARKATLAS_AUTH_CACHE_SECONDS": "0"}).auth_cache_seconds == 0
    for bad in ("-1", "soon", "99999"):
        with pytest.raises(ParkatlasError, match="PARKATLAS_AUTH_CACHE_SECONDS"):
            load_settings(base | {"PARKATLAS_AUTH_CACHE_SECONDS": bad})
