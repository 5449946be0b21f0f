"""PDF base of every printout (meeting pack, public notices): A4 portrait, fonts embedded.

The fonts are the DejaVu Sans files that ship inside matplotlib (:data:`FONT_DIR`), so no
system font is needed and the Vietnamese diacritics print on any machine. fpdf2 embeds each
registered style as a subset of the letters used, so a document registers only the styles it
prints. The documents' texts come from the catalog (:mod:`geo.i18n`), translated by the
modules that print them. Nothing here imports streamlit.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import matplotlib
from fpdf import FPDF

from geo.fmt import display_text
from geo.i18n import N_

__all__ = ["FONT_DIR", "FONT_FAMILY", "ISSUING_UNIT", "A4Document"]

#: Folder of the DejaVu fonts bundled with matplotlib (no system font needed).
FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
#: Family name to pass to ``set_font``.
FONT_FAMILY = "DejaVu"
#: Who issues the printouts (meeting pack, notices) unless told otherwise (a catalog id: the
#: printouts show ``_(unit)``, so this default is translated and a unit typed by a user is not).
ISSUING_UNIT = N_("Công an tỉnh Hà Nam")
_FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}


class A4Document(FPDF):
    """An A4 portrait document in millimetres with the DejaVu fonts and its metadata set.

    Parameters
    ----------
    title, author : str
        Document properties (shown by PDF readers), as display text.
    created : datetime
        Creation date written in the file (a fixed date gives the same bytes for the same
        input).
    margins : tuple of float
        Left, top and right margins in mm.
    bottom_margin : float
        Distance from the bottom edge at which a new page starts, in mm.
    styles : str
        Font styles to register: ``""`` (regular, always), ``"B"`` bold, ``"I"`` italic.
    """

    def __init__(
        self,
        *,
        title: str,
        author: str,
        created: datetime,
        margins: tuple[float, float, float],
        bottom_margin: float,
        styles: str = "B",
    ) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        for style, file in _FONT_FILES.items():
            if style == "" or style in styles:
                self.add_font(FONT_FAMILY, style, str(FONT_DIR / file))
        self.set_margins(*margins)
        self.set_auto_page_break(True, margin=bottom_margin)
        self.set_title(display_text(title))
        self.set_author(display_text(author))
        self.set_creation_date(created)
