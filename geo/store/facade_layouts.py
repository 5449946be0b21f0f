"""``LayoutsMixin``: what clerks taught the import, as methods of :class:`geo.store.Store`.

They delegate to :mod:`geo.store.layouts` (column mappings per file layout, meanings of coded
values), given the store's engine and clock.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from geo.store import layouts as _layouts

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

__all__ = ["LayoutsMixin"]


class LayoutsMixin:
    """Remembered column mappings and value meanings (mixed into :class:`geo.store.Store`).

    The class using it sets ``engine`` (the store's SQLAlchemy engine) and ``_now`` (its clock
    of naive UTC datetimes).
    """

    engine: Engine
    _now: Callable[[], datetime]

    def saved_mapping(self, kind: str, layout: str) -> dict[str, str] | None:
        """Return the column mapping remembered for a file layout.

        Parameters
        ----------
        kind : str
            ``"visits"`` or ``"targets"``.
        layout : str
            The layout's key (from the header row).

        Returns
        -------
        dict of str to str or None
            Header text -> field key (``""``: left out); ``None`` when none was saved.
        """
        return _layouts.saved_mapping(self.engine, kind, layout)

    def save_mapping(self, kind: str, layout: str, mapping: dict[str, str], user: str) -> None:
        """Remember the column mapping of a file layout (audited ``save_import_mapping``).

        Parameters
        ----------
        kind : str
            ``"visits"`` or ``"targets"``.
        layout : str
            The layout's key.
        mapping : dict of str to str
            Header text -> field key, ``""`` for a column left out.
        user : str
            Who confirmed it.
        """
        _layouts.save_mapping(self.engine, self._now, kind, layout, mapping, user)

    def value_aliases(self, kind: str) -> dict[str, dict[str, str]]:
        """Return the meanings of coded values clerks gave for files of a kind.

        Parameters
        ----------
        kind : str
            ``"visits"`` or ``"targets"``.

        Returns
        -------
        dict of str to dict of str to str
            Field -> folded value -> code.
        """
        return _layouts.value_aliases(self.engine, kind)

    def save_value_alias(self, kind: str, field: str, value: str, code: str, user: str) -> None:
        """Remember that ``value`` (folded) in column ``field`` means ``code`` (audited).

        Parameters
        ----------
        kind : str
            ``"visits"`` or ``"targets"``.
        field : str
            Field key (``"place_type"``...).
        value : str
            The value as written in a file.
        code : str
            What it means.
        user : str
            Who answered.
        """
        _layouts.save_value_alias(self.engine, self._now, kind, field, value, code, user)
