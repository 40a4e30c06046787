"""Demo professionals and evidence: Dr. Attai is a verified clinician (the site's administrator
checked her on a public register), Lena's application as a rheumatology nurse waits in the
administrators' queue, the evidence library holds a few real, well-known resources for lupus,
breast cancer and type 1 diabetes, and Lena's proposal to add tai chi waits for a moderator.
Idempotent: each is made once."""

from __future__ import annotations

from dataclasses import dataclass

from hearth.accounts.models import User
from hearth.conditions.models import Condition
from hearth.evidence.actions import EntryInput, do_add_entry
from hearth.evidence.models import EvidenceEntry
from hearth.professionals.actions import Application, do_apply, do_decide
from hearth.professionals.models import Verification
from hearth.treatments.actions import ProposalInput, do_propose
from hearth.treatments.models import TreatmentProposal


@dataclass(frozen=True)
class Entry:
    condition: str
    added_by: str
    given: EntryInput


ENTRIES = (
    Entry(
        "systemic-lupus-erythematosus",
        "tiffany",
        EntryInput(
            kind="guideline",
            title="EULAR recommendations for the management of systemic lupus erythematosus: 2023 update",
            url="https://ard.bmj.com/content/83/1/15",
            source="EULAR",
            summary=(
                "The European rheumatology recommendations: hydroxychloroquine for everyone with lupus unless "
                "it cannot be taken, glucocorticoids at the lowest dose for the shortest time, and when to add "
                "other medicines."
            ),
            treatments=("hydroxychloroquine", "belimumab"),
        ),
    ),
    Entry(
        "systemic-lupus-erythematosus",
        "tiffany",
        EntryInput(
            kind="organisation",
            title="Hydroxychloroquine (Plaquenil)",
            url="https://rheumatology.org/patients/hydroxychloroquine-plaquenil",
            source="American College of Rheumatology",
            summary="What it is for, how long it takes to work, side effects, and why yearly eye checks matter.",
            treatments=("hydroxychloroquine",),
        ),
    ),
    Entry(
        "systemic-lupus-erythematosus",
        "tiffany",
        EntryInput(
            kind="explainer",
            title="Lupus",
            url="https://www.nhs.uk/conditions/lupus/",
            source="NHS",
            summary="Symptoms, diagnosis, treatments and living with lupus, in plain language.",
        ),
    ),
    Entry(
        "breast-cancer",
        "dr_attai",
        EntryInput(
            kind="explainer",
            title="Tamoxifen",
            url="https://www.cancerresearchuk.org/about-cancer/treatment/drugs/tamoxifen",
            source="Cancer Research UK",
            summary="How tamoxifen works, how it is taken, and the side effects people most often have.",
            treatments=("tamoxifen",),
        ),
    ),
    Entry(
        "breast-cancer",
        "dr_attai",
        EntryInput(
            kind="guideline",
            title="Early and locally advanced breast cancer: diagnosis and management (NG101)",
            url="https://www.nice.org.uk/guidance/ng101",
            source="NICE",
            summary="The UK guideline on surgery, radiotherapy and drug treatment of early breast cancer.",
            treatments=("tamoxifen", "lumpectomy"),
        ),
    ),
    Entry(
        "type-1-diabetes",
        "ravi",
        EntryInput(
            kind="organisation",
            title="Type 1 diabetes",
            url="https://www.niddk.nih.gov/health-information/diabetes/overview/what-is-diabetes/type-1-diabetes",
            source="NIDDK (National Institutes of Health)",
            summary="Why type 1 diabetes needs insulin for life, and what managing it involves.",
        ),
    ),
)


def seed_professionals(members: dict[str, User]) -> int:
    """Verify Dr. Attai and put Lena's application in the queue; return how many were made now."""
    made = 0
    attai, lena, admin = members["dr_attai"], members["lena_sle"], members["site_admin"]
    if not Verification.objects.filter(member=attai).exists():
        application = do_apply(
            attai,
            Application(
                "clinician",
                "Breast surgeon",
                "Board-certified general surgeon, breast surgery. Licence listed on the state medical board.",
                "https://www.example.org/medical-board/register",
            ),
        )
        do_decide(admin, application, verify=True, reason="Checked on the state medical board's public register.")
        made += 1
    if not Verification.objects.filter(member=lena).exists():
        do_apply(
            lena,
            Application(
                "clinician", "Rheumatology nurse", "Registered nurse, part-time in a rheumatology clinic. PIN 12A3456B."
            ),
        )
        made += 1
    return made


def seed_library(members: dict[str, User]) -> int:
    """Add the library's entries once; return how many were added now."""
    added = 0
    for entry in ENTRIES:
        condition = Condition.objects.filter(slug=entry.condition).first()
        if condition is None or EvidenceEntry.objects.filter(condition=condition, url=entry.given.url).exists():
            continue
        do_add_entry(members[entry.added_by], condition, entry.given)
        added += 1
    return added


def seed_proposal(members: dict[str, User]) -> int:
    lena = members["lena_sle"]
    if TreatmentProposal.objects.filter(proposed_by=lena).exists():
        return 0
    do_propose(
        lena,
        ProposalInput(
            name="Tai chi",
            kind="lifestyle",
            conditions=("systemic-lupus-erythematosus", "rheumatoid-arthritis"),
            note="Several of us do it for stiffness and stress; it would be good to report on it.",
        ),
    )
    return 1


def library_entry(condition: str, url: str) -> EvidenceEntry | None:
    return EvidenceEntry.objects.filter(condition__slug=condition, url=url, removed_at__isnull=True).first()
