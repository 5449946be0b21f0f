"""Column lists shared by import, storage and metrics: one definition of each record.

Examples
--------
>>> VISIT_COLUMNS[:3], PLACE_TYPES[0]
(['date', 'team', 'code'], 'household')
"""

__all__ = ["PLACE_TYPES", "PLACE_TYPE_LABELS", "TARGET_COLUMNS", "VISIT_COLUMNS"]

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
#: Vietnamese UI label of each place type (GLOSSARY.md).
PLACE_TYPE_LABELS = {
    "household": "hộ gia đình",
    "agency": "cơ quan",
    "business": "doanh nghiệp",
    "school": "trường học",
    "other": "khác",
}
