"""AppTests of the map page for a commander: typed dates apply at once (text boxes, no form,
no calendar widget), and the legend names the visit markers when they are shown.

A Streamlit text box sends its value on Enter (and on leaving it); ``st.date_input`` applied a
typed date only when its calendar closed (Esc or a click elsewhere). The browser side of Enter
is tested in ``tests/e2e/test_map_phone.py``.
"""

from __future__ import annotations

from datetime import date

import pytest

from geo.config import Settings
from tests.shared_data import DATA_DIR, needs_data
from tests.views.helpers import all_maps, map_args, map_page_runner


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    """One SQLite file per module: the first page run loads the demo into it."""
    return f"sqlite:///{tmp_path_factory.mktemp('map_commander') / 'demo.db'}"


@pytest.fixture
def page(demo_db):
    return map_page_runner(Settings(data_dir=DATA_DIR, db_url=demo_db))


def _legend(at) -> str:
    (legend,) = [h.proto.body for h in at.get("html") if "vneid-legend" in h.proto.body]
    return legend


@needs_data
@pytest.mark.parametrize("compare", [False, True], ids=["map", "compare"])
def test_every_date_is_a_text_box_outside_any_form(page, compare):
    at = page(compare=compare)
    assert len(at.date_input) == 0  # no calendar that waits for Esc
    keys = ["period", "day_a", "day_b"] if compare else ["period"]
    for key in keys:
        box = at.text_input(key=key)
        assert box.form_id == ""  # not in a form: nothing to submit after Enter


@needs_data
@pytest.mark.parametrize(
    ("typed", "shown", "caption_end"),
    [
        ("13/02/2023 - 14/03/2023", "13/02/2023 – 14/03/2023", "13/02/2023 đến 14/03/2023"),
        ("1/3/23-31/3/23", "01/03/2023 – 31/03/2023", "01/03/2023 đến 31/03/2023"),
        ("2023-03-01 – 2023-03-15", "01/03/2023 – 15/03/2023", "01/03/2023 đến 15/03/2023"),
    ],
)
def test_a_typed_period_applies_on_the_run_it_is_sent(page, typed, shown, caption_end):
    at = page()
    at = at.text_input(key="period").input(typed).run()  # what Enter sends
    assert not at.exception and len(at.error) == 0
    assert at.text_input(key="period").value == shown
    assert at.caption[0].value.endswith(caption_end)


@needs_data
def test_a_typed_comparison_day_applies_on_the_run_it_is_sent(page):
    at = page(compare=True, day_a=date(2023, 2, 13), day_b=date(2023, 3, 14))
    at = at.text_input(key="day_a").input("20/2/2023").run()
    assert not at.exception
    assert at.text_input(key="day_a").value == "20/02/2023"
    headings = [m.value for m in at.markdown if m.value.startswith("**")]
    assert headings == ["**Tỷ lệ kích hoạt đến 20/02/2023**", "**Tỷ lệ kích hoạt đến 14/03/2023**"]
    assert len(all_maps(at)) == 2


@needs_data
def test_the_legend_names_the_visit_markers_only_when_they_are_shown(page):
    assert "Lượt làm việc" not in _legend(page())
    at = page(show_visits=True)
    legend = _legend(at)
    assert "<b>Lượt làm việc</b> (số trong vòng tròn: số lượt làm việc ở gần nhau)" in legend
    assert "background:#cc00cc;border:2px solid #1f2a36" in legend
    markers = map_args(at)["feature_group"]
    assert markers.count("vneid-cluster-icon") > 0
    assert "#0072B2" not in markers  # the household blue of before
    assert markers.count("background:#cc00cc;border-color:#1f2a36") == markers.count(
        "vneid-cluster-icon"
    )
