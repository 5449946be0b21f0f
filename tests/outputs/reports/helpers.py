"""Helpers of the meeting-pack tests: the injection string and reading a PDF with poppler."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

EVIL = '=HYPERLINK("http://evil.example/?x=1","Bấm vào đây")'

poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed"
)


def run(*args) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def pdf_text(path, *options: str) -> str:
    """Text of the PDF with runs of whitespace collapsed (table cells wrap).

    ``"-raw"`` keeps the order of the content stream: a wrapped table cell's lines stay together.
    """
    return re.sub(r"\s+", " ", run("pdftotext", *options, "-enc", "UTF-8", str(path), "-"))
