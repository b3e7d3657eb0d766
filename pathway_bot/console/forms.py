"""Reading the console's forms: each field's value kept to show again, each problem as a
message id for the GOV.UK error summary and the field's own error message."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


class Form:
    def __init__(self, data: Mapping[str, str]):
        self.values: dict[str, str] = {name: data.get(name, "") for name in data}
        self.errors: dict[str, str] = {}

    def error(self, name: str, message_id: str) -> None:
        self.errors.setdefault(name, message_id)

    def text(self, name: str, *, max_length: int = 2000, message_id: str | None = None,
             strip: bool = True) -> str:
        value = self.values.get(name, "")
        value = value.strip() if strip else value
        if len(value) > max_length:
            self.error(name, message_id or "console.error.too_long")
        return value

    def required(self, name: str, message_id: str, *, max_length: int = 2000,
                 strip: bool = True) -> str:
        value = self.text(name, max_length=max_length, strip=strip)
        if not value.strip():
            self.error(name, message_id)
        return value

    def choice(self, name: str, allowed: Iterable[str], message_id: str, *,
               optional: bool = False) -> str:
        value = self.values.get(name, "").strip()
        if (value or not optional) and value not in set(allowed):
            self.error(name, message_id)
        return value
