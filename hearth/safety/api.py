"""Crisis safety in the API: the `crisis` object that the answers to writing a thread, a reply, a
direct message or a chat message carry when what was written speaks of a crisis. Only the author
gets it, in the answer to their own write; nothing of it is ever shown to anyone else.
"""

from __future__ import annotations

from typing import Literal, TypeVar

from ninja import Router, Schema
from pydantic import Field

from hearth.safety.actions import Crisis

router = Router(tags=["safety"])


class SafetyResourceOut(Schema):
    name: str
    number: str = Field(description="To call (or text, where the note says so).")
    kind: Literal["crisis_line", "emergency"]
    note: str


class SafetyCrisisOut(Schema):
    """Help for the author: what they wrote went through unchanged; show them these, privately."""

    kind: Literal["self_harm", "medical_emergency"]
    resources: list[SafetyResourceOut] = Field(
        description="Crisis lines and emergency numbers for the member's country (several when it is not known)."
    )


CRISIS_FIELD = Field(
    None,
    description="Only present when what was written speaks of a crisis (self-harm or a medical "
    "emergency): help to show the author, privately. The content was posted unchanged.",
)
# The endpoints that carry it answer with `exclude_unset=True` and set it only on a crisis, so an
# answer without one is exactly what it was before the field existed.

Out = TypeVar("Out", bound=Schema)


def crisis_out(crisis: Crisis | None) -> SafetyCrisisOut | None:
    if crisis is None:
        return None
    return SafetyCrisisOut(
        kind=crisis.kind,
        resources=[SafetyResourceOut(name=r.name, number=r.number, kind=r.kind, note=r.note) for r in crisis.resources],
    )


def with_crisis(schema: type[Out], out: Schema, crisis: Crisis | None) -> Out:
    """`out` as `schema` (its subclass with a `crisis` field), the field set only when there is one."""
    fields = out.model_dump()
    if crisis is not None:
        fields["crisis"] = crisis_out(crisis)
    return schema.model_validate(fields)
