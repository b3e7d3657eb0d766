"""Placeholder until the directory lands: no services yet."""

from dataclasses import dataclass, field


@dataclass
class Signposting:
    services: list = field(default_factory=list)
    might_not_know: list = field(default_factory=list)


def signpost(session, runtime, decision, locale, limit=6) -> Signposting:
    return Signposting()
