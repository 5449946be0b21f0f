"""AppTest of views/progress.py: headline, league table, period and version, meeting pack.

In Vietnamese (the default) and in English: labels, figures (``401.592`` / ``401,592``), the
charts' locale, the meeting pack's file names and workbook.

The store is a temporary SQLite file holding the demo campaign. Every figure the page shows is
compared with :mod:`geo.metrics.progress` and :func:`geo.metrics.rollup` computed directly
(:func:`geo.metrics.commune_metrics` on the store's records and the boundary registry, no
``ui.state``); the province totals of the demo at 31/05/2023 are the reported ones: 401.592
activated of 754.277 eligible (53,2 %), quota 603.422 (66,6 %), 352.685 people not yet
activated.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, timedelta

import pandas as pd
import pytest
from openpyxl import load_workbook
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

from geo.config import Settings
from geo.fmt import format_int, format_percent, format_signed_int, format_signed_points
from geo.i18n import _, language
from geo.metrics import Filters, commune_metrics, progress, rollup
from geo.outputs.reports import pack_file_names
from geo.places.boundaries import load_boundaries
from geo.store import Store
from tests.samples import two_visit_plan
from tests.shared_data import DATA_DIR, needs_data
from tests.views.helpers import page_test

END = date(2023, 5, 31)
START = date(2023, 2, 13)
PILOT_END = date(2023, 3, 14)


# --- fixtures -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_db_url(tmp_path_factory) -> str:
    """A SQLite store with the demo loaded on the 109 units of 2020-2024 (read-only here)."""
    if DATA_DIR is None or not (DATA_DIR / "SOURCES.md").is_file():
        pytest.skip("no third-party data directory")
    from geo.demo import communes_with_points, load_demo

    url = f"sqlite:///{tmp_path_factory.mktemp('progress') / 'demo.db'}"
    store = Store(url)
    load_demo(store, communes_with_points("2020-2024", DATA_DIR))
    store.close()
    return url


@pytest.fixture
def real_page(real_db_url):
    """The progress page with the real data directory, default period and version."""
    at = page_test("progress.py", Settings(data_dir=DATA_DIR, db_url=real_db_url), 180).run()
    assert not at.exception, at.exception
    return at


# --- expected figures, computed without the page ------------------------------------------------


def direct(db_url: str, version: str, data_dir, start: date, end: date):
    """``(headline, league)`` from geo.metrics + geo.metrics.progress on the store's records."""
    store = Store(db_url)
    targets, visits, teams = store.targets(), store.visits(), store.teams()
    store.close()
    communes = load_boundaries(version, data_dir).gdf.drop(columns="geometry")
    now = commune_metrics(communes, targets, visits, teams, Filters(start, end))
    before = commune_metrics(communes, targets, visits, teams, Filters(start, end - timedelta(7)))
    headline = progress.headline_figures(now, before, visits=visits, as_of=end)
    return headline, progress.district_league(now, before)


def shown(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def expected_metrics(h: dict) -> dict[str, str]:
    return {
        "Đã kích hoạt": format_int(h["activated"]),
        "Công dân đủ điều kiện": format_int(h["eligible"]),
        "Tỷ lệ kích hoạt": format_percent(h["coverage"]),
        "Tiến độ chỉ tiêu": format_percent(h["quota_progress"]),
        "Kích hoạt 7 ngày qua": format_int(h["this_week"]),
        "Số xã đạt ≥ 80 %": f"{h['communes_at_threshold']}/{h['communes_with_data']}",
        "Tổ kích hoạt trong kỳ": format_int(h["team_activations"]),
        "Chưa kích hoạt": format_int(h["gap"]),
    }


def league_shown(at) -> pd.DataFrame:
    return next(df.value for df in at.dataframe if "Hạng" in df.value.columns)


def charts(at) -> list[tuple[dict, list[pd.DataFrame]]]:
    """``(spec, datasets)`` of each Altair chart (datasets travel as Arrow, beside the spec)."""
    return [
        (
            json.loads(el.proto.spec),
            [convert_arrow_bytes_to_pandas_df(d.data.data) for d in el.proto.datasets],
        )
        for el in at.get("vega_lite_chart")
    ]


# --- tests --------------------------------------------------------------------------------------


@pytest.mark.shared_data
@needs_data
def test_headline_equals_progress_figures_at_31_05(real_page, real_db_url):
    h, _ = direct(real_db_url, "2020-2024", DATA_DIR, START, END)
    metrics = shown(real_page)

    assert metrics == expected_metrics(h)
    # the reported province totals of May 2023 (demo targets), in Vietnamese formats
    assert metrics["Công dân đủ điều kiện"] == "754.277"
    assert metrics["Đã kích hoạt"] == "401.592"
    assert metrics["Tỷ lệ kích hoạt"] == "53,2 %"  # 401 592 / 754 277 = 0,5324
    assert metrics["Tiến độ chỉ tiêu"] == "66,6 %"  # 401 592 / 603 422 = 0,6655
    assert metrics["Chưa kích hoạt"] == "352.685"
    deltas = {m.label: m.proto.delta for m in real_page.metric}
    assert deltas["Đã kích hoạt"] == "+" + format_int(h["activated_change"])
    assert deltas["Kích hoạt 7 ngày qua"] == (
        ("+" if h["this_week"] > h["last_week"] else "")
        + format_int(h["this_week"] - h["last_week"])
    )
    # ui.widgets.date_field: text boxes taking dd/mm/yyyy (no English calendar)
    assert real_page.text_input(key="progress_start").value == "13/02/2023"
    assert real_page.text_input(key="progress_end").value == "31/05/2023"
    assert real_page.caption[0].value.startswith(
        "Số liệu đến ngày 31/05/2023 · kỳ báo cáo 13/02/2023 – 31/05/2023 · "
        "so sánh với ngày 24/05/2023"
    )


@pytest.mark.shared_data
@needs_data
def test_every_headline_card_is_a_rollup_figure_of_the_store(real_page, real_db_url):
    store = Store(real_db_url)
    targets, visits, teams = store.targets(), store.visits(), store.teams()
    store.close()
    communes = load_boundaries("2020-2024", DATA_DIR).gdf.drop(columns="geometry")

    def province(first: date, last: date) -> pd.Series:
        metrics = commune_metrics(communes, targets, visits, teams, Filters(first, last))
        return rollup(metrics, "province").iloc[0]

    now, before = province(START, END), province(START, END - timedelta(7))
    this_week = province(END - timedelta(6), END)["team_activations"]
    last_week = province(END - timedelta(13), END - timedelta(7))["team_activations"]
    h, _ = direct(real_db_url, "2020-2024", DATA_DIR, START, END)
    cards = {m.label: m for m in real_page.metric}

    assert {label: m.value for label, m in cards.items()} == {
        "Đã kích hoạt": format_int(now["activated"]),
        "Công dân đủ điều kiện": format_int(now["eligible"]),
        "Tỷ lệ kích hoạt": format_percent(now["coverage"]),
        "Tiến độ chỉ tiêu": format_percent(now["quota_progress"]),
        "Kích hoạt 7 ngày qua": format_int(this_week),
        "Số xã đạt ≥ 80 %": f"{h['communes_at_threshold']}/{format_int(now['communes_with_data'])}",
        "Tổ kích hoạt trong kỳ": format_int(now["team_activations"]),
        "Chưa kích hoạt": format_int(now["gap"]),
    }
    assert cards["Đã kích hoạt"].delta == format_signed_int(now["activated"] - before["activated"])
    assert cards["Tỷ lệ kích hoạt"].delta == format_signed_points(
        now["coverage"] - before["coverage"]
    )
    assert cards["Kích hoạt 7 ngày qua"].delta == format_signed_int(this_week - last_week)
    assert cards["Kích hoạt 7 ngày qua"].proto.delta_description == (
        f"so với 7 ngày trước đó ({format_int(last_week)})"
    )
    assert format_int(now["quota"]) in cards["Tiến độ chỉ tiêu"].help
    # the printed label, cut on screen, leads the help (st.metric cuts a label to one line)
    assert cards["Tổ kích hoạt trong kỳ"].help == (
        "Tổ lưu động kích hoạt trong kỳ. "
        f"{format_int(now['visits'])} lượt làm việc trong kỳ báo cáo."
    )
    # headline_figures is the same rollup
    for key in ("eligible", "quota", "activated", "gap", "communes_with_data", "visits"):
        assert h[key] == now[key], key
    assert (h["this_week"], h["last_week"]) == (this_week, last_week)


@pytest.mark.shared_data
@needs_data
def test_league_rows_are_the_district_rollup(real_page, real_db_url):
    store = Store(real_db_url)
    targets, visits, teams = store.targets(), store.visits(), store.teams()
    store.close()
    communes = load_boundaries("2020-2024", DATA_DIR).gdf.drop(columns="geometry")
    metrics = commune_metrics(communes, targets, visits, teams, Filters(START, END))
    districts = rollup(metrics, "district").set_index("name")
    table = league_shown(real_page).set_index("Huyện, thị xã, thành phố")

    assert sorted(table.index) == sorted(districts.index)
    for name, row in table.iterrows():
        d = districts.loc[name]
        assert row["Công dân đủ điều kiện"] == format_int(d["eligible"])
        assert row["Chỉ tiêu"] == format_int(d["quota"])
        assert row["Đã kích hoạt"] == format_int(d["activated"])
        assert row["Tỷ lệ kích hoạt"] == format_percent(d["coverage"])
        assert row["Tiến độ chỉ tiêu"] == format_percent(d["quota_progress"])
        assert row["Số người chưa kích hoạt"] == format_int(d["gap"])
        assert row["Xã đạt ≥ 80 %"].endswith(f"/{format_int(d['communes_with_data'])}")


@pytest.mark.shared_data
@needs_data
def test_league_rows_equal_district_league(real_page, real_db_url):
    _, league = direct(real_db_url, "2020-2024", DATA_DIR, START, END)
    table = league_shown(real_page)

    assert len(table) == 6
    assert table["Hạng"].tolist() == [str(r) for r in range(1, 7)]
    assert table["Huyện, thị xã, thành phố"].tolist() == league["district_name"].tolist()
    assert table["Đã kích hoạt"].tolist() == league["activated"].map(format_int).tolist()
    assert table["Công dân đủ điều kiện"].tolist() == league["eligible"].map(format_int).tolist()
    assert (
        table["Tiến độ chỉ tiêu"].tolist() == league["quota_progress"].map(format_percent).tolist()
    )
    changes = ["+" + format_int(v) for v in league["activated_change"]]
    assert table["Tăng so với tuần trước"].tolist() == changes
    assert league["activated"].sum() == 401_592


@pytest.mark.shared_data
@needs_data
def test_charts_use_vietnamese_formats_and_the_quota_line(real_page, real_db_url):
    h, _ = direct(real_db_url, "2020-2024", DATA_DIR, START, END)
    (trend, trend_data), (weekly, weekly_data) = charts(real_page)
    text = json.dumps(trend, ensure_ascii=False)
    labels = pd.concat(trend_data, ignore_index=True)

    assert '"format": "%d/%m"' in text
    # the browser writes the axis numbers with the chart's own locale: 400.000, not 400,000
    assert trend["config"]["locale"]["number"]["thousands"] == "."
    assert trend["config"]["locale"]["number"]["decimal"] == ","
    assert weekly["config"]["locale"]["number"]["thousands"] == "."
    assert '"format": ",d"' in text
    assert f"Chỉ tiêu {format_int(h['quota'])}" in labels["text"].tolist()
    assert "Chỉ tiêu 603.422" in labels["text"].tolist()
    assert {"13/02/2023", "31/05/2023"} <= set(labels["Ngày"].dropna())
    assert "401.592" in set(labels["Đã kích hoạt"].dropna())
    bars = pd.concat(weekly_data, ignore_index=True)
    assert bars["Tuần"].iloc[0] == "13/02"  # Monday 13/02/2023 starts the first week
    assert bars["value"].sum() == h["team_activations"]
    assert "Tổ lưu động" in json.dumps(weekly, ensure_ascii=False)
    projection = next(i.value for i in real_page.info if "dự kiến đạt chỉ tiêu" in i.value)
    assert "trong 14 ngày gần nhất (17/05/2023 – 31/05/2023)" in projection


@pytest.mark.shared_data
@needs_data
def test_period_end_14_03_changes_the_figures(real_page, real_db_url):
    before = shown(real_page)  # AppTest.run() updates the same object
    at = real_page.text_input(key="progress_end").input("14/03/2023").run()
    assert not at.exception
    h, league = direct(real_db_url, "2020-2024", DATA_DIR, START, PILOT_END)
    metrics = shown(at)

    assert metrics == expected_metrics(h)
    assert metrics["Đã kích hoạt"] != before["Đã kích hoạt"] == "401.592"
    # the pilot 13/02-14/03/2023: 1.923 accounts activated by the 7 teams (the reported figure)
    assert metrics["Tổ kích hoạt trong kỳ"] == "1.923"
    assert before["Tổ kích hoạt trong kỳ"] == format_int(
        direct(real_db_url, "2020-2024", DATA_DIR, START, END)[0]["team_activations"]
    )
    assert league_shown(at)["Đã kích hoạt"].tolist() == league["activated"].map(format_int).tolist()
    assert at.caption[0].value.startswith("Số liệu đến ngày 14/03/2023")


@pytest.mark.shared_data
@needs_data
def test_version_2025_07_keeps_the_province_totals(real_page):
    before = shown(real_page)
    at = real_page.selectbox(key="progress_version").set_value("2025-07").run()
    assert not at.exception
    metrics = shown(at)

    assert metrics["Công dân đủ điều kiện"] == "754.277"
    assert metrics["Đã kích hoạt"] == "401.592"
    for label in ("Tổ kích hoạt trong kỳ", "Chưa kích hoạt", "Tỷ lệ kích hoạt"):
        assert metrics[label] == before[label]
    assert metrics["Số xã đạt ≥ 80 %"].endswith("/33")
    assert not any("Hạng" in df.value.columns for df in at.dataframe)
    assert any("không có cấp huyện" in i.value for i in at.info)


@pytest.mark.shared_data
@needs_data
def test_pack_button_yields_pdf_xlsx_and_png(real_page, downloads, real_db_url):
    assert real_page.get("download_button") == []
    at = real_page.button(key="progress_pack").click().run()
    assert not at.exception
    buttons = at.get("download_button")
    names = pack_file_names(END)

    assert [b.proto.label for b in buttons] == [
        "Tải PDF (để in)",
        "Tải Word (sửa trước khi ký)",
        "Tải Excel số liệu",
        "Tải bản đồ (PNG)",
    ]
    saved = [downloads(b) for b in buttons]  # built on the click, each click audited
    files = {name.rsplit(".", 1)[1]: content for name, content in saved}
    assert [name.rsplit(".", 1)[1] for name, _content in saved] == ["pdf", "docx", "xlsx", "png"]
    assert names == {
        "pdf": "bao-cao-giao-ban-2023-05-31.pdf",
        "docx": "bao-cao-giao-ban-2023-05-31.docx",
        "xlsx": "bao-cao-giao-ban-2023-05-31.xlsx",
        "png": "ban-do-bao-cao-giao-ban-2023-05-31.png",
    }
    assert [name for name, _content in saved] == list(names.values())
    log = Store(real_db_url).audit_log(actions=["meeting_pack"]).tail(4)
    assert log["user"].tolist() == ["kiemthu.chihuy"] * 4
    assert [json.loads(d) for d in log["detail"]] == [
        {"file": names[part], "page": "progress", "part": part}
        for part in ("pdf", "docx", "xlsx", "png")
    ]
    assert files["pdf"].startswith(b"%PDF")
    assert zipfile.is_zipfile(io.BytesIO(files["docx"]))
    assert files["png"].startswith(b"\x89PNG\r\n\x1a\n")
    assert zipfile.is_zipfile(io.BytesIO(files["xlsx"]))
    summary = load_workbook(io.BytesIO(files["xlsx"]))["Tổng quan"]
    values = {row[0]: row[1] for row in summary.iter_rows(min_row=2, values_only=True)}
    assert summary["B1"].value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert summary["A7"].value == "DEMO"  # the demo campaign's teams «(DEMO)» are in the visits
    assert values["Công dân đủ điều kiện"] == 754_277
    assert values["Đã kích hoạt"] == 401_592
    assert values["Số người chưa kích hoạt"] == 352_685
    assert values["Phiên bản ranh giới"].startswith("2020-2024")

    # the buttons stay after a rerun (e.g. a download) and go when the period changes
    again = at.run()
    assert len(again.get("download_button")) == 4
    moved = again.text_input(key="progress_end").input("14/03/2023").run()
    assert moved.get("download_button") == []


def _publish_two_visits(db_url: str) -> int:
    """Save and publish a plan of two visits on 01/06/2023 (Lê Hồng Phong and another unit)."""
    store = Store(db_url)
    plan = two_visit_plan(("2023-06-01", "2023-06-01"))
    plan_id = store.save_plan(
        plan, params={}, user="test", start=date(2023, 6, 1), days=1, method="x"
    )
    store.publish_plan(plan_id, "test")
    store.close()
    return plan_id


def _pack_file(at, part: str, fetch) -> bytes:
    """The bytes of one file of the meeting pack, as the browser saves it on a click."""
    (button,) = [b for b in at.get("download_button") if b.proto.id.endswith(f"-{part}")]
    return fetch(button)[1]


def test_without_data_dir_figures_and_pack_with_the_published_plan(demo_db_url, downloads):
    plan_id = _publish_two_visits(demo_db_url)

    at = page_test("progress.py", Settings(data_dir=None, db_url=demo_db_url), 180).run()
    assert not at.exception, at.exception
    h, league = direct(demo_db_url, "approximate", None, START, END)

    assert at.selectbox(key="progress_version").options == [
        "Ranh giới gần đúng (98 đơn vị, 01/2025)"
    ]
    assert shown(at) == expected_metrics(h)
    # only the 8 pilot codes of the 12-unit demo fixture exist among the 98 units of 01/2025
    assert shown(at)["Số xã đạt ≥ 80 %"].endswith("/8")
    assert league_shown(at)["Huyện, thị xã, thành phố"].tolist() == league["district_name"].tolist()
    assert "ranh giới gần đúng" in at.warning[0].value
    assert any(f"kế hoạch số {plan_id}, 2 dòng" in c.value for c in at.caption)

    at = at.button(key="progress_pack").click().run()
    assert not at.exception
    xlsx = _pack_file(at, "progress_download_xlsx", downloads)
    rows = list(load_workbook(io.BytesIO(xlsx))["Lịch công tác"].iter_rows(values_only=True))
    assert rows[0] == ("Ngày", "Tổ lưu động", "Xã, phường, thị trấn", "Khung giờ")
    assert [r[1:] for r in rows[1:]] == [
        ("Tổ 1 (DEMO)", "Phường Lê Hồng Phong", "18:00–21:30"),
        ("Tổ 2 (DEMO)", "Xã Bình An", "16:00–19:30"),  # 13540 An Nội is Bình An in 01/2025
    ]
    summary = load_workbook(io.BytesIO(xlsx))["Tổng quan"]
    values = {row[0]: row[1] for row in summary.iter_rows(min_row=2, values_only=True)}
    assert values["Đã kích hoạt"] == h["activated"]


# --- in English ---------------------------------------------------------------------------------


def _en(message: str) -> str:
    """A catalog text in English (labels and headers made by geo.metrics and geo.outputs)."""
    with language("en"):
        return _(message)


@pytest.fixture
def real_page_en(real_db_url):
    """The progress page in English with the real data directory."""
    settings = Settings(data_dir=DATA_DIR, db_url=real_db_url)
    at = page_test("progress.py", settings, 180, lang="en").run()
    assert not at.exception, at.exception
    return at


#: The headline of 31/05/2023 (figures of the module docstring) as an English reader sees it.
HEADLINE_EN = {
    "Activated": "401,592",
    "Eligible citizens": "754,277",
    "Activation rate (coverage)": "53.2%",
    "Quota progress": "66.6%",
    "Not yet activated": "352,685",
}


@pytest.mark.shared_data
@needs_data
def test_english_headline_labels_and_figures(real_page_en, real_db_url):
    at = real_page_en
    h, _league = direct(real_db_url, "2020-2024", DATA_DIR, START, END)
    metrics = shown(at)

    assert at.title[0].value == "Progress of electronic ID account activation"
    assert {k: metrics[k] for k in HEADLINE_EN} == HEADLINE_EN
    with language("en"):
        expected = {
            "Activated, last 7 days": format_int(h["this_week"]),
            "Communes at ≥ 80%": f"{h['communes_at_threshold']}/{h['communes_with_data']}",
            "Team activations": format_int(h["team_activations"]),
        }
        assert {m.label: m.proto.delta for m in at.metric}["Activated"] == (
            "+" + format_int(h["activated_change"])
        )
    assert metrics == {**HEADLINE_EN, **expected}
    assert at.selectbox(key="progress_version").label == "Boundary version"
    assert at.selectbox(key="progress_version").value == "2020-2024"
    assert at.selectbox(key="progress_version").options[0] == (
        "2020-2024 (109 communes, wards and townships)"
    )
    start, end = at.text_input(key="progress_start"), at.text_input(key="progress_end")
    assert (start.label, start.value, end.label, end.value) == (
        "From",
        "13/02/2023",
        "To",
        "31/05/2023",
    )
    assert at.caption[0].value == (
        "Data up to 31/05/2023 · reporting period 13/02/2023 – 31/05/2023 · compared with "
        "24/05/2023 · 2020-2024 (109 communes, wards and townships)"
    )
    assert [s.value for s in at.subheader] == [
        "Cumulative activations against the quota",
        "Activations by mobile teams per week",
        "District league table",
        "Meeting pack",
    ]
    assert at.button(key="progress_pack").label == "Create the meeting pack"


@pytest.mark.shared_data
@needs_data
def test_english_league_keeps_district_names_and_writes_english_figures(
    real_page_en, real_page, real_db_url
):
    _h, league = direct(real_db_url, "2020-2024", DATA_DIR, START, END)
    en = next(df.value for df in real_page_en.dataframe if _en("Hạng") in df.value.columns)
    vi = league_shown(real_page)

    assert _en("Hạng") != "Hạng" and len(en) == len(vi) == 6
    # district names are data: as in Vietnamese, with their diacritics
    assert en[_en("Huyện, thị xã, thành phố")].tolist() == vi["Huyện, thị xã, thành phố"].tolist()
    with language("en"):
        assert en[_en("Đã kích hoạt")].tolist() == league["activated"].map(format_int).tolist()
        progress_en = league["quota_progress"].map(format_percent).tolist()
    assert en[_en("Tiến độ chỉ tiêu")].tolist() == progress_en
    assert all("," in v for v in en[_en("Đã kích hoạt")])  # every district > 1,000 activated
    assert all(v.endswith("%") and " " not in v for v in progress_en)
    assert real_page_en.caption[-2].value.startswith(
        "Ranked by progress against the quota. Changes since 24/05/2023."
    )


@pytest.mark.shared_data
@needs_data
def test_english_pilot_period_shows_1_923(real_page_en):
    at = real_page_en.text_input(key="progress_end").input("14/03/2023").run()
    assert not at.exception
    # the pilot 13/02-14/03/2023: 1.923 accounts (Vietnamese), 1,923 in English
    assert shown(at)["Team activations"] == "1,923"
    assert at.caption[0].value.startswith("Data up to 14/03/2023 · reporting period 13/02/2023")


@pytest.mark.shared_data
@needs_data
def test_english_charts_carry_the_english_locale(real_page_en):
    (trend, trend_data), (weekly, _weekly) = charts(real_page_en)
    labels = pd.concat(trend_data, ignore_index=True)
    assert trend["config"]["locale"]["number"]["thousands"] == ","
    assert trend["config"]["locale"]["number"]["decimal"] == "."
    assert weekly["config"]["locale"]["number"]["thousands"] == ","
    assert "Quota 603,422" in labels["text"].tolist()
    assert "401,592" in set(labels["Đã kích hoạt"].dropna())  # field names are not shown


@pytest.mark.parametrize(
    ("lang", "error"),
    [
        ("vi", "Ngày bắt đầu phải trước hoặc bằng ngày kết thúc của kỳ báo cáo."),
        ("en", "The start of the reporting period must be on or before its end."),
    ],
)
def test_start_after_end_is_refused_in_the_language(demo_db_url, lang, error):
    at = page_test("progress.py", Settings(data_dir=None, db_url=demo_db_url), 180, lang=lang)
    at = at.run()
    at.text_input(key="progress_start").input("20/05/2023")
    at = at.text_input(key="progress_end").input("10/05/2023").run()
    assert not at.exception
    assert [e.value for e in at.error] == [error]
    assert at.metric == []


@pytest.mark.shared_data
@needs_data
@pytest.mark.parametrize(
    ("lang", "labels", "names", "summary"),
    [
        (
            "vi",
            [
                "Tải PDF (để in)",
                "Tải Word (sửa trước khi ký)",
                "Tải Excel số liệu",
                "Tải bản đồ (PNG)",
            ],
            [
                "bao-cao-giao-ban-2023-05-31.pdf",
                "bao-cao-giao-ban-2023-05-31.docx",
                "bao-cao-giao-ban-2023-05-31.xlsx",
                "ban-do-bao-cao-giao-ban-2023-05-31.png",
            ],
            ("Tổng quan", "Công dân đủ điều kiện", "Phiên bản ranh giới", "2020-2024 (109 xã"),
        ),
        (
            "en",
            [
                "Download PDF (to print)",
                "Download Word (edit before signing)",
                "Download the figures (Excel)",
                "Download the map (PNG)",
            ],
            [
                "meeting-pack-2023-05-31.pdf",
                "meeting-pack-2023-05-31.docx",
                "meeting-pack-2023-05-31.xlsx",
                "map-meeting-pack-2023-05-31.png",
            ],
            ("Summary", "Eligible citizens", "Boundary version", "2020-2024 (109 communes"),
        ),
    ],
)
def test_meeting_pack_in_the_language_of_the_page(
    real_db_url, downloads, lang, labels, names, summary
):
    settings = Settings(data_dir=DATA_DIR, db_url=real_db_url)
    at = page_test("progress.py", settings, 180, lang=lang, user="leader").run()
    at = at.button(key="progress_pack").click().run()
    assert not at.exception
    buttons = at.get("download_button")
    files = [downloads(b) for b in buttons]

    assert [b.proto.label for b in buttons] == labels
    assert [name for name, _content in files] == names
    assert all(name.isascii() for name in names)
    sheet, eligible, version, version_start = summary
    book = load_workbook(io.BytesIO(files[2][1]))
    assert book.sheetnames[0] == sheet
    values = {row[0]: row[1] for row in book[sheet].iter_rows(min_row=2, values_only=True)}
    assert values[eligible] == 754_277
    assert values[version].startswith(version_start)


def test_english_without_data_dir_notice_version_and_plan(demo_db_url, downloads):
    plan_id = _publish_two_visits(demo_db_url)

    at = page_test("progress.py", Settings(data_dir=None, db_url=demo_db_url), 180, lang="en")
    at = at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key="progress_version").options == [
        "Approximate boundaries (98 units, 01/2025)"
    ]
    assert at.warning[0].value.startswith("Approximate boundaries in use (no boundary file)")
    assert at.caption[-1].value.endswith(
        f"With the published schedule (plan no. {plan_id}, 2 rows)."
    )
    at = at.button(key="progress_pack").click().run()
    assert not at.exception
    xlsx = _pack_file(at, "progress_download_xlsx", downloads)
    rows = list(load_workbook(io.BytesIO(xlsx))["Schedule"].iter_rows(values_only=True))
    assert rows[0] == ("Date", "Mobile team", "Commune/ward/township", "Time window")
    # team and commune names are data: kept as they are, with their diacritics
    assert [r[1:3] for r in rows[1:]] == [
        ("Tổ 1 (DEMO)", "Phường Lê Hồng Phong"),
        ("Tổ 2 (DEMO)", "Xã Bình An"),
    ]
