"""Schemas every part of the API shares."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from ninja import Schema
from ninja.params import functions as params
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WithJsonSchema,
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


def _a_number(value: Any) -> Any:
    # JSON Schema's integer takes 12 and 12.0, never true nor "12", which lax parsing would.
    if isinstance(value, bool | str):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


# An id in a JSON body: a number, as the document says.
BodyId = Annotated[int, Field(ge=1, le=MAX_ID), BeforeValidator(_a_number)]

# An id in a URL's path: too large a number answers 422 rather than reaching the database.
PathId = Annotated[int, params.Path(ge=1, le=MAX_ID)]

# Spaces as Python's str.strip() and ECMAScript's \s see them, spelled out so that every engine
# reads a pattern alike: pydantic's (Rust), Python's and the one a client or schemathesis uses.
# (\s, \w and \d differ between them; so does "$" before a final newline in Python's.)
SPACE = r"\t\n\x0b\x0c\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
# A character besides spaces (and besides NUL, which no text may hold; see `storable`).
NOT_SPACE = rf"[^{SPACE}\x00]"


def storable(must_hold: str = "") -> str:
    """A pattern for text without NUL (U+0000), which PostgreSQL cannot store, holding somewhere
    what `must_hold` matches (a pattern that matches no NUL itself).

    Every text the API takes has such a pattern, so the document tells clients, and a NUL is
    refused as invalid input (422) rather than failing in the database."""
    return rf"^[^\x00]*{must_hold}[^\x00]*$" if must_hold else r"^[^\x00]*$"


ANY_TEXT = storable()
"""Any text the database can store, even empty."""
SAYS_SOMETHING = storable(NOT_SPACE)
"""Text with something besides spaces."""
# As Django's forms word it (ProhibitNullCharactersValidator), so the API and pages say the same.
NUL_REFUSED = "Null characters are not allowed."


def explained(message: str) -> WrapValidator:
    """Say `message` when a string does not match its pattern (the pattern itself reads badly),
    or that a NUL is not allowed when it holds one."""

    def validate(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        try:
            return handler(value)
        except ValidationError as exc:
            if any(error["type"] == "string_pattern_mismatch" for error in exc.errors()):
                said = NUL_REFUSED if isinstance(value, str) and "\x00" in value else message
                raise PydanticCustomError("string_pattern_mismatch", said) from None
            raise

    return WrapValidator(validate)


# Every text the API takes is `Annotated[str, Field(pattern=..., max_length=...), <explained>]`,
# the length inside the Field so that it is checked and worded as a string's:
# for any text `Field(pattern=ANY_TEXT, ...), STORABLE`;
# for text that must say something `Field(pattern=SAYS_SOMETHING, ...), NOT_BLANK`.
STORABLE = explained(NUL_REFUSED)
NOT_BLANK = explained("Write something besides spaces.")

Slug = Annotated[
    str,
    Field(pattern=r"^[-a-zA-Z0-9_]+$", max_length=100),
    explained("A slug has letters, digits, dashes and underscores."),
]
"""How communities and conditions are named in URLs and in input."""

_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _mend_surrogates(data: Any) -> Any:
    """Strings in `data` with each lone surrogate (half a character: JSON can carry one, say from
    a client that cut an emoji in two) turned into U+FFFD, as Django decodes a form whose
    bytes are not UTF-8; a surrogate alone cannot be encoded for the database."""
    if isinstance(data, str):
        return _LONE_SURROGATE.sub("\ufffd", data)
    if isinstance(data, dict):
        return {key: _mend_surrogates(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_mend_surrogates(value) for value in data]
    return data


class Input(BaseModel):
    """A request body. Unknown fields are refused, and a JSON list is not an empty object
    (ninja's Schema reads attributes, so input models are pydantic's own)."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _mend(cls, data: Any) -> Any:
        return _mend_surrogates(data)


class PageQuery(Schema):
    """One page of a list: `limit` items after skipping `offset`."""

    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=1_000_000)


ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _iso_date(value: Any) -> Any:
    # Written YYYY-MM-DD, as the document says: not a number of seconds since 1970, nor a NUL.
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not re.fullmatch(ISO_DATE, value):
        said = NUL_REFUSED if isinstance(value, str) and "\x00" in value else "Write a date as YYYY-MM-DD."
        raise PydanticCustomError("date_pattern_mismatch", said)
    return value


DATE_SCHEMA = {"type": "string", "format": "date", "pattern": ISO_DATE}
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date), WithJsonSchema(DATE_SCHEMA)]
