"""Area packs: each local area a deployment serves is a folder of data, and one deployment
serves any number of them.

Gloucestershire's pack is `flows/area/`, the home area: the one a person is in until a
postcode, a host name or their own choice says otherwise. Every further pack is a folder
of `flows/areas/` (South Gloucestershire's is `flows/areas/south_gloucestershire/`), or is
named by PATHWAY_AREA_PACKS. A pack holds the files `flows/area/` holds, and may add its own
`rules.yaml` (thresholds and tiers; SPEC section 4's `flows/rules.yaml` otherwise) and
`words.yaml` (its own words for the catalogs' messages: its tier names, its localities).

District ids are unique across the packs of a deployment, so a district alone says which
area it is in. Pure data: no database, no Flask.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pathway_bot.area.model import (
    OUTSIDE,
    Area,
    District,
    PostcodeMatch,
    load_area,
    match_reached,
    normalise_postcode,
    outward_code,
    read_area_file,
)
from pathway_bot.errors import FlowError

HOME_PACK_FOLDER = "area"
MORE_PACKS_FOLDER = "areas"
RULES_FILE = "rules.yaml"
WORDS_FILE = "words.yaml"


@dataclass(frozen=True)
class AreaPack:
    """One local area's data, as read from its folder."""

    area: Area
    folder: Path
    rules_file: Path  # the pack's own rules.yaml, or the deployment's shared one
    words: dict[str, dict[str, str]]  # locale -> message id -> the area's own words

    @property
    def id(self) -> str:
        return self.area.id


def pack_folders(flows_dir: Path) -> tuple[Path, ...]:
    """The home pack first, then every folder of flows/areas/ (but `.hidden` or `_draft`)."""
    more = flows_dir / MORE_PACKS_FOLDER
    further = sorted(folder for folder in more.iterdir()
                     if folder.is_dir() and folder.name[0] not in "._") if more.is_dir() else []
    return (flows_dir / HOME_PACK_FOLDER, *further)


def load_pack(folder: Path, shared_rules: Path) -> AreaPack:
    own_rules = folder / RULES_FILE
    return AreaPack(area=load_area(folder), folder=folder,
                    rules_file=own_rules if own_rules.is_file() else shared_rules,
                    words=load_words(folder))


def load_words(folder: Path) -> dict[str, dict[str, str]]:
    """`words.yaml`: {locale: {message id: text}}; no file, no words of its own."""
    path = folder / WORDS_FILE
    if not path.is_file():
        return {}
    data = read_area_file(path)
    if not isinstance(data, dict) or not all(
            isinstance(texts, dict) and all(isinstance(t, str) for t in texts.values())
            for texts in data.values()):
        raise FlowError(f"{path}: give each language's words as `en: {{message.id: text}}`")
    return {str(locale): {str(k): v for k, v in texts.items()} for locale, texts in data.items()}


class AreaMap:
    """The areas of one deployment, and which of them a postcode, district or host is in.

    It answers a postcode as an Area does, across every area at once, so the engine can
    route a conversation wherever the postcode leads (see engine.FlowEngine).
    """

    def __init__(self, areas: Sequence[Area], hosts: Mapping[str, str] | None = None):
        if not areas:
            raise FlowError("a deployment needs at least one area pack")
        self.home = areas[0]
        self.areas = _index(areas, lambda area: (area.id,), "area pack id")
        self._district_area = _district_index(areas)
        self._districts = {d.id: d for area in areas for d in area.districts}
        self._hosts = self._named_hosts(hosts) if hosts else _index(
            areas, lambda area: area.hosts, "host name")
        self._outward = _outward_index(areas)
        self.find_your_council_url = self.home.find_your_council_url

    def _named_hosts(self, hosts: Mapping[str, str]) -> dict[str, Area]:
        unknown = sorted(area for area in hosts.values() if area not in self.areas)
        if unknown:
            raise FlowError(f"PATHWAY_AREA_HOSTS names areas that are not served: {unknown}; "
                            f"use one of {sorted(self.areas)}")
        return {host.lower(): self.areas[area] for host, area in hosts.items()}

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self.areas)

    def district(self, district_id: str) -> District | None:
        return self._districts.get(district_id)

    def area_of_district(self, district_id: str) -> Area | None:
        return self._district_area.get(district_id)

    def area_for_host(self, host: str) -> Area | None:
        """The area a host name fixes ('southglos.example', port or not); None if none."""
        return self._hosts.get(host.split(":", 1)[0].strip().lower())

    def match_postcode(self, postcode: str) -> PostcodeMatch:
        return match_reached(self._outward.get(outward_code(postcode), ()))

    def areas_for_postcode(self, postcode: str) -> tuple[Area, ...]:
        """The areas a postcode may be in, home first; none when it is in none of them."""
        found = []
        for district_id in self.match_postcode(postcode).districts:
            area = self._district_area[district_id]
            if area not in found:
                found.append(area)
        return tuple(found)

    def area_for(self, district: str | None, postcode: str | None) -> Area | None:
        """The one area a profile's district, or else its postcode, puts it in; None when
        neither says (the caller's own area then decides, and checks what was given)."""
        if district:
            return self.area_of_district(district)
        normalised = normalise_postcode(postcode) if postcode else None
        reached = self.areas_for_postcode(normalised) if normalised else ()
        return reached[0] if len(reached) == 1 else None


def _index(areas: Iterable[Area], keys_of: Callable[[Area], Iterable[str]],
           what: str) -> dict[str, Area]:
    """Each key (a pack id, a district id, a host name) with the one area that has it."""
    index: dict[str, Area] = {}
    for area in areas:
        for key in keys_of(area):
            if key in index:
                raise FlowError(f"the {what} {key!r} is used by both {index[key].id} and "
                                f"{area.id}: each area pack needs its own")
            index[key] = area
    return index


def _district_index(areas: Iterable[Area]) -> dict[str, Area]:
    index = _index(areas, lambda area: (d.id for d in area.districts), "district id")
    if OUTSIDE in index:
        raise FlowError(f"{index[OUTSIDE].id} has a district with the id {OUTSIDE!r}, which "
                        "the postcodes use for 'beyond the area': give it another id")
    return index


def _outward_index(areas: Sequence[Area]) -> dict[str, tuple[str, ...]]:
    """Each outward code with the districts it reaches in every area. A code that several
    packs share keeps `outside` only if each of them says part of it is outside: the part one
    pack calls outside may simply be the other's."""
    reached: dict[str, list[str]] = {}
    for area in areas:
        for code, districts in area.outward_codes.items():
            known = reached.setdefault(code, [])
            known.extend(d for d in districts if d != OUTSIDE and d not in known)
    return {code: (*districts, OUTSIDE) if _partly_beyond_all(code, areas) else tuple(districts)
            for code, districts in reached.items()}


def _partly_beyond_all(code: str, areas: Sequence[Area]) -> bool:
    reaching = [area.outward_codes[code] for area in areas if code in area.outward_codes]
    return all(OUTSIDE in districts for districts in reaching)
