"""What a tracker measures and the values that make sense for it: a weight of 900 kg or a blood
glucose of 0 is a typing slip, refused with the bounds named, never charted.

Each unit knows its kind of tracker, its bounds and how many decimals a reading keeps. The FHIR
import maps UCUM codes onto these units (`UCUM`)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models


class TrackerKind(models.TextChoices):
    NUMBER = "number", "A number with a unit"
    SCALE = "scale", "A scale from 0 to 10"
    YES_NO = "yes_no", "Yes or no"


class Unit(models.TextChoices):
    KG = "kg", "kilograms (kg)"
    LB = "lb", "pounds (lb)"
    MMOL_L = "mmol_l", "mmol/L"
    MG_DL = "mg_dl", "mg/dL"
    STEPS = "steps", "steps"
    MINUTES = "minutes", "minutes"
    HOURS = "hours", "hours"
    BPM = "bpm", "beats per minute"
    MMHG = "mmhg", "mmHg"
    CELSIUS = "celsius", "°C"
    FAHRENHEIT = "fahrenheit", "°F"
    COUNT = "count", "times"
    SCORE = "score", "points (0–10)"
    YES_NO = "yes_no", "yes or no"


@dataclass(frozen=True)
class Bounds:
    low: float
    high: float
    decimals: int
    symbol: str

    def refusal(self, value: float) -> str | None:
        """Why `value` cannot be a reading in this unit, or None when it can."""
        if value != value or value in (float("inf"), float("-inf")):  # NaN or infinite
            return "Enter a number."
        if not self.low <= value <= self.high:
            return f"Enter a value from {self.show(self.low)} to {self.show(self.high)} {self.symbol}.".replace(
                " .", "."
            )
        return None

    def show(self, value: float) -> str:
        """The value as a person reads it: no trailing zeros, the unit's decimals at most."""
        text = f"{value:,.{self.decimals}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text

    def keep(self, value: float) -> float:
        """The value as kept: rounded half up to the unit's decimals (70.25 kg is 70.3 kg), where
        Python's round() would round half to even on the binary value (70.2)."""
        step = Decimal(1).scaleb(-self.decimals)
        return float(Decimal(str(value)).quantize(step, rounding=ROUND_HALF_UP))


BOUNDS: dict[str, Bounds] = {
    Unit.KG: Bounds(1, 500, 1, "kg"),
    Unit.LB: Bounds(2, 1100, 1, "lb"),
    Unit.MMOL_L: Bounds(0.5, 50, 1, "mmol/L"),
    Unit.MG_DL: Bounds(10, 900, 0, "mg/dL"),
    Unit.STEPS: Bounds(0, 200_000, 0, "steps"),
    Unit.MINUTES: Bounds(0, 1440, 0, "minutes"),
    Unit.HOURS: Bounds(0, 24, 1, "hours"),
    Unit.BPM: Bounds(20, 300, 0, "bpm"),
    Unit.MMHG: Bounds(30, 300, 0, "mmHg"),
    Unit.CELSIUS: Bounds(30, 45, 1, "°C"),
    Unit.FAHRENHEIT: Bounds(86, 113, 1, "°F"),
    Unit.COUNT: Bounds(0, 1000, 0, "times"),
    Unit.SCORE: Bounds(0, 10, 0, ""),
    Unit.YES_NO: Bounds(0, 1, 0, ""),
}

# The unit a tracker of each kind uses; a number tracker chooses one of NUMBER_UNITS.
KIND_UNIT: dict[str, str] = {TrackerKind.SCALE: Unit.SCORE, TrackerKind.YES_NO: Unit.YES_NO}
NUMBER_UNITS: tuple[str, ...] = tuple(unit for unit in Unit.values if unit not in (Unit.SCORE, Unit.YES_NO))

# UCUM codes (as FHIR Quantity.code carries them) for the units above.
UCUM: dict[str, str] = {
    "kg": Unit.KG,
    "[lb_av]": Unit.LB,
    "mmol/L": Unit.MMOL_L,
    "mg/dL": Unit.MG_DL,
    "/min": Unit.BPM,
    "{beats}/min": Unit.BPM,
    "{steps}": Unit.STEPS,
    "{steps}/d": Unit.STEPS,
    "1": Unit.STEPS,
    "min": Unit.MINUTES,
    "h": Unit.HOURS,
    "mm[Hg]": Unit.MMHG,
    "Cel": Unit.CELSIUS,
    "[degF]": Unit.FAHRENHEIT,
}


def bounds_of(unit: str) -> Bounds:
    return BOUNDS[unit]
