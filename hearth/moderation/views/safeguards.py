"""Pages: a community's watched words, which its moderators add and remove. Everyone who does not
moderate the community gets 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_http_methods, require_POST

from hearth.accounts.access import member_of
from hearth.communities.access import Need, community_for
from hearth.moderation.actions import safeguards as actions
from hearth.moderation.forms import WatchedWordForm
from hearth.moderation.models import WatchedAction, WatchedWord
from hearth.moderation.safeguards import WATCHED_WORDS_MAX

_ADDED = {
    WatchedAction.FLAG: "Added. Posts and chat messages with “{}” go through and show in your queue.",
    WatchedAction.HOLD: "Added. Posts with “{}” wait in your queue for approval; chat messages are flagged.",
    WatchedAction.REFUSE: "Added. Posts and chat messages with “{}” are refused; the member keeps their words.",
}


@login_required
@require_http_methods(["GET", "POST"])
def watched_words(request: HttpRequest, slug: str) -> HttpResponse:
    user = member_of(request)
    community = community_for(user, slug, Need.MODERATE).community
    form = WatchedWordForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                word = actions.do_add_watched_word(
                    user, community, form.cleaned_data["phrase"], form.cleaned_data["action"]
                )
            except ValidationError as error:
                form.add_error("phrase" if error.code in {"phrase", "duplicate"} else None, error)
            else:
                messages.success(request, _ADDED[WatchedAction(word.action)].format(word.phrase))
                return redirect("moderation_watched_words", community.slug)
    context = {
        "community": community,
        "form": form,
        "words": list(WatchedWord.objects.filter(community=community).select_related("created_by")),
        "most": WATCHED_WORDS_MAX,
    }
    return render(request, "moderation/watched_words.html", context, status=status)


@login_required
@require_POST
def remove_watched_word(request: HttpRequest, slug: str, word_id: int) -> HttpResponse:
    user = member_of(request)
    community = community_for(user, slug, Need.MODERATE).community
    word = WatchedWord.objects.filter(pk=word_id, community=community).first()
    if word is None:
        raise Http404
    actions.do_remove_watched_word(user, word)
    messages.success(request, f"“{word.phrase}” is no longer watched.")
    return redirect("moderation_watched_words", community.slug)


urlpatterns: list[URLPattern] = [
    path("<str:slug>/watched-words/", watched_words, name="moderation_watched_words"),
    path("<str:slug>/watched-words/<int:word_id>/remove/", remove_watched_word, name="moderation_watched_word_remove"),
]
