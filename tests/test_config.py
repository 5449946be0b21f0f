from pathlib import Path

import pytest

from geo.config import REPO_ROOT, Settings, load_settings


def test_defaults_use_embedded_sqlite_and_no_tiles():
    s = load_settings({})
    assert s.db_url == f"sqlite:///{REPO_ROOT / 'data' / 'vneid.db'}"
    assert s.tile_url is None
    default = REPO_ROOT.parent / "shared" / "data"
    assert s.data_dir == (default if default.is_dir() else None)


@pytest.mark.parametrize("value", ["", "none", "NONE", " off ", "0", "false"])
def test_data_dir_can_be_switched_off(value):
    assert load_settings({"VNEID_DATA_DIR": value}).data_dir is None


def test_every_variable_is_read(tmp_path):
    s = load_settings(
        {
            "VNEID_DATA_DIR": str(tmp_path),
            "VNEID_DB_URL": "postgresql+psycopg://u@localhost/vneid",
            "VNEID_TILE_URL": " http://tiles.local/{z}/{x}/{y}.png ",
            "VNEID_TILE_ATTRIBUTION": "Bản đồ nền nội bộ",
        }
    )
    assert s.data_dir == Path(tmp_path)
    assert s.db_url == "postgresql+psycopg://u@localhost/vneid"
    assert s.tile_url == "http://tiles.local/{z}/{x}/{y}.png"
    assert s.tile_attribution == "Bản đồ nền nội bộ"


def test_with_returns_a_changed_copy():
    s = Settings(db_url="sqlite://")
    t = s.with_(db_url="sqlite:///x.db")
    assert (s.db_url, t.db_url) == ("sqlite://", "sqlite:///x.db")


@pytest.mark.parametrize(
    ("value", "lang"),
    [(None, "vi"), ("en", "en"), (" EN-us ", "en"), ("vi_VN", "vi"), ("fr", "vi"), ("", "vi")],
)
def test_language_comes_from_vneid_lang(value, lang):
    env = {} if value is None else {"VNEID_LANG": value}
    assert load_settings(env).language == lang


def test_plausibility_thresholds_are_read():
    s = load_settings(
        {
            "VNEID_MAX_ACTIVATIONS_PER_HOUR": "30",
            "VNEID_MAX_ACTIVATIONS_PER_OFFICER_HOUR": " 10 ",
            "VNEID_MAX_ACTIVATIONS_PER_VISIT": "300",
            "VNEID_MAX_ACTIVATIONS_PER_TEAM_EVENING": "1000",
            "VNEID_MAX_TARGET_RATIO": "1.5",
        }
    )
    assert (
        s.max_activations_per_hour,
        s.max_activations_per_officer_hour,
        s.max_activations_per_visit,
        s.max_activations_per_team_evening,
        s.max_target_ratio,
    ) == (30, 10, 300, 1000, 1.5)
    d = load_settings({})
    assert (
        d.max_activations_per_hour,
        d.max_activations_per_officer_hour,
        d.max_activations_per_visit,
        d.max_activations_per_team_evening,
        d.max_target_ratio,
    ) == (40, 12, 500, 1500, 1.2)


@pytest.mark.parametrize(
    ("value", "ratio"),
    [("1,5", 1.5), (" 2 ", 2.0), ("0", 1.2), ("-1", 1.2), ("x", 1.2), ("", 1.2), ("nan", 1.2),
     ("inf", 1.2)],
)  # fmt: skip
def test_the_target_ratio_is_a_positive_number(value, ratio):
    assert load_settings({"VNEID_MAX_TARGET_RATIO": value}).max_target_ratio == ratio


@pytest.mark.parametrize("value", ["0", "-5", "12.5", "many"])
def test_a_bad_activation_threshold_keeps_the_default(value):
    assert (
        load_settings({"VNEID_MAX_ACTIVATIONS_PER_VISIT": value}).max_activations_per_visit == 500
    )
