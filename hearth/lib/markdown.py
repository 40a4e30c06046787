"""The one place where member-written text becomes HTML.

Posts, answers and messages are written in Markdown and stored three ways together: the source,
the HTML `render` made of it and `RENDERER_VERSION`, so stored HTML can be made again when the
output changes. Raw HTML is off at the parser, links keep to http, https and mailto, images
become plain links (no other origin may load in a page), and nh3 cleans the result against an
allow-list before it is stored and again, in `safe_html`, before it reaches a template.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

# Bump whenever the same source would render differently, so stored HTML can be re-rendered.
RENDERER_VERSION = 1

# Callers check the length first and say so kindly; this only guards the renderer.
MAX_SOURCE_CHARS = 20_000

LINK_REL = "nofollow noopener ugc"
_SCHEMES = frozenset({"http", "https", "mailto"})

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "strong", "em", "del", "code", "pre", "blockquote", "ul", "ol", "li", "a",
        "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip

# Pages own h1 and h2, so a post's "# Title" is an h3.
_DEMOTED = {"h1": "h3", "h2": "h4", "h3": "h5", "h4": "h6", "h5": "h6", "h6": "h6"}

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
# A handle is 3-30 of [A-Za-z0-9_.-] (accounts/validators.py). Not after a word character, so
# "maya@example.org" is an email address, not a mention; not after "/", so a URL's "/@maya" is not.
_MENTION = r"(?<![\w@/.+\-])@(?P<handle>[A-Za-z0-9_.-]+)"
# A tag starts with a letter; "C#", "issue #42", "&#35;" and "##" are not tags.
_TAG = r"(?<![\w&#/@])#(?P<tag>[^\W\d_]\w*)"
_WORDS = re.compile(f"{_MENTION}|{_TAG}")
# Bare URLs stay text (there is no linkify), but a "#" or "@" inside one is not a tag or a mention.
_BARE_URL = re.compile(r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.|\bmailto:)\S+", re.IGNORECASE)
_HANDLE_MIN, _HANDLE_MAX = 3, 30
_TAG_MIN, _TAG_MAX = 2, 50
_MEMBER_OR_TAG_PATH = re.compile(r"^/(?:members|tags)/[^/\\?#\s]+/$")
_WHOLE_TAG = re.compile(r"[^\W\d_]\w*")


def tag_from(raw: str) -> str | None:
    """A tag as posts store it (no "#", lower case), or None for what can never be one: for tag
    pages and following a tag, so they agree with the tags the renderer finds."""
    tag = raw.strip().removeprefix("#")
    if not _WHOLE_TAG.fullmatch(tag):
        return None
    tag = tag.lower()  # measured after lower-casing, as posts' tags are
    return tag if _TAG_MIN <= len(tag) <= _TAG_MAX else None


@dataclass(frozen=True)
class Rendered:
    """What `render` made of a source: stored next to the source and the version."""

    html: str
    version: int
    mentions: tuple[str, ...]  # handles, lowercased, first mention first
    tags: tuple[str, ...]  # tags without "#", lowercased
    links: tuple[str, ...]  # hrefs of links and images (http, https, mailto); not mentions or tags
    plain_text: str  # what a reader sees, without markup: for search and previews


@dataclass
class _Found:
    # Dicts keep the first-seen order and drop duplicates.
    mentions: dict[str, None] = field(default_factory=dict)
    tags: dict[str, None] = field(default_factory=dict)
    links: dict[str, None] = field(default_factory=dict)


def _is_allowed_url(url: str) -> bool:
    """True for http(s) URLs with a host and mailto: URLs; everything else stays text.

    Relative URLs are refused too: "//elsewhere.example" is another origin, and a member's
    "/path" would mean different things on different pages.
    """
    match = _SCHEME.match(url)
    if match is None:
        return False
    scheme, rest = match[1].lower(), url[match.end() :]
    if scheme in ("http", "https"):
        return rest.startswith("//") and len(rest) > 2 and rest[2] not in "/\\"
    return scheme == "mailto" and bool(rest)


class _Parser(MarkdownIt):
    # markdown-it asks this of every link, autolink, image and reference definition; a refused
    # URL leaves the Markdown as typed, so `[x](javascript:...)` reads as text.
    def validateLink(self, url: str) -> bool:  # noqa: N802 (markdown-it's name)
        return _is_allowed_url(url)


def _as_text(tokens: list[Token], newline: str = " ") -> str:
    parts = []
    for token in tokens:
        if token.children:
            parts.append(_as_text(token.children, newline))
        elif token.type in ("text", "text_special", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(newline)
    return "".join(parts)


def _link(href: str, text: str, css_class: str | None = None) -> list[Token]:
    attrs: dict[str, str | int | float] = {"href": href}
    if css_class is not None:
        attrs["class"] = css_class
    return [Token("link_open", "a", 1, attrs=attrs), Token("text", "", 0, content=text), Token("link_close", "a", -1)]


def _text(content: str) -> Token:
    return Token("text", "", 0, content=content)


def _link_words(run: list[Token], found: _Found, *, in_quote: bool) -> list[Token]:
    """Turn the @mentions and #tags in a run of text into links."""
    text = "".join(token.content for token in run)
    if "@" not in text and "#" not in text:
        return run
    # Characters written as escapes or entities ("\@maya", "&#35;tag") cannot start a link.
    escaped: set[int] = set()
    offset = 0
    for token in run:
        if token.type == "text_special":
            escaped.update(range(offset, offset + len(token.content)))
        offset += len(token.content)
    in_url = [match.span() for match in _BARE_URL.finditer(text)]

    out: list[Token] = []
    done = 0
    for match in _WORDS.finditer(text):
        start = match.start()
        if start in escaped or any(begin <= start < end for begin, end in in_url):
            continue
        if match["handle"] is not None:
            raw = match["handle"]
            handle = raw.rstrip(".-")  # "thanks @maya_r." ends a sentence, not a handle
            after = text[match.end() : match.end() + 1]
            if not _HANDLE_MIN <= len(handle) <= _HANDLE_MAX or (after and (after.isalnum() or after in "@_")):
                continue
            key = handle.lower()
            end = start + 1 + len(handle)
            link = _link(f"/members/{key}/", text[start:end], "mention")
            # Quoting a post that mentions someone should not notify them again.
            if not in_quote:
                found.mentions.setdefault(key)
        else:
            key = match["tag"].lower()
            # Measured after lower-casing: a few letters grow ("İ" becomes two characters).
            if not _TAG_MIN <= len(key) <= _TAG_MAX:
                continue
            end = match.end()
            link = _link(f"/tags/{quote(key)}/", text[start:end], "tag")
            found.tags.setdefault(key)
        if start > done:
            out.append(_text(text[done:start]))
        out.extend(link)
        done = end
    if not out:
        return run
    if done < len(text):
        out.append(_text(text[done:]))
    return out


def _rewrite_inline(children: list[Token], found: _Found, *, in_quote: bool) -> list[Token]:
    out: list[Token] = []
    run: list[Token] = []
    link_depth = 0
    for token in children:
        if token.type in ("text", "text_special") and link_depth == 0:
            run.append(token)
            continue
        if run:
            out.extend(_link_words(run, found, in_quote=in_quote))
            run = []
        if token.type == "link_open":
            link_depth += 1
            token.attrs.pop("title", None)
            found.links.setdefault(str(token.attrs["href"]))
        elif token.type == "link_close":
            link_depth -= 1
        elif token.type == "image":
            alt = _as_text(token.children or [])
            if link_depth:  # an anchor inside an anchor is not HTML; the outer link stands
                out.append(_text(alt))
            else:
                src = str(token.attrs["src"])
                found.links.setdefault(src)
                out.extend(_link(src, alt or src))
            continue
        elif token.type in ("s_open", "s_close"):
            token.tag = "del"
        out.append(token)
    if run:
        out.extend(_link_words(run, found, in_quote=in_quote))
    return out


def _rewrite(state: StateCore) -> None:
    """Hearth's changes to the parsed tokens, made before markdown-it joins adjacent text."""
    found: _Found = state.env["hearth"]
    quote_depth = 0
    for token in state.tokens:
        if token.type == "blockquote_open":
            quote_depth += 1
        elif token.type == "blockquote_close":
            quote_depth -= 1
        elif token.type in ("heading_open", "heading_close"):
            token.tag = _DEMOTED[token.tag]
        elif token.type in ("th_open", "td_open"):
            # The CSP forbids inline styles, so column alignment travels as `align`.
            style = token.attrs.pop("style", None)
            if isinstance(style, str):
                token.attrs["align"] = style.removeprefix("text-align:")
        elif token.type == "inline" and token.children is not None:
            token.children = _rewrite_inline(token.children, found, in_quote=quote_depth > 0)


_parser = _Parser("commonmark", {"html": False, "breaks": True, "linkify": False}).enable(["table", "strikethrough"])
_parser.core.ruler.before("text_join", "hearth", _rewrite)


def _relative_url(url: str) -> str | None:
    # The only relative links the renderer makes are to members and tags.
    return url if _MEMBER_OR_TAG_PATH.match(url) else None


_cleaner = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    attributes={"a": {"href"}},
    allowed_classes={"a": {"mention", "tag"}},
    tag_attribute_values={"th": {"align": {"left", "center", "right"}}, "td": {"align": {"left", "center", "right"}}},
    url_schemes=set(_SCHEMES),
    url_relative=_relative_url,
    link_rel=LINK_REL,
    strip_comments=True,
)


# After these the reader sees a paragraph break; after a list item or table row, a new line.
_BLOCK_ENDS = frozenset({
    "paragraph_close", "heading_close", "blockquote_close", "bullet_list_close", "ordered_list_close",
    "table_close", "hr", "fence", "code_block",
})  # fmt: skip
_LINE_ENDS = frozenset({"list_item_close", "tr_close"})


def _plain_text(tokens: list[Token]) -> str:
    """The visible text of the rewritten tokens, blocks on their own lines."""
    parts = []
    for token in tokens:
        if token.type == "inline":
            parts.append(_as_text(token.children or [], newline="\n"))
        elif token.type in ("fence", "code_block"):
            parts.append(token.content)
        elif token.type in ("th_open", "td_open"):
            parts.append(" ")
        if token.type in _BLOCK_ENDS and not token.hidden:  # tight lists hide their paragraphs
            parts.append("\n\n")
        elif token.type in _LINE_ENDS:
            parts.append("\n")
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def render(source: str) -> Rendered:
    """Render a member's Markdown to clean HTML, with what it mentions, tags and links to."""
    if len(source) > MAX_SOURCE_CHARS:
        raise ValueError(f"Markdown source has {len(source)} characters; the most is {MAX_SOURCE_CHARS}.")
    found = _Found()
    env = {"hearth": found}
    tokens = _parser.parse(source, env)
    html = _cleaner.clean(_parser.renderer.render(tokens, _parser.options, env))
    return Rendered(
        html=html,
        version=RENDERER_VERSION,
        mentions=tuple(found.mentions),
        tags=tuple(found.tags),
        links=tuple(found.links),
        plain_text=_plain_text(tokens),
    )


def excerpt(rendered_or_plain: Rendered | str, length: int = 200) -> str:
    """At most `length` characters of plain text on one line, cut after a word, ending in "…"."""
    if length < 1:
        raise ValueError("An excerpt needs room for at least one character.")
    plain = rendered_or_plain.plain_text if isinstance(rendered_or_plain, Rendered) else rendered_or_plain
    flat = " ".join(plain.split())
    if len(flat) <= length:
        return flat
    cut = flat[: length - 1]  # room for the ellipsis
    if not flat[len(cut)].isspace():
        space = cut.rfind(" ")
        # One very long word (a URL) is cut where it must be rather than leaving almost nothing.
        if space > length // 2:
            cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"


def safe_html(rendered: Rendered | str) -> SafeString:
    """Stored HTML, cleaned again, for a template. The only `mark_safe` in Hearth."""
    html = rendered.html if isinstance(rendered, Rendered) else rendered
    # Cleaning on the way out as well as on the way in costs about 0.1 ms for a typical post (2 ms
    # for the longest), and means a row edited in the database, restored from an old backup or
    # written by an older renderer with a looser policy cannot put anything outside today's
    # allow-list into a page.
    return mark_safe(_cleaner.clean(html))  # noqa: S308 (cleaned on the line it is marked)
