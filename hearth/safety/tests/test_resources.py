"""The table of crisis lines and emergency numbers: each country named by the issue, a default
with several numbers, and a JSON file named by HEARTH_CRISIS_RESOURCES in its place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from pytest_django.fixtures import Settings

from hearth.safety.resources import CRISIS_LINE, EMERGENCY, RESOURCES, resources_for


@pytest.mark.parametrize(
    ("country", "line", "emergency"),
    [
        ("US", "988", "911"),
        ("GB", "116 123", "999"),
        ("ES", "024", "112"),
        ("CA", "988", "911"),
        ("IE", "116 123", "112"),
        ("AU", "13 11 14", "000"),
        ("MX", "800 911 2000", "911"),
        ("FR", "3114", "15"),
        ("DE", "0800 111 0 111", "112"),
    ],
)
def test_each_country_has_its_crisis_line_and_emergency_number(country: str, line: str, emergency: str) -> None:
    found = resources_for(country)

    assert next(r.number for r in found if r.kind == CRISIS_LINE) == line
    assert next(r.number for r in found if r.kind == EMERGENCY) == emergency


def test_the_uk_also_has_nhs_111() -> None:
    assert "111" in [r.number for r in resources_for("gb")]


@pytest.mark.parametrize("country", ["", "ZZ", "BR"])
def test_an_unknown_country_gets_several_emergency_numbers(country: str) -> None:
    numbers = [r.number for r in resources_for(country)]

    assert numbers[0] == "112"
    assert {"911", "999"} <= set(numbers)


def test_a_number_dials_as_a_tel_link() -> None:
    (line, _) = RESOURCES["DE"]

    assert line.tel == "08001110111"


def test_a_file_can_replace_the_table(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "crisis.json"
    table = {
        "NZ": [{"name": "Need to talk?", "number": "1737", "kind": "crisis_line", "note": "Call or text."}],
        "default": [{"name": "Emergency services", "number": "111", "kind": "emergency", "note": ""}],
    }
    path.write_text(json.dumps(table))
    settings.HEARTH_CRISIS_RESOURCES = str(path)

    assert resources_for("nz")[0].number == "1737"
    assert resources_for("US")[0].number == "111"


def test_a_bad_file_is_refused_plainly(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "crisis.json"
    path.write_text('{"US": []}')
    settings.HEARTH_CRISIS_RESOURCES = str(path)

    with pytest.raises(ImproperlyConfigured, match="default"):
        resources_for("US")
