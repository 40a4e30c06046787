"""The XSS corpus stays inert through every path that shows member text: the thread page, the
Preview button, search snippets, the Atom feed, notifications, tag pages and "My feed".

hearth/lib/tests/test_markdown.py proves that `render` and `safe_html` make allowed HTML of each
payload; this file proves that no page or feed puts a payload anywhere else, unescaped.

Every payload is written as a thread (its title and opening post) and as a reply (its body and
content warning); every eighth is also a thread's content warning. The member's display name and
the community's name and description are payloads too.
Each path is then read in as few requests as it takes (all pages of a list, one feed, one preview
of every payload at once), and each response is parsed: nothing executable may appear anywhere,
and inside member content (`.post-body`) only the Markdown module's allow-list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from xml.etree import ElementTree as ET

import pytest
from django.db import transaction
from django.test import Client
from pytest_django import DjangoDbBlocker

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.communities.models import Community
from hearth.communities.tests.factories import make_community
from hearth.discussions.actions import MAX_TITLE, MAX_WARNING, PostInput, do_create_thread, do_reply
from hearth.discussions.models import Thread
from hearth.lib.ratelimit import posting_limits_lifted
from hearth.lib.tests.test_markdown import CORPUS, assert_obeys_allow_list

ATOM = "{http://www.w3.org/2005/Atom}"
# Content warnings are shown by fewer templates than bodies and titles: every eighth payload is
# also a thread's content warning (every payload is one on the thread page).
WARNING_SAMPLE = 8
WARNED = len(range(0, len(CORPUS), WARNING_SAMPLE))
THREADS = len(CORPUS) + WARNED + 1  # and "Everything at once"
# Proof that payloads reached a page, escaped: this one is in the corpus as a title and a body.
SEEN_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"

# Elements that run code, load another document or restyle the page; none belongs in a page of
# Hearth except the layout's own scripts (below).
FORBIDDEN_TAGS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "style", "base",
    "img", "video", "audio", "source", "portal", "template",
}  # fmt: skip
# Attributes a browser follows or loads.
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "poster", "background", "data", "codebase", "cite",
    "ping", "srcset", "lowsrc", "dynsrc", "longdesc",
}  # fmt: skip
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Browsers ignore these inside a URL's scheme ("java\tscript:").
_INVISIBLE = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\u2060\ufeff]")
_DANGEROUS_SCHEME = re.compile(r"^(?:javascript|vbscript|livescript|data):")


def _storable(payload: str) -> str:
    # The forms refuse NUL and PostgreSQL cannot store it; the renderer turns it into U+FFFD.
    return payload.replace("\x00", "\ufffd")


def _one_line(payload: str, most: int) -> str:
    return " ".join(_storable(payload).split())[:most]


@dataclass(frozen=True)
class World:
    tiffany: User
    maya: User
    community: Community
    everything: Thread  # one thread with every payload as a reply


# Every test here shares the module's world: under pytest-xdist they run on one worker (--dist loadgroup).
pytestmark = pytest.mark.xdist_group("xss_render_paths")


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[World]:
    """Built once for the module (some 300 posts) inside a transaction rolled back at the end;
    each test's own transaction nests inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        tiffany = UserFactory.create(handle="tiffany")
        maya = UserFactory.create(handle="maya_r", display_name="<img src=x onerror=\"alert('maya')\">")
        community = make_community(
            tiffany,
            "<script>alert('name')</script> lupus",
            description="<script>alert('description')</script> [x](javascript:alert(1))",
            members=[maya],
        )
        with posting_limits_lifted():
            # Maya's own thread, so her replies notify nobody and notifications hold the mentions only.
            everything = do_create_thread(maya, community, "Everything at once", PostInput(source="Replies below."))
            for i, payload in enumerate(CORPUS):
                source, line = _storable(payload), _one_line(payload, MAX_WARNING) or "x"
                title = _one_line(payload, MAX_TITLE) or f"Payload {i}"
                do_create_thread(maya, community, title, PostInput(source=f"zebra @tiffany #xsscheck\n\n{source}"))
                do_reply(maya, everything, PostInput(source=source, content_warning=line))
                if i % WARNING_SAMPLE == 0:
                    warned = PostInput(source=f"zebra #xsscheck\n\n{source}", content_warning=line)
                    do_create_thread(maya, community, f"Content warning {i}", warned)
        yield World(tiffany, maya, community, everything)
        transaction.set_rollback(True)


@pytest.fixture
def tiffany_client(db: None, world: World) -> Client:
    client = Client()
    client.force_login(world.tiffany)
    return client


class _Page(HTMLParser):
    """Every element of a page, the HTML of its member content, and its "next page" link."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.script_text: list[str] = []
        self.member_html: list[str] = []
        self.next_url: str | None = None
        self._in_script = False
        self._member_depth = 0  # open elements inside the current .post-body; 0 outside

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))
        values = dict(attrs)
        if tag == "script":
            self._in_script = True
        if tag == "a" and values.get("rel") == "next":
            self.next_url = values.get("href")
        if self._member_depth:
            self.member_html[-1] += self.get_starttag_text() or ""
            if tag not in VOID_TAGS:
                self._member_depth += 1
        elif "post-body" in (values.get("class") or "").split():
            self.member_html.append("")
            self._member_depth = 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))
        if self._member_depth:
            self.member_html[-1] += self.get_starttag_text() or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False
        if self._member_depth:
            self._member_depth -= 1
            if self._member_depth:
                self.member_html[-1] += f"</{tag}>"

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script_text.append(data)
        if self._member_depth:
            self.member_html[-1] += escape(data, quote=False)

    def handle_comment(self, data: str) -> None:
        if self._member_depth:
            self.member_html[-1] += f"<!--{data}-->"


def assert_inert(html: str) -> _Page:
    """Nothing on the page can run: no script but the layout's own, no element that loads or
    styles, no event handler, no script URL; member content keeps to the Markdown allow-list."""
    page = _Page()
    page.feed(html)
    page.close()
    assert "".join(page.script_text).strip() == "", "inline script"
    for tag, attrs in page.elements:
        values = dict(attrs)
        if tag == "script":
            # The layout's own, from this server, loaded with the CSP nonce.
            assert (values.get("src") or "").startswith("/static/"), attrs
            assert values.get("nonce"), attrs
        else:
            assert tag not in FORBIDDEN_TAGS, (tag, attrs)
        if tag == "meta":
            assert "http-equiv" not in values, attrs
        if tag == "link":
            assert (values.get("href") or "").startswith("/"), attrs
        for name, value in attrs:
            assert not name.startswith("on"), (tag, attrs)
            assert name not in {"style", "srcdoc"}, (tag, attrs)
            if name in URL_ATTRIBUTES:
                assert not _DANGEROUS_SCHEME.match(_INVISIBLE.sub("", value or "").lower()), (tag, attrs)
    for member_html in page.member_html:
        assert_obeys_allow_list(member_html)
    return page


LAYOUT_SCRIPT = '<script src="/static/hearth/hearth.js" nonce="abc" defer></script>'


@pytest.mark.parametrize(
    "html",
    [
        "<p>hi</p><script>alert(1)</script>",
        '<script nonce="abc">alert(1)</script>',
        '<script src="/static/hearth/hearth.js"></script>',
        '<script src="https://evil.example/x.js" nonce="abc"></script>',
        '<script src="/static/x.js" nonce="abc">alert(1)</script>',
        '<a href="javascript:alert(1)">x</a>',
        '<a href="java&#x09;script:alert(1)">x</a>',
        '<form action="JavaScript:alert(1)"></form>',
        '<p onclick="alert(1)">x</p>',
        '<p style="background:red">x</p>',
        "<svg><circle/></svg>",
        '<iframe src="https://evil.example/"></iframe>',
        "<object data=x></object>",
        "<embed src=x>",
        "<style>body{display:none}</style>",
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
        '<link rel="stylesheet" href="https://evil.example/x.css">',
        '<div class="post-body"><p>fine</p><div>not allowed</div></div>',
        '<div class="post-body"><a href="/accounts/settings/">x</a></div>',
        '<div class="post-body"><p title="x">x</p></div>',
    ],
)
def test_the_inertness_check_catches_what_it_should(html: str) -> None:
    with pytest.raises(AssertionError):
        assert_inert(f"<html><body>{html}{LAYOUT_SCRIPT}</body></html>")


def test_the_inertness_check_passes_the_layout_and_allowed_member_content() -> None:
    page = assert_inert(
        '<html><head><link rel="stylesheet" href="/static/hearth/hearth.css"></head><body>'
        '<form method="post" action="/accounts/logout/"><button>Log out</button></form>'
        '<div class="post-body"><p>&lt;script&gt; <a href="https://ok.example/" rel="nofollow noopener ugc">ok</a>'
        '<br></p></div><a href="?page=2" rel="next">Older</a>'
        f"{LAYOUT_SCRIPT}</body></html>"
    )

    assert page.member_html == [
        '<p>&lt;script&gt; <a href="https://ok.example/" rel="nofollow noopener ugc">ok</a><br></p>'
    ]
    assert page.next_url == "?page=2"


def _every_page(client: Client, path: str) -> Iterator[str]:
    """The first page of a list and each one after it, following its "next" link."""
    url: str | None = path
    seen = 0
    while url is not None:
        response = client.get(url if url.startswith("/") else path.split("?")[0] + url)
        assert response.status_code == 200, url
        body = response.content.decode()
        yield body
        url = assert_inert(body).next_url
        seen += 1
        assert seen < 100, "pagination does not end"


def _read_all(client: Client, path: str) -> str:
    pages = list(_every_page(client, path))
    return "".join(pages)


def test_the_corpus_is_in_the_world(db: None, world: World) -> None:
    assert world.everything.posts.count() == len(CORPUS) + 1
    assert Thread.objects.filter(community=world.community).count() == THREADS


def test_the_thread_page_shows_every_payload_inert(tiffany_client: Client, world: World) -> None:
    pages = _read_all(tiffany_client, world.everything.get_absolute_url())

    assert pages.count('class="post-body"') == len(CORPUS) + 1
    assert SEEN_ESCAPED in pages


@pytest.mark.parametrize("form", ["new thread", "reply"])
def test_the_preview_shows_every_payload_inert(tiffany_client: Client, world: World, form: str) -> None:
    # One preview of everything: each payload alone, then each inside a quote (a quote ends any
    # code block a payload opened, so the ones after it are parsed as Markdown again).
    alone = "\n\n".join(_storable(payload) for payload in CORPUS)
    quoted = "\n\nNext:\n\n".join("\n".join(f"> {line}" for line in _storable(p).split("\n")) for p in CORPUS)
    url = {
        "new thread": f"/c/{world.community.slug}/new/",
        "reply": f"{world.everything.get_absolute_url()}reply/",
    }[form]

    for body in (alone, quoted):
        response = tiffany_client.post(url, {"title": "Preview", "body": body, "preview": "Preview"})

        assert response.status_code == 200
        page = assert_inert(response.content.decode())
        assert any("alert(1)" in member_html for member_html in page.member_html)
    # A preview writes nothing.
    assert world.community.threads.count() == THREADS
    assert world.everything.posts.count() == len(CORPUS) + 1


def test_search_snippets_show_every_payload_inert(tiffany_client: Client, world: World) -> None:
    pages = _read_all(tiffany_client, "/search/?q=zebra")

    assert pages.count("<mark>zebra</mark>") == len(CORPUS) + WARNED
    assert SEEN_ESCAPED in pages


def test_notifications_show_every_payload_inert(tiffany_client: Client, world: World) -> None:
    pages = _read_all(tiffany_client, "/notifications/")

    assert pages.count(f'href="/c/{world.community.slug}/t/') == len(CORPUS)
    assert SEEN_ESCAPED in pages


def test_the_tag_page_shows_every_payload_inert(tiffany_client: Client, world: World) -> None:
    pages = _read_all(tiffany_client, "/tags/xsscheck/")

    assert pages.count("Content warning: ") == WARNED
    assert SEEN_ESCAPED in pages


def test_my_feed_shows_every_payload_inert(tiffany_client: Client, world: World) -> None:
    pages = _read_all(tiffany_client, "/feed/")

    assert pages.count(f'href="/c/{world.community.slug}/t/') == THREADS
    assert SEEN_ESCAPED in pages


def _atom_html(element: ET.Element) -> str:
    """What a feed reader makes of an Atom text construct: HTML for type="html", else text."""
    text = element.text or ""
    return text if element.get("type") == "html" else escape(text, quote=False)


def test_the_atom_feed_carries_every_payload_inert(
    client: Client, db: None, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("hearth.communities.feeds.FEED_ITEMS", THREADS)

    response = client.get(f"/c/{world.community.slug}/feed.atom")

    assert response.status_code == 200
    feed = ET.fromstring(response.content)  # noqa: S314 (the feed our own code just wrote)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == THREADS
    constructs = [feed.find(f"{ATOM}title"), feed.find(f"{ATOM}subtitle")]
    for entry in entries:
        constructs += [entry.find(f"{ATOM}title"), entry.find(f"{ATOM}summary"), entry.find(f"{ATOM}author/{ATOM}name")]
    shown = []
    for construct in constructs:
        assert construct is not None
        shown.append(_atom_html(construct))
        assert_obeys_allow_list(shown[-1])
    assert SEEN_ESCAPED in "".join(shown)
