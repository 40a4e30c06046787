"""Creating the demo data; idempotent, so it can run at every start."""

from __future__ import annotations

from hearth.accounts.actions import do_create_member
from hearth.accounts.models import User
from hearth.demo.personas import DEMO_PASSWORD, PERSONAS


def seed_members() -> list[User]:
    members = []
    for persona in PERSONAS:
        user = User.objects.named(persona.handle).first()
        if user is None:
            user = do_create_member(
                handle=persona.handle,
                email=persona.email,
                password=DEMO_PASSWORD,
                display_name=persona.display_name,
                is_staff=persona.is_staff,
                is_superuser=persona.is_staff,
            )
            user.text_size = persona.text_size
            user.save(update_fields=["text_size"])
        members.append(user)
    return members
