"""`{% muted item %}…{% endmuted %}`: what is inside, collapsed in a <details> naming the reason
when the viewer muted its author, thread, community or a word in it; as it is otherwise.

`item` is a Post, a Thread or a chat message (see `Muting.reason_for`). Text without an object
can be given instead: `{% muted text=message.plain_text author=message.author_id %}`. The viewer's
mutes are read once per request (`muting_of`)."""

from __future__ import annotations

from django import template
from django.template.base import FilterExpression, Parser, Token
from django.utils.html import format_html
from django.utils.safestring import SafeString

from hearth.wellbeing.muting import muting_of

register = template.Library()


class MutedNode(template.Node):
    def __init__(self, nodelist: template.NodeList, item: FilterExpression | None, named: dict[str, FilterExpression]):
        self.nodelist = nodelist
        self.item = item
        self.named = named

    def render(self, context: template.Context) -> SafeString:
        inside = self.nodelist.render(context)
        muting = muting_of(context.get("request"))
        if muting.empty:
            return SafeString(inside)
        if self.item is not None:
            reason = muting.reason_for(self.item.resolve(context))
        else:
            values = {name: value.resolve(context) for name, value in self.named.items()}
            reason = muting.reason(
                str(values.get("text") or ""),
                author_id=values.get("author"),
                anonymous=bool(values.get("anonymous", False)),
                thread_id=values.get("thread"),
                community_id=values.get("community"),
            )
        if not reason:
            return SafeString(inside)
        return format_html(
            '<details class="cw muted-content"><summary>{} <span class="muted">(show)</span></summary>{}</details>',
            reason,
            SafeString(inside),
        )


@register.tag("muted")
def muted(parser: Parser, token: Token) -> MutedNode:
    bits = token.split_contents()[1:]
    item = None
    named: dict[str, FilterExpression] = {}
    for bit in bits:
        name, equals, value = bit.partition("=")
        if equals:
            if name not in {"text", "author", "anonymous", "thread", "community"}:
                raise template.TemplateSyntaxError(f"muted does not know {name}=")
            named[name] = parser.compile_filter(value)
        elif item is None:
            item = parser.compile_filter(bit)
        else:
            raise template.TemplateSyntaxError("muted takes one item, or text= and the like")
    nodelist = parser.parse(("endmuted",))
    parser.delete_first_token()
    return MutedNode(nodelist, item, named)
