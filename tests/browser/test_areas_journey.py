"""A Kingswood family in Chromium, with JavaScript and without: their postcode takes them to
South Gloucestershire, whose localities they are asked about and whose Local Offer and tier
names their outcome shows."""

from __future__ import annotations

import pytest

from tests.browser.keyboard import start_by_keyboard, walk_by_keyboard
from tests.browser.test_journeys import to_outcome
from tests.web.helpers import ELIGIBLE

pytestmark = pytest.mark.browser

KINGSWOOD = {**ELIGIBLE, "postcode": "BS15 9TR", "district": "sg_kingswood"}


@pytest.mark.parametrize("javascript", [True, False], ids=["chat", "no-javascript"])
def test_a_kingswood_family_reaches_south_gloucestershire_s_help(new_page, runtime_for_flows,
                                                                 javascript):
    page = new_page(javascript=javascript)
    start_by_keyboard(page, "parent_carer")
    asked = walk_by_keyboard(page, KINGSWOOD, runtime_for_flows.engines.get("family"))
    assert "district" in asked  # BS15 reaches beyond Kingswood: they choose their locality
    to_outcome(page)
    assert page.locator("h1").first.inner_text() == "Early intervention"
    south = runtime_for_flows.for_area("south_gloucestershire").area
    assert page.locator(f"a[href='{south.local_offer_url}']").count() >= 1
    assert page.csp_errors == []
