"""The composition root: what a running Pathway Bot holds for its lifetime.

Built once per process by the app factory or the CLI, it reads every area pack, opens the
database and builds each domain service with what it needs. A deployment serves one or many
areas: each area has a Runtime of its own (its districts, words, rules, safety lexicon,
requests, console accounts and insights), and all of them share what is the same everywhere
(the database, the flows and their machines, the conversations). Transports reach the services
through the Runtime of the area a request is in; no domain module imports this. Nothing here
imports Flask.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from pathway_bot.area import Area
from pathway_bot.area.lifecycle import lifecycle_data
from pathway_bot.area.meetings import MeetingCalendar, meeting_calendar
from pathway_bot.area.packs import AreaMap, AreaPack, load_pack, pack_folders
from pathway_bot.area.working_days import working_days
from pathway_bot.assessment import Rules, load_rules
from pathway_bot.assessment.intake import Assessments
from pathway_bot.config import Config, config_from_environment
from pathway_bot.conversations.present import Presenter, Presenters
from pathway_bot.conversations.resume import ResumeCodes
from pathway_bot.conversations.service import Conversations
from pathway_bot.conversations.support import ConversationRequests
from pathway_bot.directory.finder import search_synonyms
from pathway_bot.directory.importing import Directory
from pathway_bot.directory.local_offer import LocalOffer
from pathway_bot.directory.signposting import Signposting
from pathway_bot.engine import Engines
from pathway_bot.errors import FlowError
from pathway_bot.flows import FlowRegistry, load_flow_registry
from pathway_bot.i18n import Catalogs, catalogs_for
from pathway_bot.insights import Insights, load_insight_settings
from pathway_bot.insights.after_outcome import AfterTheOutcome
from pathway_bot.notifications import Composer, Outbox, OutboxWorker
from pathway_bot.notifications.compose import AreaComposers
from pathway_bot.notifications.configured import senders_from
from pathway_bot.persistence.base import utcnow
from pathway_bot.persistence.conversation_store import ConversationStore
from pathway_bot.persistence.db import Database
from pathway_bot.requests import lifecycle
from pathway_bot.requests.announcements import session_info
from pathway_bot.requests.casework import Casework
from pathway_bot.requests.response_times import ResponseTimes, overdue_counts
from pathway_bot.requests.service import Requests, erase_requests_for_conversation
from pathway_bot.safety import SafetyNet, load_safety_net, read_lexicon
from pathway_bot.staff import StaffAccounts
from pathway_bot.staff.secrets import SecretBox

# The safety net takes a moment to compile, holds some 20 MiB and never changes: one per set
# of words a process reads, however many runtimes it builds (tests build many) and however
# many packs share the words, each with a review of its own (a copy awaiting sign-off).
_compiled_nets: dict[bytes, SafetyNet] = {}
_WHO_AND_WHEN = ("drafted_by", "drafted_on", "review")


def _safety_net_from(path: Path) -> SafetyNet:
    lexicon = read_lexicon(path)
    unreviewed = [getattr(lexicon, each.name) for each in fields(lexicon)
                  if each.name not in _WHO_AND_WHEN]
    words = hashlib.sha256(repr(unreviewed).encode()).digest()
    if words not in _compiled_nets:
        _compiled_nets[words] = load_safety_net(path)
    return _compiled_nets[words]


def derived_key(secret_key: str, purpose: str) -> bytes:
    """A key for one purpose from the app's secret, so no two uses share a key."""
    return hmac.new(secret_key.encode(), purpose.encode(), hashlib.sha256).digest()


def staff_accounts(config: Config, area: Area) -> StaffAccounts:
    """TOTP secrets are encrypted, and recovery codes hashed, under keys of their own."""
    box = SecretBox(totp_key=derived_key(config.secret_key, "staff-totp-secret"),
                    recovery_key=derived_key(config.secret_key, "staff-recovery-code"))
    return StaffAccounts(area=area, box=box, clock=utcnow)


@dataclass
class Runtime:
    """One area's view of the deployment: its own services, and the shared ones."""

    config: Config
    database: Database
    area: Area
    catalogs: Catalogs
    flows: FlowRegistry
    engines: Engines
    rules: Rules
    conversation_store: ConversationStore
    local_offer: LocalOffer
    safety_net: SafetyNet
    clock: Callable[[], datetime]
    # The domain services, built from the parts above.
    conversations: Conversations
    requests: Requests
    conversation_requests: ConversationRequests
    resume_codes: ResumeCodes
    signposting: Signposting
    presenter: Presenters
    directory: Directory
    assessments: Assessments
    outbox: Outbox
    # After allocation: key workers' casework and the response-time clocks.
    casework: Casework
    staff: StaffAccounts
    insights: Insights
    after_outcome: AfterTheOutcome
    # Every area of the deployment, this one among them (set once all are built).
    deployment: Deployment = field(init=False, repr=False)

    @classmethod
    def build(cls, config: Config) -> Runtime:
        """The home area's Runtime; every other area's is `runtime.for_area(id)`."""
        return build_deployment(config).home

    def for_area(self, area_id: str | None) -> Runtime:
        return self.deployment.runtime(area_id)

    def search_scope(self) -> tuple[str, ...]:
        """What a Local Offer search with no district is kept within: this area's districts
        when the deployment serves several areas (one area: every service it holds)."""
        return self.area.district_ids if len(self.deployment.runtimes) > 1 else ()

    @classmethod
    def from_environment(cls) -> Runtime:
        return cls.build(config_from_environment())

    def outbox_worker(self) -> OutboxWorker:
        """A worker sending through whichever senders the configuration provides."""
        settings = self.config.notifications
        return OutboxWorker(sessions=self.database.session, senders=senders_from(settings),
                            settings=settings, clock=self.clock)

    def text(self, message_id: str, locale: str, **params) -> str:
        return self.catalogs.text(message_id, locale, **params)


class Deployment:
    """Every area a running Pathway Bot serves, each with its Runtime, and how a request is
    told which one it is in."""

    def __init__(self, runtimes: dict[str, Runtime], areas: AreaMap):
        self.runtimes = runtimes
        self.areas = areas
        self.home = runtimes[areas.home.id]
        for runtime in runtimes.values():
            runtime.deployment = self

    def runtime(self, area_id: str | None) -> Runtime:
        """The area's Runtime; the home area's for None. KeyError for an area not served."""
        return self.home if area_id is None else self.runtimes[area_id]

    def serves(self, area_id: str) -> bool:
        return area_id in self.runtimes


def build_deployment(config: Config) -> Deployment:
    packs = _packs(config)
    areas = AreaMap([pack.area for pack in packs], hosts=config.area_hosts)
    shared = _Shared.build(config, packs, areas)
    by_area = {pack.id: _AreaParts.build(config, pack, shared) for pack in packs}
    conversations = shared.conversations(
        config, {p: parts.rules for p, parts in by_area.items()}, by_area[areas.home.id].insights,
        {p: parts.safety_net for p, parts in by_area.items()})
    presenters = Presenters({p: parts.presenter for p, parts in by_area.items()},
                            home=areas.home.id, area_of_district=_area_id_of(areas))
    requests_by_area = {p: parts.requests for p, parts in by_area.items()}
    for parts in by_area.values():
        parts.requests.of_area = lambda area, own=parts.requests: requests_by_area.get(area, own)
    home = by_area[areas.home.id]
    conversation_requests = ConversationRequests(
        conversations=conversations, requests=home.requests, flows=shared.flows,
        catalogs=home.catalogs, requests_by_area=requests_by_area)
    resume_codes = ResumeCodes(conversations=conversations, clock=utcnow,
                               secret=derived_key(config.secret_key, "resume-code"),
                               retention_days=config.retention_days)
    after_outcome = AfterTheOutcome(conversations=conversations, presenter=presenters,
                                    insights=home.insights)
    shared.outbox.composer = AreaComposers(
        {p: parts.composer for p, parts in by_area.items()}, home=areas.home.id)
    runtimes = {
        area_id: Runtime(
            config=config, database=shared.database, area=parts.area,
            catalogs=parts.catalogs, flows=shared.flows, engines=shared.engines,
            rules=parts.rules, conversation_store=shared.store,
            local_offer=shared.local_offer, safety_net=parts.safety_net, clock=utcnow,
            conversations=conversations, requests=parts.requests,
            conversation_requests=conversation_requests, resume_codes=resume_codes,
            signposting=parts.signposting, presenter=presenters, directory=parts.directory,
            assessments=parts.assessments, outbox=shared.outbox, casework=parts.casework,
            staff=parts.staff, insights=parts.insights, after_outcome=after_outcome)
        for area_id, parts in by_area.items()}
    return Deployment(runtimes, areas)


def _packs(config: Config) -> list[AreaPack]:
    folders = (*pack_folders(config.flows_dir), *config.area_packs)
    shared_rules = config.flows_dir / "rules.yaml"
    return [load_pack(folder, shared_rules) for folder in dict.fromkeys(folders)]


def _area_id_of(areas: AreaMap) -> Callable[[str], str | None]:
    def area_id(district: str) -> str | None:
        found = areas.area_of_district(district)
        return found.id if found else None

    return area_id


@dataclass
class _Shared:
    """What every area uses alike, built once."""

    database: Database
    catalogs: Catalogs  # the shared catalogs, with every area's own place names in them
    flows: FlowRegistry
    engines: Engines
    store: ConversationStore
    local_offer: LocalOffer
    safety_net: SafetyNet
    outbox: Outbox
    areas: AreaMap
    home_rules: Rules
    question_order: dict[str, tuple[str, ...]]  # each flow's, the same in every area

    @classmethod
    def build(cls, config: Config, packs: list[AreaPack], areas: AreaMap) -> _Shared:
        home = packs[0]
        _install_lifecycle(packs)
        database = Database(config.database_url)
        flows = load_flow_registry(config.flows_dir)
        # Route by host: a conversation stays in its host's area, and postcodes are looked
        # up there alone. Otherwise a postcode can lead it into any area served.
        engines = Engines(flows, areas.home, areas=areas.areas,
                          reach=None if config.route_by_host else areas)
        outbox = Outbox(None)  # its composer speaks for every area (set once they are built)
        # Every session hears of each change to a request, and writes its messages in the
        # same transaction (see requests.announcements).
        database.sessions.configure(info=session_info(outbox))
        return cls(
            database=database, catalogs=_with_place_names(catalogs_for(config.locales_dir), packs),
            flows=flows, engines=engines, store=ConversationStore(database.hot_connections),
            local_offer=LocalOffer(database.hot_connections, search_synonyms(home.area)),
            safety_net=_safety_net_from(home.folder / "safety_lexicon.yaml"),
            outbox=outbox, areas=areas, home_rules=_rules_from(home.rules_file),
            question_order={name: tuple(engines.get(name).flow.questions)
                            for name in flows.names})

    def conversations(self, config: Config, rules_by_area: dict[str, Rules],
                      anonymous_rows: Insights,
                      safety_nets: dict[str, SafetyNet]) -> Conversations:
        return Conversations(engines=self.engines, store=self.store, rules=self.home_rules,
                             catalogs=self.catalogs,
                             erase_requests=erase_requests_for_conversation, clock=utcnow,
                             home_area=self.areas.home.id, safety_net=self.safety_net,
                             scrub_erased=self.database.scrub_erased,
                             anonymous_rows=anonymous_rows,
                             areas=None if config.route_by_host else self.areas,
                             rules_by_area=rules_by_area, safety_nets=safety_nets)


@dataclass
class _AreaParts:
    """One area's own services."""

    area: Area
    catalogs: Catalogs
    rules: Rules
    safety_net: SafetyNet
    composer: Composer
    requests: Requests
    signposting: Signposting
    presenter: Presenter
    directory: Directory
    assessments: Assessments
    casework: Casework
    staff: StaffAccounts
    insights: Insights

    @classmethod
    def build(cls, config: Config, pack: AreaPack, shared: _Shared) -> _AreaParts:
        area = pack.area
        catalogs = shared.catalogs.with_local_words(pack.words) if pack.words \
            else shared.catalogs
        rules = _rules_from(pack.rules_file)
        safety_net = _safety_net_from(_own_or_home(pack, shared, "safety_lexicon.yaml"))
        calendar = meeting_calendar(area)
        times = _response_times(pack, calendar)
        engines = shared.engines
        insights = Insights(
            overdue=lambda session, scope, now: overdue_counts(
                session, times, area=scope.area, districts=scope.districts,
                today=times.day_of(now)),
            overdue_targets=tuple(times.targets),
            area=area, engines=engines, sessions=shared.database.session,
            safety_net=safety_net,
            settings=_insight_settings_from(_own_or_home(pack, shared, "insights.yaml")),
            clock=utcnow,
            question_order=shared.question_order)
        requests = Requests(area=area, catalogs=catalogs, rules=rules,
                            calendar=calendar, clock=utcnow, safety_net=safety_net,
                            match_secret=derived_key(config.secret_key, "request-match"))
        signposting = Signposting(local_offer=shared.local_offer,
                                  sessions=shared.database.session, area=area,
                                  catalogs=catalogs)
        return cls(
            area=area, catalogs=catalogs, rules=rules, safety_net=safety_net,
            composer=Composer(catalogs=catalogs, calendar=calendar,
                              track_url=config.notifications.track_url),
            requests=requests, signposting=signposting,
            presenter=Presenter(catalogs=catalogs, area=area, signposting=signposting),
            directory=Directory(area=area, catalogs=catalogs,
                                sessions=shared.database.session),
            assessments=Assessments(area=area, rules=rules,
                                    area_name=catalogs.text(area.name)),
            casework=Casework(requests=requests, times=times),
            staff=staff_accounts(config, area), insights=insights)


def _own_or_home(pack: AreaPack, shared: _Shared, name: str) -> Path:
    own = pack.folder / name
    return own if own.is_file() else shared.areas.home.directory / name


# Read once per file a process uses, however many runtimes it builds (tests build many).
_rules_from = lru_cache(maxsize=64)(load_rules)
_insight_settings_from = lru_cache(maxsize=64)(load_insight_settings)


def _with_place_names(catalogs: Catalogs, packs: list[AreaPack]) -> Catalogs:
    """Each area's own messages (its localities, its front door) readable everywhere, so a
    person on a boundary can be offered a neighbour's district by name. A message every
    area has (a tier's name) keeps the shared words; each area's own Runtime reads its
    version first (see _AreaParts)."""
    names: dict[str, dict[str, str]] = {}
    for pack in packs:
        for locale, texts in pack.words.items():
            own = {k: v for k, v in texts.items() if not catalogs.has(k)}
            names.setdefault(locale, {}).update(own)
    return catalogs.with_local_words(names) if names else catalogs


def _install_lifecycle(packs: list[AreaPack]) -> None:
    """One request lifecycle machine for every area: the moves are the product's, and an
    area may differ only in its stage names (words.yaml) and its response times."""
    home = lifecycle_data(packs[0].folder)
    for pack in packs[1:]:
        other = lifecycle_data(pack.folder)
        if other.moves != home.moves or other.statuses != home.statuses:
            raise FlowError(f"{pack.folder / 'request_lifecycle.yaml'}: its statuses and moves "
                            "must be the home area's; an area changes only the stage names "
                            "(in words.yaml) and the response times")
    lifecycle.install(home)


def _response_times(pack: AreaPack, calendar: MeetingCalendar) -> ResponseTimes:
    """The area's response times, counted in its working days."""
    data = lifecycle_data(pack.folder)
    return ResponseTimes(targets=data.response_times, working_days=working_days(pack.folder),
                         calendar=calendar)
