"""Careful reading of untrusted JSON: every problem is collected with where it was found,
so a bad feed is rejected with the whole list at once rather than the first mistake."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import date, datetime

from pathway_bot.directory.taxonomy import derived_id

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_AGE = 120


def is_uuid(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return len(value) == 36


class Reader:
    """Reads fields of one JSON object at `path`, noting problems in a shared list."""

    def __init__(self, data: object, path: str, problems: list[str], *,
                 any_ids: bool = False):
        self.path = path
        self.problems = problems
        self.any_ids = any_ids  # ORUK 1.0: ids may be any text
        self.data: dict = data if isinstance(data, dict) else {}
        if not isinstance(data, dict):
            self.problem("must be a JSON object")

    def problem(self, message: str, key: str | None = None) -> None:
        where = f"{self.path}.{key}" if key else self.path
        self.problems.append(f"{where}: {message}")

    def has(self, key: str) -> bool:
        return self.data.get(key) is not None

    def text(self, key: str, *, required: bool = False) -> str | None:
        value = self.data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem("is required", key)
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str):
            self.problem("must be text", key)
            return None
        return value.strip()

    def choice(self, key: str, allowed: tuple[str, ...], *, required: bool = False) -> str | None:
        value = self.text(key, required=required)
        if value is not None and value not in allowed:
            self.problem(f"must be one of {', '.join(allowed)} (got {value!r})", key)
            return None
        return value

    def uuid(self, key: str, *, required: bool = False) -> str | None:
        value = self.text(key, required=required)
        if value is not None and not is_uuid(value):
            self.problem("must be a uuid such as 3f7b145d-84af-42d7-8fae-eaca714b02b2", key)
            return None
        return value.lower() if value else None

    def url(self, key: str) -> str | None:
        value = self.text(key)
        if value is not None and not re.match(r"^https?://[^\s]+$", value):
            self.problem("must be a web address starting http:// or https://", key)
            return None
        return value

    def email(self, key: str) -> str | None:
        value = self.text(key)
        if value is not None and not _EMAIL.match(value):
            self.problem("must be an email address", key)
            return None
        return value

    def number(self, key: str) -> float | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem("must be a number", key)
            return None
        return float(value)

    def age(self, key: str) -> int | None:
        value = self.number(key)
        if value is None:
            return None
        if value != int(value) or not 0 <= value <= MAX_AGE:
            self.problem(f"must be a whole number of years from 0 to {MAX_AGE}", key)
            return None
        return int(value)

    def day(self, key: str) -> date | None:
        value = self.text(key)
        if value is None:
            return None
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            self.problem("must be a date like 2024-05-31", key)
            return None

    def moment(self, key: str) -> datetime | None:
        value = self.text(key)
        if value is None:
            return None
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            self.problem("must be a date and time like 2024-05-31T10:30:00Z", key)
            return None
        return moment if moment.tzinfo else None

    def objects(self, key: str) -> Iterator[Reader]:
        """Readers for each object of a list field (absent or null is an empty list)."""
        value = self.data.get(key)
        if value is None:
            return
        if not isinstance(value, list):
            self.problem("must be a list", key)
            return
        for index, item in enumerate(value):
            yield Reader(item, f"{self.path}.{key}[{index}]", self.problems,
                         any_ids=self.any_ids)

    def child(self, key: str) -> Reader | None:
        value = self.data.get(key)
        if value is None:
            return None
        return Reader(value, f"{self.path}.{key}", self.problems, any_ids=self.any_ids)

    def ident(self, kind: str, *, required: bool = False) -> str | None:
        """The object's id as a uuid: its own, or (ORUK 1.0 text ids, or none given) a
        stable uuid derived from it, so re-importing the same feed matches up."""
        if self.any_ids:
            value = self.text("id", required=required)
            if value is not None:
                return value.lower() if is_uuid(value) else derived_id(f"oruk1-{kind}", value)
        else:
            value = self.uuid("id", required=required)
            if value is not None:
                return value
        return None if required else derived_id(kind, self.path)
