"""No headline label of the progress page is cut off, on a desktop or on a phone (issue 15).

``streamlit run app.py`` on a fresh database (the demo campaign, approximate boundaries) in
Chromium at 1280 px (the default desktop width) and at 390 px (a phone), in both languages,
signed in as a leader. For every metric label (``stMetricLabel``) and every element inside it,
the text must fit its box (``scrollWidth <= clientWidth``), and no element may hide text behind
a ``text-overflow: ellipsis``.
"""

from __future__ import annotations

import pytest

from bench.pageload import guard_offline
from tests.e2e.helpers import settle, sign_in

pytestmark = pytest.mark.e2e

#: A server of its own (the extra key), so that no other suite's server is reused.
_ENV = {"VNEID_DATA_DIR": "none", "VNEID_E2E_SUITE": "progress-labels"}
_LABEL = '[data-testid="stMetricLabel"]'
#: Every label element and its descendants: the ones whose text does not fit or is ellipsed.
_CUT = """
(selector) => {
  const out = [];
  for (const label of document.querySelectorAll(selector)) {
    for (const el of [label, ...label.querySelectorAll("*")]) {
      const style = getComputedStyle(el);
      const hidden = el.scrollWidth > el.clientWidth;
      const ellipsis = style.textOverflow === "ellipsis" && hidden;
      if (el.clientWidth > 0 && (hidden || ellipsis)) {
        out.push({
          label: label.innerText,
          tag: el.tagName,
          scroll: el.scrollWidth,
          client: el.clientWidth,
          textOverflow: style.textOverflow,
        });
      }
    }
  }
  return out;
}
"""


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("width", [1280, 390])
def test_no_headline_label_is_cut_off(browser, app_server, blocked_requests, width, lang):
    base_url = app_server(_ENV)
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="vi-VN", is_mobile=width < 500
    )
    guard_offline(context, blocked_requests)  # nothing may be fetched from outside
    try:
        page = context.new_page()
        sign_in(page, base_url, "leader")
        page.goto(f"{base_url}/progress?lang={lang}")
        page.locator(_LABEL).first.wait_for(state="visible", timeout=90_000)
        settle(page)
        labels = page.locator(_LABEL).all_inner_texts()
        assert len(labels) >= 4, labels  # the headline cards are there
        assert all(text.strip() for text in labels), labels
        cut = page.evaluate(_CUT, _LABEL)
        assert cut == [], f"labels cut off at {width} px ({lang}): {cut}"
        # the probe sees a cut label: squeeze every card to 90 px and look again
        page.add_style_tag(
            content='[data-testid="stMetric"] { width: 90px !important; '
            "max-width: 90px !important; min-width: 0 !important; }"
        )
        page.wait_for_timeout(300)
        squeezed = page.evaluate(_CUT, _LABEL)
        assert squeezed, "the probe saw no cut label in cards of 90 px"
        assert {c["textOverflow"] for c in squeezed} >= {"ellipsis"}, squeezed
    finally:
        context.close()
    assert blocked_requests == [], f"requests left localhost: {blocked_requests}"
