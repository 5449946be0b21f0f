"""Search boxes that match names as officers type them (with or without diacritics).

Streamlit's own selectbox filter does not ignore diacritics, so a picker here is a text box that
narrows the list with :func:`geo.places.search.filter_by_name`, above a selectbox whose own
filter is off (``filter_mode=None``).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from geo.i18n import _
from geo.places.search import filter_by_name, name_key, not_found_message, suggest
from ui.text import plain

__all__ = ["commune_picker"]


def commune_picker(
    label: str, names: Mapping[str, str], *, key: str, index: int | None = 0
) -> str | None:
    """Pick one commune: a search box narrows the list; an unknown name suggests the closest.

    The search box (``<key>_search``) matches as :func:`geo.places.search.matches` does
    (``"le hong phong"`` finds «Phường Lê Hồng Phong»). When the query matches nothing, a caption
    names the closest communes and the whole list stays. While a query narrows the list and the
    commune chosen before is not in it, the first match is chosen.

    Parameters
    ----------
    label : str
        The (already translated) label.
    names : mapping of str to str
        ``commune code -> name shown`` in the order to list them.
    key : str
        Widget key prefix: the selectbox is ``key``, the search box ``<key>_search``.
    index : int or None, default 0
        Position of the pre-selected commune in ``names``.

    Returns
    -------
    str or None
        The chosen commune's code.
    """
    codes = list(names)
    query = st.text_input(
        _("Tìm xã, phường"),
        key=f"{key}_search",
        placeholder=_("Gõ tên xã, có dấu hoặc không dấu"),
    )
    shown = codes
    if name_key(query):
        rows = pd.DataFrame({"code": codes, "name": [names[c] for c in codes]})
        found = filter_by_name(rows, query, "name")["code"].tolist()
        if found:
            shown = found
            default = codes[index] if index is not None and 0 <= index < len(codes) else None
            index = found.index(default) if default in found else 0
        else:
            close = [plain(n) for n in suggest(query, names.values())]
            st.caption(not_found_message(plain(query), close))  # the typed and data parts inert
    return st.selectbox(
        label,
        shown,
        index=index if index is None or index < len(shown) else 0,
        format_func=names.__getitem__,
        key=key,
        placeholder=_("Chọn xã, phường"),
        filter_mode=None,
    )
