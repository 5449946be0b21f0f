"""What a plan gives to people: the Excel schedule, the public notices, and its follow-up.

* :func:`schedule_xlsx`: the schedule as a workbook with one sheet «Lịch công tác» (one row per
  team-evening: date, team, commune, time window, expected activations). Dates are date cells
  (``dd/mm/yyyy``), numbers are numeric cells, and text that a spreadsheet could read as a
  formula (starting with ``= + - @``, tab or carriage return; team names come from uploaded
  files) is stored as a string with Excel's quote prefix, never as a formula.
* :func:`notices_pdf` / :func:`notice_pdf`: the printable public notice «Thông báo lịch làm việc
  của tổ lưu động» that the commune authorities post for residents, one A4 page per commune
  (dates, time window, meeting point, what to bring: chip-based ID card and smartphone, a
  contact line). Fonts: the DejaVu Sans files bundled with matplotlib (:data:`FONT_DIR`),
  embedded as subsets, so the diacritics print on any machine.
* :func:`plan_followup`: a published plan against the visit logs: was each assignment honoured
  (a visit by that team in that commune on that date), activations done vs expected.

Nothing here imports streamlit.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import pandas as pd
from fpdf import FPDF, FontFace
from openpyxl import Workbook

from geo.fmt import format_date, is_missing
from geo.outputs.reports import FONT_DIR
from geo.outputs.xlsx import to_bytes, write_sheet

__all__ = [
    "BRING_ITEMS",
    "FONT_DIR",
    "MEETING_POINT_STYLES",
    "NOTICE_TITLE",
    "SCHEDULE_SHEET",
    "XLSX_HEADERS",
    "default_meeting_point",
    "meeting_point_table",
    "notice_pdf",
    "notices_pdf",
    "schedule_xlsx",
    "weekday_name",
]

NOTICE_TITLE = "THÔNG BÁO LỊCH LÀM VIỆC CỦA TỔ LƯU ĐỘNG"
SCHEDULE_SHEET = "Lịch công tác"
#: What residents bring (printed as a list on the notice).
BRING_ITEMS = (
    "Căn cước công dân gắn chip (CCCD gắn chip) của mình;",
    "Điện thoại thông minh đang dùng số thuê bao chính chủ (đã cài hoặc sẽ được hướng dẫn cài "
    "ứng dụng VNeID).",
)
#: Default meeting points: ``{style: template}``; ``{unit}`` is "xã An Nội", "phường …".
MEETING_POINT_STYLES = {
    "ubnd": "Trụ sở UBND {unit}",
    "nha_van_hoa": "Nhà văn hóa thôn/tổ dân phố",
}
#: Sheet columns: ``{schedule column: header}`` (``window`` is ``start-end``).
XLSX_HEADERS = {
    "no": "STT",
    "date": "Ngày",
    "weekday": "Thứ",
    "team": "Tổ lưu động",
    "code": "Mã xã",
    "commune": "Xã, phường, thị trấn",
    "district_name": "Huyện, thị xã, thành phố",
    "window": "Khung giờ",
    "travel_min": "Đi đường mỗi chiều (phút)",
    "expected_activations": "Dự kiến kích hoạt",
    "reason": "Lý do chọn",
}
_WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
_TYPES = ("thị trấn", "phường", "xã")


def _text(value: object) -> str:
    """Display text: NFC-normalised, missing -> ""."""
    if is_missing(value):
        return ""
    return unicodedata.normalize("NFC", str(value))


def weekday_name(value: object) -> str:
    """Vietnamese weekday of a date.

    Examples
    --------
    >>> weekday_name(date(2023, 6, 1)), weekday_name("2023-06-04")
    ('Thứ Năm', 'Chủ nhật')
    """
    return _WEEKDAYS[pd.Timestamp(value).weekday()]


def _window(start: object, end: object, sep: str = "-") -> str:
    if is_missing(start) or is_missing(end):
        return ""
    return f"{_text(start)}{sep}{_text(end)}"


# --------------------------------------------------------------------------- communes


def _unit(row: Mapping[str, object]) -> tuple[str, str]:
    """``(type, name)`` of a commune row: ("xã", "An Nội"); the type from ``type`` or the
    beginning of ``full_name``, "xã" when unknown."""
    name = _text(row.get("name")) or _text(row.get("code"))
    kind = _text(row.get("type")).lower()
    full = _text(row.get("full_name"))
    if not kind:
        kind = next((t for t in _TYPES if full.lower().startswith(t + " ")), "xã")
    return kind, name


def _commune_table(schedule: pd.DataFrame, communes: pd.DataFrame | None) -> pd.DataFrame:
    """``code, name, type, full_name, district_name`` for every code of ``schedule``."""
    codes = pd.Index(schedule["code"].astype(str).unique())
    out = pd.DataFrame({"code": codes})
    if communes is not None and len(communes):
        c = communes.copy()
        c["code"] = c["code"].astype(str)
        keep = [k for k in ("code", "name", "type", "full_name", "district_name") if k in c]
        out = out.merge(c[keep].drop_duplicates("code"), on="code", how="left")
    if "name" in schedule:
        names = dict(zip(schedule["code"].astype(str), schedule["name"], strict=False))
        fallback = out["code"].map(names)
        out["name"] = out["name"].fillna(fallback) if "name" in out else fallback
    for k in ("name", "type", "full_name", "district_name"):
        if k not in out:
            out[k] = None
    out["name"] = out["name"].where(out["name"].notna(), out["code"])
    return out


def default_meeting_point(commune_type: str | None, name: str, style: str = "ubnd") -> str:
    """The meeting point printed when the user gave none.

    Examples
    --------
    >>> default_meeting_point("xã", "An Nội")
    'Trụ sở UBND xã An Nội'
    >>> default_meeting_point("phường", "Lê Hồng Phong", "nha_van_hoa")
    'Nhà văn hóa thôn/tổ dân phố'
    """
    unit = f"{_text(commune_type).lower() or 'xã'} {_text(name)}"
    return MEETING_POINT_STYLES[style].format(unit=unit)


def meeting_point_table(
    schedule: pd.DataFrame, communes: pd.DataFrame | None = None, style: str = "ubnd"
) -> pd.DataFrame:
    """One row per commune of the schedule (first date first) with its default meeting point.

    Returns
    -------
    DataFrame
        ``code, name, district_name, first_date, meeting_point`` (for the page's editor).
    """
    if schedule.empty:
        return pd.DataFrame(
            columns=["code", "name", "district_name", "first_date", "meeting_point"]
        )
    info = _commune_table(schedule, communes)
    first = (
        pd.DataFrame({"code": schedule["code"].astype(str), "d": pd.to_datetime(schedule["date"])})
        .groupby("code")["d"]
        .min()
    )
    info["first_date"] = info["code"].map(first)
    info["meeting_point"] = [
        default_meeting_point(*_unit(r), style=style) for r in info.to_dict("records")
    ]
    info = info.sort_values(["first_date", "name", "code"], kind="stable").reset_index(drop=True)
    return info[["code", "name", "district_name", "first_date", "meeting_point"]]


# --------------------------------------------------------------------------- Excel


def schedule_xlsx(schedule: pd.DataFrame, communes: pd.DataFrame | None = None) -> bytes:
    """The schedule as an Excel workbook, one sheet :data:`SCHEDULE_SHEET`.

    Parameters
    ----------
    schedule : DataFrame
        ``date, team, code`` and optionally ``name, window_start, window_end, travel_min,
        expected_activations, reason`` (:data:`geo.planning.planner.SCHEDULE_COLUMNS` or
        :meth:`geo.store.Store.plan_assignments`); rows are written sorted by date and team.
    communes : DataFrame, optional
        ``code, name`` (and ``full_name``, ``district_name``) to name the communes.

    Returns
    -------
    bytes
        An ``.xlsx`` file: header row bold on blue, frozen, with a filter; columns of
        :data:`XLSX_HEADERS` (the district column only when some district is known). ``STT``
        numbers the rows 1, 2, … in that order.
    """
    s = schedule.copy()
    s["date"] = pd.to_datetime(s["date"]).dt.normalize()
    s["team"], s["code"] = s["team"].astype(str), s["code"].astype(str)
    s = s.sort_values(["date", "team", "code"], kind="stable").reset_index(drop=True)
    info = _commune_table(s, communes).set_index("code")
    s["commune"] = s["code"].map(info["name"])
    s["district_name"] = s["code"].map(info["district_name"])
    s["no"] = np.arange(1, len(s) + 1)
    s["weekday"] = [weekday_name(d) for d in s["date"]]
    s["window"] = [
        _window(a, b)
        for a, b in zip(
            s.get("window_start", [None] * len(s)),
            s.get("window_end", [None] * len(s)),
            strict=True,
        )
    ]
    headers = dict(XLSX_HEADERS)
    if s["district_name"].isna().all():
        headers.pop("district_name")
    s["expected_activations"] = pd.to_numeric(
        s.get("expected_activations", np.nan), errors="coerce"
    ).round(1)
    wb = Workbook()
    write_sheet(
        wb,
        SCHEDULE_SHEET,
        s,
        headers,
        text_columns=("weekday", "team", "code", "commune", "district_name", "window", "reason"),
        sheet=wb.active,
    )
    wb.active.title = SCHEDULE_SHEET
    wb.properties.title = SCHEDULE_SHEET
    return to_bytes(wb)


# --------------------------------------------------------------------------- PDF notices


def _new_pdf(unit: str) -> FPDF:
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.add_font("DejaVu", "I", str(FONT_DIR / "DejaVuSans-Oblique.ttf"))
    pdf.set_margins(20, 15, 20)
    pdf.set_auto_page_break(True, margin=15)
    pdf.set_title(_text(NOTICE_TITLE.capitalize()))
    pdf.set_author(_text(unit))
    pdf.set_creation_date(datetime(2000, 1, 1))  # same bytes for the same input
    return pdf


def _sessions(rows: pd.DataFrame) -> list[tuple[pd.Timestamp, str, str]]:
    """``(date, window text, teams)`` per evening of one commune (same window: one line)."""
    r = rows.copy()
    r["w"] = [
        _window(a, b, " đến ") or "giờ sẽ thông báo sau"
        for a, b in zip(
            r.get("window_start", [None] * len(r)),
            r.get("window_end", [None] * len(r)),
            strict=True,
        )
    ]
    out = []
    for (d, w), g in r.groupby(["date", "w"], sort=True):
        out.append(
            (pd.Timestamp(d), f"Từ {w}" if " đến " in w else w, ", ".join(sorted(set(g["team"]))))
        )
    return out


def _cell(pdf: FPDF, w: float, h: float, text: str, align: str = "L") -> None:
    """A paragraph; the cursor goes back to the left margin below it."""
    pdf.multi_cell(w, h, _text(text), align=align, new_x="LMARGIN", new_y="NEXT")


def _notice_page(
    pdf: FPDF,
    commune: Mapping[str, object],
    rows: pd.DataFrame,
    meeting_point: str,
    hotline: str,
    unit: str,
    issued: date | None,
) -> None:
    kind, name = _unit(commune)
    unit_name = f"{kind} {name}"
    pdf.add_page()
    w = pdf.epw
    top = pdf.get_y()
    # administrative header: issuing body left, national motto right
    pdf.set_font("DejaVu", "B", 10)
    pdf.set_xy(pdf.l_margin, top)
    _cell(pdf, w * 0.42, 5, f"ỦY BAN NHÂN DÂN\n{unit_name.upper()}", align="C")
    left_bottom = pdf.get_y()
    pdf.set_xy(pdf.l_margin + w * 0.42, top)
    _cell(
        pdf,
        w * 0.58,
        5,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
        align="C",
    )
    y = max(left_bottom, pdf.get_y()) + 1
    pdf.line(pdf.l_margin + w * 0.13, y, pdf.l_margin + w * 0.29, y)
    pdf.line(pdf.l_margin + w * 0.56, y, pdf.l_margin + w * 0.86, y)
    pdf.set_xy(pdf.l_margin + w * 0.42, y + 2)
    pdf.set_font("DejaVu", "I", 10)
    when = (
        f"ngày {issued.day:02d} tháng {issued.month:02d} năm {issued.year}"
        if issued
        else "ngày ...... tháng ...... năm ........"
    )
    _cell(pdf, w * 0.58, 5, f"{name}, {when}", align="C")
    pdf.ln(9)

    pdf.set_font("DejaVu", "B", 15)
    _cell(pdf, 0, 8, NOTICE_TITLE, align="C")
    pdf.set_font("DejaVu", "B", 11)
    _cell(pdf, 0, 6, "Hướng dẫn đăng ký, kích hoạt tài khoản định danh điện tử (VNeID)", align="C")
    pdf.ln(6)

    pdf.set_font("DejaVu", "", 11.5)
    _cell(
        pdf,
        0,
        6.5,
        _text(
            f"Thực hiện kế hoạch của {unit}, tổ lưu động của lực lượng Công an sẽ đến "
            f"{unit_name} để hướng dẫn công dân đăng ký, kích hoạt tài khoản định danh điện tử "
            "mức độ 2 (VNeID) ngay tại địa phương, theo lịch sau:"
        ),
    )
    pdf.ln(3)
    pdf.set_font("DejaVu", "", 11)
    with pdf.table(
        col_widths=(48, 60, 62),
        text_align=("CENTER", "CENTER", "LEFT"),
        headings_style=FontFace(emphasis="BOLD", fill_color=(225, 232, 242)),
        line_height=7,
        padding=1.5,
        width=170,
    ) as table:
        head = table.row()
        for label in ("Ngày", "Thời gian", "Tổ lưu động"):
            head.cell(label, align="CENTER")
        for d, window, teams in _sessions(rows):
            row = table.row()
            row.cell(f"{weekday_name(d)}\n{format_date(d)}")
            row.cell(window)
            row.cell(_text(teams))
    pdf.ln(5)

    pdf.set_font("DejaVu", "B", 11.5)
    _cell(pdf, 0, 6.5, _text(f"Địa điểm: {meeting_point}"))
    pdf.ln(2)
    _cell(pdf, 0, 6.5, "Khi đến, công dân mang theo:")
    pdf.set_font("DejaVu", "", 11.5)
    for item in BRING_ITEMS:
        pdf.set_x(pdf.l_margin + 6)
        _cell(pdf, 0, 6.5, f"- {item}")
    pdf.ln(2)
    _cell(
        pdf,
        0,
        6.5,
        "Tổ lưu động cũng đến từng hộ gia đình trong khung giờ trên; đề nghị các hộ gia đình "
        "thông báo cho người thân cùng tham gia. Việc hướng dẫn, kích hoạt không thu phí.",
    )
    pdf.ln(2)
    contact = _text(hotline).strip() or "................................................"
    pdf.set_font("DejaVu", "B", 11.5)
    _cell(pdf, 0, 6.5, f"Số điện thoại liên hệ: {contact}")
    pdf.ln(3)
    pdf.set_font("DejaVu", "", 11.5)
    _cell(pdf, 0, 6.5, _text(f"Ủy ban nhân dân {unit_name} trân trọng thông báo./."))
    pdf.ln(6)
    pdf.set_x(pdf.l_margin + w * 0.5)
    pdf.set_font("DejaVu", "B", 11)
    _cell(pdf, w * 0.5, 6, "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH", align="C")


def notices_pdf(
    schedule: pd.DataFrame,
    communes: pd.DataFrame | None = None,
    *,
    codes: Iterable[str] | None = None,
    meeting_points: Mapping[str, str] | None = None,
    meeting_style: str = "ubnd",
    hotline: str = "",
    unit: str = "Công an tỉnh Hà Nam",
    issued: date | None = None,
) -> bytes:
    """The public notices of a schedule: one A4 page per commune (first date first).

    Parameters
    ----------
    schedule : DataFrame
        ``date, team, code`` and optionally ``name, window_start, window_end``.
    communes : DataFrame, optional
        ``code, name, type`` (or ``full_name``) to write "xã An Nội", "phường …".
    codes : iterable of str, optional
        Only these communes (in schedule order); default all.
    meeting_points : mapping, optional
        ``{code: meeting point}``; the others get :func:`default_meeting_point` of
        ``meeting_style``.
    hotline : str
        Contact line (telephone numbers, names); blank prints a dotted line to fill by hand.
    unit : str
        Who planned the visits ("Công an tỉnh Hà Nam").
    issued : date, optional
        Date of the notice; blank (to fill by hand) by default.

    Returns
    -------
    bytes
        A PDF. Raises ``ValueError`` when no commune is left to print.
    """
    s = schedule.copy()
    s["date"] = pd.to_datetime(s["date"]).dt.normalize()
    s["team"], s["code"] = s["team"].astype(str), s["code"].astype(str)
    table = meeting_point_table(s, communes, meeting_style)
    if codes is not None:
        wanted = [str(c) for c in codes]
        table = table[table["code"].isin(wanted)]
    if table.empty:
        raise ValueError("Không có xã nào trong lịch để in thông báo.")
    info = _commune_table(s, communes).set_index("code")
    pdf = _new_pdf(unit)
    given = {str(k): _text(v) for k, v in (meeting_points or {}).items() if _text(v).strip()}
    for row in table.itertuples(index=False):
        commune = {"code": row.code, **info.loc[row.code].to_dict()}
        point = given.get(row.code, row.meeting_point)
        _notice_page(pdf, commune, s[s["code"] == row.code], point, hotline, unit, issued)
    return bytes(pdf.output())


def notice_pdf(
    schedule: pd.DataFrame,
    communes: pd.DataFrame | None,
    code: str,
    *,
    meeting_point: str | None = None,
    meeting_style: str = "ubnd",
    hotline: str = "",
    unit: str = "Công an tỉnh Hà Nam",
    issued: date | None = None,
) -> bytes:
    """The notice of one commune (one page); see :func:`notices_pdf`."""
    points = {str(code): meeting_point} if meeting_point else None
    return notices_pdf(
        schedule,
        communes,
        codes=[str(code)],
        meeting_points=points,
        meeting_style=meeting_style,
        hotline=hotline,
        unit=unit,
        issued=issued,
    )
