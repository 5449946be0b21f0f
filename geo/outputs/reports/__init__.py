"""Meeting pack ("báo cáo giao ban"): PDF handout, Excel workbook and a print-resolution map.

Everything is rendered on the server without a browser or internet access:

* the map with matplotlib (:mod:`~geo.outputs.reports.map_png`) in UTM zone 48N, so the scale
  bar is measured in metres; communes without data are hatched, never drawn as 0 %;
* the PDF with fpdf2 (:mod:`~geo.outputs.reports.handout`) and the DejaVu Sans fonts that ship
  inside matplotlib (embedded as subsets, so Vietnamese diacritics print on any machine);
* the Word document with python-docx (:mod:`~geo.outputs.reports.docx_pack`), the same report
  for the office to edit before signing;
* the workbook with openpyxl (:mod:`~geo.outputs.reports.workbook`): numbers stay numbers,
  every text cell that a spreadsheet could read as a formula is stored as text with Excel's
  quote prefix, so it is kept exactly and never evaluated.

:func:`build_meeting_pack` produces all four from one :class:`MeetingPack`; :func:`make_pack`
(:mod:`~geo.outputs.reports.content`) fills a pack from the commune metrics with
:mod:`geo.metrics.progress`. The pack is written in the language in use (:mod:`geo.i18n`), its
file names too (:func:`pack_file_names`): a cache of the pack keys on
:func:`geo.i18n.language_key`. Nothing here imports streamlit.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from geo.i18n import _
from geo.outputs.pdf import FONT_DIR
from geo.outputs.reports.content import (
    CARD_KEYS,
    CARD_LABELS,
    HEADLINE_LABELS,
    LEAGUE_HEADERS,
    PLAN_COLUMNS,
    MeetingPack,
    describe_projection,
    headline_labels,
    make_pack,
    plan_table,
    translated,
)
from geo.outputs.reports.document import plan_summary, uses_demo_data
from geo.outputs.reports.docx_pack import build_docx
from geo.outputs.reports.handout import build_pdf
from geo.outputs.reports.map_png import MAP_CRS, map_figure, pack_map_png, render_map_png
from geo.outputs.reports.trend_png import render_trend_png
from geo.outputs.reports.workbook import build_xlsx

__all__ = [
    "CARD_KEYS",
    "CARD_LABELS",
    "FONT_DIR",
    "HEADLINE_LABELS",
    "LEAGUE_HEADERS",
    "MAP_CRS",
    "PLAN_COLUMNS",
    "MeetingPack",
    "build_docx",
    "build_meeting_pack",
    "build_pdf",
    "build_xlsx",
    "describe_projection",
    "headline_labels",
    "make_pack",
    "map_figure",
    "pack_file_names",
    "plan_summary",
    "plan_table",
    "render_map_png",
    "render_trend_png",
    "translated",
    "uses_demo_data",
]


def pack_file_names(as_of: date) -> dict[str, str]:
    """Name the files of the pack's parts after the data date, in the language in use (ASCII).

    Parameters
    ----------
    as_of : date
        Data date of the pack.

    Returns
    -------
    dict
        ``{"pdf": ..., "docx": ..., "xlsx": ..., "png": ...}`` file names.

    Examples
    --------
    >>> pack_file_names(date(2023, 3, 14))["pdf"]
    'bao-cao-giao-ban-2023-03-14.pdf'
    """
    stem = _("bao-cao-giao-ban-{date}").format(date=f"{pd.Timestamp(as_of):%Y-%m-%d}")
    png = _("ban-do-{stem}.png").format(stem=stem)
    return {"pdf": f"{stem}.pdf", "docx": f"{stem}.docx", "xlsx": f"{stem}.xlsx", "png": png}


def build_meeting_pack(pack: MeetingPack, *, dpi: int = 300) -> dict[str, bytes]:
    """Build the PDF, Word document, Excel workbook and map PNG of one pack (one map render).

    Parameters
    ----------
    pack : MeetingPack
        What the pack shows (:func:`make_pack`).
    dpi : int
        Resolution of the map, in the PNG and in the PDF.

    Returns
    -------
    dict
        ``{file name: bytes}`` with the names of :func:`pack_file_names`; no PNG entry when
        the pack has no boundaries.
    """
    names = pack_file_names(pack.as_of)
    png = pack_map_png(pack, dpi)
    out = {
        names["pdf"]: build_pdf(pack, map_png=png),
        names["docx"]: build_docx(pack, map_png=png),
        names["xlsx"]: build_xlsx(pack),
    }
    if png is not None:
        out[names["png"]] = png
    return out
