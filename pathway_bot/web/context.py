"""What every page's template can use."""

from __future__ import annotations

from typing import Any

from pathway_bot.extensions import runtime
from pathway_bot.web.locale import current_locale, t


def template_helpers() -> dict[str, Any]:
    return {
        "t": t,
        "locale": current_locale(),
        "languages": runtime().catalogs.languages(),
    }
