"""Tests of geo.outputs.text: display text, HTML text and time windows."""

from __future__ import annotations

import unicodedata

import pandas as pd
import pytest

from geo.fmt import display_text
from geo.outputs.text import html_text, time_window


def test_text_is_nfc_normalised():
    """Decomposed input (NFD) is printed with the font's precomposed letters."""
    nfd = unicodedata.normalize("NFD", "Lê Hồng Phong")
    assert display_text(nfd) == unicodedata.normalize("NFC", "Lê Hồng Phong")
    assert len(display_text(nfd)) < len(nfd)


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA, pd.NaT])
def test_missing_values_print_as_nothing(missing):
    assert display_text(missing) == ""
    assert time_window(missing, "19:00") == time_window("16:00", missing) == ""


def test_html_text_closes_no_template_literal():
    assert html_text("a\\`b") == "a&#92;&#96;b"
    assert html_text(None) == ""
