"""Property-based checks of the whole API against its OpenAPI document: no 5xx, and every
response (status, content type, body) as documented."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings

# Built at collection, before the fixtures run; middleware reads its settings when built.
with override_settings(SECURE_SSL_REDIRECT=False):
    application = get_wsgi_application()
    # A picture upload is multipart: schemathesis sends its parts without the field's name, so the
    # operation has its own tests (hearth/profiles/tests/test_api_profiles.py) instead.
    schema = (
        schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
        .exclude(method="POST", path="/api/v1/profile/picture")
        # Whether a FHIR bundle can be imported (codes, units, dates) is beyond JSON Schema, so
        # schema-valid bundles are rightly refused with 422; hearth/tracking/tests/test_fhir_import.py
        # sends good and bad bundles instead.
        .exclude(method="POST", path="/api/v1/tracking/fhir")
    )


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """As Django's test client does: a request must not close the connection holding the test's
    transaction (on PostgreSQL that would lose it)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_honours_its_document_for_a_member(case: schemathesis.Case[Any], maya_token: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {maya_token}"})


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_honours_its_document_for_an_outsider(case: schemathesis.Case[Any]) -> None:
    case.call_and_validate()


def _enums(annotation: Any, seen: set[Any], found: dict[str, set[type]]) -> None:
    """The enums an annotation reaches, through unions, lists and nested schemas."""
    import enum
    import typing

    from pydantic import BaseModel

    if annotation in seen:
        return
    seen.add(annotation)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        found.setdefault(annotation.__name__, set()).add(annotation)
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        for field in annotation.model_fields.values():
            _enums(field.annotation, seen, found)
    for argument in typing.get_args(annotation):
        _enums(argument, seen, found)


def test_no_two_choice_lists_in_the_document_share_a_name() -> None:
    """Two enums of one name (the communities' and the profiles' `Visibility`, say) would share one
    entry of the document, which would then describe one of them wrongly."""
    from hearth.api.api import api

    found: dict[str, set[type]] = {}
    seen: set[Any] = set()
    for _prefix, router in api._routers:
        for view in router.path_operations.values():
            for operation in view.operations:
                for model in [*operation.models, *(operation.response_models or {}).values()]:
                    _enums(model, seen, found)

    assert len(found) > 10  # the walk reaches the enums
    assert {name: sorted(str(e) for e in enums) for name, enums in found.items() if len(enums) > 1} == {}
