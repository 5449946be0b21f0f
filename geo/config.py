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
- ``VNEID_IDLE_MINUTES``: minutes without any action after which a signed-in session ends.
  Default: 30.
- ``VNEID_IDLE_CHECK_SECONDS``: how often a signed-in screen checks that its session is still
  open (idle timeout, disabled account) and goes back to the sign-in if not. Default: 60.
- ``VNEID_AUTH``: ``local`` (accounts with passwords in the database, the default) or ``oidc``
  (single sign-on through Streamlit's ``st.login``, configured in ``.streamlit/secrets.toml``;
  see the README, «Accounts and sign-in»).
- ``VNEID_OIDC_PROVIDER``: the provider's name under ``[auth.<name>]`` in ``secrets.toml``, when
  there are several. Default: none (the ``[auth]`` section itself).
- ``VNEID_OIDC_USERNAME_CLAIM``: the identity claim that names the account. Default: ``email``.
- ``VNEID_DEMO_ACCOUNTS``: ``off`` hides the demo accounts' sign-in buttons even on the demo
  campaign. Default: on.
- ``VNEID_IMPORT_MAX_MB``: largest file the import reads, in MB. Default: 20.
- ``VNEID_IMPORT_MAX_UNPACKED_MB``: largest size of an XLSX once unpacked, in MB (refuses
  "zip bombs"). Default: 200.
- ``VNEID_IMPORT_MAX_COLUMNS``: most columns of a file's header row or sheet. Default: 200.
- ``VNEID_IMPORT_MAX_CELLS``: most cells in any row of a file. Default: 200.
- ``VNEID_IMPORT_MAX_ROWS``: most rows of a file. Default: 500000.
  (See :class:`geo.ingest.limits.ImportLimits` for why; a value that is not a positive whole
  number keeps the default.)
- ``VNEID_MAX_ACTIVATIONS_PER_HOUR``: most activations per hour of a visit before the import
  asks the clerk to confirm the row (team size unknown). Default: 40.
- ``VNEID_MAX_ACTIVATIONS_PER_OFFICER_HOUR``: the same per officer, when the team's number of
  officers is known. Default: 12.
- ``VNEID_MAX_ACTIVATIONS_PER_VISIT``: most activations in one row. Default: 500.
- ``VNEID_MAX_ACTIVATIONS_PER_TEAM_EVENING``: most activations of one team on one date, summed
  over the file. Default: 1500.
- ``VNEID_MAX_TARGET_RATIO``: most population, eligible citizens or quota of a commune, as a
  multiple of its 2019 census population (``1.2`` or ``1,2``). Default: 1.2.
  (See :class:`geo.ingest.plausible.Thresholds` for why; a value that is not a positive number
  keeps the default.)
- ``VNEID_REQUEST_OVERDUE_DAYS``: days a home-visit request may stay open before it is flagged as
  overdue (:mod:`geo.planning.requests`). Default: 14.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

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
    idle_minutes : int
        Idle timeout of a signed-in session (``VNEID_IDLE_MINUTES``).
    idle_check_seconds : int
        Period of the idle watch (``VNEID_IDLE_CHECK_SECONDS``).
    auth : {"local", "oidc"}
        How users sign in (``VNEID_AUTH``).
    oidc_provider : str or None
        ``st.login``'s provider (``VNEID_OIDC_PROVIDER``).
    oidc_username_claim : str
        The claim holding the account's name (``VNEID_OIDC_USERNAME_CLAIM``).
    demo_accounts : bool
        Offer the demo accounts on the demo campaign (``VNEID_DEMO_ACCOUNTS``).
    import_max_mb : int
        Largest imported file, MB (``VNEID_IMPORT_MAX_MB``).
    import_max_unpacked_mb : int
        Largest unpacked XLSX, MB (``VNEID_IMPORT_MAX_UNPACKED_MB``).
    import_max_columns : int
        Most columns of an imported file (``VNEID_IMPORT_MAX_COLUMNS``).
    import_max_cells : int
        Most cells in a row of an imported file (``VNEID_IMPORT_MAX_CELLS``).
    import_max_rows : int
        Most rows of an imported file (``VNEID_IMPORT_MAX_ROWS``).
    max_activations_per_hour : int
        Most activations per hour of a visit without asking
        (``VNEID_MAX_ACTIVATIONS_PER_HOUR``).
    max_activations_per_officer_hour : int
        Most activations per officer-hour without asking
        (``VNEID_MAX_ACTIVATIONS_PER_OFFICER_HOUR``).
    max_activations_per_visit : int
        Most activations in one row without asking (``VNEID_MAX_ACTIVATIONS_PER_VISIT``).
    max_activations_per_team_evening : int
        Most activations of a team on one date without asking
        (``VNEID_MAX_ACTIVATIONS_PER_TEAM_EVENING``).
    max_target_ratio : float
        Most population, eligible citizens or quota as a multiple of the 2019 census population
        (``VNEID_MAX_TARGET_RATIO``).
    request_overdue_days : int
        Days a home-visit request may stay open before it is flagged
        (``VNEID_REQUEST_OVERDUE_DAYS``).
    """

    data_dir: Path | None = None
    db_url: str = f"sqlite:///{REPO_ROOT / 'data' / 'vneid.db'}"
    tile_url: str | None = None
    tile_attribution: str = ""
    language: Lang = "vi"
    idle_minutes: int = 30
    idle_check_seconds: int = 60
    auth: Literal["local", "oidc"] = "local"
    oidc_provider: str | None = None
    oidc_username_claim: str = "email"
    demo_accounts: bool = True
    import_max_mb: int = 20
    import_max_unpacked_mb: int = 200
    import_max_columns: int = 200
    import_max_cells: int = 200
    import_max_rows: int = 500_000
    max_activations_per_hour: int = 40
    max_activations_per_officer_hour: int = 12
    max_activations_per_visit: int = 500
    max_activations_per_team_evening: int = 1_500
    max_target_ratio: float = 1.2
    request_overdue_days: int = 14

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
    >>> [load_settings({"VNEID_IDLE_MINUTES": v}).idle_minutes for v in ("15", "x", "0")]
    [15, 30, 30]
    >>> load_settings({"VNEID_AUTH": "OIDC"}).auth, load_settings({"VNEID_AUTH": "ldap"}).auth
    ('oidc', 'local')
    >>> [load_settings({"VNEID_IMPORT_MAX_MB": v}).import_max_mb for v in ("50", "-1", "")]
    [50, 20, 20]
    >>> [load_settings({"VNEID_MAX_TARGET_RATIO": v}).max_target_ratio for v in ("1,5", "0", "x")]
    [1.5, 1.2, 1.2]
    >>> [load_settings({"VNEID_REQUEST_OVERDUE_DAYS": v}).request_overdue_days for v in ("7", "")]
    [7, 14]
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
        idle_minutes=_positive(env.get("VNEID_IDLE_MINUTES"), defaults.idle_minutes),
        idle_check_seconds=_positive(
            env.get("VNEID_IDLE_CHECK_SECONDS"), defaults.idle_check_seconds
        ),
        auth="oidc" if (env.get("VNEID_AUTH") or "").strip().lower() == "oidc" else "local",
        oidc_provider=(env.get("VNEID_OIDC_PROVIDER") or "").strip() or None,
        oidc_username_claim=(env.get("VNEID_OIDC_USERNAME_CLAIM") or "").strip()
        or defaults.oidc_username_claim,
        demo_accounts=(env.get("VNEID_DEMO_ACCOUNTS") or "on").strip().lower() not in _OFF,
        import_max_mb=_positive(env.get("VNEID_IMPORT_MAX_MB"), defaults.import_max_mb),
        import_max_unpacked_mb=_positive(
            env.get("VNEID_IMPORT_MAX_UNPACKED_MB"), defaults.import_max_unpacked_mb
        ),
        import_max_columns=_positive(
            env.get("VNEID_IMPORT_MAX_COLUMNS"), defaults.import_max_columns
        ),
        import_max_cells=_positive(env.get("VNEID_IMPORT_MAX_CELLS"), defaults.import_max_cells),
        import_max_rows=_positive(env.get("VNEID_IMPORT_MAX_ROWS"), defaults.import_max_rows),
        max_activations_per_hour=_positive(
            env.get("VNEID_MAX_ACTIVATIONS_PER_HOUR"), defaults.max_activations_per_hour
        ),
        max_activations_per_officer_hour=_positive(
            env.get("VNEID_MAX_ACTIVATIONS_PER_OFFICER_HOUR"),
            defaults.max_activations_per_officer_hour,
        ),
        max_activations_per_visit=_positive(
            env.get("VNEID_MAX_ACTIVATIONS_PER_VISIT"), defaults.max_activations_per_visit
        ),
        max_activations_per_team_evening=_positive(
            env.get("VNEID_MAX_ACTIVATIONS_PER_TEAM_EVENING"),
            defaults.max_activations_per_team_evening,
        ),
        max_target_ratio=_positive_number(
            env.get("VNEID_MAX_TARGET_RATIO"), defaults.max_target_ratio
        ),
        request_overdue_days=_positive(
            env.get("VNEID_REQUEST_OVERDUE_DAYS"), defaults.request_overdue_days
        ),
    )


def _positive(value: str | None, default: int) -> int:
    """Read a positive whole number (minutes, seconds), else the default.

    Returns
    -------
    int
        The number.
    """
    try:
        minutes = int((value or "").strip())
    except ValueError:
        return default
    return minutes if minutes > 0 else default


def _positive_number(value: str | None, default: float) -> float:
    """Read a positive decimal number (``1.2`` or ``1,2``), else the default.

    Returns
    -------
    float
        The number.
    """
    try:
        number = float((value or "").strip().replace(",", "."))
    except ValueError:
        return default
    return number if math.isfinite(number) and number > 0 else default
