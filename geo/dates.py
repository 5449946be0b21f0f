"""Dates as people type them: ``dd/mm/yyyy`` and periods, read and written back (pure).

The date fields of the app (:mod:`ui.widgets`) are text boxes; this module reads what was typed
(also ``d/m/yy``, ``d.m.yyyy``, ``ddmmyyyy`` or ISO ``yyyy-mm-dd``; a period with a dash,
«đến» or «to» between its days) and says, in the language in use, why a text is not a date or
lies outside the bounds.
"""

from __future__ import annotations

import datetime as dt
import re

from geo import fmt
from geo.i18n import _

__all__ = [
    "RANGE_DASH",
    "DateError",
    "example_date",
    "format_date_range",
    "parse_date",
    "parse_date_range",
]

#: The dash between the two days of a period, as :func:`format_date_range` writes it.
RANGE_DASH = " – "
#: A date as people type it: day/month/year (``/``, ``.`` or ``-``; a 2-digit year is 20xx),
#: eight digits ``ddmmyyyy``, or ISO ``yyyy-mm-dd``.
_DATE = (
    r"(?:(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})"
    r"|(?P<d>\d{1,2})(?P<sep>[/.\-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})"
    r"|(?P<dd>\d{2})(?P<mm>\d{2})(?P<yyyy>\d{4}))"
)
_ONE_DATE = re.compile(rf"^\s*{_DATE}\s*$")
#: What may stand between the two days of a period.
_BETWEEN = r"\s*(?:[-–—~→]|\.\.|đến|den|tới|toi|to)?\s*"
#: The second day of a period: the same pattern, its groups named ``b_…``.
_SECOND_DATE = _DATE.replace("(?P<", "(?P<b_").replace("(?P=sep)", "(?P=b_sep)")
_TWO_DATES = re.compile(rf"^\s*{_DATE}{_BETWEEN}{_SECOND_DATE}\s*$", re.IGNORECASE)


class DateError(ValueError):
    """A typed date that cannot be used; ``str(error)`` is the reason in the language in use."""


def example_date() -> str:
    """Write the example date of the fields' hints and the reasons.

    Returns
    -------
    str
        ``14/03/2023``.

    Examples
    --------
    >>> example_date()
    '14/03/2023'
    """
    return fmt.format_date(dt.date(2023, 3, 14))


def _date_of(parts: dict[str, str | None], prefix: str, text: str) -> dt.date:
    """Build the date matched by :data:`_DATE` (its groups named with ``prefix``)."""

    def part(name: str) -> str | None:
        return parts.get(prefix + name)

    if part("iy"):
        year, month, day = part("iy"), part("im"), part("id")
    elif part("dd"):
        year, month, day = part("yyyy"), part("mm"), part("dd")
    else:
        year, month, day = part("y"), part("m"), part("d")
    number = int(str(year))
    number = 2000 + number if len(str(year)) == 2 else number
    try:
        return dt.date(number, int(str(month)), int(str(day)))
    except ValueError:
        raise DateError(
            _("«{text}» không có trên lịch: ngày hoặc tháng không đúng.").format(text=text.strip())
        ) from None


def _check_bounds(day: dt.date, min_value: dt.date | None, max_value: dt.date | None) -> None:
    """Raise :class:`DateError` when ``day`` is outside ``min_value``..``max_value``."""
    low = min_value is not None and day < min_value
    high = max_value is not None and day > max_value
    if not (low or high):
        return
    shown = fmt.format_date(day)
    if min_value is not None and max_value is not None:
        message = _("Ngày {date} nằm ngoài khoảng cho phép: từ {start} đến {end}.")
    elif low:
        message = _("Ngày {date} quá sớm: sớm nhất là {start}.")
    else:
        message = _("Ngày {date} quá muộn: muộn nhất là {end}.")
    start, end = fmt.format_date(min_value), fmt.format_date(max_value)
    raise DateError(message.format(date=shown, start=start, end=end))


def parse_date(
    text: str, *, min_value: dt.date | None = None, max_value: dt.date | None = None
) -> dt.date:
    """Read a date typed as ``dd/mm/yyyy`` (or ``d/m/yy``, ``d.m.yyyy``, ``ddmmyyyy``, ISO).

    Parameters
    ----------
    text : str
        What the user typed.
    min_value, max_value : date, optional
        The first and last day allowed.

    Returns
    -------
    date
        The date.

    Raises
    ------
    DateError
        When ``text`` is empty, is not a date, is not on the calendar or is out of bounds; the
        message says why, in the language in use.

    Examples
    --------
    >>> parse_date("14/03/2023"), parse_date(" 4/3/23 "), parse_date("14032023")
    (datetime.date(2023, 3, 14), datetime.date(2023, 3, 4), datetime.date(2023, 3, 14))
    >>> parse_date("14.03.2023") == parse_date("2023-03-14") == parse_date("14-3-2023")
    True
    >>> parse_date("31/02/2023")
    Traceback (most recent call last):
    ...
    geo.dates.DateError: «31/02/2023» không có trên lịch: ngày hoặc tháng không đúng.
    >>> from geo.i18n import language
    >>> with language("en"):
    ...     parse_date("01/01/2021", min_value=dt.date(2022, 1, 1))
    Traceback (most recent call last):
    ...
    geo.dates.DateError: 01/01/2021 is too early: the earliest is 01/01/2022.
    """
    if not text or not text.strip():
        raise DateError(
            _("Hãy nhập một ngày dạng ngày/tháng/năm, ví dụ {example}.").format(
                example=example_date()
            )
        )
    match = _ONE_DATE.match(text)
    if match is None:
        raise DateError(
            _("«{text}» không phải là ngày: hãy nhập dạng ngày/tháng/năm, ví dụ {example}.").format(
                text=text.strip(), example=example_date()
            )
        )
    day = _date_of(match.groupdict(), "", text)
    _check_bounds(day, min_value, max_value)
    return day


def format_date_range(start: dt.date, end: dt.date) -> str:
    """Write a period the way :func:`date_range_field` shows it (and reads it back).

    Parameters
    ----------
    start, end : date
        The first and last day.

    Returns
    -------
    str
        ``"13/02/2023 – 31/05/2023"``; one day alone when ``start == end``.

    Examples
    --------
    >>> format_date_range(dt.date(2023, 2, 13), dt.date(2023, 5, 31))
    '13/02/2023 – 31/05/2023'
    >>> format_date_range(dt.date(2023, 2, 13), dt.date(2023, 2, 13))
    '13/02/2023'
    """
    if start == end:
        return fmt.format_date(start)
    return f"{fmt.format_date(start)}{RANGE_DASH}{fmt.format_date(end)}"


def parse_date_range(
    text: str, *, min_value: dt.date | None = None, max_value: dt.date | None = None
) -> tuple[dt.date, dt.date]:
    """Read a period typed as ``dd/mm/yyyy – dd/mm/yyyy`` (or a single day).

    Between the two days may stand a dash (``-``, ``–``, ``—``), ``~``, ``→``, ``..``, «đến» or
    «to», or nothing but spaces. Days given in the wrong order are put in order.

    Parameters
    ----------
    text : str
        What the user typed.
    min_value, max_value : date, optional
        The first and last day allowed.

    Returns
    -------
    tuple of date
        ``(start, end)``; ``(day, day)`` for a single day.

    Raises
    ------
    DateError
        As :func:`parse_date`, for either day, or when ``text`` is not a period.

    Examples
    --------
    >>> parse_date_range("13/02/2023 – 31/05/2023")
    (datetime.date(2023, 2, 13), datetime.date(2023, 5, 31))
    >>> parse_date_range("31/5/23-13/2/23") == parse_date_range("13/02/2023 đến 31/05/2023")
    True
    >>> parse_date_range("14/03/2023")
    (datetime.date(2023, 3, 14), datetime.date(2023, 3, 14))
    >>> from geo.i18n import language
    >>> with language("en"):
    ...     parse_date_range("February")
    Traceback (most recent call last):
    ...
    geo.dates.DateError: «February» is not a period: enter two days as 13/02/2023 – 14/03/2023.
    """
    if text and _ONE_DATE.match(text):
        day = parse_date(text, min_value=min_value, max_value=max_value)
        return day, day
    match = _TWO_DATES.match(text or "")
    if match is None:
        if not text or not text.strip():
            example = format_date_range(dt.date(2023, 2, 13), dt.date(2023, 3, 14))
            raise DateError(_("Hãy nhập hai ngày dạng {example}.").format(example=example))
        raise DateError(
            _("«{text}» không phải là một khoảng ngày: hãy nhập hai ngày dạng {example}.").format(
                text=text.strip(),
                example=format_date_range(dt.date(2023, 2, 13), dt.date(2023, 3, 14)),
            )
        )
    parts = match.groupdict()
    first, second = _date_of(parts, "", text), _date_of(parts, "b_", text)
    start, end = min(first, second), max(first, second)
    _check_bounds(start, min_value, max_value)
    _check_bounds(end, min_value, max_value)
    return start, end
