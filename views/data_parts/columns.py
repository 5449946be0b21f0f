"""The column mapping and the unknown values of a checked file: the clerk's answers, asked once."""

from __future__ import annotations

import streamlit as st

from geo.i18n import _
from geo.ingest import IngestResult
from geo.ingest.spec import spec_for
from geo.places.names import fold
from geo.schema import PLACE_TYPES, place_type_label
from geo.store.uploads import Choices
from ui.text import plain

__all__ = ["mapping_form", "values_form"]


def mapping_form(result: IngestResult, choices: Choices) -> Choices | None:
    """Offer a drop-down per column of the file; open when the columns need the clerk.

    Parameters
    ----------
    result : IngestResult
        The checked file.
    choices : Choices
        What the clerk chose so far.

    Returns
    -------
    Choices or None
        The new choices when the clerk applied a mapping, else ``None``.
    """
    if not result.header:
        return None
    spec = spec_for(result.kind)
    labels = {"": _("— Không nhập —"), **{f.key: f.label() for f in spec.fields}}
    used = {text: key for key, text in result.columns.items()}
    with st.expander(_("Ghép cột"), expanded=result.mapping_needed):
        st.caption(
            _(
                "Chọn cột của hệ thống cho từng cột của tệp. Cách ghép được lưu cho dạng tệp "
                "này khi nhập."
            )
        )
        with st.form("data_mapping_form", border=False):
            mapping = {}
            for i, text in enumerate(result.header):
                current = choices.mapping.get(text, used.get(text, ""))
                mapping[text] = st.selectbox(
                    plain(text),
                    list(labels),
                    index=list(labels).index(current) if current in labels else 0,
                    format_func=labels.__getitem__,
                    placeholder=_("Chọn cột"),
                    key=f"data_map_{i}",
                )
            if st.form_submit_button(_("Áp dụng cách ghép cột")):
                return Choices(mapping=mapping, values=choices.values)
    return None


def values_form(result: IngestResult, choices: Choices) -> Choices | None:
    """Ask what each unknown coded value means (place types), once for all its rows.

    Parameters
    ----------
    result : IngestResult
        The checked file.
    choices : Choices
        What the clerk chose so far.

    Returns
    -------
    Choices or None
        The new choices when the clerk answered, else ``None``.
    """
    texts = result.unknown_values.get("place_type", ())
    if not texts:
        return None
    options = ["", *PLACE_TYPES]
    st.warning(_("Có loại địa điểm chưa rõ: chọn nghĩa của từng giá trị, hệ thống sẽ nhớ."))
    with st.form("data_values_form"):
        answers = {}
        for i, text in enumerate(texts):
            answers[fold(text)] = st.selectbox(
                _("«{value}» là").format(value=plain(text)),
                options,
                format_func=lambda k: _("— Chưa chọn —") if not k else place_type_label(k),
                placeholder=_("Chọn loại địa điểm"),
                key=f"data_value_{i}",
            )
        if st.form_submit_button(_("Áp dụng")):
            given = {k: v for k, v in answers.items() if v}
            values = {**choices.values, "place_type": {**choices.values.get("place_type", {})}}
            values["place_type"].update(given)
            return Choices(mapping=choices.mapping, values=values)
    return None
