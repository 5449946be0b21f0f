"""The meeting pack as an administrative report (issue 15): heading, trend, plan summary, signature
block, page line and the DEMO watermark, in the PDF (read back with pdftotext), the Word document
(read back with python-docx) and the workbook.

Expected values are worked by hand from the fixtures of ``conftest.py``: 21.100 activated of the
quota 26.000 = 81,2 %; the plan of three evenings (15/03 Tổ 1, 16/03 the injection team and
Tổ 10) has 3 evenings in 3 communes.
"""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date, timedelta

import docx
import pandas as pd
import pytest
from openpyxl import load_workbook

from geo.i18n import language
from geo.outputs import reports
from geo.outputs.reports import document as doc
from tests.outputs.reports.helpers import pdf_text, poppler, run
from tests.shared_data import DATA_DIR, needs_data


@pytest.fixture
def trend() -> pd.DataFrame:
    """Fourteen days rising from 20.200 to 21.100 (the fixture's count on 14/03/2023)."""
    days = pd.date_range("2023-03-01", "2023-03-14")
    return pd.DataFrame(
        {"date": days, "activated_to_date": [20200.0 + 900 * i / 13 for i in range(14)]}
    )


@pytest.fixture
def demo_pack(pack, trend):
    pack.trend, pack.demo = trend, True
    return pack


def pages(path, *options: str) -> list[str]:
    """The text of each page (pdftotext one page at a time), whitespace collapsed."""
    n = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", str(path))).group(1))
    return [pdf_text(path, *options, "-f", str(i), "-l", str(i)) for i in range(1, n + 1)]


def report_pages(texts: list[str]) -> int:
    """Pages before the appendix (the appendix starts on a page of its own)."""
    starts = [i for i, t in enumerate(texts) if "PHỤ LỤC: LỊCH CÔNG TÁC CHI TIẾT" in t]
    return starts[0] if starts else len(texts)


def watermarked(text: str) -> bool:
    """Whether a page's text holds the watermark.

    Read ``pdftotext -raw`` (content-stream order): the default reading order scatters the
    rotated letters among the lines they cross; raw keeps them in order, maybe spaced out.
    """
    return "DEMO" in text.replace("(DEMO)", "").replace(" ", "")


def docx_text(data: bytes) -> tuple[str, list[str], list[str], int]:
    """Body text (paragraphs and table cells), header and footer texts, and the image count."""
    d = docx.Document(io.BytesIO(data))
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    headers = [p.text for s in d.sections for p in s.header.paragraphs]
    footers = [p.text for s in d.sections for p in s.footer.paragraphs]
    return "\n".join(parts), headers, footers, len(d.inline_shapes)


# --- the pure parts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2023, 2, 5), "Hà Nam, ngày 05 tháng 02 năm 2023"),  # day < 10, month < 3: zeros
        (date(2023, 1, 31), "Hà Nam, ngày 31 tháng 01 năm 2023"),
        (date(2023, 3, 14), "Hà Nam, ngày 14 tháng 3 năm 2023"),  # month ≥ 3: no zero
        (date(2023, 12, 1), "Hà Nam, ngày 01 tháng 12 năm 2023"),
    ],
)
def test_date_line_follows_decree_30(day, expected):
    assert doc.date_line("Hà Nam", day) == expected


@pytest.mark.parametrize(
    ("visits", "plan", "expected"),
    [
        (pd.DataFrame({"team": ["Tổ 1 (DEMO)"]}), None, True),
        (None, pd.DataFrame({"team": ["Tổ CA Phủ Lý 1 (DEMO)"]}), True),
        (pd.DataFrame({"team": ["Tổ 1", "Tổ DEMO"]}), None, False),  # only «(DEMO)» marks it
        (None, None, False),
        (pd.DataFrame({"code": ["1"]}), pd.DataFrame({"team": []}), False),
    ],
)
def test_uses_demo_data(visits, plan, expected):
    assert doc.uses_demo_data(visits, plan) is expected


def test_make_pack_reads_demo_from_the_teams_unless_told(metrics):
    visits = pd.DataFrame({"team": ["Tổ 2 (DEMO)"], "date": ["2023-03-10"], "code": ["13291"]})
    kw = {"as_of": date(2023, 3, 14), "period": (date(2023, 3, 1), date(2023, 3, 14))}
    assert reports.make_pack(metrics, boundary_version="v", plan=visits, **kw).demo
    assert not reports.make_pack(metrics, boundary_version="v", plan=visits, demo=False, **kw).demo
    assert reports.make_pack(metrics, boundary_version="v", demo=True, **kw).demo
    assert not reports.make_pack(metrics, boundary_version="v", **kw).demo


def test_plan_summary_per_team_and_district():
    plan = pd.DataFrame(
        {
            "date": pd.to_datetime(["2023-06-01", "2023-06-01", "2023-06-02", "2023-06-02"]),
            "team": ["Tổ 10", "Tổ 2", "Tổ 2", "Tổ 2"],
            "commune": ["A", "B", "B", "C"],
            "district": ["Huyện Y", "Huyện X", "Huyện X", "Huyện Y"],
            "expected": [40.0, 30.0, 25.0, 5.0],
        }
    )
    # Tổ 2: evenings 01/06 and 02/06 (two rows on 02/06 are one evening), communes B, C
    assert doc.plan_summary(plan, "team").values.tolist() == [
        ["Tổ 2", 2, 2, 60.0],
        ["Tổ 10", 1, 1, 40.0],
        ["Tổng cộng", 3, 3, 100.0],
    ]
    # Huyện X: Tổ 2 on 01/06 and 02/06 in B; Huyện Y: Tổ 10 on 01/06 (A), Tổ 2 on 02/06 (C)
    assert doc.plan_summary(plan, "district").values.tolist() == [
        ["Huyện X", 2, 1, 55.0],
        ["Huyện Y", 2, 2, 45.0],
        ["Tổng cộng", 3, 3, 100.0],
    ]
    assert doc.plan_summary(plan.drop(columns="district"), "district").empty
    no_expected = doc.plan_summary(plan.drop(columns="expected"), "team")
    assert no_expected["expected"].isna().all()


@pytest.mark.parametrize(
    "lang, version, expected",
    [
        ("vi", "2020-2024", "Số liệu đến ngày 14/03/2023 · Ranh giới 2020-2024 · Trang 3/5"),
        (  # the label names boundaries already: not «Ranh giới Ranh giới gần đúng»
            "vi",
            "Ranh giới gần đúng (98 đơn vị, 01/2025)",
            "Số liệu đến ngày 14/03/2023 · Ranh giới gần đúng (98 đơn vị, 01/2025) · Trang 3/5",
        ),
        ("en", "2020-2024", "Data as of 14/03/2023 · Boundaries 2020-2024 · Page 3/5"),
        (
            "en",
            "Ranh giới gần đúng (98 đơn vị, 01/2025)",
            "Data as of 14/03/2023 · Approximate boundaries (98 units, 01/2025) · Page 3/5",
        ),
    ],
)
def test_page_line(lang, version, expected):
    with language(lang):
        assert doc.page_line(date(2023, 3, 14), version, 3, 5) == expected


# --- PDF ---------------------------------------------------------------------------------------


@poppler
def test_demo_pdf_has_heading_trend_signatures_and_a_watermark_on_every_page(demo_pack, tmp_path):
    path = tmp_path / "demo.pdf"
    path.write_bytes(reports.build_pdf(demo_pack))
    texts = pages(path)
    whole = " ".join(texts)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: ……/BC-……",
        "Hà Nam, ngày 14 tháng 3 năm 2023",
        "II. TIẾN ĐỘ SO VỚI CHỈ TIÊU",
        "Đường liền: số đã kích hoạt.",  # the chart's key: the trend chart is printed
        "NGƯỜI BÁO CÁO",
        "LÃNH ĐẠO DUYỆT",
    ):
        assert expected in whole, expected
    # headline | trend and its chart | map | tables, plan, signatures | appendix
    assert len(texts) == 5
    assert report_pages(texts) == 4
    for i, (text, raw) in enumerate(zip(texts, pages(path, "-raw"), strict=True), start=1):
        assert watermarked(raw), i
        assert f"Số liệu đến ngày 14/03/2023 · Ranh giới 2020-2024 · Trang {i}/5" in text
    images = run("pdfimages", "-list", str(path)).splitlines()[2:]
    assert [line.split()[0] for line in images] == ["2", "3"]  # trend chart, then the map
    assert "II. TIẾN ĐỘ SO VỚI CHỈ TIÊU" in texts[1]


@poppler
def test_pdf_without_demo_data_has_no_watermark(pack, tmp_path):
    path = tmp_path / "real.pdf"
    path.write_bytes(reports.build_pdf(pack))
    assert not pack.demo
    assert not any(watermarked(text) for text in pages(path, "-raw"))


@poppler
def test_fortnight_plan_of_19_teams_keeps_the_report_within_6_pages(demo_pack, tmp_path):
    """266 rows (19 teams × 14 evenings): the body prints 20 + 8 summary rows, not 266."""
    rows = [
        {
            "date": pd.Timestamp("2023-03-15") + timedelta(d),
            "team": f"Tổ {t} (DEMO)",
            "commune": f"Xã {(t * 5 + d) % 40}",
            "window": "18:00–21:30",
            "district": f"Huyện {(t * 5 + d) % 6}",
            "expected": 40.0,
        }
        for t in range(1, 20)
        for d in range(14)
    ]
    demo_pack.plan = pd.DataFrame(rows)
    path = tmp_path / "fortnight.pdf"
    path.write_bytes(reports.build_pdf(demo_pack))
    texts = pages(path)
    assert report_pages(texts) <= 6
    body = " ".join(texts[: report_pages(texts)])
    assert "Tổng cộng 266 40 10.640" in body  # 266 evenings, 40 communes, 266 × 40 expected
    assert "Tổ 19 (DEMO) 14" in body
    appendix = " ".join(texts[report_pages(texts) :])
    assert appendix.count("18:00–21:30") == 266


@poppler
@needs_data
@pytest.mark.shared_data
def test_the_demo_campaign_report_is_at_most_6_pages(tmp_path):
    """The demo of 31/05/2023 on 2020-2024 with a fortnight plan of every team (266 rows)."""
    from geo.demo import communes_with_points, load_demo
    from geo.demo.accounts import demo_active
    from geo.metrics import Filters, commune_metrics, cumulative_activations
    from geo.metrics.progress import project_target_date
    from geo.places.boundaries import load_boundaries
    from geo.store import Store

    store = Store(f"sqlite:///{tmp_path / 'demo.db'}")
    registry = communes_with_points("2020-2024", DATA_DIR)
    load_demo(store, registry)
    targets, visits, teams = store.targets(), store.visits(), store.teams()
    start, end = date(2023, 5, 18), date(2023, 5, 31)
    bounds = load_boundaries("2020-2024", DATA_DIR)
    metrics = commune_metrics(
        bounds.gdf.drop(columns="geometry"), targets, visits, teams, Filters(start, end)
    )
    trend = cumulative_activations(targets, visits, None, start, end)
    codes = sorted(registry["code"])
    plan = pd.DataFrame(
        [
            {"date": end + timedelta(1 + d), "team": team, "code": codes[(i * 5 + d) % 109]}
            | {"window_start": "18:00", "window_end": "21:30", "expected_activations": 50}
            for i, team in enumerate(sorted(visits["team"].unique()))
            for d in range(14)
        ]
    )
    pack = reports.make_pack(
        metrics,
        as_of=end,
        period=(start, end),
        boundary_version="2020-2024",
        boundaries=bounds.gdf,
        visits=visits,
        plan=reports.plan_table(plan, registry),
        projection=project_target_date(trend.set_index("date")["activated_to_date"], 603422),
        trend=trend,
        demo=demo_active(store),
    )
    store.close()
    assert pack.demo and len(pack.plan) == 266
    path = tmp_path / "demo.pdf"
    path.write_bytes(reports.build_pdf(pack))
    texts = pages(path)
    assert report_pages(texts) <= 6, report_pages(texts)
    assert all(watermarked(t) for t in pages(path, "-raw"))
    assert "Tổng cộng 266" in " ".join(texts)


# --- Word ----------------------------------------------------------------------------------------


def test_docx_has_heading_trend_signatures_images_and_demo_header(demo_pack):
    body, headers, footers, images = docx_text(reports.build_docx(demo_pack))
    for expected in (
        "CÔNG AN TỈNH HÀ NAM",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: ……/BC-……",
        "Hà Nam, ngày 14 tháng 3 năm 2023",
        "BÁO CÁO",
        "II. TIẾN ĐỘ SO VỚI CHỈ TIÊU",
        "Đến ngày 14/03/2023, đã kích hoạt 21.100 tài khoản trên chỉ tiêu 26.000 "
        "(81,2 % chỉ tiêu).",
        "dự kiến đạt chỉ tiêu ngày 24/05/2023",
        "IV. XẾP HẠNG HUYỆN, THỊ XÃ, THÀNH PHỐ",
        "106,2 %",  # Phủ Lý: 8.500 / 8.000
        "VI. KẾ HOẠCH CÔNG TÁC CỦA TỔ LƯU ĐỘNG",
        "Tổng cộng",
        "NGƯỜI BÁO CÁO",
        "(Ký, ghi rõ họ tên)",
        "LÃNH ĐẠO DUYỆT",
        "PHỤ LỤC: LỊCH CÔNG TÁC CHI TIẾT",
        '=HYPERLINK("http://evil.example/?x=1","Bấm vào đây")',  # a team name, as it is
    ):
        assert expected in body, expected
    assert headers == ["DEMO"]
    # the page number and count are Word fields (PAGE, NUMPAGES), shown as 1 until Word counts
    assert footers == ["Số liệu đến ngày 14/03/2023 · Ranh giới 2020-2024 · Trang 1/1"]
    assert images == 2  # the trend chart and the map


def test_docx_without_demo_data_has_no_watermark(pack):
    data = reports.build_docx(pack)
    body, headers, _footers, images = docx_text(data)
    assert "DEMO" not in body and headers == [""]
    assert images == 1  # no trend series: the map only
    d = docx.Document(io.BytesIO(data))
    assert d.sections[0].left_margin.mm == pytest.approx(30, abs=0.01)
    assert d.sections[0].page_width.mm == pytest.approx(210, abs=0.01)
    assert b"NUMPAGES" in _document_xml(data, "word/footer")


def _document_xml(data: bytes, prefix: str) -> bytes:
    import zipfile

    z = zipfile.ZipFile(io.BytesIO(data))
    return b"".join(z.read(n) for n in z.namelist() if n.startswith(prefix))


# --- workbook ------------------------------------------------------------------------------------


@pytest.mark.parametrize("demo", [True, False])
def test_workbook_summary_heading_signatures_and_demo(pack, demo):
    pack.demo = demo
    pack.plan = pack.plan.assign(
        district=["Thành phố Phủ Lý", "Huyện Bình Lục", "Huyện Thanh Liêm"]
    )
    wb = load_workbook(io.BytesIO(reports.build_xlsx(pack)))
    ws = wb["Tổng quan"]
    assert [ws["A1"].value, ws["B1"].value, ws["A2"].value, ws["B2"].value] == [
        "CÔNG AN TỈNH HÀ NAM",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: ……/BC-……",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert ws["B3"].value == "Hà Nam, ngày 14 tháng 3 năm 2023"
    assert ws["A5"].value == "BÁO CÁO"
    assert ws["A7"].value == ("DEMO" if demo else None)
    column_a = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
    assert "II. TIẾN ĐỘ SO VỚI CHỈ TIÊU" in column_a
    last = ws.max_row - 1
    assert [ws.cell(last, 1).value, ws.cell(last, 2).value] == ["NGƯỜI BÁO CÁO", "LÃNH ĐẠO DUYỆT"]
    assert wb.sheetnames[3:6] == ["Kế hoạch theo tổ", "Kế hoạch theo huyện", "Lịch công tác"]
    by_district = list(wb["Kế hoạch theo huyện"].iter_rows(values_only=True))
    assert by_district[0] == ("Huyện, thị xã, thành phố", "Số buổi", "Số xã", "Dự kiến kích hoạt")
    assert by_district[-1][:3] == ("Tổng cộng", 3, 3)


def test_trend_png_is_none_without_figures(trend):
    assert reports.render_trend_png(None, 26000, None) is None
    assert reports.render_trend_png(trend.assign(activated_to_date=float("nan")), 1, None) is None
    png = reports.render_trend_png(trend, 26000, None, dpi=40)
    assert png.startswith(b"\x89PNG")
    out = subprocess.run(["file", "-"], input=png, capture_output=True, check=False).stdout
    assert b"PNG" in out or out == b""
