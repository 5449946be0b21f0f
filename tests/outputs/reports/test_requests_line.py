"""The meeting pack's line on home-visit requests (issue 16): open and overdue per commune."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pandas as pd
import pytest
from docx import Document

from geo.i18n import language
from geo.outputs.reports.docx_pack import build_docx
from geo.outputs.reports.handout import build_pdf
from geo.outputs.reports.requests import requests_line
from geo.planning.requests import requests_per_commune
from tests.outputs.reports.helpers import pdf_text, poppler

NAMES = {"13291": "Lê Hồng Phong", "13540": "Bình An", "13300": "Phù Vân"}


def _stored() -> pd.DataFrame:
    """Rows as the store returns them (with personal data, which the line must not print)."""
    return pd.DataFrame(
        {
            "id": [1, 2, 3, 4, 5],
            "code": ["13291", "13291", "13540", "13300", "13300"],
            "status": ["open", "open", "open", "closed", "open"],
            "recorded_at": pd.to_datetime(
                [
                    "2023-03-01 02:00",
                    "2023-03-12 02:00",
                    "2023-03-15 02:00",
                    "2023-02-01 02:00",
                    "2023-02-20 02:00",
                ]
            ),
            "resident": ["Bà Vân", "Ông Ba", "Chị Hoa", "Anh Tư", "Cụ Năm"],
            "phone": ["0912345678"] * 5,
        }
    )


def _per_commune(today: date) -> pd.DataFrame:
    return requests_per_commune(_stored(), today)


def test_per_commune_counts_by_hand():
    # on 16/03: 13291 open 15 and 4 days (one over 14), 13300 open 24 days and one closed,
    # 13540 open 1 day; communes by code
    assert _per_commune(date(2023, 3, 16)).values.tolist() == [
        ["13291", 2, 1, 15],
        ["13300", 1, 1, 24],
        ["13540", 1, 0, 1],
    ]


def test_the_line_counts_open_and_overdue_per_commune_by_hand():
    # on 16/03: 13291 two open (15 and 4 days: one overdue), 13540 one (1 day),
    # 13300 one open (24 days: overdue) and one closed
    line = requests_line(_per_commune(date(2023, 3, 16)), NAMES)
    assert line == (
        "Yêu cầu hỗ trợ tại nhà: 4 đang mở, 2 quá hạn "
        "(Lê Hồng Phong 2, 1 quá hạn; Phù Vân 1, 1 quá hạn; Bình An 1)."
    )
    for word in ("Bà Vân", "Ông Ba", "Chị Hoa", "Cụ Năm", "0912345678"):
        assert word not in line


def test_in_english():
    with language("en"):
        line = requests_line(_per_commune(date(2023, 3, 16)), NAMES)
    assert line.startswith("Home-visit requests: 4 open, 2 overdue (Lê Hồng Phong 2, 1 overdue;")


@pytest.mark.parametrize(
    "rows",
    [
        pd.DataFrame({"code": [], "open": [], "overdue": []}),
        pd.DataFrame({"code": ["13291"], "open": [0], "overdue": [0]}),
    ],
)
def test_no_open_request(rows):
    assert requests_line(rows) == "Yêu cầu hỗ trợ tại nhà: không có yêu cầu nào đang mở."


def test_an_unknown_code_is_printed_as_it_is_and_thousands_are_grouped():
    rows = pd.DataFrame({"code": ["99999"], "open": [1200], "overdue": [0]})
    assert requests_line(rows) == "Yêu cầu hỗ trợ tại nhà: 1.200 đang mở, 0 quá hạn (99999 1.200)."


# ------------------------------------------------------------------- printed in the pack
def _pack_with_requests(pack):
    code, name = str(pack.metrics["code"].iloc[0]), str(pack.metrics["name"].iloc[0])
    rows = pd.DataFrame({"code": [code], "open": [3], "overdue": [1]})
    return replace(
        pack, requests=rows
    ), f"Yêu cầu hỗ trợ tại nhà: 3 đang mở, 1 quá hạn ({name} 3, 1 quá hạn)."


@poppler
def test_the_pdf_prints_the_line(pack, tmp_path):
    with_requests, line = _pack_with_requests(pack)
    path = tmp_path / "pack.pdf"
    path.write_bytes(build_pdf(with_requests))
    assert line in pdf_text(path)
    path.write_bytes(build_pdf(pack))
    assert "Yêu cầu hỗ trợ tại nhà" not in pdf_text(path)  # a pack made without them


def test_the_docx_prints_the_line(pack):
    with_requests, line = _pack_with_requests(pack)
    paragraphs = [p.text for p in Document(io.BytesIO(build_docx(with_requests))).paragraphs]
    assert line in paragraphs
    paragraphs = [p.text for p in Document(io.BytesIO(build_docx(pack))).paragraphs]
    assert not any("Yêu cầu hỗ trợ tại nhà" in p for p in paragraphs)
