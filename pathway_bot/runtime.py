"""The composition root: what a running Pathway Bot holds for its lifetime.

Built once per process by the app factory or the CLI, it reads the area's data, opens the
database and builds each domain service with what it needs. Transports reach the services
through it; no domain module imports it. Nothing here imports Flask.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from pathway_bot.area import Area, load_area
from pathway_bot.area.lifecycle import lifecycle_data
from pathway_bot.area.meetings import MeetingCalendar, meeting_calendar
from pathway_bot.area.working_days import working_days
from pathway_bot.assessment import Rules, load_rules
from pathway_bot.assessment.intake import Assessments
from pathway_bot.config import Config, config_from_environment
from pathway_bot.conversations.present import Presenter
from pathway_bot.conversations.resume import ResumeCodes
from pathway_bot.conversations.service import Conversations
from pathway_bot.conversations.support import ConversationRequests
from pathway_bot.directory.finder import search_synonyms
from pathway_bot.directory.importing import Directory
from pathway_bot.directory.local_offer import LocalOffer
from pathway_bot.directory.signposting import Signposting
from pathway_bot.engine import Engines
from pathway_bot.flows import FlowRegistry, load_flow_registry
from pathway_bot.i18n import Catalogs, catalogs_for
from pathway_bot.insights import Insights, load_insight_settings
from pathway_bot.insights.after_outcome import AfterTheOutcome
from pathway_bot.notifications import Composer, Outbox, OutboxWorker
from pathway_bot.notifications.configured import senders_from
from pathway_bot.persistence.base import utcnow
from pathway_bot.persistence.conversation_store import ConversationStore
from pathway_bot.persistence.db import Database
from pathway_bot.requests import lifecycle
from pathway_bot.requests.announcements import session_info
from pathway_bot.requests.casework import Casework
from pathway_bot.requests.response_times import ResponseTimes, overdue_counts
from pathway_bot.requests.service import Requests, erase_requests_for_conversation
from pathway_bot.safety import SafetyNet, load_safety_net
from pathway_bot.staff import StaffAccounts
from pathway_bot.staff.secrets import SecretBox

# The safety net takes a moment to compile and never changes: one per lexicon file a process
# reads, however many runtimes it builds (tests build many).
_safety_net_from = lru_cache(maxsize=4)(load_safety_net)


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
    presenter: Presenter
    directory: Directory
    assessments: Assessments
    outbox: Outbox
    # After allocation: key workers' casework and the response-time clocks.
    casework: Casework
    staff: StaffAccounts
    insights: Insights
    after_outcome: AfterTheOutcome

    @classmethod
    def build(cls, config: Config) -> Runtime:
        area = load_area(config.flows_dir / "area")
        flows = load_flow_registry(config.flows_dir)
        database = Database(config.database_url)
        catalogs = catalogs_for(config.locales_dir)
        rules = load_rules(config.flows_dir / "rules.yaml")
        engines = Engines(flows, area)
        store = ConversationStore(database.hot_connections)
        local_offer = LocalOffer(database.hot_connections, search_synonyms(area))
        calendar = meeting_calendar(area)
        outbox = Outbox(Composer(catalogs=catalogs, calendar=calendar,
                                 track_url=config.notifications.track_url))
        # Every session hears of each change to a request, and writes its messages in the
        # same transaction (see requests.announcements).
        database.sessions.configure(info=session_info(outbox))
        safety_net = _safety_net_from(config.flows_dir / "area" / "safety_lexicon.yaml")

        times = _response_times(config, calendar)
        insights = Insights(
            overdue=lambda session, scope, now: overdue_counts(
                session, times, area=scope.area, districts=scope.districts,
                today=times.day_of(now)),
            overdue_targets=tuple(times.targets),
            area=area, engines=engines, sessions=database.session, safety_net=safety_net,
            settings=load_insight_settings(config.flows_dir / "area" / "insights.yaml"),
            clock=utcnow,
            question_order={name: tuple(engines.get(name).flow.questions)
                            for name in flows.names})
        conversations = Conversations(engines=engines, store=store, rules=rules,
                                      catalogs=catalogs,
                                      erase_requests=erase_requests_for_conversation,
                                      clock=utcnow, home_area=area.id, safety_net=safety_net,
                                      scrub_erased=database.scrub_erased,
                                      anonymous_rows=insights)
        requests = Requests(area=area, catalogs=catalogs, rules=rules,
                            calendar=calendar, clock=utcnow, safety_net=safety_net,
                            match_secret=derived_key(config.secret_key, "request-match"))
        signposting = Signposting(local_offer=local_offer, sessions=database.session,
                                  area=area, catalogs=catalogs)
        presenter = Presenter(catalogs=catalogs, area=area, signposting=signposting)
        return cls(
            config=config, database=database, area=area, catalogs=catalogs, flows=flows,
            engines=engines, rules=rules, conversation_store=store, local_offer=local_offer,
            safety_net=safety_net, clock=utcnow,
            conversations=conversations, requests=requests,
            conversation_requests=ConversationRequests(
                conversations=conversations, requests=requests, flows=flows, catalogs=catalogs),
            resume_codes=ResumeCodes(
                conversations=conversations, clock=utcnow,
                secret=derived_key(config.secret_key, "resume-code"),
                retention_days=config.retention_days),
            signposting=signposting,
            presenter=presenter,
            directory=Directory(area=area, catalogs=catalogs, sessions=database.session),
            assessments=Assessments(area=area, rules=rules),
            outbox=outbox,
            casework=Casework(requests=requests, times=times),
            staff=staff_accounts(config, area),
            insights=insights,
            after_outcome=AfterTheOutcome(conversations=conversations, presenter=presenter,
                                          insights=insights),
        )

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


def _response_times(config: Config, calendar: MeetingCalendar) -> ResponseTimes:
    """The lifecycle and its response times are the area's data, counted in its working
    days."""
    area_dir = config.flows_dir / "area"
    data = lifecycle_data(area_dir)
    lifecycle.install(data)  # the one shared machine follows the area's data
    times = ResponseTimes(targets=data.response_times,
                          working_days=working_days(area_dir), calendar=calendar)
    return times
