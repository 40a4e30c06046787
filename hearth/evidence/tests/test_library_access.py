"""Who may curate the lupus library, page by page. Tiffany founded a lupus community, Dr Okafor
is a verified clinician, the administrator runs the site: they add, edit and mark entries
reviewed. Tiffany, the administrator and whoever added an entry may remove it. Maya (a member),
Ravi (who moderates a diabetes community only) and a suspended clinician are offered nothing and
get 404; a visitor is sent to sign in."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.audit.models import AuditEvent
from hearth.evidence.models import EvidenceEntry
from hearth.evidence.tests.conftest import LUPUS, Library, client_of, entry_form

pytestmark = pytest.mark.django_db

ADD = f"/library/{LUPUS}/add/"


@pytest.fixture
def people(library: Library, maya: User, tiffany: User, ravi: User, site_admin: User) -> dict[str, User | None]:
    suspended = UserFactory.create(
        handle="dr_away", verified_as="clinician", suspended_until=timezone.now() + dt.timedelta(days=3)
    )
    return {
        "outsider": None,
        "maya": maya,
        "tiffany": tiffany,
        "clinician": library.clinician,
        "ravi": ravi,
        "site_admin": site_admin,
        "suspended": suspended,
    }


CURATORS = {"tiffany", "clinician", "site_admin"}


@pytest.mark.parametrize("persona", ["outsider", "maya", "tiffany", "clinician", "ravi", "site_admin", "suspended"])
def test_who_may_add(people: dict[str, User | None], persona: str) -> None:
    client = client_of(people[persona])

    form = client.get(ADD)
    added = client.post(ADD, entry_form())

    entries = EvidenceEntry.objects.filter(title="Lupus explained")
    if persona in CURATORS:
        assert form.status_code == 200
        assert added.status_code == 302
        entry = entries.get()
        assert added["Location"] == entry.get_absolute_url()
        assert AuditEvent.objects.filter(action="evidence:add", target_id=entry.pk, actor=people[persona]).exists()
    elif persona == "outsider":
        assert form.status_code == 302
        assert "/accounts/login/" in form["Location"]
        assert added.status_code == 302
        assert "/accounts/login/" in added["Location"]
        assert not entries.exists()
    else:
        assert (form.status_code, added.status_code) == (404, 404)
        assert not entries.exists()


@pytest.mark.parametrize("persona", ["maya", "tiffany", "clinician", "ravi", "site_admin", "suspended"])
def test_who_may_edit_and_mark_reviewed(library: Library, people: dict[str, User | None], persona: str) -> None:
    client = client_of(people[persona])
    entry = library.guideline
    EvidenceEntry.objects.filter(pk=entry.pk).update(last_reviewed_on="2024-01-01")
    base = entry.get_absolute_url()

    form = client.get(f"{base}edit/")
    edited = client.post(f"{base}edit/", entry_form(title="EULAR 2023 update", kind="guideline"))
    reviewed = client.post(f"{base}review/")

    entry.refresh_from_db()
    if persona in CURATORS:
        assert (form.status_code, edited.status_code, reviewed.status_code) == (200, 302, 302)
        assert entry.title == "EULAR 2023 update"
        assert entry.last_reviewed_on == timezone.localdate()
        assert entry.reviewed_by == people[persona]
        actions = set(AuditEvent.objects.filter(target_id=entry.pk).values_list("action", flat=True))
        assert {"evidence:edit", "evidence:review"} <= actions
    else:
        assert (form.status_code, edited.status_code, reviewed.status_code) == (404, 404, 404)
        assert entry.title == "EULAR recommendations for lupus"
        assert str(entry.last_reviewed_on) == "2024-01-01"


REMOVERS = {"tiffany", "site_admin", "clinician"}  # the clinician added it


@pytest.mark.parametrize("persona", ["outsider", "maya", "tiffany", "clinician", "ravi", "site_admin", "suspended"])
def test_who_may_remove(library: Library, people: dict[str, User | None], persona: str) -> None:
    response = client_of(people[persona]).post(f"{library.guideline.get_absolute_url()}remove/", {"reason": "Old"})

    library.guideline.refresh_from_db()
    if persona in REMOVERS:
        assert response.status_code == 302
        assert response["Location"] == f"/library/{LUPUS}/"
        assert library.guideline.removed_at is not None
        event = AuditEvent.objects.get(action="evidence:remove", target_id=library.guideline.pk)
        assert event.reason == "Old"
    else:
        assert response.status_code in ({302} if persona == "outsider" else {404})
        assert library.guideline.removed_at is None


def test_another_clinician_may_edit_but_not_remove_what_they_did_not_add(library: Library) -> None:
    other = client_of(UserFactory.create(handle="dr_lee", verified_as="clinician"))
    base = library.guideline.get_absolute_url()

    assert other.get(f"{base}edit/").status_code == 200
    assert other.post(f"{base}remove/").status_code == 404
    assert "Remove from the library" not in other.get(base).content.decode()


def test_a_moderator_curates_only_the_conditions_of_their_communities(library: Library, ravi: User) -> None:
    ravi_client = client_of(ravi)

    assert ravi_client.get("/library/type-1-diabetes/add/").status_code == 200
    assert ravi_client.get(ADD).status_code == 404


def test_a_removed_entry_cannot_be_edited_or_reviewed(library: Library, tiffany: User) -> None:
    client = client_of(tiffany)
    base = library.guideline.get_absolute_url()
    client.post(f"{base}remove/")

    client.post(f"{base}review/")
    again = client.post(f"{base}remove/")

    assert again.status_code == 302
    assert AuditEvent.objects.filter(action="evidence:remove").count() == 1
    assert not AuditEvent.objects.filter(action="evidence:review").exists()


def test_the_site_audit_log_lists_library_changes(library: Library, site_admin: User) -> None:
    client = client_of(site_admin)
    client.post(f"{library.guideline.get_absolute_url()}review/")

    response = client.get("/moderation/audit/log/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "evidence" in page.lower()
    assert "@dr_okafor" in page or "dr_okafor" in page
