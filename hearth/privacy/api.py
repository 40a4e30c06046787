"""API of My data: the export of one's data, the deletion of one's account, research consent, and
the log of who looked at one's private data. Everything here is about the signed-in member only."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from hearth.accounts.access import member_of
from hearth.api.errors import refused_as
from hearth.api.schemas import (
    ANY_TEXT,
    CONFLICT,
    NOT_FOUND,
    STORABLE,
    TOO_MANY,
    UNAUTHORISED,
    WRITE_ERRORS,
    ErrorOut,
    Id,
    Input,
    PageQuery,
)
from hearth.privacy import actions
from hearth.privacy.access import own_export
from hearth.privacy.models import AccountDeletion, DataExport, ExportStatus, PrivateAccessEntry, ResearchConsent
from hearth.privacy.research import CONSENT_TEXT, CONSENT_VERSION

router = Router(tags=["privacy"])

GONE = {410: ErrorOut}


def _my_data() -> str:
    return reverse("my_data")


# --- Export -------------------------------------------------------------------------------------


class ExportOut(Schema):
    id: int
    status: ExportStatus
    progress: int = Field(description="0 to 100.")
    created_at: dt.datetime
    ready_at: dt.datetime | None
    expires_at: dt.datetime | None = Field(description="After this the download answers 410.")
    download: str | None = Field(description="The API path of the ZIP, once ready and until it expires.")
    url: str

    @staticmethod
    def resolve_download(obj: DataExport) -> str | None:
        return reverse("api:download_export", args=[obj.pk]) if obj.is_downloadable() else None

    @staticmethod
    def resolve_url(obj: DataExport) -> str:
        return _my_data()


@router.post(
    "/my-data/exports",
    response={202: ExportOut, **WRITE_ERRORS, **CONFLICT},
    summary="Ask for a copy of everything you entered",
    description="The ZIP is prepared by the job queue; follow `progress` on the export. One at a time: "
    "asking while one is queued or running answers 409.",
)
def request_export(request: HttpRequest) -> Status[DataExport]:
    with refused_as({"in_progress": 409}):
        return Status(202, actions.do_request_export(member_of(request)))


@router.get("/my-data/exports", response={200: list[ExportOut], **UNAUTHORISED}, summary="Your exports, newest first")
def list_exports(request: HttpRequest) -> list[DataExport]:
    return list(DataExport.objects.filter(member=member_of(request)).defer("archive")[:20])


@router.get(
    "/my-data/exports/{export_id}",
    response={200: ExportOut, **UNAUTHORISED, **NOT_FOUND, 422: ErrorOut},
    summary="One of your exports: its status and progress",
)
def get_export(request: HttpRequest, export_id: Id) -> DataExport:
    return own_export(member_of(request), export_id)


@router.get(
    "/my-data/exports/{export_id}/download",
    response={**UNAUTHORISED, **NOT_FOUND, **CONFLICT, **GONE, 422: ErrorOut},
    url_name="download_export",
    summary="Download an export (a ZIP)",
    description="Only for the member whose data it is (404 for anyone else). 409 while it is being "
    "prepared, 410 once expired.",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The ZIP of JSON and CSV files, with a README.txt.",
                "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def download_export(request: HttpRequest, export_id: Id) -> HttpResponse:
    member = member_of(request)
    export = own_export(member, export_id)
    if export.status == ExportStatus.EXPIRED or (export.status == ExportStatus.READY and not export.is_downloadable()):
        raise HttpError(410, "This export has expired. Ask for a new one.")
    if export.status != ExportStatus.READY:
        raise HttpError(409, "This export is not ready.")
    archive = DataExport.objects.values_list("archive", flat=True).get(pk=export.pk)
    response = HttpResponse(bytes(archive), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="hearth-{member.handle}.zip"'
    response["Cache-Control"] = "no-store"
    return response


# --- Deletion -----------------------------------------------------------------------------------


class DeletionOut(Schema):
    scheduled: bool
    requested_at: dt.datetime | None
    erase_after: dt.datetime | None = Field(description="When the account is erased, unless undone before.")
    keep_posts: bool | None = Field(description='Posts and chat messages kept as by "Former member".')
    url: str


class DeletionIn(Input):
    password: Annotated[str, Field(pattern=ANY_TEXT, max_length=128), STORABLE]
    keep_posts: bool = Field(default=False, description='Keep posts and chat messages, shown as by "Former member".')


def _deletion_out(deletion: AccountDeletion | None) -> DeletionOut:
    return DeletionOut(
        scheduled=deletion is not None,
        requested_at=deletion.requested_at if deletion else None,
        erase_after=deletion.erase_after if deletion else None,
        keep_posts=deletion.keep_posts if deletion else None,
        url=_my_data(),
    )


@router.get("/my-data/deletion", response={200: DeletionOut, **UNAUTHORISED}, summary="Is your account to be deleted?")
def deletion_status(request: HttpRequest) -> DeletionOut:
    return _deletion_out(actions.pending_deletion(member_of(request)))


@router.post(
    "/my-data/deletion",
    response={201: DeletionOut, **WRITE_ERRORS, **CONFLICT, **UNAUTHORISED, **TOO_MANY},
    summary="Delete your account in 14 days",
    description="Needs your password (403 when wrong; nothing changes). Until `erase_after` you can "
    "undo it with DELETE; then everything is erased.",
)
def request_deletion(request: HttpRequest, data: DeletionIn) -> Status[DeletionOut]:
    with refused_as({"incorrect_password": 403, "pending": 409, "too_many_login_attempts": 429}, otherwise=403):
        deletion = actions.do_request_deletion(member_of(request), data.password, keep_posts=data.keep_posts)
    return Status(201, _deletion_out(deletion))


@router.delete(
    "/my-data/deletion",
    response={200: DeletionOut, **WRITE_ERRORS, **NOT_FOUND},
    summary="Keep your account: undo its deletion",
)
def cancel_deletion(request: HttpRequest) -> DeletionOut:
    with refused_as({"not_pending": 404}):
        actions.do_cancel_deletion(member_of(request))
    return _deletion_out(None)


# --- Research consent ---------------------------------------------------------------------------


class ConsentItem(Schema):
    version: str
    given_at: dt.datetime
    withdrawn_at: dt.datetime | None = Field(description="When it stopped counting: withdrawn, or replaced.")


class ConsentOut(Schema):
    given: bool = Field(description="Whether your data may enter de-identified research figures now.")
    current_version: str
    text: str = Field(description="The text of the current version.")
    history: list[ConsentItem]
    url: str


class ConsentIn(Input):
    version: Annotated[str, Field(pattern=ANY_TEXT, max_length=20), STORABLE] = Field(
        description="The version of the text you read (`current_version`)."
    )


def _consent_out(member: Any) -> ConsentOut:
    history = list(ResearchConsent.objects.filter(member=member))
    return ConsentOut(
        given=any(c.withdrawn_at is None and c.version == CONSENT_VERSION for c in history),
        current_version=CONSENT_VERSION,
        text=CONSENT_TEXT,
        history=[ConsentItem(version=c.version, given_at=c.given_at, withdrawn_at=c.withdrawn_at) for c in history],
        url=reverse("my_data_research"),
    )


@router.get("/my-data/research-consent", response={200: ConsentOut, **UNAUTHORISED}, summary="Your research consent")
def get_consent(request: HttpRequest) -> ConsentOut:
    return _consent_out(member_of(request))


@router.post(
    "/my-data/research-consent",
    response={200: ConsentOut, **WRITE_ERRORS, **CONFLICT},
    summary="Give your consent to research",
    description="Send the `current_version` you read; an older one answers 409.",
)
def give_consent(request: HttpRequest, data: ConsentIn) -> ConsentOut:
    member = member_of(request)
    with refused_as({"stale_version": 409}):
        actions.do_give_consent(member, data.version)
    return _consent_out(member)


@router.delete(
    "/my-data/research-consent",
    response={200: ConsentOut, **WRITE_ERRORS},
    summary="Withdraw your consent to research, at once",
)
def withdraw_consent(request: HttpRequest) -> ConsentOut:
    member = member_of(request)
    actions.do_withdraw_consent(member)
    return _consent_out(member)


# --- Access log ---------------------------------------------------------------------------------


class AccessEntryOut(Schema):
    viewer: str | None = Field(description="The handle of who looked; null once their account is gone.")
    viewer_role: str = Field(description="admin or moderator.")
    community: str | None = Field(description="For a moderator: the community's slug.")
    what: str = Field(description="profile (private profile fields) or messages (direct messages).")
    reason: str
    created_at: dt.datetime
    url: str

    @staticmethod
    def resolve_viewer(obj: PrivateAccessEntry) -> str | None:
        return obj.viewer.handle if obj.viewer else None

    @staticmethod
    def resolve_community(obj: PrivateAccessEntry) -> str | None:
        return obj.community.slug if obj.community else None

    @staticmethod
    def resolve_url(obj: PrivateAccessEntry) -> str:
        return reverse("my_data_access_log")


class AccessLogPage(Schema):
    count: int
    items: list[AccessEntryOut]


@router.get(
    "/my-data/access-log",
    response={200: AccessLogPage, **UNAUTHORISED, 422: ErrorOut},
    summary="When administrators or moderators looked at your private data, and why",
)
def access_log(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    entries = PrivateAccessEntry.objects.filter(member=member_of(request)).select_related("viewer", "community")
    return {"count": entries.count(), "items": list(entries[page.offset : page.offset + page.limit])}
