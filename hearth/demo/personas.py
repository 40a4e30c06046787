"""The people of Hearth's product description, as demo members.

Every demo member signs in with their email address and the password DEMO_PASSWORD.
"""

from __future__ import annotations

from dataclasses import dataclass

DEMO_PASSWORD = "hearth-demo-2026"  # noqa: S105  (published in the README on purpose)


@dataclass(frozen=True)
class Persona:
    handle: str
    email: str
    display_name: str
    about: str
    is_staff: bool = False
    text_size: str = "normal"


PERSONAS = (
    Persona("tiffany", "tiffany@demo.hearth.test", "Tiffany", "Founder of a lupus community; hosts #LupusChat."),
    Persona("maya_r", "maya@demo.hearth.test", "", "Newly diagnosed with breast cancer; uses an alias."),
    Persona("sam_cares", "sam@demo.hearth.test", "Sam", "Parent and caregiver of a child with a rare disease."),
    Persona("dr_attai", "attai@demo.hearth.test", "Dr. Attai", "Breast surgeon, verified clinician."),
    Persona("ravi", "ravi@demo.hearth.test", "Ravi", "Moderator of a type 1 diabetes community."),
    Persona("ellen71", "ellen@demo.hearth.test", "Ellen", "71, old phone, large text.", text_size="large"),
    Persona("june_b", "june@demo.hearth.test", "June", "Two years past treatment for breast cancer; on tamoxifen."),
    Persona("lena_sle", "lena@demo.hearth.test", "", "Living with lupus since 2019; a regular at #LupusChat."),
    Persona("site_admin", "admin@demo.hearth.test", "Site admin", "Runs this Hearth.", is_staff=True),
)
