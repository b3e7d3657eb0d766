"""The shape of an area pack's area.yaml and postcodes.yaml, read as they are written, so
that every mistake is named at once (the loader stops at the first)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from pathway_bot import yaml_data
from pathway_bot.area.model import OUTSIDE
from pathway_bot.checks.problem import Problem
from pathway_bot.persistence.base import AREA_ID_LENGTH

AREA_FILE = "area.yaml"
POSTCODES_FILE = "postcodes.yaml"
# The database keeps a district id in 40 characters, like an area id.
DISTRICT_ID_LENGTH = 40
WEB_ADDRESSES = ("local_offer_url", "find_your_council_url", "quick_exit_url")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_WEB = re.compile(r"^https?://\S+$")
_HOST_LABEL = r"[a-z0-9]([a-z0-9-]*[a-z0-9])?"
# Two labels or more (glos.example), lower case, no scheme, port or path.
_HOST = re.compile(rf"^(?=.{{1,253}}$){_HOST_LABEL}(\.{_HOST_LABEL})+$")
_OUTWARD_CODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")


@dataclass(frozen=True)
class AreaFile:
    """What the other checks need from area.yaml, once its shape is sound."""

    id: str
    district_ids: tuple[str, ...]
    hosts: tuple[str, ...]
    front_door_contact: str | None


def read_yaml(path: Path) -> tuple[Any, list[Problem]]:
    try:
        return yaml_data.safe_load(path.read_text(encoding="utf-8")), []
    except OSError as error:
        return None, [Problem(str(path), "files", f"cannot be read: {error.strerror}")]
    except yaml.YAMLError as error:
        return None, [Problem(str(path), "yaml", f"not readable YAML: {error}")]


def check_area_file(folder: Path) -> tuple[AreaFile | None, list[Problem]]:
    """area.yaml's keys and their types; the summary the other checks use when it is sound."""
    path = folder / AREA_FILE
    data, problems = read_yaml(path)
    if problems:
        return None, problems
    if not isinstance(data, dict):
        return None, [Problem(str(path), "area", "must be a mapping of keys (id, name, "
                              "districts ...), as in flows/area/area.yaml")]
    wrong = [*_identity_problems(data), *_district_problems(data), *_host_problems(data),
             *_front_door_problems(data)]
    if wrong:
        return None, [Problem(str(path), "area", line) for line in wrong]
    front_door = data.get("front_door")
    return AreaFile(id=data["id"], district_ids=tuple(d["id"] for d in data["districts"]),
                    hosts=tuple(data.get("hosts") or ()),
                    front_door_contact=front_door["contact"] if front_door else None), []


def _identity_problems(data: dict[str, Any]) -> Iterable[str]:
    yield from _id_problems("id", data.get("id"), AREA_ID_LENGTH)
    yield from _message_id_problems("name", data.get("name"))
    for key in WEB_ADDRESSES:
        if not _WEB.match(str(data.get(key) or "")):
            yield f"{key}: give the address of a public web page (http:// or https://)"
    if not isinstance(data.get("equality_monitoring", False), bool):
        yield "equality_monitoring: write true or false"


def _id_problems(where: str, value: Any, longest: int) -> Iterable[str]:
    if not isinstance(value, str) or not _ID.match(value):
        yield (f"{where}: give an id of lower-case letters, digits and _ that starts with "
               f"a letter, like north_east (found {value!r})")
    elif len(value) > longest:
        yield f"{where}: {value!r} is longer than {longest} characters"


def _message_id_problems(where: str, value: Any) -> Iterable[str]:
    if not isinstance(value, str) or not value.strip():
        yield (f"{where}: give the message id of its words, like district.north, with the "
               "words in the catalogs or the pack's words.yaml")


def _district_problems(data: dict[str, Any]) -> Iterable[str]:
    districts = data.get("districts")
    if not isinstance(districts, list) or not districts:
        yield "districts: list the area's districts or localities, each with an id and a name"
        return
    needs_group = not data.get("front_door")
    seen: set[str] = set()
    for index, district in enumerate(districts):
        if not isinstance(district, dict):
            yield f"districts[{index}]: give its id and name, like `{{id: north, name: ...}}`"
            continue
        where = f"districts[{index}] {district.get('id', '')}".rstrip()
        yield from _id_problems(f"{where} id", district.get("id"), DISTRICT_ID_LENGTH)
        yield from _message_id_problems(f"{where} name", district.get("name"))
        if needs_group or "allocations_group" in district:
            yield from _message_id_problems(f"{where} allocations_group",
                                            district.get("allocations_group"))
        district_id = str(district.get("id"))
        if district_id in seen:
            yield f"{where}: the id {district_id!r} is used twice; give each district its own"
        seen.add(district_id)


def _host_problems(data: dict[str, Any]) -> Iterable[str]:
    hosts = data.get("hosts", [])
    if not isinstance(hosts, list):
        yield "hosts: list the host names that mean this area, like [glos.example]"
        return
    for host in hosts:
        if not isinstance(host, str) or not _HOST.match(host):
            yield (f"hosts: {host!r} is not a host name; write it in lower case without "
                   "http:// or a path, like glos.example")
    if len(set(hosts)) < len(hosts):
        yield "hosts: a host name is listed twice"


def _front_door_problems(data: dict[str, Any]) -> Iterable[str]:
    if "front_door" not in data:
        return
    door = data["front_door"]
    if not isinstance(door, dict) or not isinstance(door.get("contact"), str):
        yield ("front_door: give its name (a message id) and contact (an id in "
               "contacts.yaml), like `{name: front_door.name, contact: first_point}`")
        return
    yield from _message_id_problems("front_door name", door.get("name"))


def check_postcodes(folder: Path, district_ids: tuple[str, ...]) -> list[Problem]:
    """Every outward code has the UK shape and reaches districts the area has."""
    path = folder / POSTCODES_FILE
    data, problems = read_yaml(path)
    if problems:
        return problems
    codes = data.get("outward_codes") if isinstance(data, dict) else None
    if not isinstance(codes, dict) or not codes:
        return [Problem(str(path), "postcodes", "give outward_codes: each postcode's first "
                        "half and the districts it reaches, like `GL5: [stroud]`")]
    return [Problem(str(path), "postcodes", line)
            for code, reached in codes.items()
            for line in _outward_code_problems(str(code), reached, district_ids)]


def _outward_code_problems(code: str, reached: Any, district_ids: tuple[str, ...]
                           ) -> Iterable[str]:
    if not _OUTWARD_CODE.match(code.upper()):
        yield (f"{code}: not the first half of a UK postcode, like GL5 or BS15 (write it "
               "without the second half)")
    if not isinstance(reached, list) or not reached:
        yield f"{code}: list the districts it reaches, like [{district_ids[0]}]"
        return
    unknown = [str(d) for d in reached if d not in district_ids and d != OUTSIDE]
    if unknown:
        yield (f"{code} names {', '.join(unknown)}, which area.yaml does not list as a "
               f"district; use one of {', '.join(district_ids)}, or {OUTSIDE} for a code "
               "that also reaches beyond the area")
