"""Our own classifications of a service, carried in Open Referral as taxonomy terms.

Need areas and tiers come from the assessment (SPEC sections 3 and 4); how to access a
service is ours. Each is a taxonomy with a stable name so that an export can be read back.
"""

from __future__ import annotations

import uuid

from pathway_bot.assessment.profile import NEED_AREAS

NEED_TAXONOMY = "pathway-bot:need-area"
TIER_TAXONOMY = "pathway-bot:tier"
ACCESS_TAXONOMY = "pathway-bot:how-to-access"
# Who a service is for: a local audience taxonomy, so that a practitioners' line is never
# offered to a parent, nor a parents' forum to a young person asking for themselves.
AUDIENCE_TAXONOMY = "pathway-bot:audience"
# Who to ask, for support reached through someone else ("your child's SENCo").
ASK_TAXONOMY = "pathway-bot:ask"
REACH_TAXONOMY = "pathway-bot:reach"
KIND_TAXONOMY = "pathway-bot:kind"
OUR_TAXONOMIES = (NEED_TAXONOMY, TIER_TAXONOMY, ACCESS_TAXONOMY, AUDIENCE_TAXONOMY,
                  ASK_TAXONOMY, REACH_TAXONOMY, KIND_TAXONOMY)

FAMILIES = "families"
YOUNG_PEOPLE = "young_people"
PRACTITIONERS = "practitioners"
AUDIENCES: tuple[str, ...] = (FAMILIES, YOUNG_PEOPLE, PRACTITIONERS)
ASK_ROUTES: tuple[str, ...] = ("senco", "school", "gp", "health_visitor", "allocations_group")
LOCAL = "local"
NATIONAL = "national"
REACHES: tuple[str, ...] = (LOCAL, NATIONAL)
CRISIS_LINE = "crisis_line"
# Marks the area's sample records (built from its source file) until a live feed replaces
# them: wherever they are shown, the sample-data notice is shown with them.
SAMPLE_DATA = "sample_data"
# Routes for when things go wrong (mediation, tribunal, complaints): found by a search, and
# offered after the support itself, never in its place.
DISAGREEMENT_ROUTE = "disagreement_route"
KINDS: tuple[str, ...] = (CRISIS_LINE, SAMPLE_DATA, DISAGREEMENT_ROUTE)

TIERS: tuple[str, ...] = ("universal", "early_help", "early_intervention", "targeted")
TIER_LEVELS: dict[str, int] = {tier: level for level, tier in enumerate(TIERS, start=1)}

SELF_REFERRAL = "self_referral"
VIA_PRACTITIONER = "via_practitioner"
VIA_ALLOCATIONS_GROUP = "via_allocations_group"
ACCESS_ROUTES: tuple[str, ...] = (SELF_REFERRAL, VIA_PRACTITIONER, VIA_ALLOCATIONS_GROUP)

CODES: dict[str, tuple[str, ...]] = {
    NEED_TAXONOMY: NEED_AREAS,
    TIER_TAXONOMY: TIERS,
    ACCESS_TAXONOMY: ACCESS_ROUTES,
    AUDIENCE_TAXONOMY: AUDIENCES,
    ASK_TAXONOMY: ASK_ROUTES,
    REACH_TAXONOMY: REACHES,
    KIND_TAXONOMY: KINDS,
}

# The catalog message that names each term (need.<area> already exists for the assessment).
MESSAGE_PREFIX: dict[str, str] = {
    NEED_TAXONOMY: "need.",
    TIER_TAXONOMY: "directory.tier.",
    ACCESS_TAXONOMY: "directory.access.",
    AUDIENCE_TAXONOMY: "directory.audience.",
    ASK_TAXONOMY: "directory.ask.",
    REACH_TAXONOMY: "directory.reach.",
    KIND_TAXONOMY: "directory.kind.",
}

# Words families and practitioners search with, indexed with each need area so that a search
# for "dyslexia" finds learning support whose description never says the word. Search terms,
# not display text: they are never shown.
NEED_SEARCH_WORDS: dict[str, str] = {
    "communication_interaction": "communication interaction speech language talking autism "
    "autistic asd slcn social communication stammer selective mutism",
    "cognition_learning": "learning cognition dyslexia dyspraxia dyscalculia reading writing "
    "maths spld mld sld pmld learning difficulty learning disability",
    "social_emotional_mental_health": "emotional mental health wellbeing anxiety anxious "
    "depression behaviour adhd attachment self-harm semh worry counselling",
    "sensory_physical": "sensory physical deaf hearing visual vision blind sight mobility "
    "wheelchair disability hi vi msi pd",
    "health": "health medical condition nursing therapy illness epilepsy diabetes",
    "family_circumstances": "family parenting parents carers home housing money "
    "separation bereavement domestic",
    "education_participation": "education school attendance exclusion college absence "
    "inclusion sen support senco",
    "caring_responsibilities": "young carer carers caring looking after",
    "preparing_for_adulthood": "adulthood transition independence employment work "
    "training college post-16 adult",
}

# uuid5 namespace for ids we derive (taxonomy terms, feeds without uuids): stable across runs.
PATHWAY_NAMESPACE = uuid.UUID("5b0f1c8e-3f57-4c5e-9a59-5d5cf1a0c7a1")


def term_id(taxonomy: str, code: str) -> str:
    return str(uuid.uuid5(PATHWAY_NAMESPACE, f"term:{taxonomy}:{code}"))


def attribute_id(service_id: str, term_id: str) -> str:
    """Links need their own ids: one term is linked to many services."""
    return derived_id("attribute", service_id, term_id)


def derived_id(kind: str, *parts: object) -> str:
    """A stable uuid for something that came without one (an ORUK 1.0 id, a child row)."""
    return str(uuid.uuid5(PATHWAY_NAMESPACE, ":".join([kind, *map(str, parts)])))
