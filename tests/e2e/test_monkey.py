"""A monkey in a real browser: random clicks and inputs on every page, and never a traceback.

Signed in as an administrator (who sees every page), each page gets ``MONKEY_SECONDS`` (20 by
default) of seeded random actions in its main area and its sidebar: buttons, tabs, expanders,
checkboxes, toggles, radios, option lists, text, number and date fields (typed with markdown,
HTML, huge numbers, impossible dates...), clicks on the map, on the grids' rows and cells, and
typing into the editable grids. After every action the page must show no exception element
(``stException``), no «Traceback», and no failure message of :mod:`ui.errors` (a failure the
guard caught is still a failure). Every finding is collected (page, the actions that led to
it, what the page showed, the server log of that moment) and the test fails at the end of the
page with all of them and the seed: ``MONKEY_SEED=<seed>`` replays the same choices (the
timing of a real browser may still differ).

Never clicked: sign-out, the language switch, the sidebar's navigation and links, download
buttons and the grids' toolbars (downloads). A monkey that signs itself out (by disabling or
resetting its own account on the accounts page) signs in again as a new administrator.

It runs on a server of its own (``streamlit run app.py``, fresh database, the demo campaign,
``VNEID_DATA_DIR=none``), so its log holds only the monkey's failures.
"""

from __future__ import annotations

import itertools
import os
import random
import re
import secrets
import time
from collections import Counter
from dataclasses import dataclass, field

import pytest

from bench.pageload import ServerStartError, start_streamlit

pytestmark = pytest.mark.e2e

#: Page address -> a heading it shows once loaded.
PAGES = {
    "map": "Bản đồ tỷ lệ kích hoạt",
    "planner": "Kế hoạch",
    "progress": "Tiến độ kích hoạt tài khoản định danh điện tử",
    "accounts": "Tài khoản người dùng",
    "audit": "Nhật ký thao tác",
    "password": "Đổi mật khẩu",
    "data": "Dữ liệu",
}
SECONDS = float(os.environ.get("MONKEY_SECONDS", "20"))
SEED = int(os.environ.get("MONKEY_SEED") or secrets.randbelow(10**6))
ENV = {"VNEID_DATA_DIR": "none", "VNEID_E2E_SUITE": "monkey"}

#: What the monkey types into text fields.
TEXTS = (
    "**đậm** _nghiêng_ [liên kết](http://203.0.113.7/) `mã` # Tiêu đề",
    "<script>alert(1)</script>",
    '<img src="http://203.0.113.7/x.png" onerror="alert(1)">',
    "'; DROP TABLE visits; --",
    "{reference} {0} %s %(name)s",
    "Tổ 1 (DEMO)",
    "Lê Hồng Phong",
    "le hong phong",
    "13291",
    "\u202eđảo chiều",
    "😀🚓",
    "   ",
    "x" * 3_000,
    "31/02/2023",
    "14/03/2023 đến 01/01/2020",
    "00/00/0000",
    "9999-99-99",
)
#: What the monkey types into number fields.
NUMBERS = ("0", "-1", "1e308", "99999999999999999999", "-99999999999", "NaN", "3,5", "1.923", "")
#: Buttons never clicked: sign-out, downloads, the language switch.
DENY = re.compile(r"Đăng xuất|Sign out|Tải|Download|^English$|^Tiếng Việt$", re.IGNORECASE)
#: The failure message of ui.errors, in either language.
REFERENCE = re.compile(r"(?:Mã tham chiếu|Reference): ([A-Z0-9]{6})")

MAIN = '[data-testid="stMain"]'
# JS: the visible, enabled controls of the main area, by kind, each with a CSS path the monkey
# can find again (``data-monkey`` numbering, redone before every action).
CONTROLS = """() => {
    const roots = [...document.querySelectorAll(
        '[data-testid="stMain"], [data-testid="stSidebar"]')];
    const shown = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
    const skip = '[data-testid="stElementToolbar"], [data-testid="stDownloadButton"], '
        + '[data-testid="stSidebarNav"], [data-testid="stSidebarHeader"], '
        + '[data-testid="stFileUploader"]';
    document.querySelectorAll('[data-monkey]').forEach(e => e.removeAttribute('data-monkey'));
    const out = [];
    let n = 0;
    const add = (kind, e, label) => {
        if (!shown(e) || e.closest(skip)) return;
        e.setAttribute('data-monkey', String(n));
        out.push({kind, id: n, label: (label ?? e.innerText ?? '').trim().slice(0, 60)});
        n += 1;
    };
    const each = (selector, f) => roots.forEach(r => r.querySelectorAll(selector).forEach(f));
    const label = e => e.getAttribute('aria-label');
    each('button', e => { if (!e.disabled) add('button', e); });
    each('[role="tab"]', e => add('tab', e));
    each('[data-testid="stExpander"] summary', e => add('expander', e));
    each('label:has(input[type="checkbox"])', e => {
        if (!e.querySelector('input').disabled) add('check', e);
    });
    each('[data-testid="stRadio"] label', e => add('radio', e));
    each('input[role="combobox"]', e => { if (!e.disabled) add('select', e, label(e)); });
    each('[data-testid="stNumberInput"] input', e => {
        if (!e.disabled) add('number', e, label(e));
    });
    each('[data-testid="stDateInput"] input', e => { if (!e.disabled) add('date', e, label(e)); });
    each('[data-testid="stTextInput"] input, [data-testid="stTextArea"] textarea', e => {
        if (!e.disabled) add('text', e, label(e));
    });
    each('[role="slider"]', e => add('slider', e, label(e)));
    each('[data-testid="stDataFrame"]', e => add('grid', e, 'grid'));
    each('iframe', e => { if (e.getBoundingClientRect().height > 100) add('frame', e, e.title); });
    return out;
}"""
# JS: what the page says that a user must never see, and the texts of the failure messages.
PROBLEMS = """() => ({
    exceptions: [...document.querySelectorAll('[data-testid="stException"]')]
        .map(e => e.innerText.trim().slice(0, 500)),
    traceback: document.body.innerText.includes('Traceback'),
    errors: [...document.querySelectorAll('[data-testid="stAlertContentError"]')]
        .map(e => e.innerText.trim()).filter(t => /Mã tham chiếu|Reference:/.test(t)),
})"""


@dataclass
class Monkey:
    """One page's random walk: its seeded choices, what it did, what it found."""

    page: object
    server: object
    name: str
    rng: random.Random
    actions: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    admins: itertools.count = field(default_factory=lambda: itertools.count(1))
    log_offset: int = 0

    # --- signing in ------------------------------------------------------------------------------

    def sign_in(self) -> None:
        """A new administrator for this browser (a previous one may have disabled itself)."""
        from geo.access import Scope
        from geo.store import Store
        from ui.auth import COOKIE

        username = f"monkey.{self.name}.{next(self.admins)}"
        store = Store(self.server.db_url)
        try:
            store.add_account(
                username,
                "admin",
                Scope.province(),
                secrets.token_urlsafe(18) + "-1a",
                must_change=False,
                by="monkey",
            )
            token = store.open_session(username, "password")
        finally:
            store.close()
        self.page.context.clear_cookies()
        self.page.context.add_cookies(
            [{"name": COOKIE, "value": token, "url": self.server.base_url}]
        )
        self.open()

    def open(self) -> None:
        path = "/" if self.name == "map" else f"/{self.name}"
        self.page.goto(self.server.base_url + path)
        self.page.get_by_role("heading", name=PAGES[self.name], exact=True).first.wait_for(
            state="visible", timeout=120_000
        )
        self.wait()

    def signed_out(self) -> bool:
        return (
            self.page.locator('[data-testid="stSidebarNav"]').count() == 0
            and self.page.get_by_role("heading", name="Đăng nhập", exact=True).count() > 0
        )

    # --- waiting and checking --------------------------------------------------------------------

    def wait(self, timeout_ms: int = 60_000) -> None:
        """Until the script (and every fragment) has stopped running, then a little longer."""
        self.page.wait_for_timeout(250)
        self.page.wait_for_selector(
            '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout_ms
        )
        self.page.wait_for_timeout(150)

    def check(self) -> bool:
        """Record what the page shows that it must not; True when all is well."""
        problems = self.page.evaluate(PROBLEMS)
        if not (problems["exceptions"] or problems["traceback"] or problems["errors"]):
            return True
        log = self.server.log()
        new_log, self.log_offset = log[self.log_offset :], len(log)
        refs = [m.group(1) for t in problems["errors"] for m in [REFERENCE.search(t)] if m]
        shown = problems["exceptions"] + problems["errors"]
        if problems["traceback"]:
            shown.append("«Traceback» in the page's text")
        self.findings.append(
            f"page {self.name!r}, after: {' → '.join(self.actions[-6:])}\n"
            f"  shown: {shown}\n  references: {refs}\n"
            f"  server log:\n{_tracebacks(new_log, refs)}"
        )
        return False

    # --- actions ---------------------------------------------------------------------------------

    def step(self) -> None:
        controls = [
            c
            for c in self.page.evaluate(CONTROLS)
            if not (c["kind"] in {"button", "tab"} and DENY.search(c["label"]))
        ]
        if not controls:
            self.page.mouse.wheel(0, 600)
            return
        # a kind first, then one of its controls: a page of many buttons still gets typed into
        kind = self.rng.choice(sorted({c["kind"] for c in controls}))
        control = self.rng.choice([c for c in controls if c["kind"] == kind])
        target = self.page.locator(f'[data-monkey="{control["id"]}"]')
        note = f"{kind} «{control['label'][:40]}»"
        target.scroll_into_view_if_needed(timeout=3_000)
        if kind in {"button", "tab", "expander", "check", "radio"}:
            target.click(timeout=3_000)
        elif kind == "select":
            target.click(timeout=3_000)
            options = self.page.locator('[role="option"]')
            self.page.wait_for_timeout(200)
            count = options.count()
            if count:
                pick = self.rng.randrange(count)
                note += f" → option {pick + 1}/{count}"
                options.nth(pick).click(timeout=3_000)
            self.page.keyboard.press("Escape")
        elif kind in {"text", "number", "date"}:
            pool = NUMBERS if kind == "number" else TEXTS
            value = self.rng.choice(pool)
            note += f" ← {value[:30]!r}"
            # typed key by key, as a person would (a number field drops what it refuses)
            target.click(timeout=3_000)
            self.page.keyboard.press("ControlOrMeta+A")
            self.page.keyboard.press("Delete")
            if len(value) > 100:
                self.page.keyboard.insert_text(value)
            else:
                target.press_sequentially(value, timeout=10_000)
            target.press(self.rng.choice(["Enter", "Tab"]), timeout=3_000)
            self.page.keyboard.press("Escape")
        elif kind == "slider":
            key = self.rng.choice(["ArrowLeft", "ArrowRight", "Home", "End"])
            note += f" {key}"
            target.press(key, timeout=3_000)
        elif kind in {"grid", "frame"}:
            box = target.bounding_box()
            if not box:
                return
            how = self.rng.choice(["row", "cell", "edit"]) if kind == "grid" else "click"
            # a grid's row markers are at its left edge (a click there selects the row); not
            # the map's bottom strip: its attribution links to the (unreachable) Internet
            x = 12 if how == "row" else self.rng.uniform(5, max(6, box["width"] - 5))
            y = self.rng.uniform(40, max(41, box["height"] - (5 if kind == "grid" else 30)))
            note += f" {how} at ({x:.0f}, {y:.0f})"
            if how == "edit":  # an editable grid opens the cell; a read-only one ignores it
                self.page.mouse.dblclick(box["x"] + x, box["y"] + y)
                value = self.rng.choice(NUMBERS + TEXTS[:6])
                note += f" ← {value[:30]!r}"
                self.page.keyboard.type(value)
                self.page.keyboard.press("Enter")
            else:
                self.page.mouse.click(box["x"] + x, box["y"] + y)
        self.actions.append(note)

    def run(self, seconds: float) -> int:
        from playwright.sync_api import Error as PlaywrightError

        self.log_offset = len(self.server.log())
        self.sign_in()
        if not self.check():
            self.open()
        steps = 0
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                self.step()
                self.wait()
            except PlaywrightError as exc:  # detached, covered, re-rendered: try something else
                self.actions.append(f"(skipped: {str(exc).splitlines()[0][:80]})")
                self.page.keyboard.press("Escape")
                continue
            steps += 1
            if self.signed_out():
                self.actions.append("(signed out: a new administrator signs in)")
                self.sign_in()
            elif not self.check():
                self.open()  # start again from a clean page
        return steps


def _tracebacks(log: str, refs: list[str], limit: int = 4_000) -> str:
    """The part of the server log that explains a finding: the failures with those references,
    else every traceback written since the previous action."""
    lines = log.splitlines()
    starts = [
        i
        for i, line in enumerate(lines)
        if any(f"failure {r}" in line for r in refs) or "Uncaught app execution" in line
    ] or [i for i, line in enumerate(lines) if line.startswith("Traceback")]
    if not starts:
        return "    (nothing logged)"
    text = "\n".join(lines[starts[0] :])
    return "    " + text[-limit:].replace("\n", "\n    ")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("monkey")
    env = {**ENV, "VNEID_DB_URL": f"sqlite:///{tmp / 'monkey.db'}"}
    try:
        srv = start_streamlit("app.py", env, tmp / "streamlit.log")
    except ServerStartError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield srv
    srv.stop()


@pytest.mark.parametrize("name", list(PAGES))
def test_random_clicks_and_inputs_never_show_a_traceback(page, server, name):
    rng = random.Random(f"{SEED}-{name}")
    monkey = Monkey(page, server, name, rng)
    steps = monkey.run(SECONDS)
    kinds = Counter(a.split(" ", 1)[0] for a in monkey.actions)
    print(f"monkey seed {SEED}, page {name}: {steps} actions in {SECONDS:.0f} s {dict(kinds)}")
    print("  " + "\n  ".join(monkey.actions))  # shown with pytest -s
    assert steps > 0, f"MONKEY_SEED={SEED}: no action was possible on {name}"
    assert monkey.findings == [], (
        f"MONKEY_SEED={SEED} MONKEY_SECONDS={SECONDS:.0f}: {len(monkey.findings)} failure(s) on "
        f"{name}:\n\n" + "\n\n".join(monkey.findings)
    )


# --- what a browser shows for a failure, with the app's .streamlit/config.toml ------------------

BOOM = """
import streamlit as st

from ui import errors

st.title("boom")
if st.query_params.get("mode") == "escaped":
    {}["/work/main/geo/secret.py"]  # outside every guard: Streamlit's own display
with errors.guarded("boom"):
    {}["/work/main/geo/secret.py"]
"""


@pytest.fixture(scope="module")
def boom_server(tmp_path_factory):
    from geo.config import REPO_ROOT

    tmp = tmp_path_factory.mktemp("boom")
    (tmp / "boom.py").write_text(BOOM, encoding="utf-8")
    env = {**ENV, "VNEID_E2E_SUITE": "monkey-boom", "PYTHONPATH": str(REPO_ROOT)}
    try:  # run from the repository, so that its .streamlit/config.toml applies
        srv = start_streamlit(tmp / "boom.py", env, tmp / "streamlit.log", cwd=REPO_ROOT)
    except ServerStartError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield srv
    srv.stop()


@pytest.mark.parametrize("mode", ["guarded", "escaped"])
def test_a_failure_shows_no_traceback_path_or_links_in_the_browser(page, boom_server, mode):
    page.goto(f"{boom_server.base_url}/?mode={mode}")
    page.get_by_role("heading", name="boom").wait_for(timeout=60_000)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    page.wait_for_timeout(500)
    text = page.evaluate("document.body.innerText")
    links = page.evaluate("[...document.querySelectorAll('a')].map(a => a.innerText + a.href)")
    for leak in ("Traceback", "secret", "/work/", "KeyError", "Ask Google", "Ask ChatGPT"):
        assert leak not in text, (leak, text)
    assert not [a for a in links if "google" in a or "chatgpt" in a], links
    monkey = Monkey(page, boom_server, "boom", random.Random(0))
    monkey.actions.append("open")
    assert monkey.check() is False  # the monkey sees the failure and reports it with its log
    (finding,) = monkey.findings
    assert "KeyError" in finding and "Traceback (most recent call last)" in finding
    if mode == "guarded":
        assert page.locator('[data-testid="stException"]').count() == 0
        assert "Đã xảy ra lỗi, trang chưa hiển thị được đầy đủ." in text
        (reference,) = REFERENCE.findall(text)
        assert f"failure {reference}: KeyError" in boom_server.log()
        assert f"references: ['{reference}']" in finding
        assert f"failure {reference}: KeyError" in finding
    else:
        assert page.locator('[data-testid="stException"]').count() == 1
        assert "Uncaught app execution" in boom_server.log()
        assert "Uncaught app execution" in finding
