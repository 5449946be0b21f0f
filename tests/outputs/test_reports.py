"""Tests for geo.outputs.reports: the meeting pack (PDF, Excel, map PNG).

Builds on the fixtures of ``tests/test_progress.py`` (metrics of 14/03/2023 with hand-computed
figures: 21.100 activated of 32.500 eligible = 64,9 %, quota 26.000 = 81,2 %, gap 11.400, 3 of
7 communes with data at ≥ 80 %) plus eight hand-made square boundaries (no third-party data).

The PDF is read back with poppler-utils (``pdftotext``, ``pdfimages``, ``pdffonts``,
``pdfinfo``); those tests are skipped where poppler is not installed.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
import zipfile
from datetime import date

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex
from matplotlib.patches import Rectangle
from openpyxl import load_workbook
from PIL import Image
from shapely.geometry import box

from geo.metrics import cumulative_activations, legend, progress
from geo.outputs import reports
from tests.metrics.test_progress import (
    AS_OF,
    PERIOD,
    PREVIOUS,
    make_metrics,
    make_targets,
    make_visits,
)

EVIL = '=HYPERLINK("http://evil.example/?x=1","Bấm vào đây")'

poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed"
)


@pytest.fixture
def metrics(communes) -> pd.DataFrame:
    """The metrics of ``tests/test_progress.py`` as of 14/03/2023."""
    return make_metrics(communes)


@pytest.fixture
def previous(communes) -> pd.DataFrame:
    return make_metrics(communes, PREVIOUS)


@pytest.fixture
def boundaries(communes) -> gpd.GeoDataFrame:
    """Eight 0,1° squares in a 4 x 2 grid near Phủ Lý (about 42 km x 22 km), EPSG:4326."""
    cells = []
    for i in range(len(communes)):
        x, y = 105.8 + 0.1 * (i % 4), 20.4 + 0.1 * (i // 4)
        cells.append(box(x, y, x + 0.1, y + 0.1))
    return gpd.GeoDataFrame({"code": communes["code"]}, geometry=cells, crs="EPSG:4326")


@pytest.fixture
def plan() -> pd.DataFrame:
    """A published plan of three evenings; one team name is a formula injection attempt."""
    return pd.DataFrame(
        {
            "date": pd.to_datetime(["2023-03-15", "2023-03-16", "2023-03-16"]),
            "team": ["Tổ 1", EVIL, "Tổ 10"],
            "commune": ["Lê Hồng Phong", "An Nội", "Thanh Hải"],
            "window": ["18:00-21:30", "16:00-19:30", "16:00-19:30"],
        }
    )


@pytest.fixture
def projection() -> progress.Projection:
    daily = cumulative_activations(make_targets(), make_visits(), None, date(2023, 2, 28), AS_OF)
    return progress.project_target_date(daily.set_index("date")["activated_to_date"], 26000)


@pytest.fixture
def pack(metrics, previous, boundaries, plan, projection) -> reports.MeetingPack:
    return reports.make_pack(
        metrics,
        as_of=AS_OF,
        period=PERIOD,
        boundary_version="2020-2024",
        boundaries=boundaries,
        previous=previous,
        visits=make_visits(),
        plan=plan,
        projection=projection,
    )


@pytest.fixture
def pack_files(pack) -> dict[str, bytes]:
    return reports.build_meeting_pack(pack)


@pytest.fixture
def pdf_path(pack_files, tmp_path):
    path = tmp_path / "pack.pdf"
    path.write_bytes(pack_files["bao-cao-giao-ban-2023-03-14.pdf"])
    return path


def _run(*args) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def _pdf_text(path) -> str:
    """Text of the PDF with runs of whitespace collapsed (table cells wrap)."""
    return re.sub(r"\s+", " ", _run("pdftotext", "-enc", "UTF-8", str(path), "-"))


# --- the pack's figures ------------------------------------------------------------------------


def test_pack_figures_agree_with_the_metrics(pack, metrics, previous):
    h = pack.headline
    assert (h["activated"], h["eligible"], h["quota"], h["gap"]) == (21100, 32500, 26000, 11400)
    assert h["communes_at_threshold"] == 3
    assert (h["this_week"], h["last_week"], h["activated_change"]) == (550, 440, 500)
    pd.testing.assert_frame_equal(pack.districts, progress.district_league(metrics, previous))
    assert pack.districts["activated"].sum() == h["activated"]
    assert pack.top_gaps["code"].tolist()[:3] == ["13540", "90001", "90003"]


def test_pack_file_names():
    assert reports.pack_file_names(date(2023, 3, 14)) == {
        "pdf": "bao-cao-giao-ban-2023-03-14.pdf",
        "xlsx": "bao-cao-giao-ban-2023-03-14.xlsx",
        "png": "ban-do-bao-cao-giao-ban-2023-03-14.png",
    }


def test_build_meeting_pack_gives_three_files(pack_files):
    assert set(pack_files) == set(reports.pack_file_names(AS_OF).values())
    assert pack_files["bao-cao-giao-ban-2023-03-14.pdf"].startswith(b"%PDF-")
    assert pack_files["bao-cao-giao-ban-2023-03-14.xlsx"].startswith(b"PK")
    assert pack_files["ban-do-bao-cao-giao-ban-2023-03-14.png"].startswith(b"\x89PNG")


def test_pack_without_boundaries_has_no_png(pack):
    pack.boundaries = None
    files = reports.build_meeting_pack(pack)
    assert sorted(files) == ["bao-cao-giao-ban-2023-03-14.pdf", "bao-cao-giao-ban-2023-03-14.xlsx"]


# --- PDF ---------------------------------------------------------------------------------------


@poppler
def test_pdf_text_has_the_figures_in_vietnamese(pdf_path):
    text = _pdf_text(pdf_path)
    for expected in (
        "CÔNG AN TỈNH HÀ NAM",
        "BÁO CÁO GIAO BAN",
        "tài khoản định danh điện tử (VNeID)",
        "Số liệu đến ngày 14/03/2023",
        "Kỳ báo cáo: 01/03/2023 – 14/03/2023",
        "Phiên bản ranh giới: 2020-2024",
        "21.100 ",
        "32.500 ",
        "64,9 %",  # 21.100 / 32.500
        "81,2 %",  # 21.100 / 26.000
        "11.400 ",
        "3/7 ",
        "+500 ",
        "Số người chưa kích hoạt",
        "dự kiến đạt chỉ tiêu ngày 24/05/2023",
        "13 ngày gần nhất (01/03/2023 – 14/03/2023)",
        "Bảng xếp hạng huyện, thị xã, thành phố",
        "Thành phố Phủ Lý",
        "106,2 %",  # Phủ Lý: 8.500 / 8.000
        "Huyện Thanh Liêm",
        "7 xã, phường, thị trấn còn nhiều người chưa kích hoạt nhất",
        "Lê Hồng Phong",
        "Lịch công tác của tổ lưu động",
        "16/03/2023",
        "18:00-21:30",
        "Trang 1/4",
    ):
        assert expected in text, expected


@poppler
def test_pdf_is_a4_with_fonts_embedded(pdf_path):
    info = _run("pdfinfo", str(pdf_path))
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)
    assert re.search(r"Pages:\s+4\b", info)
    rows = [line.split() for line in _run("pdffonts", str(pdf_path)).splitlines()[2:]]
    assert rows, "no fonts listed"
    assert all("DejaVuSans" in r[0] for r in rows)
    assert all(r[-5] == "yes" for r in rows)  # emb column


@poppler
def test_pdf_contains_the_map_as_an_image(pdf_path):
    lines = _run("pdfimages", "-list", str(pdf_path)).splitlines()[2:]
    images = [line.split() for line in lines]
    assert len(images) == 1
    page, _num, kind, width, height = images[0][:5]
    assert (page, kind, width, height) == ("2", "image", "2250", "2400")
    assert b"/Subtype /Image" in pdf_path.read_bytes()


@poppler
def test_pdf_without_map_and_plan(pack, tmp_path):
    pack.boundaries = None
    pack.plan = None
    path = tmp_path / "short.pdf"
    path.write_bytes(reports.build_pdf(pack))
    text = _pdf_text(path)
    assert "Lịch công tác" not in text
    assert "Trang 1/2" in text
    assert b"/Subtype /Image" not in path.read_bytes()


@poppler
def test_pdf_prints_user_text_literally(pack, tmp_path):
    pack.top_gaps = pack.top_gaps.assign(name=[EVIL, *pack.top_gaps["name"].iloc[1:]])
    pack.boundaries = None
    path = tmp_path / "evil.pdf"
    path.write_bytes(reports.build_pdf(pack))
    # the cell wraps the long name: compare without whitespace
    assert EVIL.replace(" ", "") in _pdf_text(path).replace(" ", "")


def test_text_is_nfc_normalised():
    """Decomposed input (NFD) is printed with the font's precomposed letters."""
    nfd = unicodedata.normalize("NFD", "Lê Hồng Phong")
    assert reports._text(nfd) == unicodedata.normalize("NFC", "Lê Hồng Phong")
    assert len(reports._text(nfd)) < len(nfd)


# --- Excel -------------------------------------------------------------------------------------


@pytest.fixture
def xlsx(pack) -> bytes:
    return reports.build_xlsx(pack)


@pytest.fixture
def workbook(xlsx):
    return load_workbook(io.BytesIO(xlsx))


def test_xlsx_sheets(workbook):
    assert workbook.sheetnames == [
        "Tổng quan",
        "Xếp hạng huyện",
        "Xã chưa kích hoạt nhiều nhất",
        "Lịch công tác",
        "Số liệu theo xã",
    ]


def test_xlsx_summary_values_are_numbers(workbook):
    ws = workbook["Tổng quan"]
    values = {ws.cell(r, 1).value: ws.cell(r, 2) for r in range(2, ws.max_row + 1)}
    assert values["Đã kích hoạt"].value == 21100
    assert isinstance(values["Đã kích hoạt"].value, int | float)
    assert values["Công dân đủ điều kiện"].value == 32500
    assert values["Tỷ lệ kích hoạt"].value == pytest.approx(21100 / 32500)
    assert values["Tỷ lệ kích hoạt"].number_format == "0.0%"
    assert values["Số xã đạt ≥ 80 %"].value == 3
    assert values["Tăng so với tuần trước"].value == 500
    assert values["Số liệu đến ngày"].value == pd.Timestamp("2023-03-14").to_pydatetime()
    assert values["Số liệu đến ngày"].number_format == "dd/mm/yyyy"
    assert values["Phiên bản ranh giới"].value == "2020-2024"
    assert values["Dự báo ngày đạt chỉ tiêu"].value == pd.Timestamp("2023-05-24").to_pydatetime()
    assert ws["A1"].font.b and ws["B1"].font.b


def test_xlsx_district_sheet(workbook, pack):
    ws = workbook["Xếp hạng huyện"]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["Hạng", "Huyện, thị xã, thành phố", "Số xã"]
    assert all(c.font.b for c in ws[1])
    assert ws.freeze_panes == "A2"
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 5
    col = {name: i for i, name in enumerate(header)}
    first = rows[0]
    assert first[col["Huyện, thị xã, thành phố"]] == "Thành phố Phủ Lý"
    assert first[col["Đã kích hoạt"]] == 8500
    assert first[col["Tiến độ chỉ tiêu"]] == pytest.approx(8500 / 8000)
    assert first[col["Tăng so với tuần trước"]] == 200
    assert [r[col["Hạng"]] for r in rows] == [1, 2, 3, 4, 5]
    assert sum(r[col["Đã kích hoạt"]] for r in rows) == 21100
    assert ws.cell(2, col["Tỷ lệ kích hoạt"] + 1).number_format == "0.0%"
    assert ws.cell(2, col["Đã kích hoạt"] + 1).number_format == "#,##0"


def test_xlsx_gaps_and_no_data_cells(workbook):
    ws = workbook["Xã chưa kích hoạt nhiều nhất"]
    header = [c.value for c in ws[1]]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    gap = header.index("Số người chưa kích hoạt")
    assert [r[gap] for r in rows] == [3600, 2000, 1800, 1500, 1500, 900, 100]
    # 90005 was never visited: an empty cell, not 0
    days = header.index("Số ngày chưa có tổ đến")
    assert rows[4][header.index("Xã, phường, thị trấn")] == "Vĩnh Trụ"
    assert rows[4][days] is None

    ws = workbook["Số liệu theo xã"]
    header = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == "90006")
    assert row[header.index("Tỷ lệ kích hoạt")] is None  # no data, not 0 %
    assert row[header.index("Tổ lưu động kích hoạt")] == 50
    codes = [r[0] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert codes[0] == "13291"  # codes stay text (leading digits kept as typed)


def test_xlsx_plan_keeps_a_formula_as_text(workbook):
    ws = workbook["Lịch công tác"]
    cell = ws["B3"]
    assert cell.value == EVIL
    assert cell.data_type == "s"
    assert cell.quotePrefix
    assert ws["B2"].value == "Tổ 1"
    assert not ws["B2"].quotePrefix
    assert ws["A2"].value == pd.Timestamp("2023-03-15").to_pydatetime()


def test_xlsx_has_no_formula_anywhere(xlsx):
    z = zipfile.ZipFile(io.BytesIO(xlsx))
    sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    assert len(sheets) == 5
    for name in sheets:
        assert b"<f>" not in z.read(name) and b"<f " not in z.read(name)


@pytest.mark.parametrize(
    ("name", "prefixed"),
    [
        (EVIL, True),
        ("+84 912 345 678", True),
        ("-1+1", True),
        ("@SUM(A1:A9)", True),
        ("\t=1+1", True),
        ("Tổ 1", False),
        ("Thanh Hà = Thanh Hải?", False),
    ],
)
def test_malicious_commune_and_team_names_stay_text(metrics, pack, name, prefixed):
    m = metrics.copy()
    m.loc[m["code"] == "13540", "name"] = name
    pack.metrics = m
    pack.top_gaps = progress.top_gaps(m)
    pack.plan = pack.plan.assign(team=name)
    wb = load_workbook(io.BytesIO(reports.build_xlsx(pack)))
    cells = [
        wb["Xã chưa kích hoạt nhiều nhất"]["B2"],  # 13540 has the largest gap
        wb["Số liệu theo xã"]["B3"],  # registry order: 13540 is second
        wb["Lịch công tác"]["B2"],
    ]
    for cell in cells:
        assert cell.value == name
        assert cell.data_type == "s"
        assert bool(cell.quotePrefix) is prefixed


# --- map ---------------------------------------------------------------------------------------


def test_map_png_is_print_resolution(boundaries, metrics):
    png = reports.render_map_png(boundaries, metrics, data_date=AS_OF, dpi=300)
    img = Image.open(io.BytesIO(png))
    assert img.size == (2250, 2400)  # 7,5 x 8 in at 300 dpi
    assert img.info["dpi"] == pytest.approx((300, 300), abs=0.01)
    small = Image.open(io.BytesIO(reports.render_map_png(boundaries, metrics, dpi=100)))
    assert small.size == (750, 800)


def test_map_png_uses_the_class_colours(boundaries, metrics):
    img = np.asarray(
        Image.open(io.BytesIO(reports.render_map_png(boundaries, metrics, dpi=60))).convert("RGB")
    )
    colours = {"#" + "".join(f"{v:02x}" for v in px) for px in img.reshape(-1, 3)[::7]}
    rows = legend(metrics["coverage"], "coverage")
    for colour in rows.loc[rows["count"] > 0, "colour"]:
        assert colour in colours


@pytest.fixture
def figure(boundaries, metrics):
    return reports.map_figure(
        boundaries, metrics, title="Bản đồ thử", data_date=AS_OF, subtitle="Phiên bản 2020-2024"
    )


def test_map_legend_counts_and_no_data(figure):
    legend = figure.legends[0]
    labels = [t.get_text() for t in legend.get_texts()]
    assert labels == [
        "< 50 % (3 xã)",
        "50–80 % (1 xã)",
        "80–100 % (3 xã)",
        "≥ 100 % (0 xã)",
        "chưa có số liệu (1 xã)",
    ]
    assert legend.get_title().get_text() == "Tỷ lệ kích hoạt"
    assert legend.legend_handles[-1].get_hatch() == "////"


def test_map_draws_no_data_hatched_not_as_zero(figure):
    ax = figure.axes[0]
    hatched = [c for c in ax.collections if c.get_hatch()]
    assert len(hatched) == 1
    assert len(hatched[0].get_paths()) == 1  # only 90006
    filled = {
        to_hex(c.get_facecolor()[0])
        for c in ax.collections
        if not c.get_hatch() and len(c.get_facecolor())
    }
    assert "#d7191c" in filled and "#2c7bb6" not in filled  # nobody at ≥ 100 %


def test_map_title_date_north_arrow_and_scale_bar(figure):
    texts = [t.get_text() for t in figure.texts]
    assert "Bản đồ thử" in texts
    assert "Số liệu đến ngày 14/03/2023" in texts
    ax = figure.axes[0]
    ax_texts = [t.get_text() for t in ax.texts]
    assert "B" in ax_texts  # Bắc
    assert "Phủ Lý" in ax_texts  # district names without "Thành phố"/"Huyện"
    # 0,4° of longitude at 20,5°N is about 41,7 km: a fifth is 8,3 km -> a 5 km bar in metres
    assert "5 km" in ax_texts
    bar = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert len(bar) == 2
    assert sum(p.get_width() for p in bar) == pytest.approx(5000)
    width_m = ax.get_xlim()[1] - ax.get_xlim()[0]
    assert width_m / 1.12 == pytest.approx(41_700, rel=0.02)  # data + 6 % margin each side


def test_map_of_quota_progress(boundaries, metrics):
    fig = reports.map_figure(boundaries, metrics, "quota_progress")
    legend = fig.legends[0]
    assert legend.get_title().get_text() == "Tiến độ chỉ tiêu"
    assert [t.get_text() for t in legend.get_texts()] == [
        "< 50 % (0 xã)",
        "50–80 % (4 xã)",  # 50 % sits in the upper class
        "80–100 % (0 xã)",
        "≥ 100 % (3 xã)",
        "chưa có số liệu (1 xã)",
    ]
    assert "Tiến độ chỉ tiêu theo xã, phường, thị trấn" in [t.get_text() for t in fig.texts]


def test_map_commune_missing_from_metrics_is_no_data(boundaries, metrics):
    fig = reports.map_figure(boundaries, metrics[metrics["code"] != "13291"])
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels[-1] == "chưa có số liệu (2 xã)"


@pytest.mark.parametrize(
    ("span_m", "expected"),
    [(41_700, 5_000), (100_000, 20_000), (9_000, 1_000), (250_000, 50_000), (4_000, 500)],
)
def test_scale_bar_length(span_m, expected):
    assert reports._nice_length(span_m) == expected


# --- projection text ---------------------------------------------------------------------------


def _p(**kw) -> progress.Projection:
    base = {
        "target_date": date(2023, 5, 24),
        "rate_per_day": 69.2,
        "window_start": date(2023, 3, 1),
        "window_end": date(2023, 3, 14),
        "window_days": 13,
        "current": 21100.0,
        "target": 26000.0,
        "reached": False,
    }
    return progress.Projection(**{**base, **kw})


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        (
            {},
            "Với tốc độ bình quân 69 người/ngày trong 13 ngày gần nhất "
            "(01/03/2023 – 14/03/2023), dự kiến đạt chỉ tiêu ngày 24/05/2023.",
        ),
        (
            {"target_date": None, "rate_per_day": 0.0},
            "Chưa dự báo được ngày đạt chỉ tiêu: số đã kích hoạt không tăng trong 13 ngày gần "
            "nhất (01/03/2023 – 14/03/2023).",
        ),
        ({"reached": True, "target_date": date(2023, 3, 9)}, "Đã đạt chỉ tiêu ngày 09/03/2023."),
        (
            {"rate_per_day": 0.43, "target_date": date(2054, 1, 1)},
            "Với tốc độ bình quân 0,4 người/ngày trong 13 ngày gần nhất "
            "(01/03/2023 – 14/03/2023), dự kiến đạt chỉ tiêu ngày 01/01/2054.",
        ),
        (
            {"target": float("nan"), "target_date": None},
            "Chưa có chỉ tiêu nên chưa dự báo được ngày đạt chỉ tiêu.",
        ),
    ],
)
def test_describe_projection(kw, expected):
    assert reports.describe_projection(_p(**kw)) == expected
