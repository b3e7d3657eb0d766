"""Load and query the local area. Pure data: no database, no Flask."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, Protocol

from pathway_bot import yaml_data
from pathway_bot.conditions import Predicate, compile_condition
from pathway_bot.errors import FlowError

OUTSIDE = "outside"
# The UK postcode shape (outward code, space, inward code); not a check that it exists.
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})$")
_OUTWARD_ONLY = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")


def normalise_postcode(raw: str) -> str | None:
    """'gl5 1aa' -> 'GL5 1AA'; an outward code alone ('GL5') is kept as it is; else None."""
    compact = re.sub(r"\s+", "", raw or "").upper()
    if _OUTWARD_ONLY.match(compact):
        return compact
    match = _POSTCODE.match(compact)
    if not match:
        return None
    return f"{match.group(1)} {match.group(2)}"


def outward_code(postcode: str) -> str:
    return postcode.split(" ")[0]


@dataclass(frozen=True)
class District:
    id: str
    name: str  # message id
    # A message id; None in an area whose requests all go to one front door (area.yaml).
    allocations_group: str | None
    extra: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Contact:
    id: str
    name: str  # message id
    description: str  # message id
    phone: str | None = None
    email: str | None = None
    url: str | None = None
    confirm: bool = False  # public sources disagree or may be stale: say so
    # Where the details come from, and when a person last checked them there: shown to
    # nobody, kept so that anyone can check (see `pathway-bot flows check`).
    source: str | None = None
    source_quote: str | None = None
    last_verified: date | None = None
    # The ages of the child or young person it serves; None as max_age: no upper age.
    min_age: int | None = None
    max_age: int | None = None
    # Where the ages come from, when it is not the source of the number.
    age_source: str | None = None
    age_source_quote: str | None = None

    def serves_age(self, age: int | None) -> bool:
        """Whether it serves a child of this age; an age not known yet excludes nobody."""
        if age is None:
            return True
        return (self.min_age or 0) <= age and (self.max_age is None or age <= self.max_age)


@dataclass(frozen=True)
class PostcodeMatch:
    kind: Literal["district", "choose", "outside"]
    districts: tuple[str, ...] = ()
    includes_outside: bool = False

    @property
    def district(self) -> str | None:
        return self.districts[0] if self.kind == "district" else None


class Geography(Protocol):
    """Where a conversation's postcode is looked up: its own area, or every area of the
    deployment (area.packs.AreaMap), so that a postcode can lead into another area."""

    @property
    def find_your_council_url(self) -> str: ...

    def match_postcode(self, postcode: str) -> PostcodeMatch: ...

    def district(self, district_id: str) -> District | None: ...


@dataclass(frozen=True)
class LesserKnownSupport:
    """Support people rarely ask for by name (might_not_know.yaml): offered when `fits` holds
    for a needs profile, found in the Local Offer by its `words`."""

    code: str
    words: str
    fits: Predicate


@dataclass(frozen=True)
class NextStep:
    """A next step an outcome shows when `shows` holds (next_steps.yaml): the statutory
    routes and the preparing-for-adulthood prompts, each with the public page it comes from."""

    code: str
    kind: str  # "statutory" or "adulthood"
    shows: Predicate
    source: str
    source_quote: str
    last_verified: date


@dataclass(frozen=True)
class FrontDoor:
    """One team that takes every request of a unitary council (South Gloucestershire's First
    Point), instead of an allocations group per district."""

    name: str  # message id
    contact: str  # a contact id of contacts.yaml


@dataclass(frozen=True)
class Area:
    id: str
    name: str
    local_offer_url: str
    find_your_council_url: str
    quick_exit_url: str
    districts: tuple[District, ...]
    outward_codes: dict[str, tuple[str, ...]]
    contacts: dict[str, Contact]
    contacts_shown_for: dict[str, tuple[str, ...]]
    directory: Path
    lesser_known_support: tuple[LesserKnownSupport, ...] = ()
    next_steps: tuple[NextStep, ...] = ()
    # Optional equality monitoring questions after the outcome: off until the area's DPIA.
    equality_monitoring: bool = False
    # Host names that fix this area when the deployment routes by host (PATHWAY_AREA_HOSTS).
    hosts: tuple[str, ...] = ()
    front_door: FrontDoor | None = None

    @property
    def district_ids(self) -> tuple[str, ...]:
        return tuple(district.id for district in self.districts)

    def district(self, district_id: str) -> District | None:
        return next((d for d in self.districts if d.id == district_id), None)

    def group_for(self, district: District) -> str:
        """The message id of who takes the district's requests: its allocations group, or
        the area's one front door."""
        if district.allocations_group:
            return district.allocations_group
        assert self.front_door is not None  # area check: one or the other is given
        return self.front_door.name

    def match_postcode(self, postcode: str) -> PostcodeMatch:
        return match_reached(self.outward_codes.get(outward_code(postcode), ()))

    def districts_for(self, postcode: str) -> tuple[str, ...]:
        return self.match_postcode(postcode).districts

    def postcode_fits(self, postcode: str, district_id: str) -> bool:
        return district_id in self.districts_for(postcode)

    def contacts_for(self, situation: str, age: int | None = None) -> list[Contact]:
        """The contacts the area shows in a situation, in order, for a child of `age`."""
        listed = (self.contacts[c] for c in self.contacts_shown_for.get(situation, ()))
        return [contact for contact in listed if contact.serves_age(age)]


def match_reached(reached: tuple[str, ...]) -> PostcodeMatch:
    """What an outward code reaching these districts (and perhaps `outside`) means."""
    inside = tuple(d for d in reached if d != OUTSIDE)
    if not inside:
        return PostcodeMatch("outside")
    if len(reached) == 1:
        return PostcodeMatch("district", inside)
    return PostcodeMatch("choose", inside, includes_outside=OUTSIDE in reached)


def read_area_file(path: Path, needed_for: str = "") -> Any:
    """One YAML file of the area; a missing one stops start-up, saying what needs it."""
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml_data.safe_load(handle) or {}
    except FileNotFoundError as missing:
        raise FlowError(f"{path}: the area needs this file{needed_for}") from missing


def _load_districts(data: dict) -> tuple[District, ...]:
    known = {"id", "name", "allocations_group"}
    return tuple(
        District(
            id=item["id"],
            name=item["name"],
            allocations_group=item.get("allocations_group"),
            extra={k: v for k, v in item.items() if k not in known},
        )
        for item in data["districts"]
    )


def _load_contacts(data: dict) -> tuple[dict[str, Contact], dict[str, tuple[str, ...]]]:
    shown_for = {k: tuple(v) for k, v in (data.pop("shown_for", None) or {}).items()}
    contacts = {key: Contact(**value) for key, value in data.items()}
    for situation, ids in shown_for.items():
        unknown = [c for c in ids if c not in contacts]
        if unknown:
            raise FlowError(f"contacts.yaml: shown_for.{situation} names unknown contacts "
                            f"{unknown}")
    return contacts, shown_for


def _load_lesser_known_support(entries: list) -> tuple[LesserKnownSupport, ...]:
    return tuple(
        LesserKnownSupport(
            code=entry["code"],
            words=entry["words"],
            fits=compile_condition(entry["fits"], f"might_not_know.yaml: {entry['code']}")
            if "fits" in entry else _everyone,
        )
        for entry in entries
    )


def _everyone(_facts) -> bool:
    return True


@lru_cache(maxsize=4)
def load_area(area_dir: Path) -> Area:
    area = read_area_file(area_dir / "area.yaml")
    districts = _load_districts(area)
    postcodes = read_area_file(area_dir / "postcodes.yaml")
    outward = {code.upper(): tuple(ds) for code, ds in postcodes["outward_codes"].items()}
    valid = {d.id for d in districts} | {OUTSIDE}
    for code, reached in outward.items():
        if not set(reached) <= valid:
            raise FlowError(f"postcodes.yaml: {code} names an unknown district in {list(reached)}")
    contacts, shown_for = _load_contacts(read_area_file(area_dir / "contacts.yaml"))
    return Area(
        id=area["id"],
        name=area["name"],
        local_offer_url=area["local_offer_url"],
        find_your_council_url=area["find_your_council_url"],
        quick_exit_url=area["quick_exit_url"],
        districts=districts,
        outward_codes=outward,
        contacts=contacts,
        contacts_shown_for=shown_for,
        directory=area_dir,
        lesser_known_support=_load_lesser_known_support(
            read_area_file(area_dir / "might_not_know.yaml")),
        next_steps=_load_next_steps(area_dir / "next_steps.yaml"),
        equality_monitoring=area.get("equality_monitoring", False) is True,
        hosts=tuple(str(host).lower() for host in area.get("hosts") or ()),
        front_door=_front_door(area.get("front_door"), contacts),
    )


def _front_door(data: dict | None, contacts: dict[str, Contact]) -> FrontDoor | None:
    if not data:
        return None
    door = FrontDoor(name=data["name"], contact=data["contact"])
    if door.contact not in contacts:
        raise FlowError(f"area.yaml: front_door names the contact {door.contact!r}, which "
                        "contacts.yaml does not have")
    return door


def _load_next_steps(path: Path) -> tuple[NextStep, ...]:
    """Optional: an area without the file shows no next steps. Each one names its source."""
    if not path.exists():
        return ()
    steps = []
    for entry in read_area_file(path) or []:
        where = f"next_steps.yaml: {entry.get('code')}"
        missing = [key for key in ("code", "kind", "shows", "source", "source_quote",
                                   "last_verified") if not entry.get(key)]
        if missing:
            raise FlowError(f"{where} lacks {missing}: every next step names the public page "
                            "it comes from, the words there, and when it was checked")
        if entry["kind"] not in ("statutory", "adulthood"):
            raise FlowError(f"{where}: kind must be statutory or adulthood")
        steps.append(NextStep(
            code=entry["code"], kind=entry["kind"],
            shows=compile_condition(entry["shows"], where), source=entry["source"],
            source_quote=entry["source_quote"],
            last_verified=_as_date(entry["last_verified"], where)))
    return tuple(steps)


def _as_date(value: Any, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise FlowError(f"{where}: last_verified must be a date like 2026-12-01") from None
