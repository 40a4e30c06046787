"""Moderators' "Disputed: see sources" labels link to the evidence library. Omar tells the lupus
community to stop hydroxychloroquine; Maya reports it; Tiffany, who founded the community, labels
the post disputed and ticks the library's guideline, offered because the community is about
lupus. The label links to the entry's page and reads by its title. Only entries still in the
library may be linked, and no other address on Hearth."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from hearth.accounts.actions import do_create_access_token
from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.audit.models import AuditEvent
from hearth.communities.models import Community, Membership
from hearth.discussions.actions import PostInput, do_create_thread, do_reply
from hearth.discussions.models import Post
from hearth.evidence.actions import do_remove_entry
from hearth.evidence.labels import label_sources
from hearth.evidence.tests.conftest import LUPUS, Library, client_of
from hearth.moderation.actions import DecisionInput, check_web_link, do_decide, do_report_post
from hearth.moderation.models import Measure, QueueItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def omars_post(library: Library, tiffany: User) -> Post:
    omar = UserFactory.create(handle="omar")
    community = Community.objects.get(name="Living with lupus")
    Membership.objects.create(community=community, user=omar)
    thread = do_create_thread(tiffany, community, "Hydroxychloroquine worries", PostInput(source="Any tips?"))
    return do_reply(omar, thread, PostInput(source="Stop hydroxychloroquine, turmeric works."))


@pytest.fixture
def item(maya: User, omars_post: Post) -> QueueItem:
    return do_report_post(maya, omars_post.pk, "misinformation", "Dangerous").report.item  # type: ignore[return-value]


def test_the_label_form_offers_the_communitys_library(library: Library, tiffany: User, item: QueueItem) -> None:
    page = client_of(tiffany).get(reverse("moderation_act", args=[item.pk])).content.decode()

    assert "Entries of the evidence library" in page
    assert f'value="{library.guideline.get_absolute_url()}"' in page
    assert "EULAR recommendations for lupus (EULAR; Systemic lupus erythematosus)" in page


def test_a_community_about_another_condition_is_offered_none_of_it(library: Library, ravi: User) -> None:
    community = Community.objects.get(name="Type 1 together")
    thread = do_create_thread(ravi, community, "Cinnamon", PostInput(source="Does it help?"))
    author = UserFactory.create(handle="omar2")
    Membership.objects.create(community=community, user=author)
    reported = do_reply(author, thread, PostInput(source="It cures it."))
    reporter = UserFactory.create(handle="sam")
    item = do_report_post(reporter, reported.pk, "misinformation").report.item
    assert item is not None

    page = client_of(ravi).get(reverse("moderation_act", args=[item.pk])).content.decode()

    assert "EULAR" not in page
    assert "Entries of the evidence library" not in page


def test_tiffany_labels_the_post_with_the_guideline(
    library: Library,
    tiffany: User,
    maya: User,
    item: QueueItem,
    omars_post: Post,
    django_capture_on_commit_callbacks: object,
) -> None:
    path = library.guideline.get_absolute_url()
    body = {
        "decision": "label",
        "reason": "Stopping it can cause a flare; see the guideline.",
        "label_kind": "disputed",
        "link_1": "https://www.nhs.uk/conditions/lupus/",
        "library": [path],
    }
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = client_of(tiffany).post(reverse("moderation_act", args=[item.pk]), body)

    assert response.status_code == 302
    measure = Measure.objects.get(target_id=omars_post.pk, kind="label")
    assert measure.label_links == ["https://www.nhs.uk/conditions/lupus/", path]
    assert AuditEvent.objects.get(action="post:label").data["links"] == measure.label_links
    page = client_of(maya).get(omars_post.thread.get_absolute_url()).content.decode()
    assert "Disputed: see sources" in page
    assert f'href="{path}"' in page
    [sources] = label_sources([measure.label_links])
    assert [(s.href, s.text, s.in_library) for s in sources] == [
        ("https://www.nhs.uk/conditions/lupus/", "https://www.nhs.uk/conditions/lupus/", False),
        (path, "EULAR recommendations for lupus", True),
    ]


def test_a_label_may_link_the_library_alone_through_the_api(
    library: Library, tiffany: User, item: QueueItem, omars_post: Post
) -> None:
    client = Client(headers={"Authorization": f"Bearer {do_create_access_token(tiffany, 'script').secret}"})
    path = library.guideline.get_absolute_url()

    response = client.post(
        f"/api/v1/moderation/items/{item.pk}/actions",
        {"action": "label", "reason": "See the guideline.", "label": {"kind": "disputed", "links": [path]}},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert Measure.objects.get(target_id=omars_post.pk, kind="label").label_links == [path]


def test_four_sources_in_all_are_too_many(library: Library, tiffany: User, item: QueueItem) -> None:
    links = ("https://a.org/1", "https://a.org/2", "https://a.org/3", library.guideline.get_absolute_url())

    with pytest.raises(ValidationError, match="one to 3 links"):
        do_decide(tiffany, item, DecisionInput("label", "Why", "disputed", "", links))


@pytest.mark.parametrize(
    "link",
    [
        "/library/systemic-lupus-erythematosus/999999/",
        "/library/type-1-diabetes/{pk}/",  # the entry, under another condition's address
        "/library/systemic-lupus-erythematosus/{pk}/edit/",
        "/admin/",
        "//evil.example/library/x/1/",
        "/library/../admin/",
    ],
)
def test_no_other_address_on_hearth_is_a_source(library: Library, link: str) -> None:
    with pytest.raises(ValidationError, match="evidence library"):
        check_web_link(link.format(pk=library.guideline.pk), library=True)


def test_library_addresses_are_for_labels_only(library: Library) -> None:
    with pytest.raises(ValidationError, match="http:// or https://"):
        check_web_link(library.guideline.get_absolute_url())


def test_a_removed_entry_is_no_source_and_its_label_says_so(library: Library, tiffany: User) -> None:
    path = library.guideline.get_absolute_url()
    do_remove_entry(tiffany, library.guideline)

    with pytest.raises(ValidationError, match="evidence library"):
        check_web_link(path, library=True)
    [sources] = label_sources([[path]])
    assert sources[0].href == ""
    assert "removed from the evidence library" in sources[0].text


def test_the_library_is_the_condition_of_the_address(library: Library) -> None:
    assert check_web_link(f" /library/{LUPUS}/{library.guideline.pk}/ ", library=True) == (
        library.guideline.get_absolute_url()
    )
