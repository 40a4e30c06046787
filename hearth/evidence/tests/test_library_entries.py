"""What an entry may hold: a kind, a title, a web address (http or https only), a source, a
summary, the condition's own treatments, and a last-reviewed date not in the future. Bad input
gets a clear answer on the form and nothing is saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hearth.accounts.models import User
from hearth.evidence.actions import EntryInput, do_add_entry, do_edit_entry
from hearth.evidence.models import EvidenceEntry
from hearth.evidence.tests.conftest import LUPUS, Library, client_of, entry_form

pytestmark = pytest.mark.django_db

ADD = f"/library/{LUPUS}/add/"


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        ({"url": "javascript:alert(1)"}, "starting with http:// or https://"),
        ({"url": "ftp://example.org/file"}, "starting with http:// or https://"),
        ({"url": "/library/elsewhere/1/"}, "starting with http:// or https://"),
        ({"title": "   "}, "This field is required"),
        ({"summary": "x" * 2_001}, "at most 2000 characters"),
        ({"title": "Lupus\x00"}, "Null characters are not allowed"),
        ({"last_reviewed_on": (timezone.localdate() + dt.timedelta(days=1)).isoformat()}, "cannot be in the future"),
        ({"url": "https://example.org/eular-sle"}, "already in the library"),
        ({"kind": "rumour"}, "Select a valid choice"),
    ],
)
def test_bad_input_is_refused_clearly(library: Library, tiffany: User, changes: dict[str, str], said: str) -> None:
    response = client_of(tiffany).post(ADD, entry_form(**changes))

    assert response.status_code == 422
    assert said in response.content.decode()
    assert EvidenceEntry.objects.count() == 1


def test_only_the_conditions_treatments_may_be_chosen(library: Library, tiffany: User) -> None:
    form = client_of(tiffany).post(ADD, entry_form(treatments=["tamoxifen"]))

    assert form.status_code == 422
    assert "Select a valid choice" in form.content.decode()
    with pytest.raises(ValidationError, match="Not a treatment used for Systemic lupus"):
        do_add_entry(
            tiffany,
            library.lupus,
            EntryInput("explainer", "Tamoxifen", "https://example.org/t", "NHS", "x", treatments=("tamoxifen",)),
        )
    assert EvidenceEntry.objects.count() == 1


def test_the_form_offers_the_conditions_treatments(library: Library, tiffany: User) -> None:
    page = client_of(tiffany).get(ADD).content.decode()

    assert 'value="hydroxychloroquine"' in page
    assert 'value="tamoxifen"' not in page
    assert 'type="date"' in page


def test_an_entry_is_added_with_its_treatments(library: Library, tiffany: User) -> None:
    response = client_of(tiffany).post(ADD, entry_form(treatments=["hydroxychloroquine"]))

    entry = EvidenceEntry.objects.get(title="Lupus explained")
    assert response.status_code == 302
    assert [t.slug for t in entry.treatments.all()] == ["hydroxychloroquine"]
    assert entry.added_by == tiffany
    assert entry.last_reviewed_on == dt.date(2025, 1, 15)


def test_editing_keeps_the_review_date_unless_a_new_one_is_given(library: Library, tiffany: User) -> None:
    entry = library.guideline
    EvidenceEntry.objects.filter(pk=entry.pk).update(last_reviewed_on=dt.date(2024, 5, 1))
    entry.refresh_from_db()
    given = EntryInput(entry.kind, "New title", entry.url, entry.source, entry.summary)

    edited = do_edit_entry(tiffany, entry, given)

    assert edited.title == "New title"
    assert edited.last_reviewed_on == dt.date(2024, 5, 1)
    assert edited.treatments.count() == 0
