"""Ravi watches words in Type 1 together: "cinnamon cure" refused, "miracle" held for his approval,
"insulin" flagged. Omar's words are refused with his text kept, held until Ravi approves (Maya
sees nothing of them until then; Omar sees them waiting and is told when they show), or go
through and wait in Ravi's queue. Live chats refuse and flag (a message cannot wait). Tiffany,
who moderates next door, and Maya cannot see or change the list: 404."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse

from hearth.accounts.models import User
from hearth.audit.models import AuditEvent
from hearth.chats import actions as chat_actions
from hearth.chats.access import chat_access
from hearth.chats.models import ChatMessage
from hearth.chats.tests.factories import make_live_chat
from hearth.discussions.actions import PostInput, do_create_thread, do_reply
from hearth.discussions.models import Post, Thread
from hearth.moderation.actions import do_report_post
from hearth.moderation.actions.safeguards import do_add_watched_word, do_remove_watched_word
from hearth.moderation.models import Decision, Measure, MeasureKind, QueueItem, TargetType, WatchedAction, WatchedWord
from hearth.moderation.safeguards import WATCHED_WORDS_MAX, fold
from hearth.moderation.tests.conftest import Diabetes, client_of
from hearth.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db

REFUSED = "This community does not allow “cinnamon cure” in posts. Your words are kept so you can change them."


def _reply(client: Client, diabetes: Diabetes, body: str) -> object:
    thread = diabetes.post.thread
    return client.post(reverse("thread_reply", args=[diabetes.community.slug, thread.pk]), {"body": body}, follow=True)


@pytest.fixture
def words(ravi: User, diabetes: Diabetes) -> Diabetes:
    do_add_watched_word(ravi, diabetes.community, "cinnamon cure", WatchedAction.REFUSE)
    do_add_watched_word(ravi, diabetes.community, "Miracle", WatchedAction.HOLD)
    do_add_watched_word(ravi, diabetes.community, "insulin", WatchedAction.FLAG)
    return diabetes


# --- Matching ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Cinnamon CURE!", True),
        ("the cínnamon-cure, again", True),
        ("Cinnamon\n  cure", True),
        ("cinnamoncure", False),
        ("cinnamon cures", False),
        ("a cure of cinnamon", False),
    ],
)
def test_words_match_whole_whatever_the_case_accents_and_punctuation(words: Diabetes, text: str, found: bool) -> None:
    thread = words.post.thread

    if found:
        with pytest.raises(ValidationError) as refused:
            do_reply(words.omar, thread, PostInput(source=text))
        assert refused.value.code == "watched_word"
        assert refused.value.messages == [REFUSED]
    else:
        do_reply(words.omar, thread, PostInput(source=text))


def test_folding_is_as_search_folds() -> None:
    assert fold("  Cínnamon-CURE!! ") == "cinnamon cure"


# --- Refuse -------------------------------------------------------------------------------------


def test_omars_cinnamon_cure_is_refused_with_his_words_kept(words: Diabetes) -> None:
    before = Post.objects.count()

    page = _reply(client_of(words.omar), words, "Honestly, Cinnamon CURE! worked for my aunt.")

    assert page.status_code == 422  # type: ignore[attr-defined]
    html = page.content.decode()  # type: ignore[attr-defined]
    assert "This community does not allow “cinnamon cure” in posts. Your words are kept" in html
    assert "Honestly, Cinnamon CURE! worked for my aunt." in html  # still in the box
    assert Post.objects.count() == before


def test_a_refused_word_in_a_title_is_refused_too(words: Diabetes) -> None:
    with pytest.raises(ValidationError, match="cinnamon cure"):
        do_create_thread(words.omar, words.community, "My cinnamon cure", PostInput(source="Ask me."))

    assert not Thread.objects.filter(title="My cinnamon cure").exists()


def test_moderators_are_not_screened(words: Diabetes, ravi: User) -> None:
    post = do_reply(ravi, words.post.thread, PostInput(source="Please: no “cinnamon cure” claims here."))

    assert not QueueItem.objects.filter(target_id=post.pk).exists()


# --- Hold ---------------------------------------------------------------------------------------


def test_a_held_post_waits_for_ravi_and_shows_once_he_approves(
    words: Diabetes, ravi: User, maya: User, django_capture_on_commit_callbacks: object
) -> None:
    omar = client_of(words.omar)
    page = _reply(omar, words, "This miracle pill changed everything.")
    post = Post.objects.get(source="This miracle pill changed everything.")
    thread_url = words.post.thread.get_absolute_url()

    assert "Your post will show once a moderator approves it." in page.content.decode()  # type: ignore[attr-defined]
    item = QueueItem.objects.get(target_type=TargetType.POST, target_id=post.pk, handled_at=None)
    assert item.note == "Held: it contains “Miracle”, which moderators here look at first."
    as_maya = client_of(maya).get(thread_url).content.decode()
    assert "miracle pill" not in as_maya
    as_omar = omar.get(thread_url).content.decode()
    assert "miracle pill" in as_omar
    assert "Waiting for a moderator&#x27;s approval" in as_omar or "Waiting for a moderator's approval" in as_omar
    queue = client_of(ravi).get(reverse("moderation_queue", args=[words.community.slug])).content.decode()
    assert "miracle pill" in queue
    assert "which moderators here look at first" in queue

    decide = client_of(ravi).get(reverse("moderation_act", args=[item.pk])).content.decode()
    assert "Approve the post" in decide
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        client_of(ravi).post(reverse("moderation_act", args=[item.pk]), {"decision": "approve", "reason": "Fine."})

    item.refresh_from_db()
    assert item.decision == Decision.APPROVE
    assert "miracle pill" in client_of(maya).get(thread_url).content.decode()
    told = Notification.objects.get(recipient=words.omar, kind=Kind.POST_APPROVED)
    assert told.post == post
    notices = omar.get(reverse("notifications")).content.decode()
    assert "approved your post" in notices
    assert AuditEvent.objects.filter(action="post:approve", actor=ravi, target_id=post.pk).exists()


def test_a_held_thread_is_listed_for_its_author_alone(words: Diabetes, maya: User) -> None:
    thread = do_create_thread(words.omar, words.community, "A miracle?", PostInput(source="Tell me."))

    assert thread.is_held
    community_page = client_of(maya).get(words.community.get_absolute_url()).content.decode()
    assert "A miracle?" not in community_page
    assert client_of(maya).get(thread.get_absolute_url()).status_code == 404
    assert "A miracle?" in client_of(words.omar).get(words.community.get_absolute_url()).content.decode()
    assert client_of(words.omar).get(thread.get_absolute_url()).status_code == 200


# --- Flag ---------------------------------------------------------------------------------------


def test_a_flagged_post_goes_through_and_waits_in_the_queue(words: Diabetes, ravi: User, maya: User) -> None:
    post = do_reply(words.omar, words.post.thread, PostInput(source="I halved my insulin."))

    assert "halved my insulin" in client_of(maya).get(words.post.thread.get_absolute_url()).content.decode()
    item = QueueItem.objects.get(target_type=TargetType.POST, target_id=post.pk, handled_at=None)
    assert item.note == "Flagged: it contains “insulin”."
    assert not post_is_held(post)
    queue = client_of(ravi).get(reverse("moderation_queue", args=[words.community.slug])).content.decode()
    assert "Flagged: it contains “insulin”." in queue
    decide = client_of(ravi).get(reverse("moderation_act", args=[item.pk])).content.decode()
    assert "Approve the post" not in decide  # nothing waits: only dismiss, hide or label


def test_a_held_post_gathers_its_reasons_in_one_item_and_cannot_be_reported_by_others(
    words: Diabetes, maya: User
) -> None:
    post = do_reply(words.omar, words.post.thread, PostInput(source="Insulin is optional, and a miracle too."))
    with pytest.raises(Http404):  # Maya cannot see it while it waits
        do_report_post(maya, post.pk, "misinformation")

    item = QueueItem.objects.get(target_type=TargetType.POST, target_id=post.pk, handled_at=None)
    assert item.note.startswith("Held: it contains “Miracle”")
    assert "Flagged: it contains “insulin”." in item.note
    assert item.reports.count() == 0


def post_is_held(post: Post) -> bool:
    return Measure.objects.filter(target_id=post.pk, kind=MeasureKind.HOLD, lifted_at=None).exists()


# --- Live chats ---------------------------------------------------------------------------------


def test_live_chats_refuse_and_flag_but_never_hold(words: Diabetes) -> None:
    chat = make_live_chat(words.founder, words.community)
    access = chat_access(words.omar, chat.series)

    with pytest.raises(ValidationError) as refused:
        chat_actions.do_post_message(words.omar, access, chat, "The cinnamon cure!")
    held_word = chat_actions.do_post_message(words.omar, access, chat, "A miracle, honestly.").message

    assert refused.value.code == "watched_word"
    assert "Your words are kept" in refused.value.messages[0]
    assert not ChatMessage.objects.filter(source="The cinnamon cure!").exists()
    item = QueueItem.objects.get(target_type=TargetType.CHAT_MESSAGE, target_id=held_word.pk)
    assert item.note == "Flagged: it contains “Miracle”."
    assert item.community == words.community


# --- Adding and removing, as actions ------------------------------------------------------------


def test_adding_and_removing_is_audited(ravi: User, diabetes: Diabetes) -> None:
    word = do_add_watched_word(ravi, diabetes.community, "  Miracle   cure ", WatchedAction.HOLD)
    do_remove_watched_word(ravi, word)

    assert (word.phrase, word.folded) == ("Miracle cure", "miracle cure")
    added, removed = AuditEvent.objects.filter(action__startswith="watched_word:").order_by("pk")
    assert (added.action, added.actor, added.community) == ("watched_word:add", ravi, diabetes.community)
    assert added.data == {"phrase": "Miracle cure", "effect": "hold"}
    assert (removed.action, removed.actor) == ("watched_word:remove", ravi)
    assert not WatchedWord.objects.exists()


@pytest.mark.parametrize(
    ("phrase", "action", "said"),
    [
        ("", "flag", "Write the word or phrase"),
        ("   ", "flag", "Write the word or phrase"),
        ("!!!", "flag", "at least one letter or digit"),
        ("x" * 101, "flag", "at most 100 characters"),
        ("cure\x00", "flag", "Null characters are not allowed."),
        ("cure", "ban", "Choose what happens"),
        ("Cinnamon-Cure", "flag", "“cinnamon cure” is already watched here (refuse the post)."),
    ],
)
def test_bad_phrases_are_refused_plainly(ravi: User, diabetes: Diabetes, phrase: str, action: str, said: str) -> None:
    do_add_watched_word(ravi, diabetes.community, "cinnamon cure", WatchedAction.REFUSE)

    with pytest.raises(ValidationError, match=re.escape(said)):
        do_add_watched_word(ravi, diabetes.community, phrase, action)


def test_a_community_watches_at_most_two_hundred_words(ravi: User, diabetes: Diabetes) -> None:
    WatchedWord.objects.bulk_create(
        WatchedWord(community=diabetes.community, phrase=f"w{n}", folded=f"w{n}") for n in range(WATCHED_WORDS_MAX)
    )

    with pytest.raises(ValidationError, match="at most 200 words") as refused:
        do_add_watched_word(ravi, diabetes.community, "one more", WatchedAction.FLAG)

    assert refused.value.code == "limit"


def test_the_same_phrase_is_fine_in_another_community(ravi: User, tiffany: User, diabetes: Diabetes) -> None:
    do_add_watched_word(ravi, diabetes.community, "cure", WatchedAction.FLAG)
    do_add_watched_word(tiffany, diabetes.lupus, "cure", WatchedAction.REFUSE)

    assert WatchedWord.objects.count() == 2


# --- The page, as each persona ------------------------------------------------------------------


def test_ravi_adds_and_removes_words_on_the_page(ravi: User, diabetes: Diabetes) -> None:
    client = client_of(ravi)
    url = reverse("moderation_watched_words", args=[diabetes.community.slug])

    empty = client.get(url)
    added = client.post(url, {"phrase": "Miracle cure", "action": "hold"}, follow=True)
    again = client.post(url, {"phrase": "miracle-CURE", "action": "flag"})
    word = WatchedWord.objects.get()
    removed = client.post(
        reverse("moderation_watched_word_remove", args=[diabetes.community.slug, word.pk]), follow=True
    )

    assert empty.status_code == 200
    assert "No words are watched here yet." in empty.content.decode()
    assert "Posts with “Miracle cure” wait in your queue for approval" in added.content.decode()
    assert again.status_code == 422
    assert "“Miracle cure” is already watched here (hold for approval)." in again.content.decode()
    assert 'value="miracle-CURE"' in again.content.decode()  # what was typed stays
    assert "“Miracle cure” is no longer watched." in removed.content.decode()
    assert not WatchedWord.objects.exists()


def test_a_bad_phrase_on_the_page_is_answered_plainly(ravi: User, diabetes: Diabetes) -> None:
    url = reverse("moderation_watched_words", args=[diabetes.community.slug])

    page = client_of(ravi).post(url, {"phrase": "?!", "action": "refuse"})

    assert page.status_code == 422
    assert "A watched word needs at least one letter or digit." in page.content.decode()
    assert "Nothing was added" in page.content.decode()


def test_the_queue_links_to_the_watched_words(ravi: User, diabetes: Diabetes) -> None:
    queue = client_of(ravi).get(reverse("moderation_queue", args=[diabetes.community.slug])).content.decode()

    assert reverse("moderation_watched_words", args=[diabetes.community.slug]) in queue


def test_tiffany_maya_and_outsiders_can_neither_see_nor_change_them(
    ravi: User, tiffany: User, maya: User, site_admin: User, diabetes: Diabetes
) -> None:
    word = do_add_watched_word(ravi, diabetes.community, "cinnamon cure", WatchedAction.REFUSE)
    url = reverse("moderation_watched_words", args=[diabetes.community.slug])
    remove = reverse("moderation_watched_word_remove", args=[diabetes.community.slug, word.pk])
    elsewhere = reverse("moderation_watched_word_remove", args=[diabetes.lupus.slug, word.pk])

    for person in (tiffany, maya):
        client = client_of(person)
        assert client.get(url).status_code == 404
        assert client.post(url, {"phrase": "x", "action": "flag"}).status_code == 404
        assert client.post(remove).status_code == 404
    assert client_of(tiffany).post(elsewhere).status_code == 404  # her community, but not her word
    outsider = Client()
    assert outsider.get(url).status_code == 302  # to the login page
    assert outsider.post(remove).status_code == 302
    assert "cinnamon cure" in client_of(site_admin).get(url).content.decode()
    assert WatchedWord.objects.filter(pk=word.pk).exists()
    assert WatchedWord.objects.count() == 1


# --- Edits ------------------------------------------------------------------------------------


def test_an_edit_cannot_slip_in_a_refused_word_and_a_holding_word_flags_it(words: Diabetes) -> None:
    from hearth.discussions.actions import do_edit_post

    post = words.post  # Omar's reply, out already
    with pytest.raises(ValidationError) as refused:
        do_edit_post(words.omar, post, "Honestly, the cinnamon cure works.")
    assert refused.value.code == "watched_word"
    post.refresh_from_db()
    assert "cinnamon cure" not in post.source  # nothing saved

    do_edit_post(words.omar, post, "It was a miracle, honestly.")
    item = QueueItem.objects.get(target_type=TargetType.POST, target_id=post.pk, handled_at=None)
    assert "miracle" in item.note.lower()  # in Ravi's queue to look at
    assert not Measure.objects.filter(target_id=post.pk, kind=MeasureKind.HOLD).exists()  # already read by others
