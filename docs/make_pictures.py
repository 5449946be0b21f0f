"""Make the README's pictures of the printed papers, from the demo campaign, in a real browser.

Run from the repository root (Chromium at ``/usr/bin/chromium``, poppler's ``pdftoppm``)::

    python docs/make_pictures.py [--out docs/img]

It starts ``streamlit run app.py`` on a fresh database WITHOUT the data directory
(``VNEID_DATA_DIR=none``: the approximate boundaries, so no picture is derived from the
third-party data of ``../shared/data``), signs in as a leader and as a planner, downloads what
they would (the meeting pack; a commune's notice, the fortnight poster and the loudspeaker
text of a two-week greedy plan), renders PDF pages to PNG at 50 dpi and writes them under
``--out``. Each step prints what it wrote; nothing is fetched from outside.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.pageload import guard_offline, launch_chromium, session_cookie, start_streamlit

#: Resolution of the pictures of PDF pages (an A4 page is 413 x 585 pixels at 50 dpi).
DPI = 50


def pdf_pages_png(pdf: Path, out: Path, stem: str, pages: int) -> list[Path]:
    """Render the first ``pages`` pages of ``pdf`` to ``out/<stem>-<n>.png``.

    Returns
    -------
    list of Path
        The pictures written.
    """
    with tempfile.TemporaryDirectory() as name:
        subprocess.run(
            ["pdftoppm", "-png", "-r", str(DPI), "-l", str(pages), str(pdf), f"{name}/p"],
            check=True,
        )
        made = sorted(Path(name).glob("p-*.png"), key=lambda p: int(p.stem.split("-")[1]))
        # pdftoppm pads the number to the page count's width: «poster-01»; named «poster-1»
        return [Path(shutil.move(p, out / f"{stem}-{int(p.stem.split('-')[1])}.png")) for p in made]


def _download(page, name: str, folder: Path) -> Path:
    """Click the download button ``name``; save what it gives in ``folder``."""
    button = page.get_by_role("button", name=name)
    button.wait_for(timeout=120_000)
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=120_000) as got:
        button.click()
    target = folder / got.value.suggested_filename
    got.value.save_as(target)
    return target


def _settle(page) -> None:
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=120_000
    )
    page.wait_for_timeout(1_500)


def pack_pictures(page, base_url: str, db_url: str, out: Path, tmp: Path) -> list[Path]:
    """Picture the progress page and the first pages of the meeting pack a leader downloads."""
    page.context.add_cookies([session_cookie(db_url, base_url, role="leader")])
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(base_url + "/progress")
    page.get_by_role("button", name="Tạo báo cáo giao ban").wait_for(timeout=120_000)
    _settle(page)
    shot = out / "progress.png"
    page.screenshot(path=shot)
    page.get_by_role("button", name="Tạo báo cáo giao ban").click()
    pdf = _download(page, "Tải PDF (để in)", tmp)
    return [shot, *pdf_pages_png(pdf, out, "pack", 3)]


#: The contact line of the n-th demo team in the pictures (made up: a number that reaches nobody).
CONTACT = "Đ/c tổ trưởng – 0900 000 {n:03d}"


def notice_pictures(page, base_url: str, db_url: str, out: Path, tmp: Path) -> list[Path]:
    """Picture a commune's notice, the poster and the loudspeaker text of a two-week plan."""
    from geo.store import Store

    store = Store(db_url)  # the demo is loaded by the first start: give its teams a contact
    names = store.teams()["name"].tolist()
    store.set_team_contacts({t: CONTACT.format(n=i) for i, t in enumerate(names, 1)}, "pictures")
    store.close()
    page.context.add_cookies([session_cookie(db_url, base_url, role="planner")])
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(base_url + "/planner")
    page.get_by_role("tab", name="Lập lịch", exact=True).click()
    _settle(page)
    page.get_by_text("Lần lượt từng buổi (greedy)").click()
    _settle(page)
    page.get_by_role("button", name="Lập lịch", exact=True).click()
    page.get_by_role("button", name="Lưu bản nháp").wait_for(timeout=180_000)
    _settle(page)
    hotline = page.locator('[data-testid="stTextInput"]').filter(has_text="Số điện thoại liên hệ")
    hotline.locator("input").fill("Công an xã 0900 000 100")
    hotline.locator("input").press("Enter")
    _settle(page)
    # the notice picker starts on the schedule's first commune
    notice = _download(page, "Tải thông báo của xã đã chọn (PDF)", tmp)
    poster = _download(page, "Tải lịch niêm yết cả đợt (PDF, mỗi huyện một bản)", tmp)
    text = page.locator('[data-testid="stCode"]').first
    text.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    shot = out / "announcement.png"
    text.screenshot(path=shot)
    return [
        *pdf_pages_png(notice, out, "notice", 1),
        *pdf_pages_png(poster, out, "poster", 1),
        shot,
    ]


def main(argv: list[str] | None = None) -> int:
    """Make the pictures; 0 when every one was written."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "img")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        env = {"VNEID_DB_URL": f"sqlite:///{tmp / 'pictures.db'}", "VNEID_DATA_DIR": "none"}
        server = start_streamlit("app.py", env, tmp / "streamlit.log", timeout=120)
        try:
            with sync_playwright() as pw:
                browser = launch_chromium(pw)
                context = browser.new_context(accept_downloads=True, locale="vi-VN")
                blocked = guard_offline(context)
                page = context.new_page()
                written = pack_pictures(page, server.base_url, server.db_url, args.out, tmp)
                page = context.new_page()
                written += notice_pictures(page, server.base_url, server.db_url, args.out, tmp)
                browser.close()
        finally:
            server.stop()
    for path in written:
        print(path)
    if blocked:
        print("fetched from outside:", *blocked, sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
