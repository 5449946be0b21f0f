"""Settings that tests and deployments can inject (in the spirit of flask's ``create_app``).

Every setting has an embedded default, so ``streamlit run app.py`` works on a fresh machine:

- ``VNEID_DATA_DIR``: folder with the third-party boundary and census files (see
  ``SOURCES.md``). Default: ``../shared/data`` beside the repository when it exists, else none.
  An empty value or ``none`` forces the approximate boundaries.
- ``VNEID_DB_URL``: SQLAlchemy URL of the database. Default: ``sqlite:///data/vneid.db``.
- ``VNEID_TILE_URL``: base-map tile URL template on the closed network. Default: none
  (boundaries on a plain background).
- ``VNEID_TILE_ATTRIBUTION``: attribution shown for those tiles.
- ``VNEID_LANG``: default language, ``vi`` or ``en`` (also ``en-US``, ``VI``…). Default: ``vi``.
  It is the language of ``python -m geo`` unless ``--lang`` says otherwise, and the app's
  language until a user picks one.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from geo.i18n import Lang, parse_language

__all__ = ["REPO_ROOT", "Settings", "load_settings"]

REPO_ROOT = Path(__file__).resolve().parent.parent
_DEFAULT_DATA_DIR = REPO_ROOT.parent / "shared" / "data"
_OFF = {"", "none", "off", "0", "false"}


@dataclass(frozen=True)
class Settings:
    """Run-time configuration of the app.

    Attributes
    ----------
    data_dir : Path or None
        Folder with the boundary files, or ``None`` for approximate boundaries.
    db_url : str
        SQLAlchemy database URL (SQLite by default, PostgreSQL for scale-out).
    tile_url : str or None
        Optional tile URL template served on the closed network.
    tile_attribution : str
        Attribution text for ``tile_url``.
    language : {"vi", "en"}
        Default language (``VNEID_LANG``).
    """

    data_dir: Path | None = None
    db_url: str = f"sqlite:///{REPO_ROOT / 'data' / 'vneid.db'}"
    tile_url: str | None = None
    tile_attribution: str = ""
    language: Lang = "vi"

    def with_(self, **changes: Any) -> Settings:
        """Return a copy with some fields changed (handy in tests).

        Parameters
        ----------
        **changes
            New values by field name.

        Returns
        -------
        Settings
            A new object; this one is unchanged.

        Examples
        --------
        >>> Settings(db_url="sqlite://").with_(tile_url="http://t/{z}/{x}/{y}.png").tile_url
        'http://t/{z}/{x}/{y}.png'
        """
        return replace(self, **changes)


def _data_dir(value: str | None) -> Path | None:
    """Read ``VNEID_DATA_DIR``.

    Returns
    -------
    Path or None
        The folder; the default beside the repository when unset (if it exists); ``None`` when
        switched off (empty, ``none``, ``off``, ``0``, ``false``).
    """
    if value is None:
        return _DEFAULT_DATA_DIR if _DEFAULT_DATA_DIR.is_dir() else None
    if value.strip().lower() in _OFF:
        return None
    return Path(value).expanduser()


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Read the settings from environment variables, falling back to embedded defaults.

    Parameters
    ----------
    env : mapping, optional
        Variables to read; ``os.environ`` when omitted.

    Returns
    -------
    Settings
        Every setting, from ``env`` or its default.

    Examples
    --------
    >>> load_settings({"VNEID_DATA_DIR": "none"}).data_dir is None
    True
    >>> load_settings({"VNEID_DB_URL": "sqlite://"}).db_url
    'sqlite://'
    >>> [load_settings({"VNEID_LANG": v}).language for v in ("en-US", "fr")]
    ['en', 'vi']
    """
    env = os.environ if env is None else env
    defaults = Settings()
    tile = (env.get("VNEID_TILE_URL") or "").strip() or None
    return Settings(
        data_dir=_data_dir(env.get("VNEID_DATA_DIR")),
        db_url=(env.get("VNEID_DB_URL") or "").strip() or defaults.db_url,
        tile_url=tile,
        tile_attribution=env.get("VNEID_TILE_ATTRIBUTION", ""),
        language=parse_language(env.get("VNEID_LANG")) or defaults.language,
    )
