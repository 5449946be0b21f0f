"""ui.text.plain: any text is shown literally by Streamlit's markdown."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ui.text import ACTIVE, plain

J = "\u2060"  # WORD JOINER: after the colon of an emoji shortcode, before an address


IMG_MD = r"\!\[x\](" + J + r"http\://10.9.9.9/a.png)"  # plain(IMAGE), see below


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("![x](http://10.9.9.9/a.png)", IMG_MD),
        ("<img src=http://10.9.9.9/b.png>", r"\<img src=" + J + r"http\://10.9.9.9/b.png\>"),
        ("**đậm**", r"\*\*đậm\*\*"),
        ("_nghiêng_ ~~gạch~~", r"\_nghiêng\_ \~\~gạch\~\~"),
        ("tổ_1_x.csv a__b _c a_ *d*e", r"tổ_1_x.csv a\_\_b \_c a\_ \*d\*e"),
        (":red[đỏ]", r"\:red\[đỏ\]"),
        (":blue-background[x]{a=b}", r"\:blue-background\[x\]{a=b}"),
        (":material/home:", r"\:material/home\:"),
        (":smile:", "\\:" + J + "smile\\:"),
        (":+1: :a_b: :_x:", "\\:" + J + "+1\\: \\:" + J + "a_b\\: \\:" + J + "\\_x\\:"),
        ("18:00:30", "18\\:" + J + "00\\:30"),
        ("[link](HTTPS://10.9.9.9)", r"\[link\](" + J + r"HTTPS\://10.9.9.9)"),
        ("<http://x.vn>", r"\<" + J + r"http\://x.vn\>"),
        ("http:10.9.9.9", r"http\:10.9.9.9"),
        ("www.evil.example", J + "www.evil.example"),
        ("ai@evil.example", "ai@" + J + "evil.example"),
        ("$x^2$", r"\$x^2\$"),
        ("`code`", r"\`code\`"),
        ("# Tiêu đề", r"\# Tiêu đề"),
        ("> trích", r"\> trích"),
        ("- mục", r"\- mục"),
        ("+ mục", r"\+ mục"),
        (" = = =", r" \= = ="),
        ("1. mục", r"1\. mục"),
        ("12) mục", r"12\) mục"),
        ("a - b + 1. c", "a - b + 1. c"),
        ("a | b", r"a \| b"),
        ("&amp; &#60;", r"\&amp; \&\#60;"),
        ("a\\b [^1]", r"a\\b \[^1\]"),
        ("dòng 1\n\n    mã\tb", "dòng 1 mã b"),
        ("\n    code", " code"),
        ("Tổ 1 (DEMO), 6.000 người; 01/06/2023", "Tổ 1 (DEMO), 6.000 người; 01/06/2023"),
        ("", ""),
        (12, "12"),
    ],
)
def test_plain_escapes_exactly(text, expected):
    assert plain(text) == expected


def _rendered(markdown: str) -> str:
    """The text CommonMark shows for a line of backslash escapes and plain characters (the
    only constructs :func:`plain` writes), with the word joiners it adds taken out."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace(J, "")


def _unescaped(markdown: str) -> str:
    """``markdown`` without its backslash escapes (what is left can only be literal)."""
    return re.sub(r"\\[!-/:-@\[-`{-~]", "", markdown)


@given(st.text())
def test_every_markdown_active_character_is_escaped(text):
    out = plain(text)
    rest = re.sub(r"(?<=[^\W_])_(?=[^\W_])", "", _unescaped(out))  # intraword "_" is inert
    assert not set(rest) & set(ACTIVE), out  # each active character has its backslash
    assert not re.search(r"[\r\n\t\f\v]", rest)  # one line: no block can start inside
    assert not re.match(r" ?(?:[-+=]|\d+[.)])", out), out  # nor at its start
    # what is shown is what was written, whitespace collapsed
    assert _rendered(out) == re.sub(r"[ \t\r\n\f\v]+", " ", text)


PIECES = [*":smile_+-1 ab", "http", "HTTPS", "://", "www.", "@", "x.vn", "(", "\\"]


@given(st.lists(st.sampled_from(PIECES)).map("".join))
def test_no_shortcode_or_autolink_can_form(text):
    shown = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", plain(text))  # escapes resolved, joiners kept
    assert not re.search(r":[\w+-]+:", shown)  # an emoji shortcode
    # GFM's literal autolinks: after the start, a space, a punctuation mark or a symbol
    for found in re.finditer(r"(?i)(?:https?://|www\.)[-.\w]", shown):
        before = shown[found.start() - 1] if found.start() else " "
        assert not (before.isspace() or unicodedata.category(before)[0] in "PS"), shown
    assert not re.search(r"@[-\w]+\.[-\w]", shown)  # an e-mail address


# --- the data page and the planner show a hostile file's text literally -----------------------

IMAGE = "![x](http://10.9.9.9/a.png)"
TAG = "<img src=http://10.9.9.9/b.png>"
BOLD = "**đậm**"
COLOUR = ":red[đỏ]"
LINK = "[link](http://10.9.9.9)"
HOSTILE_CSV = (
    "Ngày,Tổ lưu động,Mã xã,Loại địa điểm,Tên địa điểm,Giờ bắt đầu,Giờ kết thúc,"
    f"Số tài khoản đăng ký,Số tài khoản kích hoạt,Ghi chú,{LINK}\n"
    f"13/02/2023,{IMAGE},13291,hộ gia đình,{TAG},18:00,20:30,12,10,{BOLD} {COLOUR},x\n"
    "14/02/2023,Tổ 2,13540,hộ gia đình,a,16:00,18:00,5,9,b,y\n"  # activated > registered
).encode()
HOSTILE_NAME = f"{IMAGE}.csv"


@pytest.fixture
def imported(tmp_path):
    """The data page after a clerk imported :data:`HOSTILE_CSV` under :data:`HOSTILE_NAME`."""
    from geo.config import Settings
    from tests.views.helpers import page_test

    db_url = f"sqlite:///{tmp_path / 'inert.db'}"
    settings = Settings(data_dir=None, db_url=db_url)
    at = page_test("data.py", settings, timeout=120, user="clerk").run()
    at = at.file_uploader(key="data_upload").upload(HOSTILE_NAME, HOSTILE_CSV, "text/csv").run()
    assert not at.exception, at.exception
    checked = at
    at = at.button(key="data_import").click().run()
    assert not at.exception, at.exception
    return settings, checked, at


def test_data_page_shows_the_file_text_literally(imported):
    _, checked, at = imported
    unused = r"Đã bỏ qua cột không dùng đến\: «\[link\](" + J + r"http\://10.9.9.9)»."
    assert [i.value for i in checked.info] == [unused]
    name = IMG_MD + ".csv"
    assert [s.value for s in at.success] == [
        f"Đã nhập 1 dòng từ tệp {name} (lần nhập số 5); 1 dòng bị từ chối."
    ]
    history = [m.value for m in at.markdown if m.value.startswith("**5**")]
    assert history == [f"**5** · {name} · 1 dòng"]
    # the file's values themselves are shown in tables, which never render markdown
    preview = next(df.value for df in checked.dataframe if "Ghi chú" in df.value.columns)
    assert preview.loc[0, ["Tổ lưu động", "Tên địa điểm", "Ghi chú"]].tolist() == [
        IMAGE,
        TAG,
        f"{BOLD} {COLOUR}",
    ]
    shown = [
        e.value
        for kind in ("markdown", "info", "success", "warning", "error", "caption")
        for e in getattr(at, kind)
    ]
    assert not any("](http" in v or "<img" in v or "**đậm" in v or ":red[" in v for v in shown)


def test_planner_names_the_file_team_literally(imported):
    from tests.views.helpers import page_test

    settings, _, _ = imported
    at = page_test("planner.py", settings, timeout=120, user="planner")
    at.session_state["plan_days"] = 2
    at.session_state["plan_time_limit"] = 5
    at.run()
    assert not at.exception, at.exception
    warnings = [w.value for w in at.warning if "không thể lập lịch" in w.value]
    assert warnings == [
        "Các tổ chưa có vị trí trụ sở nên không thể lập lịch: "
        f"{IMG_MD}. "
        "Nhập vĩ độ, kinh độ trụ sở ở bảng trên rồi bấm «Lưu thông tin tổ»."
    ]
