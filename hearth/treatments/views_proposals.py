"""Pages for proposals to the treatments catalogue: a member proposes one and follows what became
of their proposals; administrators and moderators decide them, oldest first. A proposal is shown
to its proposer and to those who decide; everyone else gets 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from hearth.accounts.access import member_of
from hearth.lib.ratelimit import RateLimited
from hearth.treatments import actions
from hearth.treatments.forms import DecideProposalForm, ProposalForm

_FIELDS_OF_CODES = {"name": "name", "kind": "kind", "other_names": "other_names", "note": "note", "exists": "name",
                    "pending": "name"}  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest) -> HttpResponse:
    user = member_of(request)
    form = ProposalForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                proposal = actions.do_propose(user, form.proposal_input())
            except ValidationError as error:
                code = getattr(error, "code", None) or ""
                form.add_error(_FIELDS_OF_CODES.get(code), error)
            except RateLimited as limited:
                form.add_error(None, limited.message)
                status = 429
            else:
                messages.success(request, f"Thank you: “{proposal.name}” waits for a moderator's decision.")
                return redirect("treatment_proposals")
    context = {"form": form, "mine": actions.proposals_of(user)}
    return render(request, "treatments/propose.html", context, status=status)


@login_required
@require_GET
def proposals(request: HttpRequest) -> HttpResponse:
    user = member_of(request)
    decides = actions.may_decide(user)
    context = {
        "decides": decides,
        "pending": actions.pending_proposals() if decides else [],
        "mine": actions.proposals_of(user),
    }
    return render(request, "treatments/proposals.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def proposal(request: HttpRequest, pk: int) -> HttpResponse:
    user = member_of(request)
    found = actions.proposal_for(user, pk)
    decides = actions.may_decide(user)
    if request.method == "POST" and not decides:
        raise Http404
    form = DecideProposalForm(request.POST or None) if decides else None
    status = 200
    if request.method == "POST" and form is not None:
        status = 422
        if form.is_valid():
            approve = form.cleaned_data["decision"] == "approve"
            try:
                decided = actions.do_decide_proposal(user, found, approve=approve, reason=form.cleaned_data["reason"])
            except actions.AlreadyDecided as error:
                messages.info(request, error.messages[0])
                return redirect("treatment_proposals")
            except ValidationError as error:
                form.add_error("reason" if getattr(error, "code", None) == "reason" else None, error)
            else:
                if approve and decided.treatment is not None:
                    messages.success(request, f"Approved: {decided.treatment.name} is in the catalogue.")
                else:
                    messages.success(request, "Declined. The member who proposed it can read your reason.")
                return redirect("treatment_proposals")
    context = {"proposal": found, "form": form if found.status == "pending" else None, "decides": decides}
    return render(request, "treatments/proposal.html", context, status=status)
