"""After erasure on request, the erased words are in no file of the database's folder: not
in the SQLite file's free space, nor in its write-ahead log."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.api.test_conversation_requests_api import CONTACT, finished_chat, raise_for

MARKER = "Marigold-Quokka-4417"


def files_holding(folder: Path, marker: str) -> list[str]:
    needle = marker.encode()
    return [path.name for path in folder.iterdir() if path.is_file()
            and needle in path.read_bytes()]


def test_erased_words_are_left_in_no_file_of_the_database(client, runtime):
    if runtime.database.dialect != "sqlite":
        pytest.skip("the files are SQLite's")
    folder = Path(make_url(runtime.database.url).database).parent
    chat = finished_chat(client, runtime)
    raise_for(client, chat, contact={**CONTACT, "name": MARKER, "own_words": MARKER})
    assert files_holding(folder, MARKER)  # the words were written, so the test can see them
    assert client.delete(chat.url, headers=chat.headers).status_code == 204
    assert files_holding(folder, MARKER) == []


def test_a_deleted_row_between_others_leaves_nothing_in_the_file(runtime):
    """Without secure_delete (the default of some SQLite builds, though not Debian's), a
    deleted row's bytes stay in its page's free space."""
    if runtime.database.dialect != "sqlite":
        pytest.skip("the files are SQLite's")
    folder = Path(make_url(runtime.database.url).database).parent
    with runtime.database.connection() as connection:
        connection.exec_driver_sql("CREATE TABLE scratch (id INTEGER PRIMARY KEY, words TEXT)")
        for words in ("before " * 9, MARKER * 5, "after " * 9):
            connection.exec_driver_sql("INSERT INTO scratch (words) VALUES (?)", (words,))
        connection.commit()
        runtime.database.scrub_erased()
        connection.exec_driver_sql("DELETE FROM scratch WHERE words LIKE 'Marigold%'")
        connection.commit()
    runtime.database.scrub_erased()
    assert files_holding(folder, MARKER) == []
