"""Maya reads without a trace, then posts under her handle, with a content warning, and gets replies
and reactions; bad input is refused clearly and loses nothing."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.communities.tests.factories import make_community
from hearth.discussions.actions import PostInput, do_create_thread, do_reply
from hearth.discussions.models import Post, PostRevision, Reaction, Thread
from hearth.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def lupus(tiffany: User, maya: User):
    return make_community(tiffany, members=[maya])


def new_thread(client: Client, community, **data: str):
    payload = {"title": "First question", "body": "Is fatigue normal?", "submission": "tok-1"} | data
    return client.post(f"/c/{community.slug}/new/", payload)


def test_an_outsider_reads_a_public_thread_without_a_trace(client: Client, lupus, tiffany: User) -> None:
    thread = do_create_thread(tiffany, lupus, "Welcome", PostInput(source="Say hello **here**."))

    page = client.get(thread.get_absolute_url())

    assert page.status_code == 200
    assert "<strong>here</strong>" in page.content.decode()
    assert "sessionid" not in page.cookies
    assert not Notification.objects.exists()


def test_maya_posts_her_first_question_with_a_content_warning(maya_client: Client, maya: User, lupus) -> None:
    response = new_thread(maya_client, lupus, content_warning="diagnosis details")

    thread = Thread.objects.get()
    assert response.status_code == 302
    assert response["Location"] == thread.get_absolute_url()
    post = Post.objects.get()
    assert post.author == maya
    assert post.content_warning == "diagnosis details"
    page = maya_client.get(thread.get_absolute_url()).content.decode()
    assert "<details" in page
    assert "Content warning: diagnosis details" in page


def test_a_double_submitted_form_creates_one_thread(maya_client: Client, lupus) -> None:
    new_thread(maya_client, lupus)
    second = new_thread(maya_client, lupus)

    assert second.status_code == 302
    assert Thread.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"body": "   "}, "Write something before posting"),
        ({"body": "x" * 20_001}, "at most 20,000 characters"),
        ({"title": "t" * 201}, "at most 200 characters"),
        ({"title": "  "}, "This field is required"),
    ],
)
def test_bad_posts_are_refused_clearly_and_the_text_is_kept(maya_client: Client, lupus, data, message) -> None:
    response = new_thread(maya_client, lupus, **data)

    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert not Thread.objects.exists()
    if data.get("body", "").strip():
        assert data["body"][:100] in page  # nothing the member wrote is lost


def test_posting_too_fast_gets_429_with_when_to_retry(maya_client: Client, lupus) -> None:
    statuses = [new_thread(maya_client, lupus, submission=f"t{i}", title=f"Q{i}").status_code for i in range(10)]

    assert statuses[:8] == [302] * 8
    limited = new_thread(maya_client, lupus, submission="late", title="late")
    assert limited.status_code == 429
    assert "Please wait" in limited.content.decode()
    assert int(limited["Retry-After"]) > 0


def test_html_and_script_come_out_inert(maya_client: Client, lupus) -> None:
    new_thread(
        maya_client, lupus, body="<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))"
    )

    page = maya_client.get(Thread.objects.get().get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page
    assert "<img" not in page
    assert 'href="javascript:' not in page
    assert "&lt;script&gt;" in page


def test_a_non_member_cannot_post_and_is_invited_to_join(client: Client, lupus) -> None:
    outsider = UserFactory.create(handle="visitor")
    client.force_login(outsider)

    response = new_thread(client, lupus)

    assert response.status_code == 302
    assert response["Location"] == lupus.get_absolute_url()
    assert not Thread.objects.exists()


def test_tiffany_replies_and_maya_is_notified_and_gets_a_hug(maya: User, tiffany: User, lupus) -> None:
    thread = do_create_thread(maya, lupus, "Fatigue", PostInput(source="Is it normal?"))
    tiffany_client = Client()
    tiffany_client.force_login(tiffany)

    tiffany_client.post(
        f"/c/{lupus.slug}/t/{thread.pk}/reply/", {"body": "Yes, @maya_r, very common.", "submission": "r1"}
    )
    first_post = thread.posts.get(is_first=True)
    tiffany_client.post(f"/posts/{first_post.pk}/react/", {"kind": "hug"})
    tiffany_client.post(f"/posts/{first_post.pk}/react/", {"kind": "me_too"})

    kinds = sorted(Notification.objects.filter(recipient=maya).values_list("kind", flat=True))
    assert kinds == ["reply"]  # one notification, even though she was also mentioned
    assert set(Reaction.objects.values_list("kind", flat=True)) == {"hug", "me_too"}
    thread.refresh_from_db()
    assert thread.reply_count == 1


def test_reacting_again_takes_the_reaction_back(maya_client: Client, maya: User, tiffany: User, lupus) -> None:
    thread = do_create_thread(tiffany, lupus, "Hello", PostInput(source="Hi all"))
    post = thread.posts.get()

    maya_client.post(f"/posts/{post.pk}/react/", {"kind": "helpful"})
    maya_client.post(f"/posts/{post.pk}/react/", {"kind": "helpful"})

    assert not Reaction.objects.exists()


def test_maya_hides_reaction_counts_for_herself(maya_client: Client, maya: User, tiffany: User, lupus) -> None:
    thread = do_create_thread(tiffany, lupus, "Hello", PostInput(source="Hi all"))
    Reaction.objects.create(post=thread.posts.get(), user=tiffany, kind="thanks")
    maya.hide_reaction_counts = True
    maya.save()

    page = maya_client.get(thread.get_absolute_url()).content.decode()

    assert 'aria-label="1 reaction"' not in page
    assert "Thanks" in page


def test_maya_edits_her_post_and_ravi_the_moderator_sees_the_history(
    maya_client: Client, maya: User, ravi: User, tiffany: User
) -> None:
    lupus = make_community(tiffany, members=[maya], moderators=[ravi])
    thread = do_create_thread(maya, lupus, "Typo", PostInput(source="First versoin"))
    post = thread.posts.get()

    maya_client.post(f"/posts/{post.pk}/edit/", {"body": "First version", "content_warning": ""})
    ravi_client = Client()
    ravi_client.force_login(ravi)
    history = ravi_client.get(f"/posts/{post.pk}/history/")

    post.refresh_from_db()
    assert post.source == "First version"
    assert PostRevision.objects.get().source == "First versoin"
    assert "First versoin" in history.content.decode()
    assert maya_client.get(f"/posts/{post.pk}/history/").status_code == 404


def test_tiffany_cannot_edit_mayas_post(client: Client, maya: User, tiffany: User, lupus) -> None:
    thread = do_create_thread(maya, lupus, "Mine", PostInput(source="Mine"))
    client.force_login(tiffany)

    assert client.get(f"/posts/{thread.posts.get().pk}/edit/").status_code == 404


def test_deleting_a_reply_leaves_a_note_and_deleting_the_first_post_removes_the_thread(
    maya_client: Client, maya: User, tiffany: User, lupus
) -> None:
    thread = do_create_thread(maya, lupus, "Hello", PostInput(source="First"))
    reply = do_reply(maya, thread, PostInput(source="A reply I regret"))

    maya_client.post(f"/posts/{reply.pk}/delete/")
    page = maya_client.get(thread.get_absolute_url()).content.decode()
    maya_client.post(f"/posts/{thread.posts.get(is_first=True).pk}/delete/")

    assert "This post was deleted." in page
    assert "A reply I regret" not in page
    assert Client().get(thread.get_absolute_url()).status_code == 404


def test_the_thread_page_makes_the_same_number_of_queries_however_many_replies(
    maya_client: Client, maya: User, tiffany: User, lupus
) -> None:
    thread = do_create_thread(tiffany, lupus, "Counting", PostInput(source="Start"))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert maya_client.get(thread.get_absolute_url()).status_code == 200
        return len(captured)

    queries()  # the first visit records the session; later ones are the steady state
    for i in range(3):
        Post.objects.create(thread=thread, community=lupus, author=maya, source=f"r{i}", html=f"<p>r{i}</p>")
    few = queries()
    for i in range(40):
        post = Post.objects.create(thread=thread, community=lupus, author=tiffany, source=f"s{i}", html=f"<p>s{i}</p>")
        Reaction.objects.create(post=post, user=maya, kind="hug")

    assert queries() == few


def test_anonymous_posting_hides_the_author_and_a_reveal_is_audited(maya: User, tiffany: User, ravi: User) -> None:
    from hearth.audit.models import AuditEvent

    lupus = make_community(tiffany, members=[maya], moderators=[ravi], anonymous_posting=True)
    thread = do_create_thread(maya, lupus, "Hard to say", PostInput(source="Something personal", anonymous=True))
    post = thread.posts.get()
    ravi_client = Client()
    ravi_client.force_login(ravi)

    public_page = Client().get(thread.get_absolute_url()).content.decode()
    no_reason = ravi_client.post(f"/posts/{post.pk}/reveal/", {"reason": ""}).content.decode()
    revealed = ravi_client.post(f"/posts/{post.pk}/reveal/", {"reason": "Safety concern"}).content.decode()

    assert "Anonymous member" in public_page
    assert "maya_r" not in public_page
    assert "Say why you need to know" in no_reason
    assert "maya_r" in revealed
    event = AuditEvent.objects.get(action="post:reveal_author")
    assert (event.actor, event.reason, event.target_id) == (ravi, "Safety concern", post.pk)


def test_a_members_only_post_is_hidden_from_outsiders(maya: User, tiffany: User, lupus) -> None:
    thread = do_create_thread(tiffany, lupus, "Open", PostInput(source="For all"))
    do_reply(maya, thread, PostInput(source="Only for us", members_only=True))
    maya_client = Client()
    maya_client.force_login(maya)

    assert "Only for us" not in Client().get(thread.get_absolute_url()).content.decode()
    assert "Only for us" in maya_client.get(thread.get_absolute_url()).content.decode()
