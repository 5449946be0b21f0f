"""Column lists shared by import, storage and metrics: one definition of each record.

Examples
--------
>>> VISIT_COLUMNS[:3], PLACE_TYPES[0]
(['date', 'team', 'code'], 'household')
"""

from geo.i18n import N_, _

__all__ = [
    "PLACE_TYPES",
    "PLACE_TYPE_LABELS",
    "REQUEST_REASON_LABELS",
    "TARGET_COLUMNS",
    "VISIT_COLUMNS",
    "place_type_label",
]

#: A visit ("lượt làm việc"): one team at one place on one occasion.
VISIT_COLUMNS = [
    "date",
    "team",
    "code",
    "place_type",
    "place_name",
    "start",
    "end",
    "households",
    "people_guided",
    "registered",
    "activated",
    "services_used",
    "lat",
    "lon",
    "note",
]
#: Denominators and official counts per commune and date ("chỉ tiêu").
TARGET_COLUMNS = ["code", "as_of", "population", "eligible", "quota", "activated_baseline"]
#: Place types, in the order the UI lists them.
PLACE_TYPES = ("household", "agency", "business", "school", "other")
#: Vietnamese label of each place type (GLOSSARY.md), the catalog's id: show it with
#: :func:`place_type_label`, which translates it.
PLACE_TYPE_LABELS = {
    "household": N_("hộ gia đình"),
    "agency": N_("cơ quan"),
    "business": N_("doanh nghiệp"),
    "school": N_("trường học"),
    "other": N_("khác"),
}

#: Why a resident needs a visit at home (a home-visit request's ``reason``) -> its label, the
#: catalog's id (the store, the pages and the audit log name reasons from here).
REQUEST_REASON_LABELS = {
    "elderly": N_("Người cao tuổi"),
    "disability": N_("Người khuyết tật"),
    "illness": N_("Ốm đau, tai nạn"),
    "other": N_("Khác"),
}


def place_type_label(place_type: object) -> str:
    """Name a place type in the language in use; an unknown value is shown as it is.

    Parameters
    ----------
    place_type : object
        A key of :data:`PLACE_TYPE_LABELS` (``"household"``…), or anything else.

    Returns
    -------
    str
        ``"hộ gia đình"`` (``"household"`` in English), or ``str(place_type)``.

    Examples
    --------
    >>> place_type_label("school"), place_type_label("?")
    ('trường học', '?')
    """
    label = PLACE_TYPE_LABELS.get(str(place_type))
    return str(place_type) if label is None else _(label)
