"""Which district a needs profile belongs to, from its district or its postcode (SPEC 3)."""

from __future__ import annotations

from pathway_bot.area import Area, normalise_postcode
from pathway_bot.errors import OutOfArea, ValidationFailed


def district_for(area: Area, district: str | None, postcode: str | None,
                 area_name: str) -> str:
    """The one district meant; ValidationFailed saying what to give when it is not clear.
    `area_name` is the area's own name, as its words give it."""
    if district is not None and area.district(district) is None:
        _refuse("district", f"one of {', '.join(area.district_ids)}")
    if postcode is None:
        if district is None:
            _refuse("district", "give the district or the postcode")
        return district
    return _from_postcode(area, district, postcode, area_name)


def _from_postcode(area: Area, district: str | None, postcode: str, area_name: str) -> str:
    normalised = normalise_postcode(postcode)
    if normalised is None:
        _refuse("postcode", "not a UK postcode")
    match = area.match_postcode(normalised)
    if match.kind == "outside":
        url = area.find_your_council_url
        raise OutOfArea(f"postcode: {normalised} is outside {area_name}, which this service "
                        f"covers; for help elsewhere, find your own council at {url}",
                        field="postcode", find_your_council_url=url)
    if district is not None:
        if district not in match.districts:
            _refuse("district", f"does not match the postcode, which is in "
                    f"{' or '.join(match.districts)}")
        return district
    if match.kind == "choose":
        _refuse("district", f"the postcode could be in {' or '.join(match.districts)}: "
                "give the district too")
    return match.districts[0]


def _refuse(field: str, message: str) -> None:
    raise ValidationFailed(f"{field}: {message}", errors={field: [message]})
