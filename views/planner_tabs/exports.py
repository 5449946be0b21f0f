"""Section «Xuất lịch và thông báo» of the schedule tab: Excel schedule, notices for residents.

Drawn inside the schedule's fragment (``views/planner_tabs/schedule.py``); the notice of one
commune is a fragment of its own, so picking a commune reruns that picker only. The posters
(one A4 landscape poster per district, ``geo.outputs.notices.poster``) cover the whole schedule.
The fragment holds the commune's one-page notice (PDF) and its loudspeaker / Zalo announcement:
shown as plain text in ``st.code`` (Streamlit's own copy button, no script of ours, offline) and
downloadable as a UTF-8 ``.txt``. Every download is audited (``ui.auth.download_button``);
every notice carries the contact line of each team (``Store.teams()["contact"]``, edited in
the teams section).
"""

from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from geo.fmt import format_int
from geo.i18n import _, ngettext
from geo.outputs import notices
from geo.planning import tables
from geo.xlsx import XLSX_MIME
from ui import auth, errors, timing
from ui.search import commune_picker
from views.planner_tabs.context import Page

_AUDIT = {"page": "planner"}


def render(page: Page, schedule, labels: dict[str, str]) -> None:
    # the files are built on the click, in this run's language, and audited (ui.auth)
    communes, day = page.communes, page.start.isoformat()
    where = page.target(schedule["code"])
    st.subheader(_("Xuất lịch và thông báo"))
    auth.download_button(
        _("Tải lịch công tác (Excel)"),
        notices.schedule_xlsx,
        schedule,
        communes,
        file_name=_("lich-cong-tac-{date}.xlsx").format(date=day),
        mime=XLSX_MIME,
        key="plan_xlsx",
        target=where,
        detail=_AUDIT,
    )
    style = st.radio(
        _("Địa điểm mặc định"),
        list(tables.MEETING_LABELS),
        # labels made in this run: Streamlit may call format_func outside it
        format_func={s: tables.meeting_label(s) for s in tables.MEETING_LABELS}.__getitem__,
        horizontal=True,
        key="plan_meeting_style",
    )
    points = notices.meeting_point_table(schedule, communes, style)
    frame = tables.meeting_points_frame(points)
    code, name, first, place = frame.columns  # headers in the language in use
    points_edit = st.data_editor(
        frame,
        hide_index=True,
        disabled=[code, name, first],
        column_config={first: st.column_config.DateColumn(format="DD/MM/YYYY")},
        key=f"plan_points_{style}",
    )
    meeting = dict(zip(points_edit[code], points_edit[place], strict=True))
    contacts = team_contacts(page.teams)
    hotline = st.text_input(
        _("Số điện thoại liên hệ (in trên thông báo)"),
        placeholder=_("Ví dụ: Công an xã 0226 3xxx xxx"),
        key="plan_hotline",
    )
    n1, n2 = st.columns(2)
    n = len(points)
    auth.download_button(
        ngettext("Tải thông báo của {n} xã (PDF)", "Tải thông báo của {n} xã (PDF)", n).format(
            n=format_int(n)
        ),
        partial(
            notices.notices_pdf, meeting_points=meeting, hotline=hotline, team_contacts=contacts
        ),
        schedule,
        communes,
        file_name=_("thong-bao-lich-lam-viec-{date}.pdf").format(date=day),
        mime="application/pdf",
        key="plan_notices",
        target=where,
        detail=_AUDIT,
        container=n1,
    )
    auth.download_button(
        _("Tải lịch niêm yết cả đợt (PDF, mỗi huyện một bản)"),
        partial(
            notices.posters_pdf, meeting_points=meeting, hotline=hotline, team_contacts=contacts
        ),
        schedule,
        communes,
        file_name=_("lich-niem-yet-{date}.pdf").format(date=day),
        mime="application/pdf",
        key="plan_posters",
        target=where,
        detail=_AUDIT,
        container=n1,
    )
    with n2:
        names = {c: labels.get(c, c) for c in points["code"]}
        _one_notice(page, schedule, names, meeting, hotline, contacts)


def team_contacts(teams: pd.DataFrame) -> dict[str, str]:
    """The contact line of each team that has one, by team name (user text, as typed)."""
    if "contact" not in teams:
        return {}
    given = teams.dropna(subset=["contact"])
    return {str(n): str(c) for n, c in zip(given["name"], given["contact"], strict=True)}


def _text_file(*args: Any, **kwargs: Any) -> bytes:
    # the announcement as a UTF-8 text file (built on the click, in this run's language)
    return notices.announcement_text(*args, **kwargs).encode("utf-8")


@st.fragment(key="plan_part_notice")
@timing.timed_fragment("planner.notice")
@errors.guarded("planner.notice")
def _one_notice(
    page: Page,
    schedule,
    names: dict[str, str],
    meeting: dict,
    hotline: str,
    contacts: dict[str, str],
) -> None:
    """The notice of one commune, picked (a fragment: a pick reruns this part only)."""
    day = page.start.isoformat()
    one = commune_picker(_("Thông báo của một xã"), names, key="plan_notice_code")
    if one is None:
        return
    where = page.target([one])
    options: dict[str, Any] = {
        "meeting_point": meeting.get(one),
        "hotline": hotline,
        "team_contacts": contacts,
    }
    auth.download_button(
        _("Tải thông báo của xã đã chọn (PDF)"),
        partial(notices.notice_pdf, **options),
        schedule,
        page.communes,
        one,
        file_name=_("thong-bao-{code}-{date}.pdf").format(code=one, date=day),
        mime="application/pdf",
        key="plan_notice_one",
        target=where,
        detail=_AUDIT,
    )
    if not auth.allowed("export", where):
        return  # the disabled button above says why
    st.markdown("**" + _("Nội dung đọc trên loa truyền thanh và tin nhắn nhóm Zalo") + "**")
    st.caption(_("Bấm biểu tượng sao chép ở góc khung để chép toàn bộ nội dung."))
    st.code(
        notices.announcement_text(schedule, page.communes, one, **options),
        language=None,
        wrap_lines=True,
    )
    auth.download_button(
        _("Tải nội dung thông báo (.txt)"),
        partial(_text_file, **options),
        schedule,
        page.communes,
        one,
        file_name=_("loa-zalo-{code}-{date}.txt").format(code=one, date=day),
        mime="text/plain",
        key="plan_notice_text",
        target=where,
        detail=_AUDIT,
    )
