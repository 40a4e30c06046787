"""Ravi decides a report: dismiss, hide or label, each with a reason the author is told (except
a dismissal, which changes nothing for them). Once decided, an item answers "Already handled";
every decision is in the audit log; Tiffany, moderator elsewhere, can do nothing here."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hearth.accounts.models import User
from hearth.audit.models import AuditEvent
from hearth.moderation.actions import AlreadyHandled, DecisionInput, do_decide, do_report_post
from hearth.moderation.models import Decision, QueueItem, ReportStatus
from hearth.moderation.tests.conftest import Diabetes, client_of
from hearth.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(maya: User, diabetes: Diabetes) -> QueueItem:
    return do_report_post(maya, diabetes.post.pk, "misinformation", "Dangerous").report.item  # type: ignore[return-value]


def _act(item: QueueItem) -> str:
    return reverse("moderation_act", args=[item.pk])


def test_ravi_hides_a_post(
    ravi: User, maya: User, item: QueueItem, diabetes: Diabetes, django_capture_on_commit_callbacks: object
) -> None:
    client = client_of(ravi)
    page = client.get(_act(item))
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        done = client.post(_act(item), {"decision": "hide", "reason": "Stopping insulin is dangerous."}, follow=True)

    assert "Stop your insulin" in page.content.decode()
    assert "Done." in done.content.decode()
    item.refresh_from_db()
    assert (item.decision, item.handled_by, item.reason) == (Decision.HIDE, ravi, "Stopping insulin is dangerous.")
    assert item.reports.get().status == ReportStatus.CLOSED
    event = AuditEvent.objects.get(action="post:hide")
    assert (event.actor, event.target_id, event.community, event.reason) == (
        ravi, diabetes.post.pk, diabetes.community, "Stopping insulin is dangerous."
    )  # fmt: skip
    told = Notification.objects.get(recipient=diabetes.omar)
    assert told.kind == Kind.POST_HIDDEN
    assert told.actor is None  # the moderators acted; no reporter is named
    notice = client_of(diabetes.omar).get(reverse("notifications")).content.decode()
    assert "hid your post" in notice
    assert "Stopping insulin is dangerous." in notice
    assert "maya" not in notice

    thread_url = diabetes.post.thread.get_absolute_url()
    as_maya = client_of(maya).get(thread_url).content.decode()
    as_omar = client_of(diabetes.omar).get(thread_url).content.decode()
    as_ravi = client.get(thread_url).content.decode()
    assert "Hidden by moderators." in as_maya
    assert "Stop your insulin" not in as_maya
    assert "Hidden by moderators: Stopping insulin is dangerous." in as_omar
    assert "Stop your insulin" in as_omar
    assert "Stop your insulin" in as_ravi


def test_ravi_labels_a_post_disputed(
    ravi: User, maya: User, item: QueueItem, diabetes: Diabetes, django_capture_on_commit_callbacks: object
) -> None:
    body = {
        "decision": "label",
        "reason": "Insulin is life-saving; see the sources.",
        "label_kind": "disputed",
        "link_1": "https://www.diabetes.org/insulin",
        "link_2": "https://www.nhs.uk/conditions/type-1-diabetes/",
    }
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        client_of(ravi).post(_act(item), body)

    page = client_of(maya).get(diabetes.post.thread.get_absolute_url()).content.decode()
    assert "Disputed: see sources" in page
    assert 'href="https://www.nhs.uk/conditions/type-1-diabetes/"' in page
    assert "Stop your insulin" in page  # labelled, not removed
    assert Notification.objects.get(recipient=diabetes.omar).kind == Kind.POST_LABELLED
    assert AuditEvent.objects.get(action="post:label").data["links"][0] == "https://www.diabetes.org/insulin"


def test_a_content_warning_label(ravi: User, maya: User, item: QueueItem, diabetes: Diabetes) -> None:
    do_decide(ravi, item, DecisionInput("label", "Graphic.", "content_warning", "Talk of hypos"))

    page = client_of(maya).get(diabetes.post.thread.get_absolute_url()).content.decode()
    assert "Content warning</strong>: Talk of hypos" in page


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (DecisionInput("hide", "  "), "Give a short reason"),
        (DecisionInput("label", "Why", "disputed"), "one to 3 links"),
        (DecisionInput("label", "Why", "disputed", "", ("ftp://x.org",)), "must be a web address"),
        (DecisionInput("label", "Why", "content_warning"), "Write the content warning"),
        (DecisionInput("label", "Why"), "Choose a label"),
        (DecisionInput("ban", "Why"), "Choose what to do"),
    ],
)
def test_incomplete_decisions_are_refused(ravi: User, item: QueueItem, given: DecisionInput, message: str) -> None:
    with pytest.raises(Exception, match=message):
        do_decide(ravi, item, given)

    item.refresh_from_db()
    assert not item.is_handled


def test_a_refused_decision_stays_on_its_page(ravi: User, item: QueueItem) -> None:
    response = client_of(ravi).post(_act(item), {"decision": "label", "reason": "Why", "label_kind": "disputed"})

    assert response.status_code == 422
    assert "Give one to 3 links" in response.content.decode()


def test_dismissing_changes_nothing_and_tells_nobody(
    ravi: User, maya: User, item: QueueItem, diabetes: Diabetes
) -> None:
    do_decide(ravi, item, DecisionInput("dismiss", "Disagreement, not abuse."))

    assert not Notification.objects.filter(recipient=diabetes.omar).exists()
    assert "Stop your insulin" in client_of(maya).get(diabetes.post.thread.get_absolute_url()).content.decode()
    assert AuditEvent.objects.filter(action="post:dismiss").count() == 1


def test_acting_twice_answers_already_handled(ravi: User, item: QueueItem, diabetes: Diabetes) -> None:
    do_decide(ravi, item, DecisionInput("dismiss", "Fine."))

    with pytest.raises(AlreadyHandled, match="Already handled by @ravi"):
        do_decide(diabetes.founder, item, DecisionInput("hide", "No."))
    again = client_of(diabetes.founder).post(_act(item), {"decision": "hide", "reason": "No."}, follow=True)

    assert "Already handled by @ravi" in again.content.decode()
    item.refresh_from_db()
    assert item.decision == Decision.DISMISS
    assert AuditEvent.objects.filter(action__startswith="post:").count() == 1


def test_a_new_report_after_a_decision_opens_a_new_item(
    ravi: User, maya: User, item: QueueItem, diabetes: Diabetes
) -> None:
    do_decide(ravi, item, DecisionInput("dismiss", "Fine."))

    again = do_report_post(maya, diabetes.post.pk, "harassment")

    assert again.report.item != item
    assert not again.already


@pytest.mark.parametrize("who", ["tiffany", "maya"])
def test_only_this_communitys_moderators_decide(request: pytest.FixtureRequest, who: str, item: QueueItem) -> None:
    client = client_of(request.getfixturevalue(who))

    assert client.get(_act(item)).status_code == 404
    assert client.post(_act(item), {"decision": "hide", "reason": "Mine now."}).status_code == 404
    item.refresh_from_db()
    assert not item.is_handled


def test_a_hidden_post_leaves_lists_search_and_the_api_but_its_author_still_sees_it(
    ravi: User, maya: User, item: QueueItem, diabetes: Diabetes
) -> None:
    from hearth.discussions.models import Post

    do_decide(ravi, item, DecisionInput(decision="hide", reason="Stopping insulin is dangerous."))
    thread = diabetes.post.thread

    assert not Post.objects.visible_to(maya).filter(pk=diabetes.post.pk).exists()
    assert Post.objects.visible_to(diabetes.omar).filter(pk=diabetes.post.pk).exists()
    assert "cinnamon works" not in client_of(maya).get("/search/", {"q": "cinnamon insulin"}).content.decode()
    api = client_of(maya).get(f"/api/v1/threads/{thread.pk}").content.decode()
    assert "cinnamon works" not in api
