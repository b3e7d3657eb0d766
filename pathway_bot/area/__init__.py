"""The local area as data: districts, postcodes and contacts (flows/area/*.yaml)."""

from pathway_bot.area.model import (
    Area,
    Contact,
    District,
    PostcodeMatch,
    load_area,
    normalise_postcode,
)

__all__ = ["Area", "Contact", "District", "PostcodeMatch", "load_area", "normalise_postcode"]
