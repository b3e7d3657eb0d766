"""The rules that come from the area's data and the catalogs, written into the OpenAPI
document when the app starts: the schemas are classes, but the languages and districts a
service knows are data (SPEC section 2), so they are added to the document here."""

from __future__ import annotations

from apispec import APISpec

from pathway_bot.runtime import Runtime

# (component schema, property) -> what its value must be one of.
LOCALE_PROPERTIES = (("ConversationCreate", "locale"), ("ConversationUpdate", "locale"))
DISTRICT_PROPERTIES = (("NeedsProfile", "district"),)


def document_area_rules(spec: APISpec, runtime: Runtime) -> None:
    languages = list(runtime.catalogs.locales)
    districts = list(runtime.area.district_ids)
    for schema, name in LOCALE_PROPERTIES:
        _one_of(spec, schema, name, languages,
                "A language the service speaks; another is 422.")
    for schema, name in DISTRICT_PROPERTIES:
        _one_of(spec, schema, name, [*districts, None],
                "One of the area's districts, or null when the postcode gives it.")


def _one_of(spec: APISpec, schema: str, name: str, values: list, description: str) -> None:
    prop = spec.components.schemas[schema]["properties"][name]
    prop["enum"] = values
    prop["description"] = description
