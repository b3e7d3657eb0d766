"""The pages render, carry the safety controls, and are secure by default."""

import re

import pytest

from tests.web.helpers import ELIGIBLE, child_form

QUICK_EXIT = 'data-quick-exit'


def finished_visitor(visitor, engine):
    visitor.start()
    visitor.walk(ELIGIBLE, engine)
    return visitor


def every_page_type(visitor, engine) -> dict[str, str]:
    pages = {}
    for path in ("/", "/privacy", "/accessibility", "/someone-is-in-danger", "/track"):
        pages[path] = visitor.get(path).get_data(as_text=True)
    visitor.start()
    pages["question"] = visitor.page
    visitor.walk(ELIGIBLE, engine)
    for path in ("/check-answers", "/outcome", "/summary", "/request"):
        pages[path] = visitor.get(path).get_data(as_text=True)
    visitor.post("/request", {"consent": "yes", "phone": "07700 900123", **child_form()})
    pages["confirmation"] = visitor.page
    return pages


def test_the_start_page_asks_who_is_asking_and_says_what_happens_to_answers(visitor):
    page = visitor.get("/").get_data(as_text=True)
    assert visitor.response.status_code == 200
    for who in ("parent_carer", "young_person", "practitioner"):
        assert f'value="{who}"' in page
    assert "What we do with your answers" in page and "about 5 minutes" in page


def test_every_page_type_has_the_quick_exit_the_danger_button_and_a_skip_link(
        visitor, family_engine):
    for name, page in every_page_type(visitor, family_engine).items():
        assert QUICK_EXIT in page, name
        assert 'href="/help" class="danger-button"' in page, name
        assert 'href="#main-content"' in page and 'id="main-content"' in page, name


def test_no_page_has_inline_script_or_style(visitor, family_engine):
    for name, page in every_page_type(visitor, family_engine).items():
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), name
        assert " style=" not in page and "<style" not in page, name


def test_pages_are_sent_with_a_strict_content_security_policy(visitor):
    headers = visitor.get("/").headers
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "no-store"


def test_a_form_posted_without_its_csrf_token_is_refused_and_changes_nothing(visitor, runtime):
    visitor.start()
    response = visitor.post("/questions/harm", {"answer": "no"}, with_token=False)
    assert response.status_code == 400
    assert "timed out" in visitor.page
    assert visitor.get("/question").request.path == "/q/1"


@pytest.mark.parametrize("path", ["/request", "/track"])
def test_the_request_pages_refuse_a_form_without_its_csrf_token(visitor, path):
    visitor.start()
    response = visitor.post(path, {"reference": "ABC-123"}, with_token=False)
    assert response.status_code == 400 and "timed out" in visitor.page


def test_the_rest_api_needs_no_csrf_token(client):
    response = client.post("/api/v1/conversations", json={"flow": "family"})
    assert response.status_code == 201


def test_the_session_cookie_is_httponly_and_samesite(visitor):
    visitor.start()
    cookie = visitor.response.request.headers.get("Cookie", "")
    assert "session=" in cookie
    set_cookie = visitor.client.get_cookie("session")
    assert set_cookie.http_only and set_cookie.same_site == "Lax"


def test_cookies_are_secure_in_production(config):
    from pathway_bot.app import create_app

    app = create_app(config.with_overrides(production=True))
    assert app.config["SESSION_COOKIE_SECURE"] is True
    app.extensions["pathway_bot"].database.dispose()


@pytest.mark.parametrize("path", ["/", "/api/v1/conversations/unknown", "/livez"])
def test_production_tells_browsers_to_use_https_only(config, path):
    from pathway_bot.app import create_app

    app = create_app(config.with_overrides(production=True))
    hsts = app.test_client().get(path).headers.get("Strict-Transport-Security", "")
    assert "max-age=31536000" in hsts
    app.extensions["pathway_bot"].database.dispose()


def test_without_production_https_is_not_demanded(client):
    assert "Strict-Transport-Security" not in client.get("/").headers


def test_the_conversation_is_never_named_in_a_url(visitor, family_engine):
    visitor.start()
    visitor.walk(ELIGIBLE, family_engine)
    held = visitor.client.get_cookie("session")
    assert held is not None
    assert not re.search(r"[0-9a-f]{32}", visitor.response.request.url)


@pytest.mark.parametrize("path", ["/privacy", "/accessibility", "/session-ended"])
def test_information_pages_render(visitor, path):
    assert visitor.get(path).status_code == 200
    assert "<h1" in visitor.page


def test_an_unknown_question_is_a_page_not_json(visitor):
    visitor.start()
    response = visitor.post("/questions/not_a_question", {"answer": "x"})
    assert response.status_code == 404
    assert response.mimetype == "text/html"


def test_the_language_switch_never_redirects_off_the_site(visitor):
    visitor.get("/")
    response = visitor.client.post("/language", data={
        "locale": "en", "next": "//evil.example/", "csrf_token": visitor.csrf_token()})
    assert response.status_code == 303 and response.location == "/"
