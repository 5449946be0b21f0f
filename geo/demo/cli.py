"""``python -m geo.demo`` (and ``python -m geo demo``): load the demo into a database.

The options are defined once (:func:`add_arguments`) and run by :func:`run`, so the package's
own entry point and the ``demo`` subcommand of ``python -m geo`` behave the same.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from geo.demo import SEED, build_demo, communes_with_points, load_demo
from geo.places.registry import VERSIONS, DataFileMissingError

__all__ = ["DESCRIPTION", "add_arguments", "main", "run"]

#: One line on what the command does (shown by ``--help``).
DESCRIPTION = (
    "Nạp dữ liệu mẫu (DEMO): đợt thí điểm 13/02-14/03/2023 và đợt triển khai đến 31/05/2023."
)


def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the demo command's options to a parser.

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
        help="địa chỉ cơ sở dữ liệu (SQLAlchemy URL); mặc định theo VNEID_DB_URL",
    )
    parser.add_argument(
        "--version",
        default=None,
        choices=list(VERSIONS),
        help='phiên bản danh mục xã (mặc định "2020-2024" khi có thư mục dữ liệu, '
        'nếu không "approximate")',
    )
    parser.add_argument(
        "--seed", type=int, default=SEED, help=f"hạt giống ngẫu nhiên (mặc định {SEED})"
    )
    parser.add_argument(
        "--force", action="store_true", help="nạp cả khi cơ sở dữ liệu đã có dữ liệu"
    )
    parser.add_argument(
        "--write", metavar="DIR", help="ghi thêm bốn tệp dữ liệu mẫu vào thư mục DIR"
    )
    return parser


def run(args: argparse.Namespace) -> int:
    """Load the demo as the parsed options say and report each batch.

    Parameters
    ----------
    args : argparse.Namespace
        Options parsed by a parser that went through :func:`add_arguments`.

    Returns
    -------
    int
        Exit code: 0 when loaded (or left alone because the database holds data), 1 when the
        registry cannot be read or lacks the pilot communes (a Vietnamese message on stderr).
    """
    from geo.config import load_settings
    from geo.store import Store

    settings = load_settings()
    version = args.version or ("2020-2024" if settings.data_dir is not None else "approximate")
    try:
        units = communes_with_points(version, settings.data_dir)
        files = build_demo(units, args.seed).files if args.write else ()
    except (DataFileMissingError, ValueError) as error:
        print(f"Lỗi: {error}", file=sys.stderr)
        return 1
    store = Store(args.db_url or settings.db_url)
    try:
        if args.write:
            out = Path(args.write)
            out.mkdir(parents=True, exist_ok=True)
            for f in files:
                (out / f.file_name).write_bytes(f.raw)
        if not args.force and not store.is_empty():
            print("Cơ sở dữ liệu đã có dữ liệu; dùng --force để nạp dữ liệu mẫu.")
            return 0
        store.sync_communes(units)
        for outcome in load_demo(store, units, seed=args.seed):
            state = (
                f"trùng với lần nhập số {outcome.duplicate_of}"
                if outcome.duplicate_of
                else f"{outcome.rows_ok} dòng"
            )
            print(f"Lần nhập số {outcome.batch_id}: {state}")
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
    parser = argparse.ArgumentParser(prog="python -m geo.demo", description=DESCRIPTION)
    return run(add_arguments(parser).parse_args(argv))
