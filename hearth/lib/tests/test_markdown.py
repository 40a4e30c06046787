"""Member-written Markdown becomes safe HTML: raw HTML escaped, links tamed, mentions and tags found."""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.utils.safestring import SafeString
from hypothesis import given, settings
from hypothesis import strategies as st

from hearth.lib.markdown import MAX_SOURCE_CHARS, RENDERER_VERSION, Rendered, excerpt, render, safe_html

# The policy, written out again here so that a change to the module cannot loosen it quietly.
ALLOWED_TAGS = {
    "p", "br", "strong", "em", "del", "code", "pre", "blockquote", "ul", "ol", "li", "a",
    "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "class", "rel"}, "th": {"align"}, "td": {"align"}}
REL = 'rel="nofollow noopener ugc"'

# Browsers skip these inside a URL's scheme, so a check must skip them too.
_INVISIBLE = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\u2060\ufeff]")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")


def _load_corpus() -> list[str]:
    lines = (Path(__file__).parent / "xss_corpus.txt").read_text(encoding="utf-8").splitlines()
    return [
        re.sub(r"\{U\+([0-9A-F]{4})\}", lambda match: chr(int(match[1], 16)), line)
        for line in lines
        if line.strip() and not line.startswith("# ")
    ]


CORPUS = _load_corpus()


def _in_sentence(payload: str) -> str:
    return f"Hi @maya_r, try this: {payload} and tell me how it goes #LupusChat"


def _in_list(payload: str) -> str:
    first, *rest = payload.split("\n")
    return "\n".join(["- first", f"- {first}", *(f"  {line}" for line in rest), "- last"])


def _in_quote(payload: str) -> str:
    return "> Tiffany wrote:\n>\n" + "\n".join(f"> {line}" for line in payload.split("\n"))


SETTINGS = {"alone": lambda payload: payload, "sentence": _in_sentence, "list": _in_list, "quote": _in_quote}


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.other: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))

    def handle_comment(self, data: str) -> None:
        self.other.append(f"comment {data}")

    def handle_decl(self, decl: str) -> None:
        self.other.append(f"declaration {decl}")

    def unknown_decl(self, data: str) -> None:
        self.other.append(f"declaration {data}")

    def handle_pi(self, data: str) -> None:
        self.other.append(f"processing instruction {data}")


def _href_is_allowed(href: str) -> bool:
    scheme = _SCHEME.match(href)
    if scheme is not None:
        return scheme[1] in {"http", "https", "mailto"}
    return href.startswith(("/members/", "/tags/"))


def assert_obeys_allow_list(html: str) -> None:
    assert "<script" not in html.lower()
    parser = _Elements()
    parser.feed(html)
    parser.close()
    assert parser.other == []
    for tag, attrs in parser.elements:
        assert tag in ALLOWED_TAGS, tag
        for name, value in attrs:
            assert not name.startswith("on"), name
            assert name != "style"
            assert name in ALLOWED_ATTRIBUTES.get(tag, set()), (tag, name)
            compact = _INVISIBLE.sub("", value or "").lower()
            assert "<script" not in compact
            assert "javascript:" not in compact
            if name == "href":
                assert _href_is_allowed(compact), value


@pytest.mark.parametrize(
    "html",
    [
        "<img src=x>",
        "<script>alert(1)</script>",
        "<p onclick=alert(1)>x</p>",
        '<p style="color:red">x</p>',
        '<a href="javascript:alert(1)">x</a>',
        '<a href=" &#x6A;ava&#9;script:alert(1)">x</a>',
        '<a href="\u200bjavascript:alert(1)">x</a>',
        '<a href="data:text/html,x">x</a>',
        '<a href="//evil.example/">x</a>',
        '<a href="/accounts/settings/">x</a>',
        '<a title="x">x</a>',
        '<td class="x">x</td>',
        "<!-- x -->",
        "<![CDATA[x]]>",
    ],
)
def test_the_allow_list_check_catches_what_it_should(html: str) -> None:
    with pytest.raises(AssertionError):
        assert_obeys_allow_list(html)


def test_raw_html_in_a_post_comes_out_escaped() -> None:
    rendered = render("<p>hello</p>\n\n<script>alert(1)</script>")

    assert rendered.html == "<p>&lt;p&gt;hello&lt;/p&gt;</p>\n<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"
    assert rendered.plain_text == "<p>hello</p>\n\n<script>alert(1)</script>"


def test_the_corpus_is_big_enough_to_mean_something() -> None:
    assert len(CORPUS) >= 80


@pytest.mark.parametrize("setting", SETTINGS)
@pytest.mark.parametrize("payload", CORPUS)
def test_attack_payloads_render_to_allowed_html_only(payload: str, setting: str) -> None:
    rendered = render(SETTINGS[setting](payload))

    assert_obeys_allow_list(rendered.html)
    assert_obeys_allow_list(safe_html(rendered))
    assert all(_href_is_allowed(_INVISIBLE.sub("", link).lower()) for link in rendered.links)
    assert all(not link.startswith("/") for link in rendered.links)


@pytest.mark.parametrize("payload", CORPUS)
def test_safe_html_cleans_payloads_written_straight_into_the_database(payload: str) -> None:
    assert_obeys_allow_list(safe_html(payload))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_text_renders_to_allowed_html(source: str) -> None:
    rendered = render(source)

    assert_obeys_allow_list(rendered.html)
    assert str(safe_html(rendered)) == rendered.html


_FRAGMENTS = st.sampled_from(
    [
        "<", ">", "[", "]", "(", ")", "!", "*", "_", "`", "~", "#", "@", ":", "/", "\\", '"', "'", "&", ";", "=",
        "|", "-", " ", "\n", "\t", "\x00", "\u200b", "a", "1", "javascript:", "JaVaScRiPt:", "data:", "vbscript:",
        "<script>", "</script>", "<img src=x onerror=alert(1)>", "](", "![", "&#106;", "&#x3A;", "onerror=",
        "https://ok.example", "mailto:", "//", "@maya_r", "#LupusChat", "> ", "- ", "1. ", "```", "    ", "---",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_FRAGMENTS, max_size=60).map("".join))
def test_markdown_shaped_noise_renders_to_allowed_html(source: str) -> None:
    rendered = render(source)

    assert_obeys_allow_list(rendered.html)
    assert str(safe_html(rendered)) == rendered.html
    assert all(re.fullmatch(r"[a-z0-9_.-]{3,30}", handle) for handle in rendered.mentions)


# Mentions


def test_mentions_link_to_members_and_are_collected_lowercased_in_order() -> None:
    rendered = render("Thanks @Tiffany and @dr_attai, and again @tiffany!")

    assert rendered.mentions == ("tiffany", "dr_attai")
    assert rendered.html == (
        f'<p>Thanks <a href="/members/tiffany/" class="mention" {REL}>@Tiffany</a> and '
        f'<a href="/members/dr_attai/" class="mention" {REL}>@dr_attai</a>, and again '
        f'<a href="/members/tiffany/" class="mention" {REL}>@tiffany</a>!</p>\n'
    )


@pytest.mark.parametrize(
    ("source", "mentions"),
    [
        ("@maya_r.", ("maya_r",)),  # the end of a sentence
        ("(cc @sam_cares)", ("sam_cares",)),
        ("**@ravi** please look", ("ravi",)),
        ("# Hello @ellen71", ("ellen71",)),
        ("@a.b-c_d", ("a.b-c_d",)),
        ("@abc", ("abc",)),
        ("@" + "x" * 30, ("x" * 30,)),
        ("@ab", ()),  # too short for a handle
        ("@" + "x" * 31, ()),  # too long for a handle
        ("maya@example.org", ()),
        ("write to sam.cares+hearth@example.org", ()),
        ("<maya@example.org>", ()),
        ("https://example.org/@maya_r", ()),
        ("www.example.org/@maya_r", ()),
        ("[@maya_r](https://example.org)", ()),  # a link already
        ("`@maya_r`", ()),
        ("```\n@maya_r\n```", ()),
        ("    @maya_r", ()),  # an indented code block
        ("\\@maya_r", ()),  # escaped on purpose
        ("@renée", ()),  # not a handle's characters
        ("@maya_r@example.org", ()),
    ],
)
def test_what_counts_as_a_mention(source: str, mentions: tuple[str, ...]) -> None:
    assert render(source).mentions == mentions


def test_mentions_inside_quotes_link_but_do_not_notify_again() -> None:
    rendered = render("> @maya_r asked about fatigue\n\n@dr_attai can you help?")

    assert rendered.mentions == ("dr_attai",)
    assert f'<a href="/members/maya_r/" class="mention" {REL}>@maya_r</a>' in rendered.html


# Tags


def test_tags_link_to_the_tag_page_and_are_collected_lowercased_once() -> None:
    rendered = render("Join #LupusChat tonight! #lupuschat #Spoonies")

    assert rendered.tags == ("lupuschat", "spoonies")
    assert f'<a href="/tags/lupuschat/" class="tag" {REL}>#LupusChat</a>' in rendered.html


@pytest.mark.parametrize(
    ("source", "tags"),
    [
        ("#LupusChat", ("lupuschat",)),  # at the start of a line it is still a tag, not a heading
        ("(#hcldr)", ("hcldr",)),
        ("#T1D_life, #BCSM.", ("t1d_life", "bcsm")),
        ("#ab", ("ab",)),
        ("#" + "a" * 50, ("a" * 50,)),
        ("#" + "a" * 51, ()),
        ("#a", ()),
        ("#42 is the issue", ()),
        ("C# and F#", ()),
        ("no#tag", ()),
        ("##tag", ()),
        ("# Title", ()),
        ("## Weekly notes", ()),
        ("https://example.org/page#Section", ()),
        ("https://example.org/#/route", ()),
        ("example.org/#Section", ()),
        ("`#code`", ()),
        ("```\n#code\n```", ()),
        ("\\#NotATag", ()),
        ("&#35;NotATag", ()),
        ("[#Tag](https://example.org)", ()),
        ("#Müdigkeit", ("müdigkeit",)),
    ],
)
def test_what_counts_as_a_tag(source: str, tags: tuple[str, ...]) -> None:
    assert render(source).tags == tags


def test_tags_outside_ascii_have_an_encoded_address() -> None:
    assert 'href="/tags/m%C3%BCdigkeit/"' in render("#Müdigkeit").html


# Links and images


def test_links_get_rel_and_no_target_or_title() -> None:
    rendered = render('[Lupus Foundation](https://www.lupus.org "Their site") and <https://www.nhs.uk/>')

    assert rendered.html == (
        f'<p><a href="https://www.lupus.org" {REL}>Lupus Foundation</a> and '
        f'<a href="https://www.nhs.uk/" {REL}>https://www.nhs.uk/</a></p>\n'
    )
    assert rendered.links == ("https://www.lupus.org", "https://www.nhs.uk/")


def test_links_are_collected_once_in_order_without_mentions_or_tags() -> None:
    rendered = render(
        "[a](https://b.example) @maya_r #LupusChat [c](https://a.example) [again](https://b.example) <ravi@example.org>"
    )

    assert rendered.links == ("https://b.example", "https://a.example", "mailto:ravi@example.org")


def test_bare_urls_stay_text_because_linkify_is_not_installed() -> None:
    rendered = render("See https://www.lupus.org for more")

    assert rendered.html == "<p>See https://www.lupus.org for more</p>\n"
    assert rendered.links == ()


@pytest.mark.parametrize(
    "source",
    [
        "[x](javascript:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html,hi)",
        "[x](file:///etc/passwd)",
        "[x](ftp://files.example/x)",
        "[x](//evil.example/x)",
        "[x](/communities/lupus/)",
        "[x](relative/path)",
        "[x](http:evil.example)",
        "[x](http:///evil.example)",
        "<javascript:alert(1)>",
        "<ftp://files.example/x>",
    ],
)
def test_links_outside_http_https_and_mailto_stay_text(source: str) -> None:
    rendered = render(source)

    assert "<a" not in rendered.html
    assert rendered.plain_text == source
    assert rendered.links == ()


def test_images_become_links_named_by_their_alt_text() -> None:
    rendered = render("My rash today: ![a red *butterfly* rash](https://photos.example/rash.jpg)")

    assert rendered.html == (
        f'<p>My rash today: <a href="https://photos.example/rash.jpg" {REL}>a red butterfly rash</a></p>\n'
    )
    assert rendered.links == ("https://photos.example/rash.jpg",)


def test_an_image_without_alt_text_is_named_by_its_address() -> None:
    rendered = render("![](https://photos.example/rash.jpg)")

    assert rendered.html == (
        f'<p><a href="https://photos.example/rash.jpg" {REL}>https://photos.example/rash.jpg</a></p>\n'
    )


def test_an_image_inside_a_link_leaves_only_the_link() -> None:
    rendered = render("[![logo](https://img.example/logo.png)](https://www.lupus.org)")

    assert rendered.html == f'<p><a href="https://www.lupus.org" {REL}>logo</a></p>\n'
    assert rendered.links == ("https://www.lupus.org",)


def test_an_image_inside_an_image_description_reads_as_its_text() -> None:
    rendered = render("![a ![b](https://img.example/b.png) c](https://img.example/a.png)")

    assert rendered.html == f'<p><a href="https://img.example/a.png" {REL}>a b c</a></p>\n'


# Blocks


@pytest.mark.parametrize(
    ("source", "html"),
    [
        ("# Title", "<h3>Title</h3>\n"),
        ("## Title", "<h4>Title</h4>\n"),
        ("### Title", "<h5>Title</h5>\n"),
        ("#### Title", "<h6>Title</h6>\n"),
        ("###### Title", "<h6>Title</h6>\n"),
        ("Title\n=====", "<h3>Title</h3>\n"),
        ("Title\n-----", "<h4>Title</h4>\n"),
    ],
)
def test_headings_are_demoted_below_the_page_headings(source: str, html: str) -> None:
    assert render(source).html == html


def test_line_breaks_are_kept_as_written() -> None:
    assert render("Monday: tired\nTuesday: better").html == "<p>Monday: tired<br>\nTuesday: better</p>\n"


def test_quotes_lists_code_and_strikethrough() -> None:
    rendered = render("> I feel seen\n\n- rest\n- ~~push through~~ pace\n\n`code`\n\n---")

    assert rendered.html == (
        "<blockquote>\n<p>I feel seen</p>\n</blockquote>\n"
        "<ul>\n<li>rest</li>\n<li><del>push through</del> pace</li>\n</ul>\n"
        "<p><code>code</code></p>\n<hr>\n"
    )


def test_tables_keep_their_alignment_without_inline_styles() -> None:
    rendered = render("| Drug | Dose |\n|:-----|-----:|\n| HCQ | 200 mg |")

    assert '<th align="left">Drug</th>' in rendered.html
    assert '<td align="right">200 mg</td>' in rendered.html
    assert "style" not in rendered.html


# What comes back


def test_plain_text_is_what_a_reader_sees() -> None:
    rendered = render(
        "## Day 3\n\n**Better** today, thanks _@maya_r_ &amp; [the guide](https://www.lupus.org).\n"
        "Second line\n\n- one\n- two\n\n```\ncode  here\n```"
    )

    assert (
        rendered.plain_text
        == "Day 3\n\nBetter today, thanks @maya_r & the guide.\nSecond line\n\none\ntwo\n\ncode here"
    )


def test_the_result_carries_the_renderer_version_and_cannot_be_changed() -> None:
    rendered = render("hello")

    assert rendered.version == RENDERER_VERSION
    with pytest.raises(dataclasses.FrozenInstanceError):
        rendered.html = "<script>"  # type: ignore[misc]


def test_empty_source_renders_to_nothing() -> None:
    assert render("") == Rendered(html="", version=RENDERER_VERSION, mentions=(), tags=(), links=(), plain_text="")


def test_the_longest_allowed_post_renders_and_a_longer_one_is_refused() -> None:
    assert render("a" * MAX_SOURCE_CHARS).plain_text == "a" * MAX_SOURCE_CHARS

    with pytest.raises(ValueError, match="20001 characters"):
        render("a" * (MAX_SOURCE_CHARS + 1))


@pytest.mark.parametrize(
    "bomb",
    [
        ">" * 10_000,
        "> " * 10_000,
        "[" * 10_000,
        "]" * 10_000,
        "*" * 10_000,
        "_" * 10_000,
        "*a " * 6_000,
        "![" * 10_000,
        "[a](" * 5_000,
        "- " * 10_000,
        "`" * 10_000,
        "<" * 10_000,
        "[" * 5_000 + "a" + "](https://x.example)" * 700,
        "\n".join("  " * depth + "- item" for depth in range(130)),
    ],
    ids=lambda bomb: repr(bomb[:12]),
)
def test_nesting_bombs_render_without_blowing_up(bomb: str) -> None:
    rendered = render(bomb)

    assert_obeys_allow_list(rendered.html)
    assert len(rendered.html) < 10 * len(bomb)
    assert rendered.html.count("<blockquote>") <= 20
    assert rendered.html.count("<ul>") <= 20


def test_a_bracket_bomb_reads_as_the_brackets_typed() -> None:
    assert render("[" * 10_000).plain_text == "[" * 10_000


# Excerpts


def test_a_short_text_is_its_own_excerpt_on_one_line() -> None:
    assert excerpt("Hello,\n\nall of you ") == "Hello, all of you"


@pytest.mark.parametrize(
    ("length", "expected"),
    [
        (30, "I have been living with lupus…"),  # the cut falls between words
        (27, "I have been living with…"),  # the cut falls inside "lupus"
        (35, "I have been living with lupus for…"),
    ],
)
def test_a_long_text_is_cut_after_a_word(length: int, expected: str) -> None:
    text = "I have been living with lupus for ten years, and today was a good day."

    assert excerpt(text, length) == expected
    assert len(expected) <= length


def test_an_excerpt_does_not_end_in_punctuation_before_the_ellipsis() -> None:
    assert excerpt("Tired, sore, hopeful, grateful", 14) == "Tired, sore…"


def test_one_very_long_word_is_cut_where_it_must_be() -> None:
    assert excerpt("See https://example.org/" + "a" * 300, 50) == ("See https://example.org/" + "a" * 300)[:49] + "…"


def test_an_excerpt_of_a_rendered_post_uses_its_plain_text() -> None:
    rendered = render("**Maya** asked: is _fatigue_ normal in the first month? " * 10)

    assert excerpt(rendered, 40) == "Maya asked: is fatigue normal in the…"


def test_an_excerpt_needs_room_for_a_character() -> None:
    with pytest.raises(ValueError, match="at least one"):
        excerpt("Hello", 0)


@given(st.text(max_size=300), st.integers(min_value=1, max_value=250))
def test_an_excerpt_never_exceeds_its_length(text: str, length: int) -> None:
    assert len(excerpt(text, length)) <= length


# Output to templates


def test_safe_html_marks_stored_html_safe_for_templates() -> None:
    rendered = render("Thanks @maya_r, see [NIH](https://www.nih.gov)")

    html = safe_html(rendered)

    assert isinstance(html, SafeString)
    assert html == rendered.html
    assert safe_html(rendered.html) == rendered.html


def test_safe_html_cleans_html_tampered_with_in_the_database() -> None:
    stored = (
        '<p onclick="x()">Hi <a href="javascript:alert(1)">a</a> <a href="//evil.example/">b</a> '
        '<a href="/members/../admin/">c</a> <a class="mention evil" href="/members/maya_r/" rel="opener">@maya_r</a>'
        '<img src="https://evil.example/t.gif"><script>alert(1)</script><style>p{}</style></p>'
    )

    assert safe_html(stored) == (
        f"<p>Hi <a {REL}>a</a> <a {REL}>b</a> <a {REL}>c</a> "
        f'<a class="mention" href="/members/maya_r/" {REL}>@maya_r</a></p>'
    )
