"""Tests of geo.outputs.reports (the package): file names and the four files of one pack."""

from __future__ import annotations

from datetime import date

from geo.i18n import language
from geo.outputs import reports
from tests.metrics.test_progress import AS_OF


def test_pack_file_names():
    assert reports.pack_file_names(date(2023, 3, 14)) == {
        "pdf": "bao-cao-giao-ban-2023-03-14.pdf",
        "docx": "bao-cao-giao-ban-2023-03-14.docx",
        "xlsx": "bao-cao-giao-ban-2023-03-14.xlsx",
        "png": "ban-do-bao-cao-giao-ban-2023-03-14.png",
    }


def test_build_meeting_pack_gives_four_files(pack_files):
    assert set(pack_files) == set(reports.pack_file_names(AS_OF).values())
    assert pack_files["bao-cao-giao-ban-2023-03-14.pdf"].startswith(b"%PDF-")
    assert pack_files["bao-cao-giao-ban-2023-03-14.xlsx"].startswith(b"PK")
    assert pack_files["bao-cao-giao-ban-2023-03-14.docx"].startswith(b"PK")
    assert pack_files["ban-do-bao-cao-giao-ban-2023-03-14.png"].startswith(b"\x89PNG")


def test_pack_without_boundaries_has_no_png(pack):
    pack.boundaries = None
    files = reports.build_meeting_pack(pack)
    assert sorted(files) == [
        "bao-cao-giao-ban-2023-03-14.docx",
        "bao-cao-giao-ban-2023-03-14.pdf",
        "bao-cao-giao-ban-2023-03-14.xlsx",
    ]


def test_pack_file_names_in_english():
    with language("en"):
        names = reports.pack_file_names(date(2023, 3, 14))
    assert names == {
        "pdf": "meeting-pack-2023-03-14.pdf",
        "docx": "meeting-pack-2023-03-14.docx",
        "xlsx": "meeting-pack-2023-03-14.xlsx",
        "png": "map-meeting-pack-2023-03-14.png",
    }
    assert all(name.isascii() for name in names.values())


def test_english_pack_has_english_file_names(pack):
    pack.boundaries = None
    with language("en"):
        files = reports.build_meeting_pack(pack)
    assert sorted(files) == [
        "meeting-pack-2023-03-14.docx",
        "meeting-pack-2023-03-14.pdf",
        "meeting-pack-2023-03-14.xlsx",
    ]
