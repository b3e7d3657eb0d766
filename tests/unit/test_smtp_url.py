"""PATHWAY_SMTP_URL: smtp:// (optionally with STARTTLS required) or smtps://, with a login."""

import pytest

from pathway_bot.notifications.smtp import SmtpServer, parse_smtp_url


def test_an_smtp_url_with_starttls_required_and_a_login():
    assert parse_smtp_url("smtp://mailer:s%40cret@mail.glos.example:587?starttls=required") == \
        SmtpServer(host="mail.glos.example", port=587, tls=False, starttls=True,
                   username="mailer", password="s@cret")


def test_smtps_is_tls_from_the_start_on_its_own_port():
    server = parse_smtp_url("smtps://mail.glos.example")
    assert (server.port, server.tls, server.starttls, server.username) == (465, True, False, None)


@pytest.mark.parametrize("url", ["http://mail.example", "smtp://", "smtp://h?starttls=maybe"])
def test_anything_else_is_refused_with_what_to_write(url):
    with pytest.raises(ValueError, match=r"smtp|starttls"):
        parse_smtp_url(url)
