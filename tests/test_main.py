"""Tests of ``python -m geo``: the administrators' commands, run as a user runs them."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from geo.config import REPO_ROOT
from tests.shared_data import DATA_DIR, needs_data


def _run(
    *args: str, db_url: str = "sqlite://", data_dir: str = "none", lang: str = "", stdin: str = ""
):
    env = {
        **os.environ,
        "VNEID_DB_URL": db_url,
        "VNEID_DATA_DIR": data_dir,
        "VNEID_LANG": lang,  # empty: Vietnamese
        "COLUMNS": "100",  # argparse wraps the help to the terminal's width
    }
    return subprocess.run(
        [sys.executable, "-m", "geo", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        input=stdin,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )


@pytest.fixture
def db_url(tmp_path):
    return f"sqlite:///{tmp_path / 'geo.db'}"


def test_help_is_vietnamese_and_lists_the_commands():
    done = _run("--help")
    assert done.returncode == 0
    assert done.stdout.startswith("cách dùng: python -m geo")
    assert "demo" in done.stdout and "versions" in done.stdout
    assert "nạp dữ liệu mẫu" in done.stdout and "tùy chọn" in done.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["sai"],
            "không có lựa chọn 'sai' (chọn một trong 'demo', 'versions', 'add-admin', "
            "'reset-password', 'import')",
        ),
        ([], "thiếu tham số bắt buộc: LỆNH"),
        (["demo", "--seed", "x"], "tham số --seed: giá trị int không hợp lệ: 'x'"),
        (["demo", "--version", "2019"], "không có lựa chọn '2019'"),
        (["versions", "--thua"], "tham số không nhận ra: --thua"),
    ],
)
def test_a_wrong_command_exits_2_with_a_vietnamese_message(args, message):
    done = _run(*args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert "cách dùng: python -m geo" in done.stderr
    assert ": lỗi: " in done.stderr and message in done.stderr
    assert "Traceback" not in done.stderr


def test_versions_without_a_data_directory():
    done = _run("versions")
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert lines[0] == "Thư mục dữ liệu: chưa cấu hình (VNEID_DATA_DIR)"
    assert [line.split("\t")[0] for line in lines[1:]] == ["approximate"]
    assert "Ranh giới gần đúng (98 đơn vị, 01/2025)" in lines[1]


@pytest.mark.shared_data
@needs_data
def test_versions_with_the_data_directory():
    done = _run("versions", data_dir=str(DATA_DIR))
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert lines[0] == f"Thư mục dữ liệu: {DATA_DIR}"
    assert [line.split("\t")[0] for line in lines[1:]] == ["2020-2024", "2025-07", "approximate"]


def test_demo_loads_once_then_leaves_the_database_alone(db_url, tmp_path):
    first = _run(
        "demo", "--version", "approximate", "--write", str(tmp_path / "files"), db_url=db_url
    )
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[-1] == "Lần nhập số 4: 392 dòng"  # 98 communes x 4 dates
    assert len(list((tmp_path / "files").iterdir())) == 4
    second = _run("demo", "--version", "approximate", db_url=db_url)
    assert second.returncode == 0
    assert second.stdout.strip() == "Cơ sở dữ liệu đã có dữ liệu; dùng --force để nạp dữ liệu mẫu."
    forced = _run("demo", "--version", "approximate", "--force", db_url=db_url)
    assert forced.returncode == 0
    assert forced.stdout.splitlines() == [
        f"Lần nhập số {n}: trùng với lần nhập số {n}" for n in (1, 2, 3, 4)
    ]


def test_demo_reads_the_database_from_vneid_db_url(db_url, tmp_path):
    done = _run("demo", db_url=db_url)  # no data directory: the approximate registry
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "geo.db").is_file()
    assert "Lần nhập số 1: 98 dòng" in done.stdout


def test_demo_without_the_files_of_a_version_exits_1(db_url):
    done = _run("demo", "--version", "2020-2024", db_url=db_url)
    assert done.returncode == 1
    assert done.stderr.startswith("Lỗi: Chưa cấu hình thư mục dữ liệu (VNEID_DATA_DIR)")
    assert "Traceback" not in done.stderr


ENGLISH_HELP = """\
usage: python -m geo [-h] [--lang {vi,en}] COMMAND ...

Administration commands of the VNeID dashboard (Hà Nam province).

options:
  -h, --help      show this help message and exit
  --lang {vi,en}  language of the command (default from VNEID_LANG, else vi)

commands:
  COMMAND
    demo          load the demo data into the database
    versions      list the boundary versions available
    add-admin     create an administrator account
    reset-password
                  give an account a temporary password
    import        import a visit log or a quota file
"""


@pytest.mark.parametrize(
    ("args", "lang"),
    [(["--lang", "en", "--help"], ""), (["--help"], "en"), (["--lang=en", "-h"], "vi")],
    ids=["option", "environment", "option-over-environment"],
)
def test_help_in_english(args, lang):
    done = _run(*args, lang=lang)
    assert done.returncode == 0
    assert done.stdout.splitlines() == ENGLISH_HELP.splitlines()


def test_help_in_vietnamese_lists_the_language_option():
    done = _run("--help", lang="fr")  # not a language: Vietnamese
    assert done.stdout.splitlines()[:7] == [
        "cách dùng: python -m geo [-h] [--lang {vi,en}] LỆNH ...",
        "",
        "Các lệnh quản trị của bảng điều khiển VNeID (tỉnh Hà Nam).",
        "",
        "tùy chọn:",
        "  -h, --help      in hướng dẫn này rồi thoát",
        "  --lang {vi,en}  ngôn ngữ của lệnh (mặc định theo VNEID_LANG, nếu không là vi)",
    ]


def test_subcommand_help_in_english_with_lang_after_the_subcommand():
    done = _run("versions", "--help", "--lang", "en")
    assert done.returncode == 0
    assert done.stdout.splitlines() == [
        "usage: python -m geo versions [-h] [--lang {vi,en}]",
        "",
        "List the boundary versions that the configured data directory allows.",
        "",
        "options:",
        "  -h, --help      show this help message and exit",
        "  --lang {vi,en}  language of the command (default from VNEID_LANG, else vi)",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["sai"], "python -m geo: error: argument COMMAND: invalid choice: 'sai' (choose from "
                  "'demo', 'versions', 'add-admin', 'reset-password', 'import')"),
        (["versions", "--thua"], "python -m geo: error: unrecognized arguments: --thua"),
    ],
)  # fmt: skip
def test_a_wrong_command_exits_2_with_an_english_message(args, message):
    done = _run("--lang", "en", *args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "usage: python -m geo [-h] [--lang {vi,en}] COMMAND ...",
        message,
    ]


def test_a_wrong_language_exits_2_in_vietnamese():
    done = _run("--lang", "fr", "versions")
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == (
        "python -m geo: lỗi: tham số --lang: không có lựa chọn 'fr' (chọn một trong 'vi', 'en')"
    )


def test_versions_in_english():
    done = _run("versions", lang="en")
    assert done.returncode == 0
    assert done.stdout.splitlines() == [
        "Data directory: not configured (VNEID_DATA_DIR)",
        "approximate\tApproximate boundaries (98 units, 01/2025) — Voronoi cells around commune "
        "centres; for guidance only",
    ]


def test_demo_without_the_files_of_a_version_exits_1_in_english(db_url):
    done = _run("--lang", "en", "demo", "--version", "2020-2024", db_url=db_url)
    assert done.returncode == 1
    assert done.stderr == (
        "Error: No data directory (VNEID_DATA_DIR) is configured to read "
        "ha_nam_communes_codes_crosswalk_2019_2025.csv.\n"
    )


ADMIN_PASSWORD = "Hà Nam 2023!"


def test_add_admin_from_stdin_creates_a_province_administrator(db_url):
    from geo.access import Scope, User
    from geo.store import Store

    done = _run("add-admin", "QuanTri", "--display-name", "Trần Văn An", "--password-stdin",
                db_url=db_url, stdin=ADMIN_PASSWORD + "\n")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Đã tạo tài khoản quản trị viên «quantri» (phạm vi toàn tỉnh).\n"
    assert ADMIN_PASSWORD not in done.stdout + done.stderr
    store = Store(db_url)
    try:
        assert store.has_admin() and store.must_change_password("quantri") is False
        row = store.accounts().iloc[0]
        assert (row["display_name"], row["role"], row["scope_level"]) == (
            "Trần Văn An",
            "admin",
            "province",
        )
        assert store.authenticate("quantri", ADMIN_PASSWORD) == User("quantri", "admin", Scope())
        assert store.audit_log()["user"].tolist()[0] == "cli"
    finally:
        store.close()


def test_add_admin_twice_exits_1_with_the_reason_in_english(db_url):
    assert _run("add-admin", "quantri", "--password-stdin", db_url=db_url,
                stdin=ADMIN_PASSWORD).returncode == 0  # fmt: skip
    done = _run("--lang", "en", "add-admin", "QUANTRI", "--password-stdin", db_url=db_url,
                stdin="Khác hẳn 2024\n")  # fmt: skip
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == "Error: The user account «quantri» already exists.\n"


@pytest.mark.parametrize(
    ("lang", "stdin", "message"),
    [
        ("vi", "ngắn\n", "Lỗi: Mật khẩu phải có ít nhất 10 ký tự.\n"),
        ("en", "", "Error: The password must have at least 10 characters.\n"),
        ("en", "quantri123\n", "Error: The password must not be the same as the user "
                               "account's name.\n"),
    ],
    ids=["short", "empty-stdin", "the-username"],
)  # fmt: skip
def test_add_admin_refuses_a_weak_password(db_url, lang, stdin, message):
    done = _run("add-admin", "QuanTri123", "--password-stdin", db_url=db_url, lang=lang,
                stdin=stdin)  # fmt: skip
    assert done.returncode == 1
    assert done.stderr == message
    assert stdin.strip() not in done.stdout or not stdin.strip()


def test_add_admin_without_a_username_exits_2_in_english(db_url):
    done = _run("add-admin", "--password-stdin", "--lang", "en", db_url=db_url)
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == (
        "python -m geo add-admin: error: the following arguments are required: USERNAME"
    )


def test_add_admin_asks_twice_and_refuses_two_different_entries(monkeypatch, capsys, db_url):
    from geo.__main__ import main

    typed = iter(["Hà Nam 2023!", "Hà Nam 2024!"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(typed))
    monkeypatch.setenv("VNEID_DB_URL", db_url)
    assert main(["--lang", "en", "add-admin", "quantri"]) == 1
    assert capsys.readouterr().err == "Error: The two passwords do not match.\n"
    typed = iter([ADMIN_PASSWORD, ADMIN_PASSWORD])
    assert main(["add-admin", "quantri"]) == 0
    out = capsys.readouterr()
    assert ADMIN_PASSWORD not in out.out + out.err


def test_reset_password_sets_a_temporary_one_and_ends_the_sessions(db_url):
    from datetime import timedelta

    from geo.access import Scope
    from geo.store import Store

    store = Store(db_url)
    store.add_account("quantri", "admin", Scope.province(), ADMIN_PASSWORD, by="cli",
                      must_change=False)  # fmt: skip
    token = store.open_session("quantri", "password")
    temporary = "Tạm thời 2023!"
    done = _run("reset-password", "QuanTri", "--password-stdin", db_url=db_url,
                stdin=temporary + "\n")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "Đã đặt mật khẩu tạm cho «quantri»; tài khoản phải đổi mật khẩu ở lần đăng nhập tới.\n"
    )
    assert temporary not in done.stdout + done.stderr
    assert store.must_change_password("quantri") is True
    assert store.resume_session(token, idle=timedelta(minutes=30)) == "ended"
    assert store.authenticate("quantri", ADMIN_PASSWORD) == (
        "Tên tài khoản người dùng hoặc mật khẩu không đúng."
    )
    assert store.audit_log()["action"].tolist()[-2:] == ["account_password", "sign_in_failed"]
    store.close()


def test_reset_password_of_an_unknown_account_exits_1(db_url):
    done = _run("--lang", "en", "reset-password", "ai", "--password-stdin", db_url=db_url,
                stdin="Tạm thời 2023!\n")  # fmt: skip
    assert (done.returncode, done.stderr) == (1, "Error: There is no user account «ai».\n")
