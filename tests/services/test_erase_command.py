"""`pathway-bot erase REFERENCE`: a person's data erased on their request, through an
operator who holds only the reference they were given."""

from __future__ import annotations

from click.testing import CliRunner

from pathway_bot.cli import cli
from pathway_bot.persistence.models.requests import SupportRequest
from tests.requests_factories import create_request


def erase(runtime, *arguments):
    return CliRunner().invoke(cli, ["erase", *arguments],
                              env={"PATHWAY_DATABASE_URL": runtime.config.database_url})


def test_erase_by_reference_deletes_the_conversation_and_blanks_the_request(runtime):
    view, _token = runtime.conversations.start(flow="family", locale="en")
    conversation_id = view.conversation.id
    with runtime.database.session() as session:
        request = create_request(session, runtime, conversation_id=conversation_id)
        session.commit()
        reference, request_id = request.reference, request.id

    result = erase(runtime, reference.lower().replace("-", " "), "--yes")
    assert result.exit_code == 0, result.output
    assert "and the conversation it came from" in result.output
    with runtime.conversation_store.turn() as turn:
        assert turn.get(conversation_id) is None
    with runtime.database.session() as session:
        kept = session.get(SupportRequest, request_id)
        assert kept.erased_at is not None
        assert (kept.contact, kept.answers, kept.conversation_id) == (None, None, None)
        assert kept.reference == reference  # the anonymous trace the audit keeps


def test_erase_asks_before_it_erases(runtime):
    with runtime.database.session() as session:
        request = create_request(session, runtime)
        session.commit()
        reference = request.reference
    refused = CliRunner().invoke(cli, ["erase", reference], input="n\n",
                                 env={"PATHWAY_DATABASE_URL": runtime.config.database_url})
    assert refused.exit_code != 0
    with runtime.database.session() as session:
        assert session.get(SupportRequest, request.id).erased_at is None


def test_an_unknown_reference_is_said_so_and_erases_nothing(runtime):
    result = erase(runtime, "ZZZZ-ZZZZ", "--yes")
    assert result.exit_code != 0 and "No request has the reference" in result.output
