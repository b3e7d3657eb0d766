"""The local area as data: districts, postcodes, contacts and the support people rarely ask
for by name (flows/area/*.yaml)."""

from pathway_bot.area.model import (
    Area,
    Contact,
    District,
    Geography,
    LesserKnownSupport,
    PostcodeMatch,
    load_area,
    normalise_postcode,
)

__all__ = ["Area", "Contact", "District", "Geography", "LesserKnownSupport", "PostcodeMatch",
           "load_area", "normalise_postcode"]
