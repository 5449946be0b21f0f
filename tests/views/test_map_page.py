"""AppTests of the coverage map page (views/map.py) on a store holding the demo campaign."""

from datetime import date

import pytest

from geo.config import Settings
from geo.fmt import format_date, format_int, format_percent
from geo.metrics import Filters, commune_metrics, rollup
from geo.metrics.progress import headline_figures
from geo.places.boundaries import load_boundaries
from geo.store import Store
from tests.shared_data import DATA_DIR, needs_data
from tests.views.helpers import all_maps, commune_features, map_args, map_values, page_test


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    """One SQLite file per module: the first page run loads the demo into it."""
    return f"sqlite:///{tmp_path_factory.mktemp('map_page') / 'demo.db'}"


@pytest.fixture
def page(demo_db):
    def run(data_dir=DATA_DIR, lang="vi", **state):
        settings = Settings(data_dir=data_dir, db_url=demo_db)
        at = page_test("map.py", settings, timeout=120, lang=lang)
        for key, value in state.items():
            at.session_state[key] = value
        return at.run()

    return run


def test_without_data_shows_approximate_cells_and_banner(tmp_path):
    at = page_test(
        "map.py", Settings(data_dir=None, db_url=f"sqlite:///{tmp_path / 'a.db'}"), timeout=120
    ).run()
    assert not at.exception
    assert at.selectbox(key="boundary_version").options == [
        "Ranh giới gần đúng (98 đơn vị, 01/2025)"
    ]
    assert "Ranh giới gần đúng" in at.warning[0].value
    assert "VNEID_DATA_DIR" in at.warning[0].value
    assert commune_features(at) == 98
    assert at.caption[0].value.startswith("Đang hiển thị 98 đơn vị")


@needs_data
def test_real_data_defaults_to_the_2023_structure_and_the_whole_campaign(page):
    at = page()
    assert not at.exception
    assert at.selectbox(key="boundary_version").value == "2020-2024"
    assert len(at.warning) == 0
    assert commune_features(at) == 109
    args = map_args(at)
    assert args["returned_objects"] == ["last_active_drawing"]  # only the click reruns
    assert args["js_links"] == ["/app/static/leaflet/leaflet.js"]
    assert args["css_links"] == ["/app/static/leaflet/leaflet.css"]
    assert at.text_input(key="period").value == "13/02/2023 – 31/05/2023"
    figures = {m.label: m.value for m in at.metric}
    assert figures["Công dân đủ điều kiện"] == "754.277"
    assert figures["Đã kích hoạt"] == "401.592"
    assert figures["Tỷ lệ kích hoạt"] == "53,2 %"


@needs_data
def test_selector_switches_version(page):
    at = page()
    at.selectbox(key="boundary_version").select("2025-07").run()
    assert not at.exception
    assert commune_features(at) == 33
    assert at.caption[0].value.startswith("Đang hiển thị 33 đơn vị")
    figures = {m.label: m.value for m in at.metric}
    assert figures["Công dân đủ điều kiện"] == "754.277"  # the records are re-coded, not lost


@needs_data
def test_pilot_communes_stand_out_at_the_end_of_the_pilot(page):
    at = page(metric="team_activations", period=(date(2023, 2, 13), date(2023, 3, 14)))
    assert not at.exception
    values = map_values(map_args(at))
    visited = {code for code, (_, value) in values.items() if value not in ("0", "")}
    assert visited == {"13285", "13291", "13306", "13321", "13384", "13453", "13540", "13600"}
    total = sum(int(v.replace(".", "")) for _, v in values.values() if v)
    assert total == 1923
    fills = {code: fill for code, (fill, _) in values.items()}
    assert len({fills[c] for c in visited}) >= 1 and not {fills[c] for c in visited} & {
        fills[c] for c in set(values) - visited
    }


@needs_data
def test_filters_change_the_numbers_passed_to_the_map(page):
    base = map_values(map_args(page(metric="team_activations")))
    one_team = map_values(map_args(page(metric="team_activations", teams=["Tổ 1 (DEMO)"])))
    assert base.keys() == one_team.keys()
    assert base != one_team
    as_int = {c: int(v.replace(".", "") or 0) for c, (_, v) in one_team.items()}
    assert sum(as_int.values()) < sum(int(v.replace(".", "") or 0) for _, v in base.values())
    # a team filter never changes the official coverage (design: one definition)
    cov_all = map_values(map_args(page()))
    cov_team = map_values(map_args(page(teams=["Tổ 1 (DEMO)"])))
    assert cov_all == cov_team


@needs_data
def test_selecting_a_commune_opens_its_panel(page):
    at = page(selected_code="13291")
    assert not at.exception
    assert at.subheader[0].value == "Phường Lê Hồng Phong"
    figures = {m.label: m.value for m in at.metric}
    assert set(figures) >= {"Công dân đủ điều kiện", "Đã kích hoạt", "Tỷ lệ kích hoạt"}
    fill, _ = map_values(map_args(at))["13291"]
    assert fill.startswith("#")


@needs_data
def test_compare_two_dates_draws_two_maps(page):
    at = page(compare=True, day_a=date(2023, 2, 13), day_b=date(2023, 3, 14), metric="coverage")
    assert not at.exception
    maps = all_maps(at)
    assert len(maps) == 2
    a, b = (map_values(m) for m in maps)
    assert a["13291"][1] != b["13291"][1]  # Lê Hồng Phong gained activations in the pilot


@needs_data
def test_an_import_refreshes_the_cached_figures(tmp_path):
    """Cached metrics are keyed on the data stamp: a new batch shows on the next run."""
    from geo.ingest import read_targets
    from geo.places.registry import communes
    from geo.store import Store

    url = f"sqlite:///{tmp_path / 'refresh.db'}"
    at = page_test("map.py", Settings(data_dir=DATA_DIR, db_url=url), timeout=120).run()
    before = map_values(map_args(at))["13291"][1]
    raw = "Mã xã,Tính đến ngày,Công dân đủ điều kiện,Đã kích hoạt\n13291,31/05/2023,1000,990\n"
    result = read_targets(raw.encode(), "moi.csv", communes("2020-2024", DATA_DIR))
    store = Store(url)
    store.import_result(result, raw.encode(), "kiểm thử")
    store.close()
    at.run()
    after = map_values(map_args(at))["13291"][1]
    assert before != "99,0 %"
    assert after == "99,0 %"


@needs_data
def test_compare_shows_the_visits_up_to_each_date(page):
    at = page(compare=True, show_visits=True, day_a=date(2023, 2, 20), day_b=date(2023, 5, 31))
    assert not at.exception
    a, b = (m["feature_group"].count("vneid-cluster-icon") for m in all_maps(at))
    assert 0 < a < b  # one pilot week against the whole campaign


def _store_metrics(db_url: str, filters: Filters):
    """``commune_metrics`` of the store's records on 2020-2024, computed without the page."""
    store = Store(db_url)
    targets, visits, teams = store.targets(), store.visits(), store.teams()
    store.close()
    communes = load_boundaries("2020-2024", DATA_DIR).gdf.drop(columns="geometry")
    return commune_metrics(communes, targets, visits, teams, filters)


@needs_data
@pytest.mark.parametrize("teams", [[], ["Tổ 1 (DEMO)"]], ids=["all-teams", "one-team"])
def test_province_panel_shows_the_rollup_of_the_store(page, demo_db, teams):
    at = page(teams=teams)
    assert not at.exception
    period = Filters(date(2023, 2, 13), date(2023, 5, 31), teams=teams)
    metrics = _store_metrics(demo_db, period)
    p = rollup(metrics, "province").iloc[0]
    h = headline_figures(metrics)

    assert at.subheader[0].value == p["name"] == "Toàn tỉnh"
    assert {m.label: m.value for m in at.metric} == {
        "Công dân đủ điều kiện": format_int(p["eligible"]),
        "Đã kích hoạt": format_int(p["activated"]),
        "Tỷ lệ kích hoạt": format_percent(p["coverage"]),
        "Số người chưa kích hoạt": format_int(p["gap"]),
        "Lượt làm việc": format_int(p["visits"]),
        "Kích hoạt qua tổ lưu động": format_int(p["team_activations"]),
    }
    # one definition: the progress headline has the same province figures
    for key in ("eligible", "activated", "gap", "visits", "team_activations"):
        assert h[key] == p[key], key
    assert format_percent(h["coverage"]) == format_percent(p["coverage"]) == "53,2 %"
    assert (format_int(p["eligible"]), format_int(p["activated"])) == ("754.277", "401.592")


@needs_data
def test_commune_panel_shows_the_commune_row(page, demo_db):
    at = page(selected_code="13291")
    assert not at.exception
    metrics = _store_metrics(demo_db, Filters(date(2023, 2, 13), date(2023, 5, 31)))
    r = metrics.set_index("code").loc["13291"]

    assert {m.label: m.value for m in at.metric} == {
        "Công dân đủ điều kiện": format_int(r["eligible"]),
        "Đã kích hoạt": format_int(r["activated"]),
        "Tỷ lệ kích hoạt": format_percent(r["coverage"]),
        "Số người chưa kích hoạt": format_int(r["gap"]),
        "Tiến độ chỉ tiêu": format_percent(r["quota_progress"]),
        "Lượt làm việc": format_int(r["visits"]),
        "Kích hoạt qua tổ lưu động": format_int(r["team_activations"]),
        "Lần gần nhất có tổ đến": format_date(r["last_visit"]),
    }
    assert f"{format_int(r['days_since_visit'])} ngày chưa có tổ đến" in [
        c.value for c in at.caption
    ]


# --- the page in both languages -------------------------------------------------------------


def test_without_data_in_english(tmp_path):
    settings = Settings(data_dir=None, db_url=f"sqlite:///{tmp_path / 'en.db'}")
    at = page_test("map.py", settings, timeout=120, lang="en").run()
    assert not at.exception
    assert at.title[0].value == "Activation rate map"
    assert at.selectbox(key="boundary_version").label == "Boundary version"
    assert at.caption[0].value.startswith("Showing 98 commune-level units · ")
    # the notice (geo.places.approximate.MAP_NOTICE) in the glossary's words
    assert "Approximate boundaries" in at.warning[0].value
    assert "VNEID_DATA_DIR" in at.warning[0].value


@needs_data
def test_english_sidebar_panel_and_numbers(page):
    at = page(lang="en")
    assert not at.exception
    assert at.title[0].value == "Activation rate map"
    assert at.selectbox(key="boundary_version").label == "Boundary version"
    assert at.selectbox(key="metric").label == "Indicator"
    assert at.selectbox(key="metric").value == "coverage"
    assert at.text_input(key="period").label == "Reporting period"
    assert at.text_input(key="period").value == "13/02/2023 – 31/05/2023"
    teams = at.multiselect(key="teams")
    assert (teams.label, teams.placeholder) == ("Mobile team", "All")
    assert at.multiselect(key="districts").label == "District / town / city"
    assert at.multiselect(key="place_types").label == "Place type"
    assert at.multiselect(key="place_types").options == [
        "household",
        "agency",
        "business",
        "school",
        "other",
    ]
    assert [t.label for t in at.toggle] == ["Show visit locations", "Compare two dates"]
    assert at.caption[0].value.startswith("Showing 109 commune-level units · ")
    assert at.caption[0].value.endswith(
        " · Activation rate (coverage) from 13/02/2023 to 31/05/2023"
    )
    assert at.subheader[0].value == "Whole province"
    figures = {m.label: m.value for m in at.metric}
    assert figures["Eligible citizens"] == "754,277"
    assert figures["Activated"] == "401,592"
    assert figures["Activation rate (coverage)"] == "53.2%"


@needs_data
def test_the_pilot_in_both_languages(page):
    """1923 activations by the teams in the pilot: ``1.923`` (Vietnamese), ``1,923`` (English)."""
    pilot = (date(2023, 2, 13), date(2023, 3, 14))
    for lang, label, value in (
        ("vi", "Kích hoạt qua tổ lưu động", "1.923"),
        ("en", "Activated by the mobile teams", "1,923"),
    ):
        at = page(lang=lang, period=pilot)
        assert not at.exception
        assert at.text_input(key="period").value == "13/02/2023 – 14/03/2023"
        assert {m.label: m.value for m in at.metric}[label] == value


@needs_data
def test_english_commune_panel(page):
    at = page(lang="en", selected_code="13291")
    assert not at.exception
    assert at.subheader[0].value == "Phường Lê Hồng Phong"  # a name is data: never translated
    assert [b.label for b in at.button if b.key == "clear_selection"] == [
        "Clear the selected commune"
    ]
    assert "**Latest visits**" in [m.value for m in at.markdown]
    labels = {m.label for m in at.metric}
    assert {"Eligible citizens", "Quota progress", "Last team visit"} <= labels


@needs_data
@pytest.mark.parametrize(
    ("lang", "typed", "reason"),
    [
        (
            "vi",
            "01/03/2023 – 31/02/2023",
            "«01/03/2023 – 31/02/2023» không có trên lịch: ngày hoặc tháng không đúng.",
        ),
        (
            "en",
            "01/03/2023 – 31/02/2023",
            "«01/03/2023 – 31/02/2023» is not on the calendar: the day or the month is wrong.",
        ),
        (
            "vi",
            "tháng ba",
            "«tháng ba» không phải là một khoảng ngày: hãy nhập hai ngày dạng "
            "13/02/2023 – 14/03/2023.",
        ),
        ("en", "March", "«March» is not a period: enter two days as 13/02/2023 – 14/03/2023."),
    ],
)
def test_a_bad_period_says_why_and_keeps_the_last_good_one(page, lang, typed, reason):
    at = page(lang=lang)
    at = at.text_input(key="period").input(typed).run()
    assert not at.exception
    assert [e.value for e in at.error] == [reason]
    assert at.text_input(key="period").value == typed  # left as typed, to be corrected
    assert at.caption[0].value.endswith(
        "13/02/2023 " + ("đến" if lang == "vi" else "to") + " 31/05/2023"
    )


@needs_data
def test_a_period_out_of_bounds_names_the_bounds(page):
    at = page(lang="en")
    at = at.text_input(key="period").input("01/12/2021 - 31/05/2023").run()
    today = format_date(date.today())
    assert [e.value for e in at.error] == [
        f"01/12/2021 is outside the allowed range: 01/01/2022 to {today}."
    ]


@needs_data
def test_a_period_typed_short_is_read_and_written_back_in_full(page):
    at = page()
    at = at.text_input(key="period").input("14/3/23-13/2/23").run()  # wrong order, 2-digit years
    assert not at.exception
    assert len(at.error) == 0
    assert at.text_input(key="period").value == "13/02/2023 – 14/03/2023"
    figures = {m.label: m.value for m in at.metric}
    assert figures["Kích hoạt qua tổ lưu động"] == "1.923"


@needs_data
def test_compare_dates_are_text_fields_in_english(page):
    at = page(lang="en", compare=True, day_a=date(2023, 2, 13), day_b=date(2023, 3, 14))
    assert not at.exception
    a, b = at.text_input(key="day_a"), at.text_input(key="day_b")
    assert (a.label, a.value, b.label, b.value) == ("Date A", "13/02/2023", "Date B", "14/03/2023")
    headings = [m.value for m in at.markdown if m.value.startswith("**")]
    assert headings == [
        "**Activation rate (coverage) up to 13/02/2023**",
        "**Activation rate (coverage) up to 14/03/2023**",
    ]
    at = at.text_input(key="day_b").input("30/02/2023").run()
    assert [e.value for e in at.error] == [
        "«30/02/2023» is not on the calendar: the day or the month is wrong."
    ]
    assert len(all_maps(at)) == 2  # the last good day B is still drawn
