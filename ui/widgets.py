"""Widgets that speak the user's language where Streamlit's own would show English.

Streamlit's date input draws an English calendar (month names, «Date range» presets) and its
grid formats numbers in the *browser's* locale. Here:

- :func:`date_field` and :func:`date_range_field` are text boxes that take ``dd/mm/yyyy`` (also
  ``d/m/yy``, ``d.m.yyyy``, ``ddmmyyyy`` or ``yyyy-mm-dd``), the quickest on a phone's keyboard;
  the text is read by the pure functions :func:`geo.dates.parse_date` and
  :func:`geo.dates.parse_date_range` (re-exported here), a bad
  date or one out of bounds shows a translated reason next to the field and the last good date
  stays in force. A test (or the page itself) may seed the widget's key with a
  :class:`datetime.date` (or a pair of them for a period): it is written back as text.
- :func:`localized` formats a table's numbers on the server with :mod:`geo.fmt`, in the language
  in use; :func:`table` draws a grid whose missing cells are a dash, not Streamlit's «None».
- :func:`file_field` is Streamlit's file uploader with its texts (accepted types, maximum size,
  the chosen file's size) written by the app in the language in use (see :mod:`ui.chrome`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from geo import fmt
from geo.dates import (
    DateError,
    example_date,
    format_date_range,
    parse_date,
    parse_date_range,
)
from geo.i18n import _
from ui import chrome, errors

__all__ = [
    "MISSING",
    "DateError",
    "count_table",
    "date_field",
    "date_range_field",
    "file_field",
    "file_instructions",
    "format_date_range",
    "format_size",
    "integer_columns",
    "localized",
    "parse_date",
    "parse_date_range",
    "table",
]

#: What a grid shows in a cell without a value (Streamlit's own default is the English «None»).
MISSING = "—"


def _clamp(day: dt.date, min_value: dt.date | None, max_value: dt.date | None) -> dt.date:
    """Bring ``day`` inside the bounds."""
    if min_value is not None and day < min_value:
        return min_value
    if max_value is not None and day > max_value:
        return max_value
    return day


@errors.guarded("dates")
def _tidy(key: str, is_range: bool) -> None:
    """Rewrite a field's text in the canonical form once it reads as a date (a callback)."""
    text = st.session_state.get(key)
    try:
        if is_range:
            st.session_state[key] = format_date_range(*parse_date_range(str(text)))
        else:
            st.session_state[key] = fmt.format_date(parse_date(str(text)))
    except DateError:
        pass  # shown by the field itself, with the bounds


def _seed(key: str, text: str) -> None:
    """Put the field's text in the session before the widget is drawn (never with ``value=``)."""
    state = st.session_state
    seeded = state.get(key)
    if isinstance(seeded, dt.date):  # a test gave a date
        state[key] = fmt.format_date(seeded)
    elif isinstance(seeded, (tuple, list)) and seeded and isinstance(seeded[0], dt.date):
        state[key] = format_date_range(seeded[0], seeded[-1])
    elif not isinstance(seeded, str):
        state[key] = text


def _text_field(label: str, key: str, is_range: bool, container: Any) -> str:
    """Draw the text box behind both date fields."""
    example = (
        format_date_range(dt.date(2023, 2, 13), dt.date(2023, 3, 14))
        if is_range
        else example_date()
    )
    hint = (
        _("Gõ ngày đầu và ngày cuối dạng ngày/tháng/năm, ví dụ {example}.")
        if is_range
        else _("Gõ ngày dạng ngày/tháng/năm, ví dụ {example}.")
    )
    return container.text_input(
        label,
        key=key,
        placeholder=example,
        help=hint.format(example=example),
        on_change=_tidy,
        args=(key, is_range),
        autocomplete="off",
    )


def date_field(
    label: str,
    value: dt.date,
    *,
    key: str,
    min_value: dt.date | None = None,
    max_value: dt.date | None = None,
    container=st,
) -> dt.date:
    """Ask for one date, shown and typed as ``dd/mm/yyyy`` in either language.

    A text box (no English calendar). A bad date or one out of bounds shows its reason under the
    box, translated, and the last good date is returned. The widget's state under ``key`` is the
    text; a :class:`datetime.date` put there (by a test, say) is turned into text.

    Parameters
    ----------
    label : str
        The (already translated) label.
    value : date
        The initial date (brought inside the bounds).
    key : str
        Widget key.
    min_value, max_value : date, optional
        Bounds.
    container : streamlit container, default st
        Where to draw it (``st.sidebar``, a column…).

    Returns
    -------
    date
        The chosen date.
    """
    good_key = f"_{key}_last_good"
    last = _clamp(st.session_state.get(good_key, value), min_value, max_value)
    _seed(key, fmt.format_date(last))
    text = _text_field(label, key, False, container)
    try:
        day = parse_date(text or "", min_value=min_value, max_value=max_value)
    except DateError as error:
        container.error(str(error), icon=":material/event_busy:")
        return last
    st.session_state[good_key] = day
    return day


def date_range_field(
    label: str,
    value: tuple[dt.date, dt.date],
    *,
    key: str,
    min_value: dt.date | None = None,
    max_value: dt.date | None = None,
    container=st,
) -> tuple[dt.date, dt.date]:
    """Ask for a period (first and last day), shown and typed as ``dd/mm/yyyy – dd/mm/yyyy``.

    One text box (:func:`parse_date_range` reads it); otherwise as :func:`date_field`. A pair
    of dates put under ``key`` (by a test, say) is turned into text.

    Parameters
    ----------
    label : str
        The (already translated) label.
    value : tuple of date
        The initial ``(start, end)``.
    key : str
        Widget key.
    min_value, max_value : date, optional
        Bounds.
    container : streamlit container, default st
        Where to draw it.

    Returns
    -------
    tuple of date
        ``(start, end)``; while the user has typed only one day, ``(day, day)``.
    """
    good_key = f"_{key}_last_good"
    start, end = st.session_state.get(good_key, value)
    last = (_clamp(start, min_value, max_value), _clamp(end, min_value, max_value))
    _seed(key, format_date_range(*last))
    text = _text_field(label, key, True, container)
    try:
        period = parse_date_range(text or "", min_value=min_value, max_value=max_value)
    except DateError as error:
        container.error(str(error), icon=":material/event_busy:")
        return last
    st.session_state[good_key] = period
    return period


def _text(value: object) -> str:
    """Show a cell that is not a number: its text (a date ``dd/mm/yyyy``), or :data:`MISSING`."""
    if fmt.is_missing(value):
        return MISSING
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return fmt.format_date(value)
    return fmt.display_text(value)


def _default_format(series: pd.Series):
    """Choose how a column that the caller did not name is shown (a function of one cell)."""
    if pd.api.types.is_bool_dtype(series):
        return None  # a checkbox in the grid
    if pd.api.types.is_integer_dtype(series):
        return lambda v: fmt.format_int(v, na=MISSING)
    if pd.api.types.is_float_dtype(series):
        return lambda v: fmt.format_number(v, 2, trim=True, na=MISSING)
    if pd.api.types.is_datetime64_any_dtype(series):
        stamps = pd.to_datetime(series.dropna())
        if (stamps == stamps.dt.normalize()).all():  # days
            return lambda v: fmt.format_date(v, na=MISSING)
        return lambda v: fmt.format_datetime(v, na=MISSING)  # instants (naive = UTC)
    return _text


def localized(
    frame: pd.DataFrame,
    *,
    integers: Sequence[str] = (),
    percents: Sequence[str] = (),
    decimals: dict[str, int] | None = None,
) -> Styler:
    """Format a table's cells on the server in the language in use (not the browser's locale).

    The cells keep their values, so the grid still sorts by number (or date) and a row
    selection still gives the row's position; only the text shown is formatted. Every column
    gets a format, because pandas' own would show ``2.250000`` and ``None``: the columns named
    here as asked, any other one by its type (whole numbers ``1.923``, other numbers with at
    most two decimals ``2,25``, days ``14/03/2023``, instants ``14/03/2023 18:30`` in Vietnam
    time (naive ones are UTC, the store's convention), text as it is). A missing value shows as
    :data:`MISSING`. Give the result to :func:`table` (or ``st.dataframe``), not to
    ``st.data_editor``; a ``column_config`` format does not apply over these texts.

    Parameters
    ----------
    frame : DataFrame
        The table to show.
    integers, percents : sequence of str
        Columns shown as ``1.923`` / ``66,8 %`` (English ``1,923`` / ``66.8%``); ``integers``
        also rounds a column of floats (counts with missing values).
    decimals : dict of str to int, optional
        Columns shown with that many decimals.

    Returns
    -------
    pandas.io.formats.style.Styler
        For ``st.dataframe``.

    Examples
    --------
    >>> frame = pd.DataFrame({"n": [18225, None], "p": [0.3831, 0.5], "x": [2.25, 1.0],
    ...                       "y": [2.25, 1.0], "k": [1200, 3], "t": ["Tổ 1", None]})
    >>> styled = localized(frame, integers=["n"], percents=["p"], decimals={"x": 1})
    >>> def shown(styler, row):
    ...     return [styler._display_funcs[(row, c)](v) for c, v in enumerate(frame.iloc[row])]
    >>> shown(styled, 0), shown(styled, 1)
    (['18.225', '38,3 %', '2,2', '2,25', '1.200', 'Tổ 1'], ['—', '50,0 %', '1,0', '1', '3', '—'])
    >>> from geo.i18n import language
    >>> with language("en"):
    ...     shown(styled, 0)
    ['18,225', '38.3%', '2.2', '2.25', '1,200', 'Tổ 1']
    """
    named: dict[str, Any] = {}
    for column in integers:
        named[column] = lambda v: fmt.format_int(v, na=MISSING)
    for column in percents:
        named[column] = lambda v: fmt.format_percent(v, na=MISSING)
    for column, places in (decimals or {}).items():
        named[column] = lambda v, p=places: fmt.format_number(v, p, na=MISSING)
    styler = frame.style
    for column in frame.columns:
        shown = named[column] if column in named else _default_format(frame[column])
        if shown is not None:
            styler = styler.format(shown, subset=[column])
    return styler


def integer_columns(frame: pd.DataFrame) -> list[str]:
    """Name the columns of whole numbers (counts), for :func:`localized`'s ``integers``.

    Parameters
    ----------
    frame : DataFrame
        Any table.

    Returns
    -------
    list of str
        The columns of an integer dtype (``int64``, ``Int64``…), in order; not booleans.

    Examples
    --------
    >>> integer_columns(pd.DataFrame({"a": [1], "b": ["x"], "c": pd.array([2], "Int64")}))
    ['a', 'c']
    """
    return [
        c
        for c in frame.columns
        if pd.api.types.is_integer_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
    ]


def table(data: pd.DataFrame | Styler, *, empty: str | None = None, container=st, **kwargs):
    """Draw a grid with ``st.dataframe``: a dash in empty cells, a sentence for an empty table.

    Streamlit writes «None» in a cell without a value and «empty» in a table without rows; here
    the first is :data:`MISSING` and the second is ``empty`` (default «Không có dòng nào.»).

    Parameters
    ----------
    data : DataFrame or Styler
        The table (a :func:`localized` Styler keeps its formats).
    empty : str, optional
        The (translated) sentence shown instead of a table without rows.
    container : streamlit container, default st
        Where to draw it.
    **kwargs
        Passed on to ``st.dataframe`` (``hide_index``, ``key``, ``column_config``…).

    Returns
    -------
    object
        What ``st.dataframe`` returns (its selection when ``on_select`` is set), or None when
        the table had no rows.
    """
    frame = data.data if isinstance(data, Styler) else data
    if len(frame) == 0:
        container.caption(empty if empty is not None else _("Không có dòng nào."))
        return None
    kwargs.setdefault("placeholder", MISSING)
    return container.dataframe(data, **kwargs)


def count_table(frame: pd.DataFrame, *, container=st, **kwargs):
    """Draw a table without its index, its cells formatted in the language in use.

    :func:`table` of :func:`localized` (every column formatted by its type).

    Parameters
    ----------
    frame : DataFrame
        The table.
    container : streamlit container, default st
        Where to draw it.
    **kwargs
        Passed on to :func:`table` (``empty``, ``key``, ``column_config``…).

    Returns
    -------
    object
        What :func:`table` returns.
    """
    return table(localized(frame), hide_index=True, container=container, **kwargs)


def format_size(n_bytes: int) -> str:
    """Write a file size in the language in use: ``850 B``, ``4,2 KB``, ``1,5 MB``.

    Parameters
    ----------
    n_bytes : int
        The size in bytes.

    Returns
    -------
    str
        The size with its unit (1 KB = 1024 B).

    Examples
    --------
    >>> format_size(850), format_size(4300), format_size(1_572_864)
    ('850 B', '4,2 KB', '1,5 MB')
    >>> from geo.i18n import language
    >>> with language("en"):
    ...     format_size(4300)
    '4.2 KB'
    """
    if n_bytes < 1024:
        return f"{fmt.format_int(n_bytes)} B"
    if n_bytes < 1024 * 1024:
        return f"{fmt.format_number(n_bytes / 1024, 1)} KB"
    return f"{fmt.format_number(n_bytes / (1024 * 1024), 1)} MB"


def file_field(
    label: str,
    types: Sequence[str],
    *,
    key: str,
    help: str | None = None,
    container=st,
):
    """Ask for one file, with the uploader's texts in the language in use.

    Streamlit's dropzone says «Upload», «200MB per file • CSV, XLSX» and the chosen file's size
    in English; :mod:`ui.chrome` hides those texts, and this widget writes its own in their place
    (a style rule for this widget's ``key``): the accepted types and the maximum size, then the
    chosen file's size, formatted with :mod:`geo.fmt`.

    Parameters
    ----------
    label : str
        The (already translated) label.
    types : sequence of str
        Accepted extensions without the dot, e.g. ``["csv", "xlsx"]``.
    key : str
        Widget key.
    help : str, optional
        A (translated) tooltip.
    container : streamlit container, default st
        Where to draw it.

    Returns
    -------
    streamlit.runtime.uploaded_file_manager.UploadedFile or None
        The chosen file.
    """
    upload = container.file_uploader(label, type=list(types), key=key, help=help)
    scope = f".st-key-{re.sub(r'[^A-Za-z0-9_-]', '-', key)}"
    rules = [f"{scope} {rule}" for rule in _file_rules(types, upload)]
    container.html(f"<style>{' '.join(rules)}</style>")
    return upload


def file_instructions(types: Sequence[str]) -> str:
    """Say which files an uploader takes and how large they may be, in the language in use.

    Parameters
    ----------
    types : sequence of str
        Accepted extensions without the dot.

    Returns
    -------
    str
        E.g. «CSV, XLSX · tối đa 200 MB mỗi tệp».

    Examples
    --------
    >>> file_instructions(["csv", "xlsx"])
    'CSV, XLSX · tối đa 200 MB mỗi tệp'
    """
    size = fmt.format_int(st.get_option("server.maxUploadSize"))
    limit = _("tối đa {size} MB mỗi tệp").format(size=size)
    return " · ".join([", ".join(t.upper() for t in types), limit] if types else [limit])


def _file_rules(types: Sequence[str], upload) -> list[str]:
    """Write the style rules of one uploader's own texts (see :mod:`ui.chrome`)."""
    instructions = chrome.css_string(file_instructions(types))
    rules = [f"{chrome.UPLOADER_INSTRUCTIONS_BOX}::after {{content: {instructions}}}"]
    if upload is not None:
        size = chrome.css_string(format_size(int(upload.size)))
        rules.append(f"{chrome.UPLOADER_CHIP_TEXT}::after {{content: {size}}}")
    return rules
