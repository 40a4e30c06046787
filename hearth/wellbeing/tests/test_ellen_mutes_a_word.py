"""Ellen mutes "metastasis": Maya's post that mentions it is collapsed for her, with the reason,
and opens without JavaScript; Maya (and everyone else) still sees it open. Case and accents do
not matter, only whole words match, and the thread page costs no query per post. Titles in the
feed and posts on tag pages are collapsed alike; so are the posts of a member Ellen muted, but
never an anonymous post, which would give its author away."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from hearth.accounts.models import User
from hearth.communities.models import Community
from hearth.connections.actions import do_mute
from hearth.lib.ratelimit import posting_limits_lifted
from hearth.search.tests.factories import make_reply, make_thread
from hearth.wellbeing.actions import do_add_muted_word
from hearth.wellbeing.models import MutedWord
from hearth.wellbeing.muting import Muting, fold_phrase

pytestmark = pytest.mark.django_db

REASON = "Hidden because it mentions a word you muted: metastasis"
MAYAS_WORDS = "My scan showed a small metastasis in the liver. Scared."


def _collapsed(page: str, words: str) -> bool:
    """Whether `words` are on the page inside a closed <details> whose summary gives a reason."""
    found = re.search(
        r'<details class="cw muted-content"><summary>Hidden because[^<]*</summary>(.*?)</details>', page, re.S
    )
    return found is not None and words in found.group(1)


def test_ellen_sees_mayas_post_collapsed_with_the_reason(
    ellen: User, ellen_client: Client, maya: User, maya_client: Client, circle: Community
) -> None:
    thread = make_thread(maya, circle, "Scan results", "Waiting for news.")
    make_reply(maya, thread, MAYAS_WORDS)
    do_add_muted_word(ellen, "Metastasis")

    page = ellen_client.get(thread.get_absolute_url()).content.decode()
    mayas = maya_client.get(thread.get_absolute_url()).content.decode()

    assert "Hidden because it mentions a word you muted: Metastasis" in page
    assert _collapsed(page, "small metastasis in the liver")  # collapsed, never dropped
    assert "<details open" not in page
    assert "Waiting for news." in page
    assert page.count("muted-content") == 1
    assert "muted-content" not in mayas
    assert "small metastasis in the liver" in mayas
    assert "muted-content" not in Client().get(thread.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("METASTASIS again", True),
        ("La metástasis, otra vez", True),
        ("metastasis.", True),
        ("metastasised and metastases", False),
        ("premetastasis", False),
    ],
)
def test_case_and_accents_do_not_matter_but_words_match_whole(text: str, hidden: bool) -> None:
    muting = Muting(words={fold_phrase("Metástasis"): "Metástasis"})

    assert bool(muting.reason(text)) is hidden


def test_a_phrase_matches_across_spaces_and_the_longest_word_is_named() -> None:
    muting = Muting(words={fold_phrase(p): p for p in ("chemo", "chemo brain")})

    assert muting.reason("My chemo\n  brain today") == "Hidden because it mentions a word you muted: chemo brain"
    assert muting.reason("chemo day") == "Hidden because it mentions a word you muted: chemo"
    assert muting.reason("") == ""


def test_the_thread_page_costs_no_query_per_post(
    ellen: User, ellen_client: Client, maya: User, circle: Community
) -> None:
    thread = make_thread(maya, circle, "Scan results", "Waiting for news.")
    do_add_muted_word(ellen, "metastasis")
    make_reply(maya, thread, MAYAS_WORDS)
    with CaptureQueriesContext(connection) as few:
        ellen_client.get(thread.get_absolute_url())
    with posting_limits_lifted():
        for n in range(10):
            make_reply(maya, thread, f"{MAYAS_WORDS} {n}")
    with CaptureQueriesContext(connection) as many:
        page = ellen_client.get(thread.get_absolute_url()).content.decode()

    assert page.count(REASON) == 11
    assert len(many.captured_queries) == len(few.captured_queries)


def test_titles_in_the_feed_and_posts_on_tag_pages_are_collapsed(
    ellen: User, ellen_client: Client, maya: User, circle: Community
) -> None:
    make_thread(maya, circle, "Metastasis questions", "Anyone else? #scans")
    make_thread(maya, circle, "Gardening", "Tomatoes! #scans")
    do_add_muted_word(ellen, "metastasis")

    feed = ellen_client.get("/feed/").content.decode()
    tag = ellen_client.get("/tags/scans/").content.decode()

    assert feed.count(REASON) == 1
    assert "Metastasis questions" in feed
    assert "Gardening" in feed
    assert tag.count(REASON) == 1
    assert "Tomatoes!" in tag


def test_posts_of_a_muted_member_are_collapsed_but_not_anonymous_ones(
    ellen: User, ellen_client: Client, maya: User, circle: Community
) -> None:
    circle.anonymous_posting = True
    circle.save(update_fields=["anonymous_posting"])
    thread = make_thread(maya, circle, "Scan results", "Waiting for news.")
    make_reply(maya, thread, "Signed reply")
    make_reply(maya, thread, "Anonymous reply", anonymous=True)
    do_mute(ellen, maya)

    page = ellen_client.get(thread.get_absolute_url()).content.decode()

    assert page.count("Hidden because you muted this member") == 2  # the opening post and the signed reply
    anonymous = page[page.index("Anonymous reply") - 400 : page.index("Anonymous reply")]
    assert "muted-content" not in anonymous


def test_ellen_adds_and_removes_words_on_the_page(ellen: User, ellen_client: Client, maya: User) -> None:
    added = ellen_client.post("/well-being/words/", {"phrase": "  metastasis  "})
    again = ellen_client.post("/well-being/words/", {"phrase": "METASTASIS"})
    blank = ellen_client.post("/well-being/words/", {"phrase": "!!!"})
    word = MutedWord.objects.get(user=ellen)
    ellen_client.post(f"/well-being/words/{word.pk}/unmute/")
    maya_word = do_add_muted_word(maya, "scan")
    others = ellen_client.post(f"/well-being/words/{maya_word.pk}/unmute/")

    assert added.status_code == 302
    assert again.status_code == 422
    assert "You already muted" in again.content.decode()
    assert blank.status_code == 422
    assert 'href="#id_phrase"' in blank.content.decode()
    assert not MutedWord.objects.filter(user=ellen).exists()
    assert others.status_code == 404
    assert MutedWord.objects.filter(user=maya).exists()


def test_at_most_fifty_words_of_sixty_characters(ellen: User, ellen_client: Client) -> None:
    for n in range(50):
        do_add_muted_word(ellen, f"word{n}")

    too_many = ellen_client.post("/well-being/words/", {"phrase": "one more"})
    too_long = ellen_client.post("/well-being/words/", {"phrase": "x" * 61})

    assert too_many.status_code == 422
    assert "at most 50 words" in too_many.content.decode()
    assert too_long.status_code == 422
    assert MutedWord.objects.filter(user=ellen).count() == 50


def test_the_tag_collapses_any_text_such_as_a_chat_message(ellen: User) -> None:
    do_add_muted_word(ellen, "metastasis")
    request = RequestFactory().get("/")
    request.user = ellen
    template = Template("{% load wellbeing %}{% muted text=words author=author %}<p>{{ words }}</p>{% endmuted %}")

    hidden = template.render(Context({"request": request, "words": "A metastasis?", "author": None}))
    shown = template.render(Context({"request": request, "words": "A good day", "author": None}))

    assert hidden.startswith('<details class="cw muted-content"><summary>' + REASON)
    assert "<p>A metastasis?</p></details>" in hidden
    assert shown == "<p>A good day</p>"


def test_search_results_and_a_chat_transcript_are_collapsed_too(
    ellen: User, ellen_client: Client, maya: User, circle: Community, tiffany: User
) -> None:
    from hearth.chats import actions as chat_actions
    from hearth.chats.access import chat_access
    from hearth.chats.tests.factories import make_live_chat

    make_thread(maya, circle, "Questions", "Is a metastasis always found on a scan?")
    chat = make_live_chat(tiffany, circle)
    chat_actions.do_post_message(maya, chat_access(maya, chat.series), chat, "My metastasis news", client_id="m1")
    do_add_muted_word(ellen, "metastasis")

    search = ellen_client.get("/search/", {"q": "scan"}).content.decode()
    room = ellen_client.get(chat.get_absolute_url()).content.decode()

    assert search.count(REASON) == 1
    assert "Questions" in search  # collapsed, never dropped
    assert room.count(REASON) == 1
    assert "My metastasis news" in room


def test_a_word_that_grows_too_long_when_folded_is_refused(ellen: User) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        do_add_muted_word(ellen, "\ufdfa" * 14)  # 14 characters, 252 once written out
    assert not MutedWord.objects.exists()
