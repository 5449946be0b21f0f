"""The ranking tab's texts: the weights caption and the table of ranked communes.

Texts, headers and numbers come out in the language in use (:mod:`geo.i18n`, :mod:`geo.fmt`).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from geo.fmt import format_int, format_number, format_percent
from geo.i18n import _
from geo.planning.tables.labels import COL_COMMUNE, weight_label

__all__ = ["ranking_table", "weights_caption"]


def weights_caption(weights: Mapping[str, float]) -> str:
    """Describe the chosen weights, normalised to percentages.

    Parameters
    ----------
    weights : mapping str -> float
        ``{component: weight}`` with a positive sum.

    Returns
    -------
    str
        The caption under the weight sliders.

    Examples
    --------
    >>> weights_caption({"gap": 1.0, "travel": 1.0}).split(". ")[0]
    'Trọng số (đã chuẩn hóa): số người chưa kích hoạt 50 %; gần trụ sở tổ 50 %'
    >>> from geo.i18n import language
    >>> with language("en"):
    ...     weights_caption({"gap": 3.0, "travel": 1.0}).split(". ")[0]
    'Weights (normalised): people not yet activated (gap) 75%; near the team base 25%'
    """
    total = sum(weights.values())
    parts = "; ".join(
        f"{weight_label(k).lower()} {format_percent(v / total, 0)}" for k, v in weights.items()
    )
    return _(
        "Trọng số (đã chuẩn hóa): {weights}. Mỗi thành phần được đưa về thang 0–1 trên các xã có "
        "số liệu; điểm = tổng có trọng số."
    ).format(weights=parts)


def ranking_table(scores: pd.DataFrame, labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Tabulate the ranked communes with their score, reason and component values.

    Parameters
    ----------
    scores : DataFrame
        :func:`geo.planning.priority_scores` output; unranked rows (no score) are left out.
    labels : mapping str -> str, optional
        Commune labels by code (:func:`~geo.planning.tables.labels.place_labels`, which tell
        two communes of the same name apart); default the ``name`` column of ``scores``.

    Returns
    -------
    DataFrame
        Headers in the language in use: rank, band, commune, district, score, reason, gap,
        coverage, shortfall (rate points), days since a visit, yield per evening, travel, open
        home-visit requests, nearest team; rank and band are whole numbers, the other figures text.
    """
    r = scores[scores["score"].notna()]
    return pd.DataFrame(
        {
            _("Hạng"): r["rank"].astype(int),
            _("Mức ưu tiên"): r["band"].astype(int),
            _(COL_COMMUNE): r["name"]
            if labels is None
            else [labels.get(str(c), n) for c, n in zip(r["code"], r["name"], strict=True)],
            _("Huyện, thị xã, thành phố"): r["district_name"],
            _("Điểm"): r["score"].map(lambda v: format_number(v, 3)),
            _("Lý do"): r["reason"],
            _("Chưa kích hoạt"): r["gap_value"].map(format_int),
            _("Tỷ lệ kích hoạt"): r["coverage"].map(format_percent),
            _("Thiếu so với mục tiêu (điểm %)"): (100 * r["shortfall_value"]).map(
                lambda v: format_number(v, 1)
            ),
            _("Số ngày chưa có tổ đến"): r["staleness_value"].map(format_int),
            _("Dự kiến kích hoạt mỗi buổi"): r["yield_value"].map(format_int),
            _("Phút đi đường"): r["travel_value"].map(lambda v: format_int(v, na="—")),
            _("Yêu cầu hỗ trợ tại nhà đang mở"): r["home_requests_value"].map(format_int),
            _("Tổ gần nhất"): r["nearest_team"],
        }
    )
