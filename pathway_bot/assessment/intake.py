"""A needs profile sent by another system: checked against the local area, then decided."""

from __future__ import annotations

from typing import Any

from pathway_bot.area import Area, normalise_postcode
from pathway_bot.assessment.profile import NeedsProfile
from pathway_bot.errors import ValidationFailed


def _district_from_postcode(raw: str, area: Area, errors: dict) -> tuple[str | None, str | None]:
    postcode = normalise_postcode(raw)
    if postcode is None:
        errors["postcode"] = ["not a UK postcode, like GL5 1AA"]
        return None, None
    match = area.match_postcode(postcode)
    if match.kind == "outside":
        errors["postcode"] = [f"{postcode} is outside the area this service covers; the "
                              f"family's own council can help ({area.find_your_council_url})"]
        return postcode, None
    if match.kind == "choose":
        return postcode, None
    return postcode, match.district


def _district_and_postcode(data: dict, area: Area, errors: dict) -> tuple[str | None, str | None]:
    district, postcode = data.get("district"), data.get("postcode")
    if district is not None and area.district(district) is None:
        errors["district"] = [f"use one of {list(area.district_ids)}"]
        return None, postcode
    if postcode is None:
        if district is None:
            errors["district"] = ["give the district, or a postcode that finds it"]
        return district, None
    postcode, found = _district_from_postcode(postcode, area, errors)
    if "postcode" in errors:
        return district, postcode
    if district is None and found is None:
        errors["district"] = [f"{postcode} is on a district boundary: give the district too, "
                              f"one of {list(area.districts_for(postcode))}"]
    if district and postcode and not area.postcode_fits(postcode, district):
        errors["district"] = [f"{district} does not match postcode {postcode}"]
    return district or found, postcode


def profile_from_submission(data: dict[str, Any], area: Area) -> NeedsProfile:
    """`data` has passed the schema (types and ranges); this checks what needs the area."""
    errors: dict[str, list[str]] = {}
    district, postcode = _district_and_postcode(data, area, errors)
    if errors:
        raise ValidationFailed("The profile's place could not be matched to a district.",
                               errors=errors)
    return NeedsProfile.from_dict({**data, "district": district, "postcode": postcode})
