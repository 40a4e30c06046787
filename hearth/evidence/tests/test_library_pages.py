"""The evidence library as everyone reads it: a condition's entries by kind, each linking to its
source on another site, with who added it and when it was last reviewed; removed entries are
gone for everyone but those who curate the library, and anything unknown is 404."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from hearth.accounts.models import User
from hearth.evidence.actions import do_remove_entry
from hearth.evidence.tests.conftest import LUPUS, Library, client_of

pytestmark = pytest.mark.django_db


def test_a_visitor_reads_the_lupus_library(client: Client, library: Library) -> None:
    response = client.get(f"/library/{LUPUS}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert '<h2 id="kind-guideline">Clinical guideline</h2>' in page
    assert '<a href="https://example.org/eular-sle" rel="noopener noreferrer">EULAR recommendations for lupus' in page
    assert "(on another site)" in page
    assert "<dd>EULAR</dd>" in page
    assert "How lupus is treated, for clinicians.<br>Hydroxychloroquine for everyone." in page
    assert "@dr_okafor" in page
    assert "Verified clinician" in page
    assert timezone.localdate().strftime("%-d %B %Y") in page
    assert 'href="/treatments/hydroxychloroquine/"' in page
    assert "Add to the library" not in page


def test_a_summary_is_plain_text(client: Client, library: Library) -> None:
    library.guideline.summary = "<script>alert(1)</script> **bold**"
    library.guideline.save()

    page = client.get(library.guideline.get_absolute_url()).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; **bold**" in page


def test_an_entry_has_a_page_of_its_own(client: Client, library: Library) -> None:
    response = client.get(f"/library/{LUPUS}/{library.guideline.pk}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "EULAR recommendations for lupus" in page
    assert "Mark reviewed today" not in page
    assert "Remove from the library" not in page


def test_unknown_conditions_and_entries_are_404(client: Client, library: Library) -> None:
    assert client.get("/library/no-such-condition/").status_code == 404
    assert client.get(f"/library/{LUPUS}/999999/").status_code == 404
    assert client.get(f"/library/type-1-diabetes/{library.guideline.pk}/").status_code == 404


def test_a_removed_entry_is_gone_except_for_curators(
    client: Client, library: Library, tiffany: User, maya: User
) -> None:
    do_remove_entry(library.clinician, library.guideline)
    url = library.guideline.get_absolute_url()

    assert "EULAR" not in client.get(f"/library/{LUPUS}/").content.decode()
    assert client.get(url).status_code == 404
    assert client_of(maya).get(url).status_code == 404
    seen = client_of(tiffany).get(url)
    assert seen.status_code == 200
    assert "This entry was removed from the library" in seen.content.decode()


def test_the_condition_page_and_the_index_lead_to_the_library(client: Client, library: Library) -> None:
    condition_page = client.get(f"/conditions/{LUPUS}/").content.decode()
    index = client.get("/library/").content.decode()

    assert f'href="/library/{LUPUS}/"' in condition_page
    assert f'href="/library/{LUPUS}/"' in index
    assert "type-1-diabetes" not in index  # nothing in its library yet


def test_curators_are_offered_the_forms(library: Library, tiffany: User) -> None:
    library_page = client_of(tiffany).get(f"/library/{LUPUS}/").content.decode()
    entry_page = client_of(tiffany).get(library.guideline.get_absolute_url()).content.decode()

    assert f'href="/library/{LUPUS}/add/"' in library_page
    assert "Mark reviewed today" in entry_page
    assert "Remove from the library" in entry_page
