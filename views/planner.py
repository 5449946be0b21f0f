"""Trang «Kế hoạch»: xếp hạng ưu tiên các xã, lập lịch tổ lưu động, thông báo, đối chiếu."""

import datetime as dt
import html
from functools import partial

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo.fmt import format_date, format_int, format_number, format_percent
from geo.metrics import Filters
from geo.outputs import notices
from geo.outputs.schedule_map import build_schedule_map, legend_html, team_colours
from geo.outputs.xlsx import XLSX_MIME
from geo.planning import followup, planner
from ui.state import (
    get_commune_payload,
    get_communes,
    get_record_version,
    get_records,
    get_settings,
    get_store,
)
from ui.state import get_metrics as _get_metrics

VN_OFFSET = dt.timedelta(hours=7)  # giờ Việt Nam (UTC+7)
WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]
WEIGHT_LABELS = {
    "gap": "Số người chưa kích hoạt",
    "shortfall": "Thiếu so với mục tiêu",
    "staleness": "Số ngày chưa có tổ đến",
    "yield": "Dự kiến kích hoạt mỗi buổi",
    "travel": "Gần trụ sở tổ",
}
METHOD_LABELS = {"milp": "Tối ưu (MILP)", "greedy": "Lần lượt từng buổi (greedy)"}
MEETING_LABELS = {"ubnd": "Trụ sở UBND xã/phường", "nha_van_hoa": "Nhà văn hóa thôn/tổ dân phố"}
COL_DATE, COL_TEAM, COL_COMMUNE = "Ngày", "Tổ lưu động", "Xã, phường, thị trấn"

st.title("Kế hoạch")
st.caption(
    "Xã nào cần đến trước, tổ nào đi đâu, buổi tối nào; thông báo lịch cho người dân; "
    "đối chiếu kế hoạch đã công bố với kết quả thực tế."
)
store = get_store()
user = str(st.session_state.get("user") or "khách")
version = get_record_version()
communes = get_communes(version)
_targets, visits, _teams = get_records(version)
teams = store.teams()
flash = st.session_state.pop("plan_flash", None)
if flash:
    st.success(flash)

# --- kỳ kế hoạch --------------------------------------------------------------------------------
last_visit = pd.to_datetime(visits["date"]).max() if len(visits) else pd.NaT
default_start = (
    last_visit.date() + dt.timedelta(days=1) if pd.notna(last_visit) else dt.date.today()
)
c1, c2 = st.columns(2)
start = c1.date_input("Ngày bắt đầu", default_start, format="DD/MM/YYYY", key="plan_start")
days = int(c2.number_input("Số ngày", 1, 60, 14, key="plan_days"))
horizon = [start + dt.timedelta(days=i) for i in range(days)]
c1.caption(
    f"Số liệu đến hết ngày {format_date(start - dt.timedelta(days=1))}; kỳ kế hoạch "
    f"{format_date(start)} – {format_date(horizon[-1])}."
)

tab_rank, tab_plan, tab_saved = st.tabs(
    ["Xếp hạng ưu tiên", "Lập lịch", "Kế hoạch đã lưu và đối chiếu"]
)

# --- xếp hạng -----------------------------------------------------------------------------------
with tab_rank:
    with st.expander("Trọng số và mục tiêu", expanded=True):
        cols = st.columns(len(WEIGHT_LABELS) + 1)
        defaults = planner.Weights().as_dict()
        chosen = {
            k: cols[i].slider(label, 0.0, 1.0, defaults[k], 0.05, key=f"plan_w_{k}")
            for i, (k, label) in enumerate(WEIGHT_LABELS.items())
        }
        target = cols[-1].slider("Mục tiêu tỷ lệ kích hoạt (%)", 50, 100, 80, 5, key="plan_target")
    if sum(chosen.values()) <= 0:
        st.error("Tổng trọng số phải lớn hơn 0; đang dùng trọng số mặc định.")
        chosen = defaults
    weights = planner.Weights(**{("yield_" if k == "yield" else k): v for k, v in chosen.items()})
    total_w = sum(chosen.values())
    st.caption(
        "Trọng số (đã chuẩn hóa): "
        + "; ".join(
            f"{WEIGHT_LABELS[k].lower()} {format_percent(v / total_w, 0)}"
            for k, v in chosen.items()
        )
        + ". Mỗi thành phần được đưa về thang 0–1 trên các xã có số liệu; điểm = tổng có trọng số."
    )

    yesterday = start - dt.timedelta(days=1)
    metrics = _get_metrics(version, Filters(end=yesterday))
    recent = _get_metrics(version, Filters(start=start - dt.timedelta(days=7), end=yesterday))
    rates = planner.learn_yield(visits, communes, teams)
    scores = planner.priority_scores(
        metrics,
        communes[["code", "lat", "lon"]],
        teams,
        weights,
        target / 100,
        today=start,
        yield_rates=rates,
    )
    effort = dict(zip(recent["code"].astype(str), recent["officer_hours"], strict=True))
    scores["recent_effort"] = scores["code"].map(effort).fillna(0.0)
    ranked = scores[scores["score"].notna()]

    b1, b2, b3 = st.columns(3)
    b1.metric("Xã được xếp hạng", format_int(len(ranked)))
    b2.metric("Mức ưu tiên 1", format_int(int((ranked["band"] == 1).sum())))
    b3.metric("Chưa có số liệu", format_int(len(scores) - len(ranked)))
    table = pd.DataFrame(
        {
            "Hạng": ranked["rank"].astype(int),
            "Mức ưu tiên": ranked["band"].astype(int),
            COL_COMMUNE: ranked["name"],
            "Huyện, thị xã, thành phố": ranked["district_name"],
            "Điểm": ranked["score"].map(lambda v: format_number(v, 3)),
            "Lý do": ranked["reason"],
            "Chưa kích hoạt": ranked["gap_value"].map(format_int),
            "Tỷ lệ kích hoạt": ranked["coverage"].map(format_percent),
            "Thiếu so với mục tiêu (điểm %)": (100 * ranked["shortfall_value"]).map(
                lambda v: format_number(v, 1)
            ),
            "Số ngày chưa có tổ đến": ranked["staleness_value"].map(format_int),
            "Dự kiến kích hoạt mỗi buổi": ranked["yield_value"].map(format_int),
            "Phút đi đường": ranked["travel_value"].map(lambda v: format_int(v, na="—")),
            "Tổ gần nhất": ranked["nearest_team"],
        }
    )
    st.dataframe(table, hide_index=True, key="plan_ranking")
    unranked = scores[scores["score"].isna()]
    if len(unranked):
        with st.expander(f"Xã chưa có số liệu ({format_int(len(unranked))}), không xếp hạng"):
            st.write(", ".join(html.escape(str(n)) for n in unranked["name"]))

# --- lập lịch -----------------------------------------------------------------------------------
based = teams.dropna(subset=["base_lat", "base_lon"])
candidates = scores[scores["has_data"] & (scores["gap"] > 0)]
labels = {
    code: f"{name} ({code})"
    for code, name in zip(candidates["code"], candidates["name"], strict=True)
}
codes_of = {v: k for k, v in labels.items()}
names = dict(zip(communes["code"].astype(str), communes["name"], strict=True))

with tab_plan:
    st.subheader("Tổ lưu động")
    team_table = pd.DataFrame(
        {
            COL_TEAM: teams["name"],
            "Số CBCS": teams["members"],
            "Vĩ độ trụ sở": teams["base_lat"],
            "Kinh độ trụ sở": teams["base_lon"],
        }
    )
    edited_teams = st.data_editor(
        team_table,
        hide_index=True,
        disabled=[COL_TEAM],
        column_config={
            "Số CBCS": st.column_config.NumberColumn(min_value=1, max_value=20, step=1),
            "Vĩ độ trụ sở": st.column_config.NumberColumn(
                min_value=8.0, max_value=24.0, format="%.5f"
            ),
            "Kinh độ trụ sở": st.column_config.NumberColumn(
                min_value=102.0, max_value=110.0, format="%.5f"
            ),
        },
        key="plan_teams_editor",
    )
    if st.button("Lưu thông tin tổ", key="plan_teams_save"):
        n = store.update_teams(
            pd.DataFrame(
                {
                    "name": edited_teams[COL_TEAM],
                    "members": edited_teams["Số CBCS"],
                    "base_lat": edited_teams["Vĩ độ trụ sở"],
                    "base_lon": edited_teams["Kinh độ trụ sở"],
                }
            ),
            user,
        )
        st.session_state["plan_flash"] = f"Đã lưu thông tin {format_int(n)} tổ."
        st.rerun()
    no_base = teams[teams["base_lat"].isna() | teams["base_lon"].isna()]
    if len(no_base):
        st.warning(
            "Các tổ chưa có vị trí trụ sở nên không thể lập lịch: "
            + ", ".join(html.escape(str(n)) for n in no_base["name"])
            + ". Nhập vĩ độ, kinh độ trụ sở ở bảng trên rồi bấm «Lưu thông tin tổ»."
        )

    st.subheader("Thông số lịch")
    p1, p2 = st.columns(2)
    off_weekdays = p1.multiselect(
        "Buổi tối nghỉ trong tuần",
        list(range(7)),
        format_func=WEEKDAYS.__getitem__,
        key="plan_off_weekdays",
    )
    off_dates = p2.multiselect(
        "Ngày nghỉ khác", horizon, format_func=format_date, key="plan_off_dates"
    )
    days_off = [*off_weekdays, *off_dates]
    team_names = based["name"].tolist()
    chosen_teams = st.multiselect("Tổ tham gia", team_names, team_names, key="plan_teams")
    m1, m2 = st.columns(2)
    method = m1.radio(
        "Cách lập lịch",
        list(METHOD_LABELS),
        format_func=METHOD_LABELS.get,
        horizontal=True,
        key="plan_method",
    )
    time_limit = m2.number_input("Thời gian giải tối đa (giây)", 1, 120, 20, key="plan_time_limit")
    inputs = (
        start,
        days,
        tuple(sorted(chosen.items())),
        target,
        tuple(off_weekdays),
        tuple(off_dates),
        tuple(chosen_teams),
        method,
    )
    params = {
        "version": version,
        "weights": chosen,
        "target_coverage": target / 100,
        "days_off_weekdays": off_weekdays,
        "days_off_dates": off_dates,
        "teams": chosen_teams,
        "time_limit": time_limit,
    }
    if st.button(
        "Lập lịch", type="primary", key="plan_build", disabled=not (chosen_teams and len(ranked))
    ):
        with st.spinner("Đang lập lịch…"):
            built = planner.build_schedule(
                candidates,
                based[based["name"].isin(chosen_teams)],
                start,
                days,
                days_off,
                method=method,
                time_limit=float(time_limit),
            )
        st.session_state["plan_result"] = {"schedule": built, "inputs": inputs, "params": params}
        st.session_state.pop("plan_edit", None)

    result = st.session_state.get("plan_result")
    if result is None:
        st.info("Chọn thông số rồi bấm «Lập lịch».")
    elif result["schedule"].empty:
        st.warning("Không lập được buổi nào: không có tổ nào đến được xã cần làm việc.")
    else:
        if result["inputs"] != inputs:
            st.info("Thông số đã thay đổi sau lần lập lịch này; bấm «Lập lịch» để lập lại.")
        proposed = result["schedule"]
        solver = proposed.attrs.get("solver", {})
        st.caption(
            f"{METHOD_LABELS.get(solver.get('method'), '')}: "
            f"{format_number(solver.get('seconds_total', 0.0), 1)} giây."
        )

        st.subheader("Sửa lịch")
        st.caption("Đổi tổ hoặc xã của một buổi, thêm hoặc xóa dòng; lịch được kiểm tra lại ngay.")
        editor = pd.DataFrame(
            {
                "STT": range(1, len(proposed) + 1),
                COL_DATE: proposed["date"].dt.date,
                COL_TEAM: proposed["team"],
                COL_COMMUNE: [labels.get(c, c) for c in proposed["code"]],
            }
        )
        edited = st.data_editor(
            editor,
            hide_index=True,
            num_rows="dynamic",
            disabled=["STT"],
            column_config={
                COL_DATE: st.column_config.DateColumn(format="DD/MM/YYYY", required=True),
                COL_TEAM: st.column_config.SelectboxColumn(
                    options=teams["name"].tolist(), required=True
                ),
                COL_COMMUNE: st.column_config.SelectboxColumn(
                    options=list(labels.values()), required=True
                ),
            },
            key="plan_edit",
        )
        rows = edited.dropna(subset=[COL_DATE, COL_TEAM, COL_COMMUNE])
        assignments = pd.DataFrame(
            {
                "date": pd.to_datetime(rows[COL_DATE]),
                "team": rows[COL_TEAM].astype(str),
                "code": [codes_of.get(x, x) for x in rows[COL_COMMUNE]],
            }
        )
        schedule = planner.schedule_from_assignments(assignments, candidates, teams)
        schedule["no"] = range(1, len(schedule) + 1)
        key_cols = ["date", "team", "code"]
        was_edited = not schedule[key_cols].equals(proposed[key_cols])
        before = planner.evaluate_schedule(proposed, candidates)
        after = planner.evaluate_schedule(schedule, candidates)
        problems = planner.check_schedule(schedule, candidates, teams, days_off)

        e1, e2, e3 = st.columns(3)
        e1.metric("Số buổi làm việc", format_int(len(schedule)))
        e2.metric("Số xã", format_int(schedule["code"].nunique()))
        e3.metric(
            "Dự kiến kích hoạt",
            format_int(after),
            delta=f"{after - before:+.0f} so với lịch đề xuất" if was_edited else None,
        )
        if was_edited:
            st.caption(
                f"Lịch đề xuất: {format_int(before)} người; lịch đã sửa: {format_int(after)} người."
            )
        if problems:
            st.error("Lịch chưa hợp lệ:\n\n" + "\n".join(f"- {html.escape(p)}" for p in problems))
        else:
            st.success("Lịch hợp lệ: không vi phạm ràng buộc nào.")

        st.subheader("Lịch công tác")
        cells = schedule.assign(
            day=[f"{notices.weekday_name(d)} {format_date(d)}" for d in schedule["date"]],
            cell=[
                f"{names.get(c, c)} {a}-{b}" if isinstance(a, str) else names.get(c, c)
                for c, a, b in zip(
                    schedule["code"], schedule["window_start"], schedule["window_end"], strict=True
                )
            ],
        )
        grid = cells.pivot_table(
            index="day", columns="team", values="cell", aggfunc="; ".join, sort=False
        ).fillna("")
        grid.index.name, grid.columns.name = COL_DATE, None
        st.dataframe(grid, key="plan_grid")
        colours = team_colours([*teams["name"], *schedule["team"]])
        used = {t: colours[t] for t in dict.fromkeys(schedule["team"])}
        settings = get_settings()
        fmap = build_schedule_map(
            schedule.assign(name=schedule["code"].map(names)),
            teams,
            communes_xy=communes,
            boundaries_geojson=get_commune_payload(version),
            tile_url=settings.tile_url,
            attribution=settings.tile_attribution,
        )
        st_folium(fmap, key="plan_map", height=560, use_container_width=True, returned_objects=[])
        st.markdown(legend_html(used), unsafe_allow_html=True)

        st.subheader("Xuất lịch và thông báo")
        st.download_button(
            "Tải lịch công tác (Excel)",
            partial(notices.schedule_xlsx, schedule, communes),
            file_name=f"lich-cong-tac-{start:%Y-%m-%d}.xlsx",
            mime=XLSX_MIME,
            on_click="ignore",
            key="plan_xlsx",
        )
        style = st.radio(
            "Địa điểm mặc định",
            list(MEETING_LABELS),
            format_func=MEETING_LABELS.get,
            horizontal=True,
            key="plan_meeting_style",
        )
        points = notices.meeting_point_table(schedule, communes, style)
        points_edit = st.data_editor(
            pd.DataFrame(
                {
                    "Mã xã": points["code"],
                    COL_COMMUNE: points["name"],
                    "Buổi đầu tiên": points["first_date"].dt.date,
                    "Địa điểm tập trung": points["meeting_point"],
                }
            ),
            hide_index=True,
            disabled=["Mã xã", COL_COMMUNE, "Buổi đầu tiên"],
            column_config={"Buổi đầu tiên": st.column_config.DateColumn(format="DD/MM/YYYY")},
            key=f"plan_points_{style}",
        )
        meeting = dict(zip(points_edit["Mã xã"], points_edit["Địa điểm tập trung"], strict=True))
        hotline = st.text_input(
            "Số điện thoại liên hệ (in trên thông báo)",
            placeholder="Ví dụ: Công an xã 0226 3xxx xxx",
            key="plan_hotline",
        )
        n1, n2 = st.columns(2)
        n1.download_button(
            f"Tải thông báo của {format_int(len(points))} xã (PDF)",
            partial(
                notices.notices_pdf, schedule, communes, meeting_points=meeting, hotline=hotline
            ),
            file_name=f"thong-bao-lich-lam-viec-{start:%Y-%m-%d}.pdf",
            mime="application/pdf",
            on_click="ignore",
            key="plan_notices",
        )
        one = n2.selectbox(
            "Thông báo của một xã",
            points["code"].tolist(),
            format_func=lambda c: labels.get(c, c),
            key="plan_notice_code",
        )
        if one is not None:
            n2.download_button(
                "Tải thông báo của xã đã chọn (PDF)",
                partial(
                    notices.notice_pdf,
                    schedule,
                    communes,
                    one,
                    meeting_point=meeting.get(one),
                    hotline=hotline,
                ),
                file_name=f"thong-bao-{one}-{start:%Y-%m-%d}.pdf",
                mime="application/pdf",
                on_click="ignore",
                key="plan_notice_one",
            )

        st.subheader("Lưu và công bố")
        if problems:
            st.caption("Sửa các vi phạm ở trên trước khi lưu kế hoạch.")
        s1, s2 = st.columns(2)
        save = s1.button("Lưu bản nháp", key="plan_save", disabled=bool(problems))
        publish = s2.button(
            "Lưu và công bố", type="primary", key="plan_save_publish", disabled=bool(problems)
        )
        if save or publish:
            saved_params = {
                **result["params"],
                "edited": was_edited,
                "expected_activations": after,
                "solver": solver,
            }
            plan_id = store.save_plan(
                schedule,
                params=saved_params,
                user=user,
                start=start,
                days=days,
                method=str(solver.get("method", method)),
            )
            message = f"Đã lưu kế hoạch số {plan_id}"
            if publish:
                store.publish_plan(plan_id, user)
                message += " và công bố; đây là kế hoạch đang áp dụng"
            st.session_state["plan_flash"] = message + "."
            st.rerun()

# --- kế hoạch đã lưu, đối chiếu ------------------------------------------------------------------
with tab_saved:
    plans = store.plans()
    current = store.published_plan()
    current_id = current[0] if current else None
    if plans.empty:
        st.info("Chưa có kế hoạch nào được lưu.")
    else:

        def _status(row) -> str:
            if row.status != "published":
                return "Bản nháp"
            at = (row.published_at + VN_OFFSET).strftime("%d/%m/%Y %H:%M")
            head = "Đang áp dụng" if row.id == current_id else "Đã công bố"
            return f"{head} ({at}, {row.published_by})"

        st.dataframe(
            pd.DataFrame(
                {
                    "Số": plans["id"],
                    "Người lập": plans["created_by"],
                    "Thời điểm lập": (plans["created_at"] + VN_OFFSET).dt.strftime(
                        "%d/%m/%Y %H:%M"
                    ),
                    "Kỳ kế hoạch": [
                        f"{format_date(s)} – {format_date(s + pd.Timedelta(days=int(n) - 1))}"
                        for s, n in zip(plans["horizon_start"], plans["horizon_days"], strict=True)
                    ],
                    "Cách lập": plans["method"].map(lambda m: METHOD_LABELS.get(m, m)),
                    "Số buổi": plans["assignments"].map(format_int),
                    "Dự kiến kích hoạt": plans["expected_activations"].map(format_int),
                    "Trạng thái": [_status(r) for r in plans.itertuples()],
                }
            ),
            hide_index=True,
            key="plan_saved",
        )
        drafts = plans.loc[plans["status"] != "published", "id"].astype(int).tolist()
        if drafts:
            d1, d2 = st.columns([3, 1])
            pick = d1.selectbox(
                "Bản nháp", drafts, format_func=lambda i: f"Kế hoạch số {i}", key="plan_draft"
            )
            if d2.button("Công bố kế hoạch", key="plan_publish"):
                store.publish_plan(int(pick), user)
                st.session_state["plan_flash"] = (
                    f"Đã công bố kế hoạch số {pick}; đây là kế hoạch đang áp dụng."
                )
                st.rerun()

    st.subheader("Đối chiếu kế hoạch với thực tế")
    published = plans.loc[plans["status"] == "published", "id"].astype(int).tolist()
    if not published:
        st.info("Chưa có kế hoạch nào được công bố.")
    else:
        chosen_plan = st.selectbox(
            "Kế hoạch đã công bố",
            published,
            index=published.index(current_id) if current_id in published else 0,
            format_func=lambda i: (
                f"Kế hoạch số {i}" + (" (đang áp dụng)" if i == current_id else "")
            ),
            key="plan_compare",
        )
        review = followup.plan_followup(store.plan_assignments(chosen_plan), visits)
        f1, f2, f3 = st.columns(3)
        f1.metric(
            "Tỷ lệ buổi làm đúng lịch",
            format_percent(review.share) if review.share is not None else "chưa đến hạn",
        )
        f2.metric(
            "Buổi đã đến hạn",
            f"{format_int(review.honoured)}/{format_int(review.due)}",
        )
        f3.metric(
            "Kích hoạt thực tế / dự kiến",
            f"{format_int(review.activated)} / {format_int(review.expected)}",
        )
        if review.as_of is not None:
            st.caption(
                f"Theo số liệu lượt làm việc đến ngày {format_date(review.as_of)}. Một buổi được "
                "tính là đúng lịch khi có lượt làm việc của đúng tổ, tại đúng xã, trong đúng ngày."
            )
        r = review.rows
        st.dataframe(
            pd.DataFrame(
                {
                    COL_DATE: r["date"].map(format_date),
                    COL_TEAM: r["team"],
                    COL_COMMUNE: r["code"].map(lambda c: names.get(c, c)),
                    "Dự kiến kích hoạt": r["expected_activations"].map(format_int),
                    "Lượt làm việc": r["visits"].map(format_int),
                    "Đã kích hoạt": r["activated"].map(format_int),
                    "Kết quả": [
                        s + (f" ({', '.join(names.get(c, c) for c in e.split(', '))})" if e else "")
                        for s, e in zip(r["status"], r["elsewhere"], strict=True)
                    ],
                }
            ),
            hide_index=True,
            key="plan_review",
        )
