"""``python -m geo.demo`` (and ``python -m geo demo``): load the demo into a database.

The options are defined once (:func:`add_arguments`) and run by :func:`run`, so the package's
own entry point and the ``demo`` subcommand of ``python -m geo`` behave the same. Help texts and
messages are in the language in use: ``--lang vi|en``, else ``VNEID_LANG``, else Vietnamese
(:func:`choose_language`); the demo's data (files, teams, notes) stays Vietnamese.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from geo.config import load_settings
from geo.demo import SEED, build_demo, communes_with_points, load_demo
from geo.fmt import format_int
from geo.i18n import LANGUAGES, N_, Lang, _, language, ngettext, parse_language
from geo.places.registry import VERSIONS, DataFileMissingError

__all__ = [
    "DESCRIPTION",
    "add_arguments",
    "add_language_argument",
    "choose_language",
    "main",
    "run",
]

#: One line on what the command does (shown by ``--help``; the catalog's id: show it with
#: ``_(DESCRIPTION)``).
DESCRIPTION = N_(
    "Nạp dữ liệu mẫu (DEMO): đợt thí điểm 13/02-14/03/2023 và đợt triển khai đến 31/05/2023."
)


def choose_language(argv: Sequence[str] | None = None) -> Lang:
    """Pick the language of a command: its ``--lang``, else ``VNEID_LANG``, else Vietnamese.

    Read before the parser is built, since the parser's help is written in that language. A
    wrong ``--lang`` value is left for the parser to refuse (with the usual exit code 2).

    Parameters
    ----------
    argv : sequence of str, optional
        The command's arguments; ``sys.argv[1:]`` when omitted.

    Returns
    -------
    {"vi", "en"}
        The language to use.

    Examples
    --------
    >>> choose_language(["--lang", "en", "versions"]), choose_language(["demo", "--lang=vi"])
    ('en', 'vi')
    """
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--lang", default=None)
    known, _rest = pre.parse_known_args(sys.argv[1:] if argv is None else list(argv))
    return parse_language(known.lang) or load_settings().language


def add_language_argument(
    parser: argparse.ArgumentParser, default: object = argparse.SUPPRESS
) -> argparse.ArgumentParser:
    """Add ``--lang {vi,en}`` to a parser (its value is read first by :func:`choose_language`).

    Parameters
    ----------
    parser : argparse.ArgumentParser
        The parser of a command or subcommand.
    default : object, default argparse.SUPPRESS
        Value when the option is not given (nothing is set by default).

    Returns
    -------
    argparse.ArgumentParser
        ``parser``.
    """
    parser.add_argument(
        "--lang",
        choices=list(LANGUAGES),
        default=default,
        help=_("ngôn ngữ của lệnh (mặc định theo VNEID_LANG, nếu không là vi)"),
    )
    return parser


def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the demo command's options to a parser (help in the language in use).

    Parameters
    ----------
    parser : argparse.ArgumentParser
        The parser of ``python -m geo.demo`` or of the ``demo`` subcommand.

    Returns
    -------
    argparse.ArgumentParser
        ``parser``, with ``--db-url``, ``--version``, ``--seed``, ``--force`` and ``--write``.

    Examples
    --------
    >>> args = add_arguments(argparse.ArgumentParser()).parse_args(["--force"])
    >>> args.force, args.seed, args.version, args.db_url
    (True, 20230213, None, None)
    """
    parser.add_argument(
        "--db-url",
        default=None,
        help=_("địa chỉ cơ sở dữ liệu (SQLAlchemy URL); mặc định theo VNEID_DB_URL"),
    )
    parser.add_argument(
        "--version",
        default=None,
        choices=list(VERSIONS),
        help=_(
            'phiên bản danh mục xã (mặc định "2020-2024" khi có thư mục dữ liệu, '
            'nếu không "approximate")'
        ),
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=SEED,
        help=_("hạt giống ngẫu nhiên (mặc định {seed})").format(seed=SEED),
    )
    parser.add_argument(
        "--force", action="store_true", help=_("nạp cả khi cơ sở dữ liệu đã có dữ liệu")
    )
    parser.add_argument(
        "--write", metavar="DIR", help=_("ghi thêm bốn tệp dữ liệu mẫu vào thư mục DIR")
    )
    return parser


def run(args: argparse.Namespace) -> int:
    """Load the demo as the parsed options say and report each batch (in the language in use).

    Parameters
    ----------
    args : argparse.Namespace
        Options parsed by a parser that went through :func:`add_arguments`.

    Returns
    -------
    int
        Exit code: 0 when loaded (or left alone because the database holds data), 1 when the
        registry cannot be read or lacks the pilot communes (a message on stderr).
    """
    from geo.store import Store

    settings = load_settings()
    version = args.version or ("2020-2024" if settings.data_dir is not None else "approximate")
    try:
        units = communes_with_points(version, settings.data_dir)
        files = build_demo(units, args.seed).files if args.write else ()
    except (DataFileMissingError, ValueError) as error:
        print(_("Lỗi: {error}").format(error=error), file=sys.stderr)
        return 1
    store = Store(args.db_url or settings.db_url)
    try:
        if args.write:
            out = Path(args.write)
            out.mkdir(parents=True, exist_ok=True)
            for f in files:
                (out / f.file_name).write_bytes(f.raw)
        if not args.force and not store.is_empty():
            print(_("Cơ sở dữ liệu đã có dữ liệu; dùng --force để nạp dữ liệu mẫu."))
            return 0
        store.sync_communes(units)
        for outcome in load_demo(store, units, seed=args.seed):
            if outcome.duplicate_of:
                state = _("trùng với lần nhập số {batch}").format(batch=outcome.duplicate_of)
            else:
                state = ngettext("{n} dòng", "{n} dòng", outcome.rows_ok).format(
                    n=format_int(outcome.rows_ok)
                )
            print(_("Lần nhập số {batch}: {state}").format(batch=outcome.batch_id, state=state))
    finally:
        store.close()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``python -m geo.demo``: load the demo into the configured database.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments after the program name; ``sys.argv[1:]`` when omitted.

    Returns
    -------
    int
        The exit code of :func:`run`.
    """
    with language(choose_language(argv)):
        parser = argparse.ArgumentParser(prog="python -m geo.demo", description=_(DESCRIPTION))
        add_language_argument(add_arguments(parser))
        return run(parser.parse_args(argv))
