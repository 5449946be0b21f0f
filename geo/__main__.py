"""``python -m geo``: the administrators' commands, in Vietnamese or English.

Subcommands
-----------
``demo``
    Load the demo campaign into the database (the options of ``python -m geo.demo``).
``versions``
    List the boundary versions that the configured data directory (``VNEID_DATA_DIR``) allows.
``add-admin USERNAME``
    Create an administrator account (province scope) in ``VNEID_DB_URL``. The password is asked
    twice without echo (:func:`getpass.getpass`), or read from the first line of stdin with
    ``--password-stdin`` (for scripts); a weak one is refused. The administrator chose it, so it
    need not be changed at the first sign-in. Exit 0 with a confirmation, 1 with the reason (a
    weak password, the two entries differ, the name is taken), 2 on a usage error. There is no
    default password anywhere.
``import FILE``
    Import a visit log or targets file exactly as the «Dữ liệu» page does (the remembered column
    mapping, the same limits, checks and reasons) and print every data row's outcome (accepted,
    rejected, needs confirmation, already stored) with the commune code it matched and its
    reasons. ``--kind visits|targets`` (default visits), ``--dry-run`` changes nothing,
    ``--json`` prints the report as JSON, ``--map COLUMN=FIELD`` maps a column (``COLUMN=`` leaves
    it out), ``--place-type TEXT=CODE`` answers an unknown place type, ``--confirm`` imports the
    rows that need confirmation, ``--replace`` replaces the earlier batches holding some of its
    rows (default: skip those rows), ``--user`` names who imports (default ``cli``). Exit 0 when
    rows were imported (or would be, with ``--dry-run``), 1 when the file is refused or nothing
    is new, 2 on a usage error.
``reset-password USERNAME``
    Give any account a new temporary password (asked the same way), to be changed at its next
    sign-in; unlocks it and ends its open sessions. For an administrator who lost its password
    (others are reset on the accounts page). Audited as ``account_password`` by ``cli``.

The global option ``--lang vi|en`` (before or after the subcommand) chooses the language of the
help and the messages; without it, ``VNEID_LANG``, else Vietnamese. Errors (a wrong subcommand
or option) print the usage and a message on stderr and exit with code 2, without a traceback.
"""

from __future__ import annotations

import argparse
import getpass
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NoReturn

from geo.config import load_settings
from geo.demo import cli as demo_cli
from geo.i18n import _, current_language, language
from geo.places.registry import VERSIONS, available_versions

__all__ = ["build_parser", "main"]

#: argparse's own messages (Python 3.11) and their Vietnamese, applied in order (English mode
#: keeps argparse's own English).
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
    """Help layout whose "usage" line is in the language in use."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        """Start the usage line with ``cách dùng:`` (``usage:`` in English)."""
        super().add_usage(
            usage, actions, groups, _("cách dùng:") + " " if prefix is None else prefix
        )


class _Parser(argparse.ArgumentParser):
    """An argument parser whose help and errors are in the language in use (exit 2 on error)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._optionals.title = _("tùy chọn")
        self._positionals.title = _("tham số")
        self.add_argument("-h", "--help", action="help", help=_("in hướng dẫn này rồi thoát"))

    def error(self, message: str) -> NoReturn:
        """Print the usage and the error, then exit with code 2."""
        self.print_usage(sys.stderr)
        if current_language() == "vi":
            message = _vietnamese(message)
        self.exit(2, _("{prog}: lỗi: {message}").format(prog=self.prog, message=message) + "\n")


def _versions(args: argparse.Namespace) -> int:
    """Print the boundary versions available for the configured data directory.

    Returns
    -------
    int
        Exit code 0.
    """
    data_dir = load_settings().data_dir
    where = str(data_dir) if data_dir is not None else _("chưa cấu hình (VNEID_DATA_DIR)")
    print(_("Thư mục dữ liệu: {where}").format(where=where))
    for key in available_versions(data_dir):
        version = VERSIONS[key]
        print(f"{key}\t{_(version.label)} — {_(version.description)}")
    return 0


def _read_password(from_stdin: bool) -> str | None:
    """Read the new password: one line of stdin, or asked twice without echo.

    Returns
    -------
    str or None
        The password; ``None`` when the two entries differ.
    """
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(_("Mật khẩu: "))
    second = getpass.getpass(_("Nhập lại mật khẩu: "))
    return first if first == second else None


def _account_command(args: argparse.Namespace, write: Callable[[Any, str], None], done: str) -> int:
    """Read the password, run one account write, say what happened.

    Parameters
    ----------
    args : argparse.Namespace
        The command's arguments (``username``, ``password_stdin``).
    write : callable
        ``write(store, password)``; raises ``AccountError`` with the reason.
    done : str
        The confirmation, with ``{username}``.

    Returns
    -------
    int
        0 when done, 1 with the reason on stderr when refused.
    """
    from geo.store import AccountError, Store

    password = _read_password(args.password_stdin)
    if password is None:
        print(
            _("Lỗi: {error}").format(error=_("Hai lần nhập mật khẩu không khớp.")), file=sys.stderr
        )
        return 1
    store = Store(load_settings().db_url)
    try:
        write(store, password)
    except AccountError as error:
        print(_("Lỗi: {error}").format(error=error), file=sys.stderr)
        return 1
    finally:
        store.close()
    print(done.format(username=args.username.strip().casefold()))
    return 0


def _add_admin(args: argparse.Namespace) -> int:
    """Create an administrator account with province scope (``python -m geo add-admin``).

    Returns
    -------
    int
        0 when created, 1 with the reason on stderr when refused.
    """
    from geo.access import Scope

    def write(store: Any, password: str) -> None:
        store.add_account(
            args.username,
            "admin",
            Scope.province(),
            password,
            display_name=args.display_name,
            must_change=False,
            by="cli",
        )

    done = _("Đã tạo tài khoản quản trị viên «{username}» (phạm vi toàn tỉnh).")
    return _account_command(args, write, done)


def _reset_password(args: argparse.Namespace) -> int:
    """Set a temporary password on an account (``python -m geo reset-password``).

    Returns
    -------
    int
        0 when done, 1 with the reason on stderr when refused.
    """

    def write(store: Any, password: str) -> None:
        store.change_password(args.username, password, by="cli", must_change=True)
        store.end_sessions(args.username)

    done = _(
        "Đã đặt mật khẩu tạm cho «{username}»; tài khoản phải đổi mật khẩu ở lần đăng nhập tới."
    )
    return _account_command(args, write, done)


def _pairs(texts: Iterable[str], option: str) -> dict[str, str]:
    """Split ``LEFT=RIGHT`` options (``RIGHT`` may be empty); a text without ``=`` is an error.

    Returns
    -------
    dict of str to str
        ``LEFT`` -> ``RIGHT``, both stripped.

    Raises
    ------
    ValueError
        With the message for the user.
    """
    out = {}
    for text in texts:
        left, sep, right = text.partition("=")
        if not sep or not left.strip():
            raise ValueError(
                _("{option} cần dạng TÊN=GIÁ_TRỊ, không phải «{text}»").format(
                    option=option, text=text
                )
            )
        out[left.strip()] = right.strip()
    return out


def _import(args: argparse.Namespace) -> int:
    """Check and import a file (``python -m geo import``), printing each row's outcome.

    Returns
    -------
    int
        0 when some row was (or, dry, would be) imported, 1 otherwise, 2 on a wrong option.
    """
    import json
    from pathlib import Path

    from geo.ingest.spec import spec_for
    from geo.places.names import fold
    from geo.places.registry import communes, record_version
    from geo.schema import PLACE_TYPES
    from geo.store import Store
    from geo.store.import_command import report_text, run_import

    try:
        mapping = _pairs(args.map, "--map")
        answers = _pairs(args.place_type, "--place-type")
        fields = {f.key for f in spec_for(args.kind).fields}
        wrong = sorted({v for v in mapping.values() if v and v not in fields})
        wrong += sorted({v for v in answers.values() if v not in PLACE_TYPES})
        if wrong:
            raise ValueError(
                _("Không có cột hoặc mã «{value}»; dùng một trong: {choices}").format(
                    value=wrong[0], choices=", ".join(sorted(fields | set(PLACE_TYPES)))
                )
            )
        path = Path(args.file)
        try:
            raw = path.read_bytes()
        except OSError:
            raise ValueError(_("Không đọc được tệp «{file}».").format(file=args.file)) from None
    except ValueError as error:
        print(_("Lỗi: {error}").format(error=error), file=sys.stderr)
        return 2
    settings = load_settings()
    registry = communes(record_version(settings.data_dir), settings.data_dir)
    store = Store(settings.db_url)
    try:
        report = run_import(
            store,
            raw,
            path.name,
            args.kind,
            registry,
            settings,
            user=args.user,
            dry_run=args.dry_run,
            mapping=mapping,
            values={"place_type": {fold(k): v for k, v in answers.items()}} if answers else None,
            confirm=args.confirm,
            on_match="replace" if args.replace else "skip",
        )
    finally:
        store.close()
    print(json.dumps(report, ensure_ascii=False, indent=2) if args.json else report_text(report))
    done = report["import"]
    would = report["counts"]["accepted"] > 0 and not report["file_errors"]
    return 0 if (done is not None and done["rows_ok"] > 0) or (args.dry_run and would) else 1


def _password_stdin(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help=_("đọc mật khẩu từ dòng đầu của đầu vào chuẩn (cho kịch bản) thay vì hỏi"),
    )


def _import_parser(commands: Any) -> None:
    """Add ``import FILE`` and its options."""
    command = commands.add_parser(
        "import",
        help=_("nhập một tệp lượt làm việc hoặc chỉ tiêu"),
        description=_(
            "Nhập một tệp CSV hoặc Excel như trang «Dữ liệu» (cùng cách ghép cột, cùng kiểm tra "
            "và lý do) và in kết quả của từng dòng."
        ),
    )
    command.add_argument("file", metavar=_("TỆP"), help=_("tệp CSV hoặc XLSX"))
    command.add_argument(
        "--kind",
        choices=["visits", "targets"],
        default="visits",
        help=_("loại dữ liệu: visits (lượt làm việc, mặc định) hoặc targets (chỉ tiêu)"),
    )
    command.add_argument(
        "--dry-run", action="store_true", help=_("chỉ kiểm tra, không thay đổi gì")
    )
    command.add_argument("--json", action="store_true", help=_("in kết quả dạng JSON"))
    command.add_argument(
        "--map",
        action="append",
        default=[],
        metavar=_("CỘT=TRƯỜNG"),
        help=_("ghép một cột của tệp với một trường (CỘT= để không nhập cột đó); lặp lại được"),
    )
    command.add_argument(
        "--place-type",
        action="append",
        default=[],
        metavar=_("GIÁ_TRỊ=MÃ"),
        help=_("nghĩa của một loại địa điểm chưa rõ (household, agency, business, school, other)"),
    )
    command.add_argument("--confirm", action="store_true", help=_("nhập cả các dòng cần xác nhận"))
    command.add_argument(
        "--replace",
        action="store_true",
        help=_("thay thế các lần nhập trước có dòng trùng (mặc định: bỏ qua các dòng đó)"),
    )
    command.add_argument(
        "--user", default="cli", metavar=_("TÊN"), help=_("người nhập, ghi vào nhật ký thao tác")
    )
    demo_cli.add_language_argument(command).set_defaults(handler=_import)


def build_parser() -> argparse.ArgumentParser:
    """Build the parser of ``python -m geo`` and its subcommands, in the language in use.

    Returns
    -------
    argparse.ArgumentParser
        A parser whose result carries the subcommand's ``handler(args) -> int``.

    Examples
    --------
    >>> build_parser().parse_args(["demo", "--force"]).force
    True
    >>> build_parser().parse_args(["--lang", "en", "versions"]).lang
    'en'
    """
    parser = _Parser(
        prog="python -m geo",
        description=_("Các lệnh quản trị của bảng điều khiển VNeID (tỉnh Hà Nam)."),
    )
    demo_cli.add_language_argument(parser, default=load_settings().language)
    commands = parser.add_subparsers(
        title=_("lệnh"), metavar=_("LỆNH"), dest="command", required=True
    )
    demo = commands.add_parser(
        "demo", help=_("nạp dữ liệu mẫu vào cơ sở dữ liệu"), description=_(demo_cli.DESCRIPTION)
    )
    demo_cli.add_language_argument(demo_cli.add_arguments(demo)).set_defaults(handler=demo_cli.run)
    versions = commands.add_parser(
        "versions",
        help=_("liệt kê các phiên bản ranh giới dùng được"),
        description=_("Liệt kê các phiên bản ranh giới mà thư mục dữ liệu đã cấu hình cho phép."),
    )
    demo_cli.add_language_argument(versions).set_defaults(handler=_versions)
    admin = commands.add_parser(
        "add-admin",
        help=_("tạo tài khoản quản trị viên"),
        description=_(
            "Tạo tài khoản người dùng quản trị viên, phạm vi toàn tỉnh. Mật khẩu được hỏi hai "
            "lần và không hiện trên màn hình."
        ),
    )
    admin.add_argument("username", metavar=_("TÊN"), help=_("tên tài khoản người dùng"))
    admin.add_argument(
        "--display-name", metavar=_("HỌ_TÊN"), help=_("họ tên hiển thị của quản trị viên")
    )
    _password_stdin(admin)
    demo_cli.add_language_argument(admin).set_defaults(handler=_add_admin)
    reset = commands.add_parser(
        "reset-password",
        help=_("cấp mật khẩu tạm cho một tài khoản"),
        description=_(
            "Cấp mật khẩu tạm cho một tài khoản người dùng (phải đổi ở lần đăng nhập tới), mở "
            "khóa và kết thúc các phiên đang mở của tài khoản."
        ),
    )
    reset.add_argument("username", metavar=_("TÊN"), help=_("tên tài khoản người dùng"))
    _password_stdin(reset)
    demo_cli.add_language_argument(reset).set_defaults(handler=_reset_password)
    _import_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``python -m geo`` in the language of ``--lang`` (else ``VNEID_LANG``, else vi).

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments after the program name; ``sys.argv[1:]`` when omitted.

    Returns
    -------
    int
        The subcommand's exit code (argparse exits with 2 on a wrong command or option).
    """
    with language(demo_cli.choose_language(argv)):
        args = build_parser().parse_args(argv)
        return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())
