"""Template filters for figures about a group: `{{ count|group_figure }}` for a count of people,
`{{ percentage|group_figure:people }}` for a figure resting on `people` members, and
`{{ count|counted:"member" }}` for "12 members" or "fewer than 10 members", and
`{% if people|enough_people %}` to hide a whole chart."""

from __future__ import annotations

from django import template

from hearth.privacy import figures

register = template.Library()


@register.filter
def group_figure(value: object, people: int | None = None) -> str:
    return figures.as_text(value, people)


@register.filter
def counted(people: int | None, noun: str) -> str:
    """A count of people with its noun: "12 members", or "fewer than 10 members"."""
    if not figures.enough_people(people):
        return f"{figures.HIDDEN} {noun}s"
    return f"{people:,} {noun}{'' if people == 1 else 's'}"


@register.filter
def enough_people(people: int | None) -> bool:
    return figures.enough_people(people)
