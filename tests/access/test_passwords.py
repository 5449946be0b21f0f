"""Tests of geo.access.passwords: argon2id hashing and the password rule."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from geo.access.passwords import (
    MIN_LENGTH,
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
)
from geo.i18n import language

GOOD = "Phủ Lý 2023"


def test_hash_round_trip_is_argon2id_and_salted():
    first, second = hash_password(GOOD), hash_password(GOOD)
    assert first.startswith("$argon2id$v=19$")
    assert GOOD not in first
    assert first != second  # a new salt each time
    assert verify_password(first, GOOD) and verify_password(second, GOOD)


@pytest.mark.parametrize(
    "typed",
    ["phủ lý 2023", "Phủ Lý 2023 ", "Phu Ly 2023", "", "Phủ Lý 202"],
    ids=["case", "trailing-space", "no-diacritics", "empty", "shorter"],
)
def test_a_wrong_password_is_false(typed):
    assert verify_password(hash_password(GOOD), typed) is False


@pytest.mark.parametrize("stored", ["", "plaintext", "$argon2id$v=19$broken", "$2b$12$abc"])
def test_a_damaged_hash_is_false_and_needs_rehash(stored):
    assert verify_password(stored, GOOD) is False
    assert needs_rehash(stored) is True


def test_rehash_when_the_parameters_change():
    old = PasswordHasher(time_cost=1, memory_cost=8192).hash(GOOD)
    assert verify_password(old, GOOD)
    assert needs_rehash(old) is True
    assert needs_rehash(hash_password(GOOD)) is False


@pytest.mark.parametrize(
    ("password", "username", "reason"),
    [
        ("Abc12345!", "hoa", "Mật khẩu phải có ít nhất 10 ký tự."),  # 9 characters
        ("", "hoa", "Mật khẩu phải có ít nhất 10 ký tự."),
        ("NguyenHoa1", "nguyenhoa1", "Mật khẩu không được trùng với tên tài khoản người dùng."),
        (
            " NGUYENHOA1 ",
            "NguyenHoa1",
            "Mật khẩu không được trùng với tên tài khoản người dùng.",
        ),
        ("abcdefghij", "hoa", "Mật khẩu phải có ít nhất hai loại ký tự trong ba loại: chữ cái, "
                              "chữ số, ký hiệu."),
        ("1234567890", "hoa", "Mật khẩu phải có ít nhất hai loại ký tự trong ba loại: chữ cái, "
                              "chữ số, ký hiệu."),
        ("!@#$%^&*()", "hoa", "Mật khẩu phải có ít nhất hai loại ký tự trong ba loại: chữ cái, "
                              "chữ số, ký hiệu."),
        ("đườngphốhà", "hoa", "Mật khẩu phải có ít nhất hai loại ký tự trong ba loại: chữ cái, "
                              "chữ số, ký hiệu."),
    ],
)  # fmt: skip
def test_refused_passwords_and_their_reasons(password, username, reason):
    assert password_problem(password, username) == reason


@pytest.mark.parametrize(
    "password",
    ["Abc123456!", "abcdefghi1", "đường phố hà", "1234567890!", "ư" * 9 + "1"],
    ids=["three-kinds", "letters-digits", "letters-space", "digits-sign", "unicode-length"],
)
def test_accepted_passwords(password):
    assert len(password) >= MIN_LENGTH
    assert password_problem(password, "hoa") is None


def test_reasons_in_english():
    with language("en"):
        assert password_problem("ngắn", "hoa") == "The password must have at least 10 characters."
        assert password_problem("hoa.nguyen1", "Hoa.Nguyen1") == (
            "The password must not be the same as the user account's name."
        )
        assert password_problem("abcdefghij", "hoa") == (
            "The password must mix at least two of the three kinds of character: letters, "
            "digits, signs."
        )
