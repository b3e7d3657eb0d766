"""`pathway-bot area check`: an area pack (a folder of local data, like flows/area/) checked
whole, and the packs of a deployment checked against each other."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from pathway_bot.area.packs import MORE_PACKS_FOLDER, pack_folders
from pathway_bot.checks.area import check_area, check_contacts, check_lifecycle
from pathway_bot.checks.area_file import (
    AREA_FILE,
    POSTCODES_FILE,
    AreaFile,
    check_area_file,
    check_postcodes,
)
from pathway_bot.checks.pack_data import (
    check_front_door,
    check_local_offer,
    check_meetings,
    check_options_from,
    check_other_files,
    check_pack_messages,
    check_pack_rules,
)
from pathway_bot.checks.problem import Problem
from pathway_bot.checks.words import PackMessages, read_pack_words
from pathway_bot.i18n import Catalogs

# Every file a pack holds, and what it is for; rules.yaml and words.yaml are optional.
PACK_FILES: dict[str, str] = {
    AREA_FILE: "the area's id, name, web addresses and districts",
    POSTCODES_FILE: "which districts each postcode reaches",
    "contacts.yaml": "the help and safeguarding contacts, each with its source",
    "bank_holidays.yaml": "the bank holidays that meetings and working days skip",
    "meetings.yaml": "each district's meeting schedule",
    "might_not_know.yaml": "the support families rarely ask for by name",
    "next_steps.yaml": "the next steps an outcome shows",
    "request_lifecycle.yaml": "the request lifecycle and its response times",
    "insights.yaml": "what the insights count",
    "search_synonyms.yaml": "the everyday words the Local Offer search also reads",
    "local_offer.yaml": "the Local Offer's services, as a person reviewed them",
    "services.json": "the Local Offer feed built from local_offer.yaml",
    "safety_lexicon.yaml": "the words the safety net listens for",
}


def deployment_pack_folders(flows_dir: Path) -> list[Path]:
    """The deployment's packs: the home pack (flows/area) and each folder of flows/areas."""
    return list(pack_folders(flows_dir))


def check_area_pack(folder: Path, flows_dir: Path, catalogs: Catalogs) -> list[Problem]:
    """Every problem in one pack, each naming its file, what is wrong and how to fix it.
    `flows_dir` holds the flows and the default rules the pack is used with."""
    missing = _missing_files(folder)
    if missing:
        return missing
    messages, problems = read_pack_words(folder, catalogs)
    summary, shape = _check_area_and_postcodes(folder)
    if summary is not None:
        problems += _folder_name_problems(folder, summary)
    problems += [*shape, *check_pack_rules(folder, flows_dir, messages),
                 *check_other_files(folder)]
    if summary is None:
        # The area cannot be loaded until area.yaml and postcodes.yaml are sound; what does
        # not need it is still checked.
        return [*problems, *check_contacts(folder / "contacts.yaml"),
                *check_lifecycle(folder, messages)]
    return [*problems, *_checks_of_the_loaded_area(folder, flows_dir, messages)]


def _check_area_and_postcodes(folder: Path) -> tuple[AreaFile | None, list[Problem]]:
    """area.yaml's summary if both files are sound, and what is wrong with them."""
    summary, problems = check_area_file(folder)
    if summary is not None:
        problems += check_postcodes(folder, summary.district_ids)
    return (summary if not problems else None), problems


def _missing_files(folder: Path) -> list[Problem]:
    if not folder.is_dir():
        return [Problem(str(folder), "files", "is not a folder: give the folder of an area "
                        "pack, like flows/area")]
    return [Problem(str(folder / name), "files", f"is missing: an area pack needs it for "
                    f"{purpose} (copy it from flows/area and edit it)")
            for name, purpose in PACK_FILES.items() if not (folder / name).is_file()]


def _folder_name_problems(folder: Path, summary: AreaFile) -> Iterable[Problem]:
    if folder.parent.name == MORE_PACKS_FOLDER and folder.name != summary.id:
        yield Problem(str(folder / AREA_FILE), "area", f"the pack's id is {summary.id!r} but "
                      f"its folder is {folder.name!r}: name the folder after the id")


def _checks_of_the_loaded_area(folder: Path, flows_dir: Path,
                               messages: PackMessages) -> list[Problem]:
    area, problems = check_area(folder, messages)
    if area is None:
        return problems
    return [*problems, *check_meetings(area), *check_local_offer(area, messages),
            *check_front_door(area), *check_options_from(area, flows_dir),
            *check_pack_messages(area, messages)]


def check_area_packs(folders: Sequence[Path]) -> list[Problem]:
    """What two packs of one deployment must not share: their ids, their district ids (a
    request names its district alone) and the host names that choose an area."""
    summaries = [(folder, summary) for folder in folders
                 if (folder / AREA_FILE).is_file()
                 and (summary := check_area_file(folder)[0]) is not None]
    return [*_shared("pack id", summaries, lambda s: (s.id,)),
            *_shared("district id", summaries, lambda s: s.district_ids),
            *_shared("host name", summaries, lambda s: s.hosts)]


def _shared(kind: str, summaries: list[tuple[Path, AreaFile]],
            values_of: Callable[[AreaFile], tuple[str, ...]]) -> Iterable[Problem]:
    holders: dict[str, list[Path]] = {}
    for folder, summary in summaries:
        for value in dict.fromkeys(values_of(summary)):
            holders.setdefault(value, []).append(folder)
    for value, folders in sorted(holders.items()):
        if len(folders) > 1:
            where = " and ".join(str(f / AREA_FILE) for f in folders)
            yield Problem(where, "across packs", f"the {kind} {value!r} is used by more than "
                          f"one pack; each pack of a deployment needs its own {kind}s")
