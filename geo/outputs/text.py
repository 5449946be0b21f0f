"""Text as the outputs print it: one display form for PDF, Excel and map labels, one HTML form.

* :func:`geo.fmt.display_text` is the text every output writes: NFC-normalised (the fonts and
  Excel show the precomposed Vietnamese letters; a file saved on macOS may hold decomposed
  ones), and a missing value becomes the empty string, never "nan".
* :func:`html_text` escapes text for the HTML that folium writes inside JavaScript template
  literals (tooltips, marker icons) and for the HTML legends.
* :func:`time_window` joins the bounds of a time window for the schedule map and the schedule
  workbook.

Weekday names are :func:`geo.fmt.format_weekday` (Babel's CLDR names in the language in use,
"Thứ Hai" … "Chủ Nhật" or "Monday" … "Sunday"). Nothing here is a message of the catalog: the
words around these texts are translated by the modules that print them.

Nothing here imports streamlit.
"""

from __future__ import annotations

import html

from geo.fmt import display_text, is_missing

__all__ = ["html_text", "time_window"]


def html_text(value: object) -> str:
    """Escape text for HTML that folium places inside a JavaScript template literal.

    Tooltips and icons are written as `` `...` `` strings, so besides ``< > & " '`` the
    backtick, ``$`` and backslash are escaped too: a team or place name from an imported file
    can never close the string or run code.

    Parameters
    ----------
    value : object
        Text to escape; ``None`` gives ``""``.

    Returns
    -------
    str
        The escaped text.

    Examples
    --------
    >>> html_text("Tổ `1` ${x} <b>")
    'Tổ &#96;1&#96; &#36;{x} &lt;b&gt;'
    """
    text = html.escape("" if value is None else str(value))
    return text.replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;")


def time_window(start: object, end: object, sep: str = "-") -> str:
    """Join the start and end of a time window, or give ``""`` when either is missing.

    Parameters
    ----------
    start, end : object
        Times as text (``"18:10"``); missing values are allowed.
    sep : str
        What goes between them (``"-"``, or ``" đến "`` in a sentence).

    Returns
    -------
    str
        ``"<start><sep><end>"`` as display text, ``""`` when a bound is missing.

    Examples
    --------
    >>> time_window("18:10", "21:20"), time_window("16:15", "19:15", " đến ")
    ('18:10-21:20', '16:15 đến 19:15')
    >>> time_window(None, "19:15")
    ''
    """
    if is_missing(start) or is_missing(end):
        return ""
    return f"{display_text(start)}{sep}{display_text(end)}"
