"""Search boxes that match names as officers type them (with or without diacritics).

STUB written by the lead: the helper owning search replaces the bodies; the signatures stay.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st

from geo.i18n import _

__all__ = ["commune_picker"]


def commune_picker(
    label: str, names: Mapping[str, str], *, key: str, index: int | None = 0
) -> str | None:
    """Pick one commune: a search box narrows the list; an unknown name suggests the closest.

    Parameters
    ----------
    label : str
        The (already translated) label.
    names : mapping of str to str
        ``commune code -> name shown`` in the order to list them.
    key : str
        Widget key prefix.
    index : int or None, default 0
        Position of the pre-selected commune in ``names``.

    Returns
    -------
    str or None
        The chosen commune's code.
    """
    codes: Sequence[str] = list(names)
    return st.selectbox(label, codes, index=index, format_func=names.__getitem__, key=key,
                        placeholder=_("Chọn xã, phường"))
