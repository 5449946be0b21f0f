"""Tests of geo.demo.cli: ``python -m geo.demo`` loads once, then recognises its files."""

from __future__ import annotations

import pytest

from geo.demo.cli import choose_language, main
from geo.store import Store


def test_cli_loads_once_and_force_is_recognised_as_duplicate(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    args = ["--db-url", url, "--version", "approximate"]
    assert main([*args, "--write", str(tmp_path / "files")]) == 0
    assert "Lần nhập số 4: 392 dòng" in capsys.readouterr().out  # 98 communes x 4 dates
    assert len(list((tmp_path / "files").iterdir())) == 4
    assert main(args) == 0
    assert "đã có dữ liệu" in capsys.readouterr().out
    assert main([*args, "--force"]) == 0
    assert "Lần nhập số 1: trùng với lần nhập số 1" in capsys.readouterr().out
    store = Store(url)
    assert len(store.batches()) == 4
    assert store.communes("approximate").shape[0] == 98


def test_cli_without_the_files_of_a_version_says_so(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("VNEID_DATA_DIR", "none")
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert main(["--db-url", url, "--version", "2020-2024"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("Lỗi: Chưa cấu hình thư mục dữ liệu (VNEID_DATA_DIR)")
    assert not (tmp_path / "cli.db").exists()  # nothing was opened


def test_cli_help_lists_the_options(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for option in ("--db-url", "--version", "--seed", "--force", "--write"):
        assert option in out
    assert "dữ liệu mẫu" in out.lower()


def test_cli_in_english(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("VNEID_LANG", raising=False)
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    args = ["--db-url", url, "--version", "approximate", "--lang", "en"]
    assert main(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Import no. 1: 98 rows"
    assert lines[-1] == "Import no. 4: 392 rows"
    assert main(args) == 0
    assert capsys.readouterr().out == (
        "The database already holds data; use --force to load the demo data.\n"
    )
    assert main([*args, "--force"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "Import no. 1: same as import no. 1"


def test_cli_language_from_vneid_lang(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("VNEID_DATA_DIR", "none")
    monkeypatch.setenv("VNEID_LANG", "en")
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert main(["--db-url", url, "--version", "2020-2024"]) == 1
    assert capsys.readouterr().err.startswith(
        "Error: No data directory (VNEID_DATA_DIR) is configured to read "
    )
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "load even when the database already holds data" in out
    assert "  --lang {vi,en}" in out


def test_choose_language(monkeypatch):
    monkeypatch.setenv("VNEID_LANG", "en")
    assert choose_language(["--lang", "vi"]) == "vi"
    assert choose_language(["--force", "--lang=EN"]) == "en"
    assert choose_language(["--lang", "xx"]) == "en"  # the environment; the parser refuses "xx"
    monkeypatch.delenv("VNEID_LANG")
    assert choose_language(["--force"]) == "vi"
