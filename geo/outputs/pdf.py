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

__all__ = [
    "FONT_DIR",
    "FONT_FAMILY",
    "ISSUING_UNIT",
    "SERIF_FAMILY",
    "A4Document",
    "add_serif_fonts",
]

#: Folder of the DejaVu fonts bundled with matplotlib (no system font needed).
FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
#: Family name to pass to ``set_font``.
FONT_FAMILY = "DejaVu"
#: Who issues the printouts (meeting pack, notices) unless told otherwise (a catalog id: the
#: printouts show ``_(unit)``, so this default is translated and a unit typed by a user is not).
ISSUING_UNIT = N_("Công an tỉnh Hà Nam")
_FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
#: Family name of the serif fonts (administrative documents: the closest embeddable match of the
#: Times New Roman of Decree 30/2020/NĐ-CP that ships with matplotlib).
SERIF_FAMILY = "DejaVuSerif"
_SERIF_FILES = {
    "": "DejaVuSerif.ttf",
    "B": "DejaVuSerif-Bold.ttf",
    "I": "DejaVuSerif-Italic.ttf",
    "BI": "DejaVuSerif-BoldItalic.ttf",
}


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


def add_serif_fonts(pdf: FPDF, styles: tuple[str, ...] = ("", "B", "I", "BI")) -> str:
    """Register the DejaVu Serif styles bundled with matplotlib on ``pdf``.

    Parameters
    ----------
    pdf : FPDF
        The document.
    styles : tuple of str
        Styles to register among ``""``, ``"B"``, ``"I"``, ``"BI"``.

    Returns
    -------
    str
        The family name to pass to ``set_font`` (:data:`SERIF_FAMILY`), or :data:`FONT_FAMILY`
        (DejaVu Sans) when matplotlib does not ship the serif files.

    Examples
    --------
    >>> from datetime import datetime
    >>> doc = A4Document(title="t", author="a", created=datetime(2023, 3, 14),
    ...                  margins=(20, 20, 15), bottom_margin=20)
    >>> add_serif_fonts(doc)
    'DejaVuSerif'
    """
    files = {style: FONT_DIR / _SERIF_FILES[style] for style in styles}
    if not all(path.is_file() for path in files.values()):
        return FONT_FAMILY
    for style, path in files.items():
        pdf.add_font(SERIF_FAMILY, style, str(path))
    return SERIF_FAMILY
