"""Signposting: the Local Offer services that fit an outcome, each with a plain `why`.

Ranked in this order: who the service is for (never a practitioners' line for a family, nor
a parents' forum for a young person asking for themselves), then whether the child is
eligible (age, district, tier), then how well its need areas and level fit the needs told,
most serious first, then local before national. Crisis lines appear only when the person
has told us about self-harm or suicidal thoughts, and only those for the child's age
(Childline for a child, Samaritans from 18). A service with no way in a family can use is
never shown. A separate "you might not know about" list offers support people rarely ask
for by name.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from pathway_bot.area import Area, LesserKnownSupport
from pathway_bot.assessment.decision import OUT_OF_SCOPE, SAFEGUARDING, Decision
from pathway_bot.assessment.profile import NEED_AREAS, NeedsProfile
from pathway_bot.directory.local_offer import ActiveServices, LocalOffer
from pathway_bot.directory.records import Service
from pathway_bot.directory.search import ServiceQuery
from pathway_bot.directory.taxonomy import (
    ACCESS_TAXONOMY,
    ASK_TAXONOMY,
    FAMILIES,
    MESSAGE_PREFIX,
    PRACTITIONERS,
    TIER_LEVELS,
    VIA_ALLOCATIONS_GROUP,
    YOUNG_PEOPLE,
)
from pathway_bot.i18n import Catalogs

Sessions = Callable[[], AbstractContextManager[Session]]


@dataclass(frozen=True)
class Signposts:
    services: list[dict] = field(default_factory=list)
    might_not_know: list[dict] = field(default_factory=list)


class Signposting:
    """The services to show for an outcome, from the Local Offer each process holds."""

    def __init__(self, *, local_offer: LocalOffer, sessions: Sessions, area: Area,
                 catalogs: Catalogs):
        self.local_offer = local_offer
        self.sessions = sessions
        self.area = area
        self.catalogs = catalogs

    def signpost(self, decision: Decision, locale: str, limit: int = 6) -> Signposts:
        if decision.outcome == SAFEGUARDING:
            return Signposts()  # the outcome shows safeguarding contacts instead
        offer = self.local_offer.current()
        writer = _Writer(self.area, self.catalogs, locale, decision.profile)
        if decision.outcome == OUT_OF_SCOPE:
            adults = _adult_services(offer, decision.profile)[:limit]
            return Signposts([writer.card(s, writer.why_adult()) for s in adults])
        chosen = _chosen(_ranked(offer, decision), decision.profile, limit)
        if decision.profile.self_harm:  # what they told us calls for crisis help first
            lines = crisis_lines(offer, decision.profile)[:2]
            chosen = lines + [s for s in chosen if s not in lines][:limit - len(lines)]
        cards = [writer.card(s, writer.why(s)) for s in chosen]
        return Signposts(cards, self._might_not_know(offer, writer, decision.profile, chosen))

    def _might_not_know(self, offer: ActiveServices, writer: _Writer, profile: NeedsProfile,
                        chosen: list[Service]) -> list[dict]:
        shown = {s.id for s in chosen}
        cards = []
        facts = ProfileFacts(profile)
        for item in self.area.lesser_known_support:
            if not item.fits(facts):
                continue
            found = self._best_match(offer, profile, item)
            # Already in the list: nothing new to add.
            if found and found.id not in shown and shown_to(found, profile):
                shown.add(found.id)
                cards.append({**writer.card(found, writer.text(f"signpost.might.{item.code}")),
                              "kind": item.code})
        return cards

    def _best_match(self, offer: ActiveServices, profile: NeedsProfile,
                    item: LesserKnownSupport) -> Service | None:
        """The service a search for the support's words ranks first for this age, district
        and respondent. It depends on nothing else, so it is worked out once for the services
        held."""
        def search() -> Service | None:
            query = ServiceQuery(q=item.words, age=profile.age, district=profile.district,
                                 size=5)
            # Every word must match: a near miss would put the support's words on the wrong
            # service (no "parent carer forum" held: nothing, not a parents' chat).
            found = [s for s in offer.search(query, every_word=True).services
                     if fits_audience(s, profile.respondent)]
            return found[0] if found else None

        return offer.remembered((item.code, profile.age, profile.district,
                                 profile.respondent), search)


# ---- choosing ------------------------------------------------------------------------------

def _candidates(offer: ActiveServices, profile: NeedsProfile,
                needs: tuple[str, ...] = ()) -> list[Service]:
    """Every active service for this age and district (and, if given, any of the needs)."""
    return offer.matching(ServiceQuery(needs=needs, age=profile.age, district=profile.district))


def _ranked(offer: ActiveServices, decision: Decision) -> list[Service]:
    profile = decision.profile
    needs = tuple(a for a in NEED_AREAS if profile.need(a) > 0)
    if needs:
        candidates = [s for s in _candidates(offer, profile, needs) if shown_to(s, profile)]
        fit = {s.id: _tier_fit(s, decision) for s in candidates}
        fitting = [s for s in candidates if fit[s.id] > 0 and _open_to(s, decision)]
    else:  # nothing worrying: services open to every family
        candidates = [s for s in _candidates(offer, profile) if shown_to(s, profile)]
        fit = {s.id: _tier_fit(s, decision) for s in candidates}
        fitting = [s for s in candidates if fit[s.id] >= 2]
    score = {s.id: _need_fit(s, profile) + fit[s.id] for s in fitting}
    return sorted(fitting, key=lambda s: (s.disagreement_route, -score[s.id], s.national,
                                          not s.self_referral, s.name))


def shown_to(service: Service, profile: NeedsProfile) -> bool:
    """Whether this person may be shown the service at all: it is for them, there is a way
    in they can use, and a crisis line only when self-harm has been told."""
    if not service.has_way_in:
        return False
    if service.crisis_line and not profile.self_harm:
        return False
    return fits_audience(service, profile.respondent)


def fits_audience(service: Service, respondent: str | None) -> bool:
    audiences = service.audiences
    if not audiences or respondent == "practitioner":
        return True  # unclassified (a foreign feed), or a practitioner: may see anything
    if respondent == "young_person":
        return YOUNG_PEOPLE in audiences
    return FAMILIES in audiences or (PRACTITIONERS not in audiences)


def crisis_lines(offer: ActiveServices, profile: NeedsProfile) -> list[Service]:
    """The crisis lines for this age and district, local first."""
    lines = [s for s in _candidates(offer, profile) if s.crisis_line and s.has_way_in
             and fits_audience(s, profile.respondent)]
    return sorted(lines, key=lambda s: (s.national, s.name))


def _chosen(ranked: list[Service], profile: NeedsProfile, limit: int) -> list[Service]:
    """The child first, not one category: each need told, most serious first, gets the best
    service for it before any need gets a second; then the best of the rest. Shown with the
    services a family can contact themselves first."""
    told = sorted((a for a in NEED_AREAS if profile.need(a) > 0), key=lambda a: -profile.need(a))
    chosen: list[Service] = []
    taken: set[str] = set()
    for area in told:
        best = next((s for s in ranked if area in s.needs and s.id not in taken), None)
        if best is not None and len(chosen) < limit:
            chosen.append(best)
            taken.add(best.id)
    chosen += [s for s in ranked if s.id not in taken][:limit - len(chosen)]
    order = {s.id: index for index, s in enumerate(ranked)}
    return sorted(chosen, key=lambda s: (not s.self_referral, order[s.id]))


def _open_to(service: Service, decision: Decision) -> bool:
    """A service only the allocations group can open is shown when a request can be made."""
    return decision.eligible or service.access != (VIA_ALLOCATIONS_GROUP,)


# How well a service's tiers fit the outcome's, by the nearest tier's distance from it: a
# service for a very different level of need is not shown at all.
_FIT_BY_TIER_GAP = {0: 2, 1: 1}


def _tier_fit(service: Service, decision: Decision) -> int:
    if not service.tiers or decision.tier_level is None:
        return 1  # unclassified (e.g. a foreign feed): neither favoured nor hidden
    nearest = min((abs(TIER_LEVELS[t] - decision.tier_level) for t in service.tiers
                   if t in TIER_LEVELS), default=9)
    return _FIT_BY_TIER_GAP.get(nearest, 0)


def _need_fit(service: Service, profile: NeedsProfile) -> float:
    """Fit to this child's needs (weighted by how much each matters), discounted for the
    areas the service covers that they did not mention, so a service for what this child
    needs outranks both a one-area service and a catch-all one."""
    told = profile.needs
    levels = [told.get(a, 0) for a in service.needs]
    unasked = levels.count(0)
    return 6 * sum(levels) / (1 + unasked / 2)


def _adult_services(offer: ActiveServices, profile: NeedsProfile) -> list[Service]:
    """Over 25: services that go on into adult life, those fitting the needs told first."""
    needs = tuple(a for a in NEED_AREAS if profile.need(a) > 0)
    services = (needs and _candidates(offer, profile, needs)) or _candidates(offer, profile)
    fit = {s.id: sum(profile.need(a) for a in s.needs) / (len(s.needs) + 1) for s in services}
    return sorted(services, key=lambda s: (-fit[s.id], not s.self_referral, s.name))


class ProfileFacts:
    """A needs profile as the flows' condition language reads it: its fields by name, and
    needs.<area> for the level told in each area (0 when not told)."""

    answers: dict = {}

    def __init__(self, profile: NeedsProfile):
        facts = profile.to_dict()
        needs = facts.pop("needs")
        self.profile = {**facts, **{f"needs.{area}": level for area, level in needs.items()}}


# ---- words ---------------------------------------------------------------------------------

class _Writer:
    """Renders cards and their `why` in the person's language."""

    def __init__(self, area: Area, catalogs: Catalogs, locale: str, profile: NeedsProfile):
        self.catalogs = catalogs
        self.locale = locale
        self.profile = profile
        self.area_name = catalogs.text(area.name, locale)
        district = area.district(profile.district) if profile.district else None
        self.district_name = self.text(district.name) if district else None

    def text(self, message_id: str, **params) -> str:
        return self.catalogs.text(message_id, self.locale, **params)

    def why(self, service: Service) -> str:
        """Names the answer it came from, in the words the person was asked in."""
        if service.crisis_line and self.profile.self_harm:
            return self.text("signpost.why.crisis", ages=self.ages(service))
        told = [a for a in NEED_AREAS if self.profile.need(a) > 0 and a in service.needs]
        if not told:
            return self.text("signpost.why.general", ages=self.ages(service), where=self.where())
        told.sort(key=lambda a: -self.profile.need(a))
        answers = self.listing([self.text(f"signpost.answer.{a}") for a in told[:2]])
        level = self.text(f"signpost.level.{self.profile.need(told[0])}")
        return self.text("signpost.why.told", answers=answers, level=level,
                         ages=self.ages(service), where=self.where())

    def ask_label(self, ask: str) -> str:
        """Who to ask, said to the person answering: a young person asks for themselves."""
        message_id = MESSAGE_PREFIX[ASK_TAXONOMY] + ask
        if self.profile.respondent == "young_person":
            message_id += ".young_person"
        return self.text(message_id)

    def why_adult(self) -> str:
        return self.text("signpost.why.adult", where=self.where())

    def where(self) -> str:
        if self.district_name:
            return self.text("signpost.where.district", district=self.district_name)
        return self.text("signpost.where.area", area=self.area_name)

    def ages(self, service: Service) -> str:
        low, high = service.min_age, service.max_age
        if low is not None and high is not None:
            return self.text("signpost.ages.range", min=low, max=high)
        if low is not None:
            return self.text("signpost.ages.from", min=low)
        if high is not None:
            return self.text("signpost.ages.up_to", max=high)
        return self.text("signpost.ages.any")

    def listing(self, items: list[str]) -> str:
        if len(items) < 2:
            return "".join(items)
        return self.text("signpost.and", first=", ".join(items[:-1]), last=items[-1])

    def card(self, service: Service, why: str) -> dict:
        prefix = MESSAGE_PREFIX[ACCESS_TAXONOMY]
        ask = service.ask
        return {
            "ask": {"route": ask, "label": self.ask_label(ask)} if ask else None,
            "eligibility": service.eligibility,
            "opening_times": [s.description for s in service.schedules if s.description],
            "source": service.source,
            "last_verified": (service.last_verified.isoformat()
                              if service.last_verified else None),
            # The service's own words are in English only: marked so screen readers switch.
            "text_lang": "en",
            "sample": service.sample,
            "national": service.national,
            "id": service.id,
            "name": service.name,
            "organisation": service.organisation.name,
            "description": service.description,
            "why": why,
            "how_to_access": [{"route": r, "label": self.text(prefix + r)}
                              for r in service.access],
            "self_referral": service.self_referral,
            "url": service.url,
            "email": service.email,
            "phones": [{"number": p.number, "description": p.description}
                       for p in service.all_phones],
            "min_age": service.min_age,
            "max_age": service.max_age,
            "districts": list(service.districts),
            "needs": list(service.needs),
            "tiers": list(service.tiers),
        }


def service_cards(area: Area, catalogs: Catalogs, locale: str,
                  services: list[Service]) -> list[dict]:
    """Cards for services found by a search (no profile: no `why`)."""
    writer = _Writer(area, catalogs, locale, NeedsProfile(age=None, respondent="parent_carer"))
    return [writer.card(s, "") for s in services]
