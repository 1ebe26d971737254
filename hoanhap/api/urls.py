"""The REST API under /api/v1/, with its OpenAPI schema and a documentation page served locally."""

from __future__ import annotations

from ninja import NinjaAPI

from hoanhap.api import (
    benefits,
    campaigns,
    persons,
    persons_assessments,
    plans,
    plans_values,
    provision,
    tokens,
    units,
)
from hoanhap.api.errors import install_error_handlers

api = NinjaAPI(
    title="hoanhap API",
    version="1",
    description="Administrative units and the registry of persons with disabilities, through the same "
    "services, scope and audit as the web interface. Authenticate with 'Authorization: Bearer <token>'.",
    urls_namespace="api",
    docs_url=None,  # the accessible reference page in hoanhap.api.reference replaces Swagger UI
)
install_error_handlers(api)
api.add_router("", tokens.router)
api.add_router("", units.router)
api.add_router("", persons.router)
api.add_router("", persons_assessments.router)
api.add_router("", benefits.router)
api.add_router("", provision.router)
api.add_router("", campaigns.router)
api.add_router("", plans.router)
api.add_router("", plans_values.router)
