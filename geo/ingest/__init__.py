"""Import of visit logs and commune targets from CSV or XLSX files.

Bytes in, :class:`IngestResult` out: nothing here touches the database or the UI. Every data row of
the file ends up either in ``accepted`` (typed columns, see :data:`VISIT_COLUMNS` and
:data:`TARGET_COLUMNS`) or in ``rejected`` with one reason per problem that names the row (as
Excel numbers it: header = row 1), the column, the value and what was expected. Problems with the
whole file (encoding, missing columns, no data) go to ``file_errors`` and nothing is accepted.
Reasons, notes, templates and tables are in the language in use (:mod:`geo.i18n`); what is
accepted does not depend on it.

Accepted inputs
---------------
* CSV in UTF-8 (with or without BOM), UTF-16 (Excel "Unicode text", tab-separated), Windows-1258
  and the legacy TCVN3 (ABC) font encoding (converted); separator ``,`` ``;`` tab or ``|``.
* XLSX: the sheet named like the template, else the first sheet with a recognisable header row.
  Formula cells are rejected, never evaluated.
* Headers in Vietnamese (with or without diacritics) or English (the English template's headers
  among them), whatever the language in use; place types in either language too; unknown columns
  are ignored with a note. Dates ``dd/mm/yyyy``, ``yyyy-mm-dd`` or Excel serial numbers; times
  ``18:30``, ``18h30``, ``6:30 PM``. All text is normalised to Unicode NFC.

Modules
-------
``fieldspec``
    The shape of a column's and a file's specification; the value limits.
``spec``
    The columns of each kind of file, their headers and aliases.
``limits``
    The size limits checked before a file is parsed.
``text``
    Cleaning every cell's text (invisible characters, full-width forms, mojibake).
``encoding``
    Decoding CSV bytes (UTF-8, UTF-16, Windows-1258, TCVN3).
``grid``
    Reading a CSV or XLSX into text cells.
``header``
    Locating the header row and mapping its columns (the clerk's mapping first).
``parse``
    Value parsers (dates, times, teams, place types, counts, decimals).
``fields``
    Parsing every column, with the date, length and coordinate limits.
``resolve``
    Matching communes against the registry.
``checks``
    Whole-row checks: formulas, extra cells, contradictions, repeats.
``example``
    The template's example visit, refused when left in a file.
``fingerprint``
    The row fingerprint that recognises the same row however the file was saved.
``plausible``, ``thresholds``
    Rows to confirm: figures possible but unlikely, near-duplicates; their thresholds.
``errors``
    The problems collected and the rejection table.
``result``
    :class:`IngestResult`.
``pipeline``
    :func:`read_visits` and :func:`read_targets`.
``templates``
    :func:`template_xlsx`.
``upload``
    :func:`read_upload` and :func:`rejected_xlsx`.
"""

from geo.ingest.encoding import decode_text
from geo.ingest.pipeline import IngestResult, read_targets, read_visits
from geo.ingest.spec import FILE_HEADERS, HA_NAM_BBOX, MAX_NOTE_CHARS, MIN_DATE
from geo.ingest.templates import template_xlsx
from geo.ingest.upload import read_upload, rejected_xlsx
from geo.schema import PLACE_TYPE_LABELS, PLACE_TYPES, TARGET_COLUMNS, VISIT_COLUMNS

__all__ = [
    "FILE_HEADERS",
    "HA_NAM_BBOX",
    "MAX_NOTE_CHARS",
    "MIN_DATE",
    "PLACE_TYPES",
    "PLACE_TYPE_LABELS",
    "TARGET_COLUMNS",
    "VISIT_COLUMNS",
    "IngestResult",
    "decode_text",
    "read_targets",
    "read_upload",
    "read_visits",
    "rejected_xlsx",
    "template_xlsx",
]
