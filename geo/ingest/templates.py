"""The Excel templates the clerks fill in: one data sheet and an instructions sheet.

The data sheet has the template's headers (:data:`geo.ingest.spec.FILE_HEADERS`, in the language
in use) and one example row, which shows how each column is written and is refused on import
(:mod:`geo.ingest.example`) when it is left in the file; the instructions sheet (``Hướng dẫn``,
``Instructions`` in English) lists every column, whether it is required, and how to write it.
A template in either language imports whatever the language in use.

Examples
--------
>>> import io
>>> from openpyxl import load_workbook
>>> book = load_workbook(io.BytesIO(template_xlsx("targets")))
>>> book.sheetnames, [c.value for c in book.worksheets[0][1]][:4]
(['Chỉ tiêu', 'Hướng dẫn'], ['Mã xã', 'Xã/phường', 'Huyện', 'Tính đến ngày'])
"""

from __future__ import annotations

import io
from typing import cast

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from geo.fmt import is_missing
from geo.i18n import _, language, language_key
from geo.ingest.example import EXAMPLE_COMMUNE, EXAMPLE_NOTE, EXAMPLE_TARGET, EXAMPLE_VISIT, Value
from geo.ingest.spec import HA_NAM_BBOX, FileSpec, spec_for
from geo.schema import PLACE_TYPES, place_type_label

__all__ = ["template_xlsx"]


def template_xlsx(
    kind: str, communes: pd.DataFrame | None = None, *, lang: str | None = None
) -> bytes:
    """Build the Excel template (header row + one example row + an instructions sheet).

    Parameters
    ----------
    kind : str
        ``"visits"`` or ``"targets"``.
    communes : DataFrame, optional
        Registry whose first commune is used in the example row (so that its codes are real
        ones); Phường Lê Hồng Phong (13291, Phủ Lý) when omitted.
    lang : str, optional
        Language of the headers, place types and instructions (``"vi"``, ``"en"``); the language
        in use when omitted. Pass it when the template is built outside the page's run (a
        download built on click runs in another thread, without the page's language).

    Returns
    -------
    bytes
        The ``.xlsx`` file.

    Raises
    ------
    ValueError
        For a kind other than ``"visits"`` or ``"targets"``.

    Examples
    --------
    >>> import io
    >>> from openpyxl import load_workbook
    >>> book = load_workbook(io.BytesIO(template_xlsx("visits", lang="vi")))
    >>> book.sheetnames, book.worksheets[0]["F2"].value
    (['Lượt làm việc', 'Hướng dẫn'], 'hộ gia đình')
    """
    spec = spec_for(kind)
    with language(lang or language_key()):
        return _template(kind, spec, communes)


def _template(kind: str, spec: FileSpec, communes: pd.DataFrame | None) -> bytes:
    """Build the template in the language in use (see :func:`template_xlsx`).

    Returns
    -------
    bytes
        The ``.xlsx`` file.
    """
    example = {
        **_example_commune(communes),
        **(EXAMPLE_VISIT if kind == "visits" else EXAMPLE_TARGET),
    }
    if kind == "visits":
        example["place_type"] = place_type_label(example["place_type"])
        example["note"] = _(EXAMPLE_NOTE)

    book = Workbook()
    sheet = cast(Worksheet, book.active)  # a new workbook always has one worksheet
    sheet.title = spec.sheet_label()
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for col, f in enumerate(spec.fields, start=1):
        header = f.label()
        cell = sheet.cell(row=1, column=col, value=header)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        value = example.get(f.key)
        target = sheet.cell(row=2, column=col, value=None if value in (None, "") else value)
        if f.kind == "date":
            target.number_format = "dd/mm/yyyy"
        elif f.key in ("code", "start", "end"):
            target.number_format = "@"
        sheet.column_dimensions[get_column_letter(col)].width = max(12, len(header) + 4)
    sheet.freeze_panes = "A2"
    if kind == "visits":
        letter = get_column_letter(
            next(i for i, f in enumerate(spec.fields, 1) if f.key == "place_type")
        )
        choices = ",".join(place_type_label(k) for k in PLACE_TYPES)
        rule = DataValidation(type="list", formula1=f'"{choices}"')
        rule.add(f"{letter}2:{letter}5000")
        sheet.add_data_validation(rule)

    guide = book.create_sheet(_("Hướng dẫn"))
    guide.append([_("Cột"), _("Bắt buộc"), _("Cách ghi")])
    for cell in guide[1]:
        cell.font = bold
    for f in spec.fields:
        required = _("có") if f.required else ""
        if f.key in ("code", "commune"):
            required = _("một trong hai")
        guide.append([f.label(), required, f.hint_text()])
    guide.append([])
    if kind == "visits":
        guide.append([_("Dòng 1 là tiêu đề; mỗi dòng sau là một lượt làm việc.")])
    else:
        guide.append([_("Dòng 1 là tiêu đề; mỗi dòng sau là một xã tại một ngày số liệu.")])
    guide.append([_("Không dùng công thức; ngày ghi dd/mm/yyyy; giờ ghi 18:30.")])
    guide.column_dimensions["A"].width = 34
    guide.column_dimensions["C"].width = 70

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# The commune of the example row: the registry's first, its point only when inside Hà Nam.
def _example_commune(communes: pd.DataFrame | None) -> dict[str, Value]:
    if communes is None or not len(communes):
        return EXAMPLE_COMMUNE
    first = communes.iloc[0]
    dname = first.get("district_name")
    lat, lon = _inside(first.get("lat"), 1), _inside(first.get("lon"), 0)
    return {
        "code": str(first["code"]),
        "commune": str(first["name"]),
        "district": "" if is_missing(dname) else str(dname),
        "lat": lat if lon is not None else None,
        "lon": lon if lat is not None else None,
    }


# A registry coordinate (axis 0 = lon, 1 = lat) rounded for the example, None outside Hà Nam.
def _inside(value: object, axis: int) -> float | None:
    if is_missing(value):
        return None
    lo, hi = (HA_NAM_BBOX[0], HA_NAM_BBOX[2]) if axis == 0 else (HA_NAM_BBOX[1], HA_NAM_BBOX[3])
    number = float(cast(float, value))
    return round(number, 5) if lo <= number <= hi else None
