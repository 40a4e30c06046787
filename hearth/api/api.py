"""The API instance, its error handling and its routers."""

from __future__ import annotations

from ninja import NinjaAPI

from hearth.accounts.api import router as accounts_router
from hearth.api.auth import MEMBER_AUTH
from hearth.api.errors import answer_errors
from hearth.chats.api import router as chats_router
from hearth.communities.api import router as communities_router
from hearth.conditions.api import router as conditions_router
from hearth.connections.api import router as connections_router
from hearth.conversations.api import router as conversations_router
from hearth.discussions.api import router as discussions_router
from hearth.evidence.api import router as evidence_router
from hearth.experiences.api_figures import router as treatment_figures_router
from hearth.experiences.api_reports import router as treatment_reports_router
from hearth.moderation.api import appeals as moderation_appeals
from hearth.moderation.api import measures as moderation_measures
from hearth.moderation.api import reports as moderation_reports
from hearth.moderation.api import router as moderation_router
from hearth.moderation.api import safeguards as moderation_safeguards
from hearth.moderation.api import threads as moderation_threads
from hearth.notifications.api import router as notifications_router
from hearth.privacy.api import router as privacy_router
from hearth.professionals.api import router as professionals_router
from hearth.profiles.api import router as profiles_router
from hearth.profiles.api_matching import router as like_me_router
from hearth.safety.api import router as safety_router
from hearth.search.api import router as search_router
from hearth.tracking.api import router as tracking_router
from hearth.treatments.api import router as treatments_router
from hearth.wellbeing.api import router as wellbeing_router

api = NinjaAPI(
    title="Hearth API",
    version="1",
    description=(
        "Hearth's API. Authenticate with the browser session or with "
        '`Authorization: Bearer <personal access token>`. Errors are JSON `{"detail": ...}`. '
        "Every resource carries `url`, the path of its HTML page."
    ),
    urls_namespace="api",
    auth=MEMBER_AUTH,
    docs_url=None,
)
api.add_router("", accounts_router)
api.add_router("", conditions_router)
api.add_router("", communities_router)
api.add_router("", discussions_router)
api.add_router("", chats_router)
api.add_router("", notifications_router)
api.add_router("", search_router)
api.add_router("", treatments_router)
api.add_router("", treatment_reports_router)
api.add_router("", treatment_figures_router)
api.add_router("", professionals_router)
api.add_router("", evidence_router)
api.add_router("", profiles_router)
api.add_router("", like_me_router)
api.add_router("", connections_router)
api.add_router("", conversations_router)
api.add_router("", privacy_router)
api.add_router("", tracking_router)
api.add_router("", moderation_router)
for part in (moderation_reports, moderation_measures, moderation_appeals, moderation_safeguards, moderation_threads):
    api.add_router("", part.router)
api.add_router("", safety_router)
api.add_router("", wellbeing_router)
answer_errors(api)
