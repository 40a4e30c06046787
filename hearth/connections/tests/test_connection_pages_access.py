"""Who reaches the connection pages: an outsider is sent to log in, an unknown or closed handle
is 404, buttons take POST only, and each list shows only the viewer's own."""

from __future__ import annotations

import pytest
from django.test import Client

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.connections.actions import do_block, do_mute
from hearth.connections.tests.factories import connect

pytestmark = pytest.mark.django_db

LISTS = ["/connections/", "/connections/blocked/"]
BUTTONS = ["request", "accept", "decline", "cancel", "remove", "block", "unblock", "mute", "unmute"]


@pytest.mark.parametrize("path", [*LISTS, *(f"/connections/tiffany/{verb}/" for verb in BUTTONS)])
def test_an_outsider_is_sent_to_log_in(client: Client, tiffany: User, path: str) -> None:
    response = client.post(path) if path not in LISTS else client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("verb", BUTTONS)
@pytest.mark.parametrize("handle", ["nobody_here", "closed", "bad%00handle"])
def test_an_unknown_or_closed_handle_is_404(maya_client: Client, verb: str, handle: str) -> None:
    UserFactory.create(handle="closed", is_active=False)

    assert maya_client.post(f"/connections/{handle}/{verb}/").status_code == 404


@pytest.mark.parametrize("verb", [verb for verb in BUTTONS if verb != "request"])
def test_buttons_take_post_only(maya_client: Client, tiffany: User, verb: str) -> None:
    assert maya_client.get(f"/connections/tiffany/{verb}/").status_code == 405


def test_ravi_sees_nothing_of_maya_and_tiffanys_lists(
    maya: User, tiffany: User, ravi: User, ravi_client: Client
) -> None:
    connect(maya, tiffany)
    do_mute(tiffany, maya)
    do_block(maya, ravi)  # Maya's block is hers: it shows nowhere on Ravi's pages

    for path in LISTS:
        page = ravi_client.get(path).content.decode()
        assert "maya_r" not in page
        assert "tiffany" not in page
