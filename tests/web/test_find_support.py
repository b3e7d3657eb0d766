"""The Find support page: a plain GET form that works without JavaScript."""


def test_the_find_support_page_offers_a_search_and_filters(client):
    page = client.get("/find-support")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'role="search"' in html and 'name="q"' in html
    assert 'name="age"' in html and 'name="district"' in html and 'name="need"' in html


def test_a_search_in_everyday_words_finds_short_breaks_with_the_sample_notice(client):
    html = client.get("/find-support?q=respite").get_data(as_text=True)
    assert "Short breaks for disabled children and young people" in html
    assert "data-sample-notice" in html and "These are sample services" in html


def test_filters_narrow_the_results_to_the_district(client):
    html = client.get("/find-support?q=family+hub&district=stroud").get_data(as_text=True)
    assert "Family Hub and Children and Family Centres: Stroud" in html
    assert "Family Hub and Children and Family Centres: Cotswold" not in html


def test_a_practitioners_only_line_is_not_offered_to_families(client):
    html = client.get("/find-support?q=practitioner+advice+line").get_data(as_text=True)
    assert "CYPS (children&#39;s mental health): practitioner advice line" not in html


def test_a_bad_age_is_a_gov_uk_error_summary_and_a_400(client):
    page = client.get("/find-support?q=respite&age=old")
    html = page.get_data(as_text=True)
    assert page.status_code == 400
    assert "error-summary" in html and 'href="#age"' in html
    assert "Enter an age in whole years, from 0 to 25" in html


def test_an_unknown_district_is_an_error_not_a_wider_search(client):
    page = client.get("/find-support?q=respite&district=bristol")
    assert page.status_code == 400 and "Choose where you live" in page.get_data(as_text=True)


def test_a_misspelling_says_what_was_searched_for(client):
    html = client.get("/find-support?q=dyslexa").get_data(as_text=True)
    assert "Showing results for" in html and "dyslexia" in html


def test_in_welsh_the_service_words_are_marked_english(visitor):
    visitor.post("/language", {"locale": "cy", "next": "/find-support"})
    html = visitor.get("/find-support?q=respite").get_data(as_text=True)
    assert "Dod o hyd i gymorth" in html
    assert 'class="service__name" lang="en"' in html
