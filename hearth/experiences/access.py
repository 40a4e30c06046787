"""Who may see a treatment report: the one access policy for reports, pages and the API alike.

A report is seen as its author chose with its `visibility`, by the same rule that decides who sees
each part of a profile (`hearth.profiles.access`): a blocked pair see each other as strangers.
Anyone else gets 404, as if it did not exist; only the author may change or remove it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from hearth.experiences.models import TreatmentReport
from hearth.profiles.access import ProfileView, admits, relation_between, visibilities_for


def _with_names(reports: QuerySet[TreatmentReport]) -> QuerySet[TreatmentReport]:
    return reports.select_related("treatment", "condition", "member").prefetch_related("side_effects")


def own_reports(user: Any) -> QuerySet[TreatmentReport]:
    """The member's own reports, most recently changed first."""
    return _with_names(TreatmentReport.objects.filter(member_id=user.pk))


def own_report(user: Any, pk: int) -> TreatmentReport:
    """One of the member's own reports, to change or remove; anyone else's is 404."""
    report = own_reports(user).filter(pk=pk).first() if getattr(user, "is_authenticated", False) else None
    if report is None:
        raise Http404
    return report


def may_see(viewer: Any, report: TreatmentReport) -> bool:
    if not report.member.is_active:
        return False
    return admits(report.visibility, relation_between(viewer, report.member))


def report_for(viewer: Any, pk: int) -> TreatmentReport:
    """One report as `viewer` may see it, or 404."""
    report = _with_names(TreatmentReport.objects.filter(pk=pk)).first()
    if report is None or not may_see(viewer, report):
        raise Http404
    return report


def reports_on_profile(view: ProfileView) -> QuerySet[TreatmentReport]:
    """The reports of the member whose profile is shown that its viewer may see (or, when the
    member previews their profile, that the person they chose to be would see)."""
    return _with_names(
        TreatmentReport.objects.filter(member=view.member, visibility__in=visibilities_for(view.relation))
    ).order_by("treatment__name", "condition__name")
