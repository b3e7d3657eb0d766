"""REST v1: the Local Offer services, as Open Referral UK 3.0 JSON."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import RAISE

from api.services.schemas import ServicePageSchema, ServiceQueryArgsSchema
from pathway_bot.directory.oruk_export import service_to_oruk, services_page
from pathway_bot.directory.repository import get_service
from pathway_bot.directory.search import ServiceQuery
from pathway_bot.errors import NotFound, ValidationFailed
from pathway_bot.extensions import db_session, runtime

blp = Blueprint("services", __name__, url_prefix="/api/v1/services",
                description="Local Offer services (Open Referral UK 3.0)")


@blp.route("")
class Services(MethodView):
    @blp.arguments(ServiceQueryArgsSchema(), location="query", as_kwargs=True, unknown=RAISE)
    @blp.response(200, ServicePageSchema)
    def get(self, **args):
        """Search and filter services, a page at a time"""
        # The active services are held in memory and searched there; the database is the store.
        page = runtime().local_offer.current().search(_service_query(args))
        extra = {"corrections": page.corrections} if page.corrections else None
        return services_page(page.services, total_items=page.total, page_number=page.page,
                             size=page.size, extra=extra)


def _service_query(args: dict) -> ServiceQuery:
    district = args.get("district")
    if district is not None and runtime().area.district(district) is None:
        known = ", ".join(runtime().area.district_ids)
        raise ValidationFailed("Unknown district.",
                               errors={"district": [f"Must be one of: {known}."]})
    return ServiceQuery(q=args.get("q"), needs=tuple(args.get("need") or ()),
                        tiers=tuple(args.get("tier") or ()), age=args.get("age"),
                        audiences=tuple(args.get("audience") or ()),
                        district=district, within=runtime().search_scope(),
                        page=args["page"], size=args["per_page"])


@blp.route("/<string:service_id>")
class ServiceById(MethodView):
    @blp.response(200, description="One service, as Open Referral UK 3.0")
    def get(self, service_id: str):
        """One service"""
        service = get_service(db_session(), service_id.lower())
        if service is None:
            raise NotFound("No service has that id.")
        return service_to_oruk(service)
