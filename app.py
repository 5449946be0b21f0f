"""Điểm vào của ứng dụng: ``streamlit run app.py``.

The pages live in ``views/``, not ``pages/``: Streamlit treats a ``pages/`` folder as a legacy
multipage app and, on a fresh server, runs a deep-linked page file directly without this entry
point (no navigation, no Leaflet assets).
"""

from pathlib import Path

import streamlit as st

from geo.access import PAGES, decide
from geo.i18n import _
from geo.outputs.maps import install_leaflet_assets
from ui import auth, chrome, errors, timing
from ui.state import get_settings, language_switch, use_language
from views.account_parts import password, sign_in

HERE = Path(__file__).parent

use_language()
st.set_page_config(
    page_title=_("Tổ lưu động VNeID – Công an tỉnh Hà Nam"),
    page_icon=str(HERE / "static" / "favicon.png"),
    layout="wide",
)
chrome.install()  # Streamlit's own English texts: hidden, or written in the language in use


@st.cache_resource
def _static_assets() -> Path:
    """Serve Leaflet from the app itself (``static/leaflet``), never from a CDN."""
    return install_leaflet_assets(HERE / "static")


_static_assets()
get_settings()

#: name (geo.access.PAGES, the address) -> title, icon
PAGE_LIST = {
    "map": (_("Bản đồ"), ":material/map:"),
    "data": (_("Dữ liệu"), ":material/upload_file:"),
    "planner": (_("Kế hoạch"), ":material/event_note:"),
    "progress": (_("Tiến độ"), ":material/trending_up:"),
    "home_requests": (_("Yêu cầu hỗ trợ tại nhà"), ":material/home:"),
    "evening_report": (_("Báo cáo buổi tối"), ":material/edit_note:"),
    "accounts": (_("Tài khoản người dùng"), ":material/manage_accounts:"),
    "audit": (_("Nhật ký thao tác"), ":material/history:"),
    "password": (_("Đổi mật khẩu"), ":material/password:"),
}

status = auth.gate()  # who is signed in: before anything shows data
if status != "signed_in":
    # every address opens the sign-in (or the forced password change), and the page it names
    # once that is done; nothing else runs
    body = sign_in.sign_in_page if status == "anonymous" else password.change_password_page
    title = _("Đăng nhập") if status == "anonymous" else _("Đổi mật khẩu")
    page = st.navigation(
        [st.Page(body, title=title, url_path=name, default=name == "map") for name in PAGE_LIST],
        position="hidden",
    )
    language_switch()
    # a failure: a message and a reference, no traceback; the run's server time is logged when
    # VNEID_RUN_TIMING_LOG is set (ui.timing)
    with timing.timed(page.url_path), errors.guarded(page.url_path):
        page.run()
    st.stop()

user = auth.current_user()
pages = [
    st.Page(HERE / "views" / f"{name}.py", title=title, icon=icon, default=name == "map")
    for name, (title, icon) in PAGE_LIST.items()
    if decide(user, PAGES[name])  # the pages refuse on their own as well
]
page = st.navigation(pages)
language_switch()
sign_in.sidebar()
# a failure: a message and a reference, no traceback; the run's server time is logged when
# VNEID_RUN_TIMING_LOG is set (ui.timing)
with timing.timed(page.url_path), errors.guarded(page.url_path):
    page.run()
