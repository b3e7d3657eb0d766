"""The Find support page: the Local Offer searched in everyday words, with filters for age,
district and need. A plain GET form (the GOV.UK search pattern): it works without
JavaScript, and a search can be bookmarked or shared. Nothing is stored."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import render_template, request

from pathway_bot.assessment.profile import NEED_AREAS
from pathway_bot.directory.search import ServiceQuery
from pathway_bot.directory.signposting import service_cards
from pathway_bot.directory.taxonomy import FAMILIES, YOUNG_PEOPLE
from pathway_bot.extensions import runtime
from pathway_bot.web.blueprint import bp
from pathway_bot.web.locale import current_locale, t

PAGE_SIZE = 10
MAX_QUERY_LENGTH = 200
MAX_AGE = 25
MAX_PAGE = 1000
BAD_REQUEST = 400


@dataclass
class FindForm:
    q: str = ""
    age: str = ""
    district: str = ""
    need: str = ""
    page: int = 1
    errors: dict[str, str] = field(default_factory=dict)

    def query(self, within: tuple[str, ...] = ()) -> ServiceQuery:
        return ServiceQuery(q=self.q or None, age=int(self.age) if self.age else None,
                            district=self.district or None, within=within,
                            needs=(self.need,) if self.need else (),
                            # families and young people: never a practitioners-only line
                            audiences=(FAMILIES, YOUNG_PEOPLE),
                            page=self.page, size=PAGE_SIZE)


def read_form(args) -> FindForm:
    form = FindForm(q=args.get("q", "").strip(), age=args.get("age", "").strip(),
                    district=args.get("district", ""), need=args.get("need", ""))
    if len(form.q) > MAX_QUERY_LENGTH:
        form.errors["q"] = "directory.find.error_q"
    if form.age and not (form.age.isdigit() and int(form.age) <= MAX_AGE):
        form.errors["age"] = "directory.find.error_age"
    if form.district and runtime().area.district(form.district) is None:
        form.errors["district"] = "directory.find.error_district"
    if form.need and form.need not in NEED_AREAS:
        form.errors["need"] = "directory.find.error_need"
    page = args.get("page", "1")
    form.page = int(page) if page.isdigit() and 1 <= int(page) <= MAX_PAGE else 1
    return form


@bp.get("/find-support")
def find_support():
    form = read_form(request.args)
    searched = any((form.q, form.age, form.district, form.need))
    results = None
    if searched and not form.errors:
        found = runtime().local_offer.current().search(form.query(runtime().search_scope()))
        results = {"page": found, "cards": service_cards(runtime().area, runtime().catalogs,
                                                       current_locale(), found.services),
                   "pages": max(1, -(-found.total // PAGE_SIZE)),
                   "corrected": " ".join(w for ws in found.corrections.values() for w in ws)}
    districts = [(d.id, d.name) for d in runtime().area.districts]
    error_rows = [(name, t(message)) for name, message in form.errors.items()]
    body = render_template("find_support.html", form=form, results=results,
                           districts=districts, needs=NEED_AREAS, error_rows=error_rows)
    return body, BAD_REQUEST if form.errors else 200
