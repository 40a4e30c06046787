"""Each test searches a fresh index: a test that edits the catalogue rolls back, the cached index would not."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hearth.conditions.symptoms import forget_index as forget_symptoms
from hearth.treatments.search import forget_index


@pytest.fixture(autouse=True)
def _fresh_indexes() -> Iterator[None]:
    forget_index()
    forget_symptoms()
    yield
    forget_index()
    forget_symptoms()
