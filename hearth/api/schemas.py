"""Schemas every part of the API shares."""

from __future__ import annotations

import re
from typing import Annotated, Any

from ninja import Schema
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    model_validator,
)
from pydantic_core import PydanticCustomError


class ErrorOut(Schema):
    """Every error: a sentence, or for invalid input a list saying what was wrong where."""

    detail: str | list[Any]


UNAUTHORISED = {401: ErrorOut}
INVALID = {422: ErrorOut}
NOT_FOUND = {404: ErrorOut}
WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 413: ErrorOut, 422: ErrorOut}
FORBIDDEN = {403: ErrorOut}
CONFLICT = {409: ErrorOut}
TOO_MANY = {429: ErrorOut}
# Reads that anyone may make: a wrong token still gets 401, a hidden or missing thing 404.
READ_ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}

# Ids are 64-bit; a larger number is refused as input rather than sent to the database.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]

# Spaces as Python's str.strip() and ECMAScript's \s see them, spelled out so that every engine
# reads a pattern alike: pydantic's (Rust), Python's and the one a client or schemathesis uses.
# (\s, \w and \d differ between them; so does "$" before a final newline in Python's.)
SPACE = r"\t\n\x0b\x0c\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
NOT_SPACE = f"[^{SPACE}]"


def explained(message: str) -> WrapValidator:
    """Say `message` when a string does not match its pattern (the pattern itself reads badly)."""

    def validate(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        try:
            return handler(value)
        except ValidationError as exc:
            if any(error["type"] == "string_pattern_mismatch" for error in exc.errors()):
                raise PydanticCustomError("string_pattern_mismatch", message) from None
            raise

    return WrapValidator(validate)


# For text that must say something: `Annotated[str, Field(pattern=NOT_SPACE, max_length=...), NOT_BLANK]`
# (the length inside the Field, so that it is checked and worded as a string's).
NOT_BLANK = explained("Write something besides spaces.")

Slug = Annotated[str, Field(pattern=r"^[-a-zA-Z0-9_]+$", max_length=100)]
"""How communities and conditions are named in URLs and in input."""

_UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")


def storable(data: Any) -> Any:
    """Strings in `data` with NUL (which PostgreSQL cannot store) and lone surrogates (which
    cannot be encoded) turned into U+FFFD, as HTML parsers do with NUL: an invisible character
    should not fail a whole post, nor reach the database."""
    if isinstance(data, str):
        return _UNSTORABLE.sub("\ufffd", data)
    if isinstance(data, dict):
        return {key: storable(value) for key, value in data.items()}
    if isinstance(data, list):
        return [storable(value) for value in data]
    return data


class Input(BaseModel):
    """A request body. Unknown fields are refused, and a JSON list is not an empty object
    (ninja's Schema reads attributes, so input models are pydantic's own)."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _storable(cls, data: Any) -> Any:
        return storable(data)


class PageQuery(Schema):
    """One page of a list: `limit` items after skipping `offset`."""

    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=1_000_000)

    @model_validator(mode="before")
    @classmethod
    def _storable(cls, data: Any) -> Any:
        return storable(data)
