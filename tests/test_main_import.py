"""``python -m geo import FILE``: the data page's import from the command line, row by row."""

from __future__ import annotations

import json

import pytest

from geo.store import Store
from tests.test_main import _run

HEADER = (
    "Ngày,Tổ lưu động,Mã xã,Cột F,Số người được hướng dẫn,Số tài khoản đăng ký,"
    "Số tài khoản kích hoạt"
)
ROWS = [
    "13/02/2023,Tổ 1,13291,hộ gia đình,20,12,10",
    "14/02/2023,Tổ 2,13540,hộ gia đình,9,5,9",  # activated > registered: rejected
    "15/02/2023,Tổ 2,13540,trường học,2,30,25",  # 25 activated of 2 guided: to confirm
]


@pytest.fixture
def db_url(tmp_path):
    return f"sqlite:///{tmp_path / 'geo.db'}"


@pytest.fixture
def visits(tmp_path):
    path = tmp_path / "to_1.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    return path


def _stored(db_url: str) -> list[int]:
    store = Store(db_url)
    try:
        return store.visits()["activated"].tolist() if not store.is_empty() else []
    finally:
        store.close()


def test_without_a_mapping_the_file_is_refused_with_the_column_named(db_url, visits):
    done = _run("import", str(visits), "--dry-run", db_url=db_url)
    assert done.returncode == 1
    assert done.stdout.splitlines()[0] == (
        "Lỗi tệp: Thiếu cột bắt buộc: «Loại địa điểm» (hoặc «place type») — chọn cột tương ứng "
        "trong mục «Ghép cột», hoặc dùng tệp mẫu"
    )


def test_dry_run_prints_each_row_and_changes_nothing(db_url, visits):
    done = _run("import", str(visits), "--dry-run", "--map", "Cột F=place_type", db_url=db_url)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Dòng 2 · nhận · 13291"
    assert lines[1] == (
        "Dòng 3 · từ chối · — · Dòng 3, cột «Số tài khoản kích hoạt»: số kích hoạt (9) lớn hơn "
        "số đăng ký (5) — số tài khoản kích hoạt không được vượt số tài khoản đăng ký."
    )
    assert lines[2].startswith("Dòng 4 · cần xác nhận · 13540 · Dòng 4, cột «Số tài khoản kích")
    assert lines[-2] == "Tệp to_1.csv: 1 nhận, 1 từ chối, 1 cần xác nhận, 0 đã có."
    assert lines[-1] == "Chạy thử (--dry-run): không thay đổi gì."
    assert _stored(db_url) == []


def test_import_then_the_same_layout_is_mapped_by_itself(db_url, visits, tmp_path):
    done = _run("import", str(visits), "--map", "Cột F=place_type", "--user", "hoa", db_url=db_url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1].startswith("Đã nhập 1 dòng từ tệp to_1.csv")
    assert _stored(db_url) == [10]
    again = tmp_path / "to_1_b.csv"
    again.write_text(HEADER + "\n16/02/2023,Tổ 3,13291,khác,8,6,4\n", encoding="utf-8")
    second = _run("import", str(again), "--json", db_url=db_url)
    report = json.loads(second.stdout)
    assert second.returncode == 0, second.stderr
    assert report["notes"] == ["Đã dùng cách ghép cột đã lưu cho dạng tệp này."]
    assert report["rows"] == [{"row": 2, "outcome": "accepted", "code": "13291", "reasons": []}]
    assert report["import"]["rows_ok"] == 1
    assert sorted(_stored(db_url)) == [4, 10]


def test_confirm_imports_the_flagged_row_and_a_rerun_finds_every_row_stored(db_url, visits):
    args = ("import", str(visits), "--map", "Cột F=place_type", "--confirm")
    first = _run(*args, db_url=db_url)
    assert first.returncode == 0, first.stderr
    assert sorted(_stored(db_url)) == [10, 25]
    resaved = visits.with_name("to_1_semicolons.csv")
    resaved.write_text(
        "\r\n".join(line.replace(",", ";") for line in [HEADER, *ROWS]) + "\r\n",
        encoding="utf-8-sig",
    )
    again = _run("import", str(resaved), "--confirm", "--json", db_url=db_url)
    report = json.loads(again.stdout)
    assert again.returncode == 1
    assert report["counts"] == {
        "accepted": 0,
        "rejected": 1,
        "needs_confirmation": 0,
        "already_stored": 2,
    }
    assert report["import"]["rows_ok"] == 0 and report["import"]["duplicate_of"] is not None
    assert sorted(_stored(db_url)) == [10, 25]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--map", "Cột F"], "Lỗi: --map cần dạng TÊN=GIÁ_TRỊ, không phải «Cột F»"),
        (["--map", "Cột F=loai"], "Lỗi: Không có cột hoặc mã «loai»; dùng một trong: "),
        (["--place-type", "chợ=market"], "Lỗi: Không có cột hoặc mã «market»; dùng một trong: "),
    ],
)
def test_wrong_options_exit_2_with_the_reason(db_url, visits, args, message):
    done = _run("import", str(visits), "--dry-run", *args, db_url=db_url)
    assert done.returncode == 2
    assert done.stderr.startswith(message)


def test_a_missing_file_exits_2_without_a_traceback(db_url, tmp_path):
    done = _run("import", str(tmp_path / "khong_co.csv"), db_url=db_url)
    assert done.returncode == 2
    assert done.stderr == f"Lỗi: Không đọc được tệp «{tmp_path / 'khong_co.csv'}».\n"
    assert "Traceback" not in done.stderr


def test_english_report(db_url, visits):
    done = _run(
        "import", str(visits), "--dry-run", "--map", "Cột F=place_type", db_url=db_url, lang="en"
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Row 2 · accepted · 13291"
    assert lines[-1] == "Dry run (--dry-run): nothing was changed."
