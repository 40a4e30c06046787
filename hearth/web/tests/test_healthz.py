"""/healthz: 200 with every part ok, 503 naming the part that is down."""

from __future__ import annotations

import pytest
from django.test import Client

from hearth.web import health

pytestmark = pytest.mark.django_db


def test_everything_up_answers_200_with_each_part(client: Client) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "channel_layer": "ok", "tasks": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize("part", ["database", "cache", "channel_layer", "tasks"])
def test_a_part_down_answers_503_and_names_it(client: Client, monkeypatch: pytest.MonkeyPatch, part: str) -> None:
    def broken() -> None:
        raise ConnectionError("down")

    monkeypatch.setitem(health.PROBES, part, broken)

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body[part] == "unavailable"
    assert all(value == "ok" for key, value in body.items() if key not in {part, "status"})


def test_the_cache_probe_notices_a_cache_that_forgets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("hearth.web.health.cache.get", lambda key: None)

    with pytest.raises(RuntimeError, match="did not return"):
        health.probe_cache()


def test_the_channel_layer_probe_round_trips_a_message() -> None:
    health.probe_channel_layer()
