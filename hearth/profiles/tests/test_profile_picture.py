"""Maya's picture: re-encoded as a square WebP without the photo's metadata; anything that is
not a picture, too big, or a decompression bomb is refused and the old picture stays."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from hearth.accounts.models import User
from hearth.profiles.actions import ProfileInput, do_update_profile
from hearth.profiles.models import Avatar

pytestmark = pytest.mark.django_db


def _jpeg_with_location(size: tuple[int, int] = (800, 600)) -> bytes:
    image = Image.new("RGB", size, (200, 120, 80))
    exif = Image.Exif()
    exif[0x010F] = "Camera-maker-marker"  # Make
    exif[0x010E] = "Taken-at-home-marker"  # ImageDescription
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def _upload(client: Client, data: bytes, name: str = "me.jpg") -> str:
    response = client.post("/profile/picture/", {"picture": SimpleUploadedFile(name, data)})
    return response.content.decode() if response.status_code == 200 else ""


def test_a_picture_is_squared_and_stripped_of_its_metadata(maya: User, maya_client: Client) -> None:
    assert _upload(maya_client, _jpeg_with_location()) == ""

    avatar = Avatar.objects.get(profile_id=maya.pk)
    stored = bytes(avatar.image)
    assert b"Camera-maker-marker" not in stored
    assert b"Taken-at-home-marker" not in stored
    image = Image.open(io.BytesIO(stored))
    assert (image.format, image.size) == ("WEBP", (256, 256))
    assert not image.getexif()


def test_the_picture_is_served_only_to_those_who_may_see_it(maya: User, maya_client: Client, client: Client) -> None:
    _upload(maya_client, _jpeg_with_location())

    assert maya_client.get("/members/maya_r/picture")["Content-Type"] == "image/webp"
    assert client.get("/members/maya_r/picture").status_code == 404  # pictures default to communities
    do_update_profile(maya, ProfileInput(visibility={"avatar": "public"}))
    assert client.get("/members/maya_r/picture").status_code == 200


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.4 not a picture", "not a picture Hearth can read"),
        (b"", "Choose a picture"),
        (b"GIF89a" + b"\x00" * 5 * 1024 * 1024, "over 5 MB"),
    ],
    ids=["pdf", "empty", "over-5-MB"],
)
def test_what_is_not_a_usable_picture_is_refused(maya: User, maya_client: Client, data: bytes, message: str) -> None:
    _upload(maya_client, _jpeg_with_location())
    before = bytes(Avatar.objects.get(profile_id=maya.pk).image)

    page = _upload(maya_client, data, name="bad.jpg")

    assert message in page or (not data and "required" in page)
    assert bytes(Avatar.objects.get(profile_id=maya.pk).image) == before


def test_a_decompression_bomb_is_refused_before_decoding(maya: User, maya_client: Client) -> None:
    image = Image.new("1", (20_000, 20_000))  # 400 million pixels in a few kilobytes
    out = io.BytesIO()
    image.save(out, format="PNG")
    assert len(out.getvalue()) < 5 * 1024 * 1024

    page = _upload(maya_client, out.getvalue(), name="bomb.png")

    assert "too large in pixels" in page
    assert not Avatar.objects.exists()


def test_other_formats_are_refused(maya: User, maya_client: Client) -> None:
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="BMP")

    assert "JPEG, PNG, WebP or GIF" in _upload(maya_client, out.getvalue(), name="x.bmp")
