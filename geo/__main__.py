"""``python -m geo``: the administrators' commands, with Vietnamese help.

Subcommands
-----------
``demo``
    Load the demo campaign into the database (the options of ``python -m geo.demo``).
``versions``
    List the boundary versions that the configured data directory (``VNEID_DATA_DIR``) allows.

Errors (a wrong subcommand or option) print the usage and a Vietnamese message on stderr and exit
with code 2, without a traceback.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Sequence
from typing import Any, NoReturn

from geo.config import load_settings
from geo.demo import cli as demo_cli
from geo.places.registry import VERSIONS, available_versions

__all__ = ["build_parser", "main"]

#: argparse's own messages (Python 3.11) and their Vietnamese, applied in order.
_MESSAGES = (
    (r"^argument (\S+): ", r"tham số \1: "),
    (r"invalid choice: (.+) \(choose from (.+)\)$", r"không có lựa chọn \1 (chọn một trong \2)"),
    (r"^the following arguments are required: ", "thiếu tham số bắt buộc: "),
    (r"^unrecognized arguments: ", "tham số không nhận ra: "),
    (r"invalid (\w+) value: ", r"giá trị \1 không hợp lệ: "),
    (r"expected one argument$", "cần một giá trị"),
    (r"ignored explicit argument ", "không nhận giá trị "),
)


def _vietnamese(message: str) -> str:
    """Translate one of argparse's error messages (others are kept as they are).

    Returns
    -------
    str
        The message in Vietnamese.

    Examples
    --------
    >>> _vietnamese("argument LỆNH: invalid choice: 'x' (choose from 'demo', 'versions')")
    "tham số LỆNH: không có lựa chọn 'x' (chọn một trong 'demo', 'versions')"
    """
    for pattern, replacement in _MESSAGES:
        message = re.sub(pattern, replacement, message)
    return message


class _Formatter(argparse.HelpFormatter):
    """Help layout with a Vietnamese "usage" line."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        """Start the usage line with ``cách dùng:``."""
        super().add_usage(usage, actions, groups, "cách dùng: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose help and errors are in Vietnamese (exit code 2 on an error)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._optionals.title = "tùy chọn"
        self._positionals.title = "tham số"
        self.add_argument("-h", "--help", action="help", help="in hướng dẫn này rồi thoát")

    def error(self, message: str) -> NoReturn:
        """Print the usage and the error in Vietnamese, then exit with code 2."""
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: lỗi: {_vietnamese(message)}\n")


def _versions(args: argparse.Namespace) -> int:
    """Print the boundary versions available for the configured data directory.

    Returns
    -------
    int
        Exit code 0.
    """
    data_dir = load_settings().data_dir
    where = str(data_dir) if data_dir is not None else "chưa cấu hình (VNEID_DATA_DIR)"
    print(f"Thư mục dữ liệu: {where}")
    for key in available_versions(data_dir):
        version = VERSIONS[key]
        print(f"{key}\t{version.label} — {version.description}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Build the parser of ``python -m geo`` and its subcommands.

    Returns
    -------
    argparse.ArgumentParser
        A parser whose result carries the subcommand's ``handler(args) -> int``.

    Examples
    --------
    >>> build_parser().parse_args(["demo", "--force"]).force
    True
    """
    parser = _Parser(
        prog="python -m geo",
        description="Các lệnh quản trị của bảng điều khiển VNeID (tỉnh Hà Nam).",
    )
    commands = parser.add_subparsers(title="lệnh", metavar="LỆNH", dest="command", required=True)
    demo = commands.add_parser(
        "demo", help="nạp dữ liệu mẫu vào cơ sở dữ liệu", description=demo_cli.DESCRIPTION
    )
    demo_cli.add_arguments(demo).set_defaults(handler=demo_cli.run)
    versions = commands.add_parser(
        "versions",
        help="liệt kê các phiên bản ranh giới dùng được",
        description="Liệt kê các phiên bản ranh giới mà thư mục dữ liệu đã cấu hình cho phép.",
    )
    versions.set_defaults(handler=_versions)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``python -m geo``.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments after the program name; ``sys.argv[1:]`` when omitted.

    Returns
    -------
    int
        The subcommand's exit code (argparse exits with 2 on a wrong command or option).
    """
    args = build_parser().parse_args(argv)
    return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())
