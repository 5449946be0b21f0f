"""The meeting pack as an administrative report (Decree 30/2020/NĐ-CP): its fixed texts and tables.

The PDF (:mod:`~geo.outputs.reports.handout`), the Word document
(:mod:`~geo.outputs.reports.docx_pack`) and the workbook (:mod:`~geo.outputs.reports.workbook`)
print the same heading, number and date line, section titles, plan summaries, signature block
and page line, all from here:

* the issuing body (left) and the national heading (right): «CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
  / Độc lập - Tự do - Hạnh phúc» (:data:`NATIONAL_NAME`, :data:`MOTTO`);
* «Số: …/BC-…» left blank for the office (:func:`number_line`) and «Hà Nam, ngày 14 tháng 3 năm
  2023» dated on the data date (:func:`date_line`; day < 10 and months 1-2 with a leading zero,
  as the decree writes them);
* the plan summarised per team and per district (:func:`plan_summary`), the full schedule only
  as an appendix;
* the signature block «Người báo cáo» / «Lãnh đạo duyệt» (:data:`SIGNERS`);
* the page line: data date, boundary version, page n/N (:func:`page_line`).

Demo data: every team of the demo campaign is named «… (DEMO)» (:mod:`geo.demo`), so a pack
whose visits or plan hold such a team is built from the demo (:func:`uses_demo_data`). The
store-level test (a demo batch not undone, :func:`geo.demo.accounts.demo_active`) is the
truthful one when the caller has the store; it is passed as ``make_pack(demo=...)``. Nothing here
imports streamlit.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from geo.fmt import display_text, format_date
from geo.i18n import N_, _
from geo.metrics.progress import team_sort_key

__all__ = [
    "DEMO_MARK",
    "MOTTO",
    "NATIONAL_NAME",
    "SECTIONS",
    "SIGNERS",
    "SUMMARY_HEADERS",
    "WATERMARK",
    "date_line",
    "number_line",
    "page_line",
    "plan_summary",
    "report_subtitle",
    "uses_demo_data",
]

#: How the demo campaign marks its team names (:mod:`geo.demo.campaign`).
DEMO_MARK = "(DEMO)"
#: The watermark printed across every page of a pack built from demo data.
WATERMARK = "DEMO"
#: National heading, line 1 (bold capitals) and line 2 (bold, underlined).
NATIONAL_NAME = N_("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
MOTTO = N_("Độc lập - Tự do - Hạnh phúc")
#: Section titles, in print order (catalog ids).
SECTIONS = {
    "headline": N_("I. KẾT QUẢ CHUNG"),
    "trend": N_("II. TIẾN ĐỘ SO VỚI CHỈ TIÊU"),
    "map": N_("III. BẢN ĐỒ TỶ LỆ KÍCH HOẠT THEO XÃ"),
    "districts": N_("IV. XẾP HẠNG HUYỆN, THỊ XÃ, THÀNH PHỐ"),
    "gaps": N_("V. XÃ, PHƯỜNG, THỊ TRẤN CÒN NHIỀU NGƯỜI CHƯA KÍCH HOẠT"),
    "plan": N_("VI. KẾ HOẠCH CÔNG TÁC CỦA TỔ LƯU ĐỘNG"),
    "appendix": N_("PHỤ LỤC: LỊCH CÔNG TÁC CHI TIẾT"),
}
#: Signature block: (title, note under it), left then right.
SIGNERS = (
    (N_("NGƯỜI BÁO CÁO"), N_("(Ký, ghi rõ họ tên)")),
    (N_("LÃNH ĐẠO DUYỆT"), N_("(Ký, ghi rõ họ tên, đóng dấu)")),
)
#: Headers of the plan summaries (:func:`plan_summary`; catalog ids).
SUMMARY_HEADERS = {
    "team": {
        "group": N_("Tổ lưu động"),
        "evenings": N_("Số buổi"),
        "communes": N_("Số xã"),
        "expected": N_("Dự kiến kích hoạt"),
    },
    "district": {
        "group": N_("Huyện, thị xã, thành phố"),
        "evenings": N_("Số buổi"),
        "communes": N_("Số xã"),
        "expected": N_("Dự kiến kích hoạt"),
    },
}


def uses_demo_data(visits: pd.DataFrame | None, plan: pd.DataFrame | None) -> bool:
    """Tell whether a visit or a plan row belongs to a demo team (named «… (DEMO)»).

    Parameters
    ----------
    visits, plan : DataFrame, optional
        Rows with a ``team`` column.

    Returns
    -------
    bool
        True when any team name contains :data:`DEMO_MARK`.

    Examples
    --------
    >>> uses_demo_data(pd.DataFrame({"team": ["Tổ 1", "Tổ 2 (DEMO)"]}), None)
    True
    >>> uses_demo_data(pd.DataFrame({"team": ["Tổ 1"]}), pd.DataFrame({"team": []}))
    False
    """
    for df in (visits, plan):
        if (
            df is not None
            and "team" in df
            and df["team"].astype(str).str.contains(DEMO_MARK, regex=False).any()
        ):
            return True
    return False


def number_line() -> str:
    """Return the document number line, left blank for the office: «Số: ……/BC-……».

    Returns
    -------
    str
        In the language in use.

    Examples
    --------
    >>> number_line()
    'Số: ……/BC-……'
    """
    return _("Số: ……/BC-……")


def date_line(place: str, day: date) -> str:
    """Return the place and date line of the decree: day < 10 and months 1-2 take a zero.

    Parameters
    ----------
    place : str
        The place (a catalog id such as «Hà Nam», translated here).
    day : date
        The date of the report (the data date).

    Returns
    -------
    str
        «Hà Nam, ngày 05 tháng 02 năm 2023» in the language in use.

    Examples
    --------
    >>> date_line("Hà Nam", date(2023, 2, 5))
    'Hà Nam, ngày 05 tháng 02 năm 2023'
    >>> date_line("Hà Nam", date(2023, 3, 14))
    'Hà Nam, ngày 14 tháng 3 năm 2023'
    """
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return _("{place}, ngày {day} tháng {month} năm {year}").format(
        place=display_text(_(place)), day=f"{day.day:02d}", month=month, year=day.year
    )


def report_subtitle(first: date, last: date) -> str:
    """Return the report's summary line under «BÁO CÁO».

    Parameters
    ----------
    first, last : date
        The reporting period.

    Returns
    -------
    str
        In the language in use.

    Examples
    --------
    >>> report_subtitle(date(2023, 3, 1), date(2023, 3, 14))
    'Kết quả hướng dẫn kích hoạt tài khoản định danh điện tử qua tổ lưu động từ ngày 01/03/2023 đến ngày 14/03/2023'
    """  # noqa: E501
    return _(
        "Kết quả hướng dẫn kích hoạt tài khoản định danh điện tử qua tổ lưu động "
        "từ ngày {start} đến ngày {end}"
    ).format(start=format_date(first), end=format_date(last))


#: The word that names boundaries: a version label (a catalog id) that starts with it is not
#: given it again on the page line.
_BOUNDARIES = "Ranh giới"


def page_line(as_of: date, boundary_version: str, page: int | str, pages: int | str) -> str:
    """Return the line printed at the foot of every page: data date, boundary version, page.

    Parameters
    ----------
    as_of : date
        Data date.
    boundary_version : str
        The boundary version label (a catalog id, translated here).
    page, pages : int or str
        Page number and page count (a placeholder such as fpdf2's ``"{nb}"`` works too).

    Returns
    -------
    str
        In the language in use.

    Examples
    --------
    >>> page_line(date(2023, 3, 14), "2020-2024", 2, 5)
    'Số liệu đến ngày 14/03/2023 · Ranh giới 2020-2024 · Trang 2/5'
    >>> page_line(date(2023, 3, 14), "Ranh giới gần đúng (98 đơn vị, 01/2025)", 2, 5)
    'Số liệu đến ngày 14/03/2023 · Ranh giới gần đúng (98 đơn vị, 01/2025) · Trang 2/5'
    """
    version = display_text(_(boundary_version))
    if not boundary_version.startswith(_BOUNDARIES):  # «Ranh giới gần đúng …» says it already
        version = _("Ranh giới {version}").format(version=version)
    return _("Số liệu đến ngày {date} · {version} · Trang {page}/{pages}").format(
        date=format_date(as_of), version=version, page=page, pages=pages
    )


def plan_summary(plan: pd.DataFrame, by: str) -> pd.DataFrame:
    """Summarise a plan per team or per district: evenings, communes, expected activations.

    An evening is one team on one date; a team's communes are the distinct communes it visits.
    The last row is the total (``group`` «Tổng cộng»).

    Parameters
    ----------
    plan : DataFrame
        :func:`~geo.outputs.reports.content.plan_table` rows (``date, team, commune``, and
        ``district`` / ``expected`` when known).
    by : {"team", "district"}
        The grouping; ``"district"`` needs a ``district`` column.

    Returns
    -------
    DataFrame
        ``group, evenings, communes, expected`` (``expected`` is NaN without expected
        activations); teams in natural order, districts by name; an empty frame when ``by`` is
        ``"district"`` and the plan has no district.

    Examples
    --------
    >>> plan = pd.DataFrame({"date": ["2023-06-01", "2023-06-01", "2023-06-02"],
    ...                      "team": ["Tổ 10", "Tổ 2", "Tổ 2"], "commune": ["A", "B", "C"],
    ...                      "expected": [40.0, 30.0, 25.0]})
    >>> plan_summary(plan, "team").values.tolist()
    [['Tổ 2', 2, 2, 55.0], ['Tổ 10', 1, 1, 40.0], ['Tổng cộng', 3, 3, 95.0]]
    """
    column = "team" if by == "team" else "district"
    if column not in plan or plan[column].isna().all():
        return pd.DataFrame(columns=["group", "evenings", "communes", "expected"])
    df = plan.assign(
        expected=plan["expected"] if "expected" in plan else float("nan"),
        evening=plan["date"].astype(str) + "\x00" + plan["team"].astype(str),
    )
    df[column] = df[column].fillna("—").astype(str)
    rows = []
    keys = sorted(df[column].unique(), key=team_sort_key if by == "team" else str)
    for key in keys:
        part = df[df[column] == key]
        rows.append((key, part["evening"].nunique(), part["commune"].nunique(), _sum(part)))
    rows.append((_("Tổng cộng"), df["evening"].nunique(), df["commune"].nunique(), _sum(df)))
    return pd.DataFrame(rows, columns=["group", "evenings", "communes", "expected"])


def _sum(part: pd.DataFrame) -> float:
    """Sum the expected activations; NaN when none is known."""
    values = pd.to_numeric(part["expected"], errors="coerce")
    return float(values.sum()) if values.notna().any() else float("nan")
