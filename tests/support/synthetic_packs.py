"""Synthetic area packs for tests and benchmarks: complete, valid packs made from
Gloucestershire's (flows/area), with ids, outward codes and host names no real pack uses.

    write_synthetic_pack(tmp_path, 7)   # -> tmp_path/synthetic_7, passing `area check`

or, for a benchmark's deployment, from the shell (packs 1 to 50 into FOLDER/areas):

    .venv/bin/python tests/support/synthetic_packs.py FOLDER --packs 50

Pack n has the id synthetic_<n>, districts syn<n>_a, syn<n>_b ..., the host area<n>.example,
its names in words.yaml, and a handful of Gloucestershire's Local Offer services under ids of
its own (services.json built from them). Its contacts, next steps and lifecycle are
Gloucestershire's, unchanged: they are sample data with their sources, not new facts.
"""

from __future__ import annotations

import argparse
import json
import shutil
from functools import cache
from itertools import cycle
from pathlib import Path
from string import ascii_lowercase, ascii_uppercase
from typing import Any

import yaml

from pathway_bot import PROJECT_ROOT
from pathway_bot.directory.importing import DEFAULT_SERVICES_FILE, shipped_feed
from pathway_bot.directory.local_offer_source import SOURCE_FILE, read_source
from pathway_bot.directory.oruk_import import AreaNames

HOME_PACK = PROJECT_ROOT / "flows" / "area"
DEFAULT_RULES = PROJECT_ROOT / "flows" / "rules.yaml"
# Copied as they are: nothing in them names a district.
COPIED = ("contacts.yaml", "bank_holidays.yaml", "might_not_know.yaml", "next_steps.yaml",
          "request_lifecycle.yaml", "insights.yaml", "search_synonyms.yaml",
          "safety_lexicon.yaml")
# The contact a front-door pack sends its requests to.
FRONT_DOOR = "safeguarding_front_door"
# No UK postcode area starts with Q, V or X, so outward codes built on them are nowhere.
_FREE_FIRST_LETTERS = "QVX"
_POSTCODE_AREAS = tuple(first + second for first in _FREE_FIRST_LETTERS
                        for second in ascii_uppercase)
MOST_PACKS = len(_POSTCODE_AREAS) * 10
MOST_DISTRICTS = len(ascii_lowercase)


def write_synthetic_pack(root: Path, n: int, districts: int = 4, services: int = 6, *,
                         front_door: bool = False, own_rules: bool = False) -> Path:
    """Write the complete pack `root/synthetic_<n>` and return its folder. `front_door`: its
    requests all go to one front door (Gloucestershire's safeguarding front door contact),
    not to district allocations groups; `own_rules`: a rules.yaml of its own, SPEC 4's
    thresholds marked `confirm: true`."""
    if not 0 <= n < MOST_PACKS or not 1 <= districts <= MOST_DISTRICTS:
        raise ValueError(f"n must be 0 to {MOST_PACKS - 1} and districts 1 to "
                         f"{MOST_DISTRICTS}")
    folder = root / f"synthetic_{n}"
    folder.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        shutil.copyfile(HOME_PACK / name, folder / name)
    ids = tuple(f"syn{n}_{letter}" for letter in ascii_lowercase[:districts])
    words = _words(n, ids)
    area = _area(n, ids)
    if front_door:
        _with_front_door(n, area, words)
    if own_rules:
        _dump(folder / "rules.yaml", {"confirm": True, **_read(DEFAULT_RULES)})
    _dump(folder / "area.yaml", area)
    _dump(folder / "postcodes.yaml", {"outward_codes": outward_codes(n, ids)})
    _dump(folder / "meetings.yaml", _meetings(ids))
    _dump(folder / "words.yaml", {"en": words})
    names = AreaNames({d: words[f"district.{d}"] for d in ids}, words[f"area.synthetic_{n}"],
                      area_id=f"synthetic_{n}")
    _write_local_offer(folder, n, services, names)
    return folder


def outward_codes(n: int, ids: tuple[str, ...]) -> dict[str, list[str]]:
    """One code for each district, one shared by two districts (the person chooses) and one
    that also reaches beyond the area; unique to pack n, like QA7B."""
    base = f"{_POSTCODE_AREAS[n // 10]}{n % 10}"
    codes = {f"{base}{ascii_uppercase[k]}": [d] for k, d in enumerate(ids)}
    codes[f"{base}0"] = list(ids[:2]) if len(ids) > 1 else [ids[0], "outside"]
    codes[f"{base}1"] = [ids[-1], "outside"]
    return codes


def _area(n: int, ids: tuple[str, ...]) -> dict[str, Any]:
    home = _read(HOME_PACK / "area.yaml")
    return {
        "id": f"synthetic_{n}", "name": f"area.synthetic_{n}",
        **{key: home[key] for key in ("local_offer_url", "find_your_council_url",
                                      "quick_exit_url")},
        "equality_monitoring": False,
        "hosts": [f"area{n}.example"],
        "districts": [{"id": d, "name": f"district.{d}",
                       "allocations_group": f"district.{d}.allocations_group"} for d in ids],
    }


def _with_front_door(n: int, area: dict[str, Any], words: dict[str, str]) -> None:
    area["front_door"] = {"name": f"front_door.synthetic_{n}", "contact": FRONT_DOOR}
    words[f"front_door.synthetic_{n}"] = f"Synthetic {n} front door"
    for district in area["districts"]:
        del district["allocations_group"]
        del words[f"{district['name']}.allocations_group"]


def _words(n: int, ids: tuple[str, ...]) -> dict[str, str]:
    words = {f"area.synthetic_{n}": f"Synthetic Area {n}"}
    for district in ids:
        name = f"Synthetic {n} {district.rsplit('_', 1)[1].upper()}"
        words[f"district.{district}"] = name
        words[f"district.{district}.allocations_group"] = f"{name} allocations group"
    return words


def _meetings(ids: tuple[str, ...]) -> dict[str, Any]:
    home = _read(HOME_PACK / "meetings.yaml")
    anchors = cycle(schedule["anchor"] for schedule in home["districts"].values())
    return {"timezone": home["timezone"], "defaults": home["defaults"],
            "districts": {d: {"anchor": next(anchors)} for d in ids}}


def _write_local_offer(folder: Path, n: int, services: int, names: AreaNames) -> None:
    """The first few of Gloucestershire's services, for the whole synthetic area, under ids
    of this pack's own, and the feed built from them."""
    home = _read(HOME_PACK / SOURCE_FILE)
    records = [{**{k: v for k, v in record.items() if k != "districts"},
                "id": f"syn{n}-{record['id']}"} for record in home["services"][:services]]
    _dump(folder / SOURCE_FILE, {"defaults": home["defaults"], "services": records,
                                 "withheld": []})
    reading = read_source(folder / SOURCE_FILE, names)
    if reading.problems:
        raise ValueError(f"the synthetic Local Offer does not pass: {reading.problems}")
    document = json.dumps(shipped_feed(reading.services), indent=1, ensure_ascii=False)
    (folder / DEFAULT_SERVICES_FILE).write_text(document + "\n", encoding="utf-8")


@cache
def _read(path: Path) -> Any:
    """One of Gloucestershire's files, read once: writing fifty packs reads it fifty times.
    Never changed in place."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _dump(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True),
                    encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description="Write synthetic area packs 1..N into "
                                     "FLOWS/areas, beside a deployment's home pack.")
    parser.add_argument("flows", type=Path, help="the deployment's flows folder")
    parser.add_argument("--packs", type=int, default=50)
    parser.add_argument("--districts", type=int, default=4)
    arguments = parser.parse_args()
    for n in range(1, arguments.packs + 1):
        write_synthetic_pack(arguments.flows / "areas", n, arguments.districts)
    print(f"Wrote {arguments.packs} synthetic packs into {arguments.flows / 'areas'}")


if __name__ == "__main__":
    main()
