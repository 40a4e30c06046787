"""Omar's post was hidden by Ravi; Omar appeals once, within 14 days. Priya, the founder and
another moderator, answers: she overturns and the post shows again, and Omar is told. Ravi, who
hid it, leaves it to her; where nobody else moderates, the one who took a measure answers. An
appeal answered twice answers that it was; Maya, Tiffany and strangers get 404."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.audit.models import AuditEvent
from hearth.communities.tests.factories import make_community
from hearth.moderation.actions import DecisionInput, do_decide, do_report_post
from hearth.moderation.actions import appeals as appeals_module
from hearth.moderation.actions.appeals import (
    AlreadyAnswered,
    AlreadyAppealed,
    do_appeal,
    do_decide_appeal,
)
from hearth.moderation.actions.measures import do_lift
from hearth.moderation.models import APPEAL_MAX, Appeal, AppealStatus, Measure, MeasureKind
from hearth.moderation.tests.conftest import Diabetes, client_of
from hearth.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db

REASON = "Stopping insulin is dangerous."
WORDS = "I meant cinnamon alongside insulin, never instead. I have edited nothing; please look again."


def hide_omars_post(maya: User, ravi: User, diabetes: Diabetes) -> Measure:
    """Maya reports Omar's advice and Ravi hides it: the measure Omar sees in his record."""
    item = do_report_post(maya, diabetes.post.pk, "misinformation", "Dangerous").report.item
    assert item is not None
    do_decide(ravi, item, DecisionInput("hide", REASON))
    return Measure.objects.get(kind=MeasureKind.HIDE, target_id=diabetes.post.pk)


@pytest.fixture
def hidden(maya: User, ravi: User, diabetes: Diabetes) -> Measure:
    return hide_omars_post(maya, ravi, diabetes)


@pytest.fixture
def appeal(hidden: Measure, diabetes: Diabetes) -> Appeal:
    return do_appeal(diabetes.omar, hidden, WORDS)


def _appeal_url(measure: Measure) -> str:
    return reverse("moderation_appeal", args=[measure.pk])


def _decide_url(appeal: Appeal) -> str:
    return reverse("moderation_appeal_decide", args=[appeal.pk])


# --- Appealing --------------------------------------------------------------------------------


def test_omar_appeals_once(hidden: Measure, diabetes: Diabetes) -> None:
    client = client_of(diabetes.omar)

    form = client.get(_appeal_url(hidden))
    sent = client.post(_appeal_url(hidden), {"text": WORDS}, follow=True)
    again = client.post(_appeal_url(hidden), {"text": "And again."})

    assert form.status_code == 200
    assert REASON in form.content.decode()
    assert "Your appeal is with the moderators of Type 1 together" in sent.content.decode()
    made = Appeal.objects.get()
    assert (made.member, made.measure, made.text, made.status) == (diabetes.omar, hidden, WORDS, AppealStatus.OPEN)
    assert again.status_code == 422
    assert "You have already appealed this." in again.content.decode()
    assert Appeal.objects.count() == 1
    event = AuditEvent.objects.get(action="appeal:open")
    assert (event.actor, event.subject, event.community) == (diabetes.omar, diabetes.omar, diabetes.community)
    # The member's words stay with the appeal (and go with their account), never in the log.
    assert WORDS not in f"{event.reason} {event.data}"


def test_a_second_appeal_by_the_action_answers_that_he_did(appeal: Appeal, diabetes: Diabetes) -> None:
    with pytest.raises(AlreadyAppealed, match=r"You have already appealed this\."):
        do_appeal(diabetes.omar, appeal.measure, "Once more.")


def test_two_appeals_at_once_make_one(hidden: Measure, diabetes: Diabetes, monkeypatch: pytest.MonkeyPatch) -> None:
    # Both requests passed the checks before either was saved; the second meets the first's row.
    monkeypatch.setattr(appeals_module, "check_appeal", lambda member, measure, text: text)
    Appeal.objects.create(measure=hidden, member=diabetes.omar, text="First.")

    with pytest.raises(AlreadyAppealed):
        do_appeal(diabetes.omar, hidden, "Second.")

    assert Appeal.objects.get().text == "First."


def test_an_appeal_on_day_15_is_refused_plainly(hidden: Measure, diabetes: Diabetes) -> None:
    Measure.objects.filter(pk=hidden.pk).update(created_at=timezone.now() - timedelta(days=15))
    closed = timezone.localtime(timezone.now() - timedelta(days=1))

    answer = client_of(diabetes.omar).post(_appeal_url(hidden), {"text": WORDS})

    assert answer.status_code == 422
    page = answer.content.decode()
    said = "Appeals are open for 14 days after a decision; this one closed on"
    assert said in page
    assert date_format(closed, "j F") in page
    assert not Appeal.objects.exists()


def test_an_appeal_on_day_13_is_heard(hidden: Measure, diabetes: Diabetes) -> None:
    Measure.objects.filter(pk=hidden.pk).update(created_at=timezone.now() - timedelta(days=13))
    hidden.refresh_from_db()

    assert do_appeal(diabetes.omar, hidden, WORDS).status == AppealStatus.OPEN


def test_a_held_post_and_a_lifted_measure_have_nothing_to_appeal(
    hidden: Measure, diabetes: Diabetes, ravi: User
) -> None:
    held = Measure.objects.create(kind=MeasureKind.HOLD, member=diabetes.omar, community=diabetes.community,
                                  target_type="post", target_id=diabetes.post.pk, reason="A first post.")  # fmt: skip
    do_lift(ravi, hidden, reason="Changed my mind.")
    hidden.refresh_from_db()

    with pytest.raises(ValidationError) as refused_held:
        do_appeal(diabetes.omar, held, WORDS)
    with pytest.raises(ValidationError) as refused_lifted:
        do_appeal(diabetes.omar, hidden, WORDS)

    assert refused_held.value.code == "not_appealable"
    assert refused_lifted.value.code == "lifted"
    assert not Appeal.objects.exists()


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("", "This field is required."),
        ("   ", "This field is required."),
        ("x" * (APPEAL_MAX + 1), f"at most {APPEAL_MAX} characters"),
        ("Unfair\x00", "Null characters are not allowed."),
    ],
    ids=["empty", "spaces", "too long", "nul"],
)
def test_bad_words_are_refused_and_kept(hidden: Measure, diabetes: Diabetes, text: str, said: str) -> None:
    answer = client_of(diabetes.omar).post(_appeal_url(hidden), {"text": text})

    assert answer.status_code == 422
    page = answer.content.decode()
    assert said in page
    assert 'role="alert"' in page or 'class="errors"' in page
    if len(text) > APPEAL_MAX:
        assert text in page  # nothing typed is lost
    assert not Appeal.objects.exists()


def test_the_action_refuses_empty_long_and_nul_text(hidden: Measure, diabetes: Diabetes) -> None:
    for text in ("  ", "x" * (APPEAL_MAX + 1), "a\x00b"):
        with pytest.raises(ValidationError):
            do_appeal(diabetes.omar, hidden, text)
    assert not Appeal.objects.exists()


def test_nobody_else_appeals_omars_measure(hidden: Measure, maya: User, ravi: User, diabetes: Diabetes) -> None:
    for person in (maya, ravi, diabetes.founder):
        client = client_of(person)
        assert client.get(_appeal_url(hidden)).status_code == 404
        assert client.post(_appeal_url(hidden), {"text": WORDS}).status_code == 404
    with pytest.raises(Http404):
        do_appeal(maya, hidden, WORDS)
    assert client_of(diabetes.omar).get(reverse("moderation_appeal", args=[hidden.pk + 1000])).status_code == 404
    stranger = client_of(UserFactory.create(handle="sam_cares"))
    assert stranger.post(_appeal_url(hidden), {"text": WORDS}).status_code == 404
    visitor = client_of(diabetes.omar)
    visitor.logout()
    assert "/accounts/login/" in visitor.get(_appeal_url(hidden))["Location"]
    assert not Appeal.objects.exists()


# --- Answering --------------------------------------------------------------------------------


def test_priya_overturns_the_post_shows_again_and_omar_is_told(
    appeal: Appeal,
    maya: User,
    diabetes: Diabetes,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    priya = client_of(diabetes.founder)
    queue = priya.get(reverse("moderation_queue", args=[diabetes.community.slug])).content.decode()
    thread_url = diabetes.post.thread.get_absolute_url()
    assert "Stop your insulin" not in client_of(maya).get(thread_url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        done = priya.post(
            _decide_url(appeal), {"decision": "overturn", "answer": "Fair: it reads as alongside."}, follow=True
        )

    assert "Appeals, oldest first" in queue
    assert WORDS in queue
    assert "@omar" in queue
    assert "The measure was lifted" in done.content.decode()
    appeal.refresh_from_db()
    assert (appeal.status, appeal.decided_by, appeal.answer) == (
        AppealStatus.OVERTURNED, diabetes.founder, "Fair: it reads as alongside."
    )  # fmt: skip
    assert appeal.measure.lifted_at is not None
    assert "Stop your insulin" in client_of(maya).get(thread_url).content.decode()
    told = Notification.objects.get(recipient=diabetes.omar, kind=Kind.APPEAL_ANSWERED)
    assert told.measure == appeal.measure
    notices = client_of(diabetes.omar).get(reverse("notifications")).content.decode()
    assert "The moderators of Type 1 together answered your appeal" in notices
    assert "Fair: it reads as alongside." in notices
    assert "priya" not in notices
    event = AuditEvent.objects.get(action="appeal:overturn")
    assert (event.actor, event.subject, event.reason) == (
        diabetes.founder,
        diabetes.omar,
        "Fair: it reads as alongside.",
    )
    assert AuditEvent.objects.filter(action="measure:lift", subject=diabetes.omar).exists()


def test_priya_upholds_and_the_post_stays_hidden(
    appeal: Appeal, maya: User, diabetes: Diabetes, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        do_decide_appeal(diabetes.founder, appeal, uphold=True, answer="Stopping insulin is never safe advice.")

    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.UPHELD
    assert appeal.measure.lifted_at is None
    assert "Stop your insulin" not in client_of(maya).get(diabetes.post.thread.get_absolute_url()).content.decode()
    assert Notification.objects.filter(recipient=diabetes.omar, kind=Kind.APPEAL_ANSWERED).count() == 1
    assert AuditEvent.objects.get(action="appeal:uphold").subject == diabetes.omar


def test_ravi_who_hid_it_leaves_it_to_priya(appeal: Appeal, ravi: User, diabetes: Diabetes) -> None:
    client = client_of(ravi)
    said = "You took this measure, so another moderator of the community answers its appeal."

    page = client.get(_decide_url(appeal))
    queue = client.get(reverse("moderation_queue", args=[diabetes.community.slug])).content.decode()
    refused = client.post(_decide_url(appeal), {"decision": "overturn", "answer": "Fine."})

    assert page.status_code == 200
    assert said in page.content.decode()
    assert said in queue
    assert refused.status_code == 422
    assert said in refused.content.decode()
    with pytest.raises(ValidationError, match="another moderator"):
        do_decide_appeal(ravi, appeal, uphold=False, answer="Fine.")
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.OPEN


def test_where_nobody_else_moderates_the_one_who_took_it_answers(ravi: User, diabetes: Diabetes) -> None:
    circle = make_community(ravi, "Ravi's pump circle", members=[diabetes.omar])
    warning = Measure.objects.create(
        kind=MeasureKind.WARN, member=diabetes.omar, community=circle, reason="Be kind.", created_by=ravi
    )
    appeal = do_appeal(diabetes.omar, warning, "I was.")

    answered = client_of(ravi).post(_decide_url(appeal), {"decision": "uphold", "answer": "It stands."})

    assert answered.status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.UPHELD


def test_deciding_twice_answers_that_it_was(appeal: Appeal, diabetes: Diabetes, site_admin: User) -> None:
    do_decide_appeal(diabetes.founder, appeal, uphold=False, answer="Lifted.")

    with pytest.raises(AlreadyAnswered, match=r"This appeal was already answered by @priya\."):
        do_decide_appeal(site_admin, appeal, uphold=True, answer="Stands.")
    page = client_of(site_admin).get(_decide_url(appeal), follow=True)
    posted = client_of(site_admin).post(_decide_url(appeal), {"decision": "uphold", "answer": "No."}, follow=True)

    assert "This appeal was already answered by @priya." in page.content.decode()
    assert "This appeal was already answered by @priya." in posted.content.decode()
    appeal.refresh_from_db()
    assert (appeal.status, appeal.answer) == (AppealStatus.OVERTURNED, "Lifted.")
    assert AuditEvent.objects.filter(action__startswith="appeal:o").count() == 2  # open, overturn


def test_overturning_a_measure_lifted_meanwhile_just_records(appeal: Appeal, ravi: User, diabetes: Diabetes) -> None:
    do_lift(ravi, appeal.measure, reason="On second thought.")

    done = do_decide_appeal(diabetes.founder, appeal, uphold=False, answer="Already lifted; agreed.")

    assert done.status == AppealStatus.OVERTURNED
    assert AuditEvent.objects.filter(action="measure:lift").count() == 1


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ({"decision": "overturn", "answer": ""}, "This field is required."),
        ({"decision": "overturn", "answer": "x\x00"}, "Null characters are not allowed."),
        ({"decision": "overturn", "answer": "x" * 301}, "at most 300 characters"),
        ({"decision": "maybe", "answer": "Hmm."}, "Select a valid choice."),
    ],
)
def test_an_answer_is_required_and_kept(appeal: Appeal, diabetes: Diabetes, body: dict[str, str], said: str) -> None:
    answer = client_of(diabetes.founder).post(_decide_url(appeal), body)

    assert answer.status_code == 422
    assert said in answer.content.decode()
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.OPEN


def test_who_may_not_answer_gets_404(appeal: Appeal, maya: User, tiffany: User, diabetes: Diabetes) -> None:
    sam = UserFactory.create(handle="sam_cares")
    for person in (maya, tiffany, sam, diabetes.omar):  # Omar does not answer his own appeal
        client = client_of(person)
        assert client.get(_decide_url(appeal)).status_code == 404
        assert client.post(_decide_url(appeal), {"decision": "overturn", "answer": "Yes."}).status_code == 404
    lupus_queue = client_of(tiffany).get(reverse("moderation_queue", args=[diabetes.lupus.slug])).content.decode()
    assert WORDS not in lupus_queue
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.OPEN


def test_suspensions_are_answered_by_the_site_administrators(diabetes: Diabetes, site_admin: User, ravi: User) -> None:
    suspension = Measure.objects.create(
        kind=MeasureKind.SUSPEND, member=diabetes.omar, community=diabetes.community, reason="Spam everywhere.",
        created_by=site_admin, ends_at=timezone.now() + timedelta(days=7),
    )  # fmt: skip
    appeal = do_appeal(diabetes.omar, suspension, "It was not spam.")

    community_queue = client_of(ravi).get(reverse("moderation_queue", args=[diabetes.community.slug]))
    site_queue = client_of(site_admin).get(reverse("moderation_site_queue"))

    assert "It was not spam." not in community_queue.content.decode()
    assert "It was not spam." in site_queue.content.decode()
    assert client_of(diabetes.founder).get(_decide_url(appeal)).status_code == 404
    # The only administrator took it, so they answer it.
    answered = client_of(site_admin).post(_decide_url(appeal), {"decision": "overturn", "answer": "Agreed."})
    assert answered.status_code == 302
    suspension.refresh_from_db()
    assert suspension.lifted_at is not None
