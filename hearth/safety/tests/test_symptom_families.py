"""Medical emergencies are found by their families of symptoms, however they are worded, in
English and Spanish: chest pain, pressure or tightness, and pain spreading to the arm or jaw;
a drooping face, slurred speech, a weak arm; a throat closing after food or a sting; breath that
will not come and blue lips; a seizure that will not stop; bleeding that will not stop; an
overdose. Sentences that only look like one (it turned out to be reflux; advice; a box of
chocolates; brain fog) are not. Self-harm phrasings found the same way. None of these sentences
is in the labelled set."""

from __future__ import annotations

import pytest

from hearth.safety.detector import MEDICAL_EMERGENCY, SELF_HARM, detect


@pytest.mark.parametrize(
    "text",
    [
        # The heart
        "Tight band across my chest and the pain is spreading into my jaw.",
        "I have this aching in the centre of my chest since lunch.",
        "It feels like my chest is caving in.",
        "Pain shooting down my left arm and I'm sweating.",
        "Me aprieta el pecho y el dolor se extiende al brazo izquierdo.",
        # Stroke
        "His words sound slurred all of a sudden and he looks confused.",
        "The right side of her face went numb and she dropped her cup.",
        "My husband can't raise his left arm, something is wrong.",
        "A mi padre se le cayó la boca de un lado.",
        # Throat and breathing
        "We were at the restaurant and my throat started closing up.",
        "Her lips have turned blue and she's barely breathing.",
        "Me picó una abeja y tengo la lengua hinchada.",
        # Seizures, bleeding, overdose
        "My son is still seizing, it's been eight minutes.",
        "The cut on his leg won't stop bleeding.",
        "Blood is pouring from the wound and I feel dizzy.",
        "Mi hermana está sangrando muchísimo después del parto.",
        "My boyfriend overdosed and he's not responding.",
        "My toddler swallowed a whole packet of ibuprofen tablets.",
        "Se tragó una caja entera de calmantes por error.",
        # Fever on chemo
        "Temperature is 40 and I'm shaking after my chemo yesterday.",
    ],
)
def test_a_medical_emergency_is_found_by_its_symptoms(text: str) -> None:
    found = detect(text)

    assert found is not None, text
    assert found.kind == MEDICAL_EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "I honestly don't see the point in living like this.",
        "No one would even notice if I were gone.",
        "How many of these pills would it take?",
        "Me he hecho cortes otra vez esta noche.",
        "No le encuentro sentido a vivir así.",
        "Ojalá me quedara dormida y no despertara.",
    ],
)
def test_self_harm_is_found_in_other_words(text: str) -> None:
    found = detect(text)

    assert found is not None, text
    assert found.kind == SELF_HARM


@pytest.mark.parametrize(
    "text",
    [
        "My chest pain turned out to be heartburn after all.",
        "La presión en el pecho resultó ser un músculo.",
        "If someone's face droops suddenly, call an ambulance.",
        "Signs of a stroke include slurred speech and arm weakness.",
        "I ate a whole box of cookies last night, oops.",
        "With brain fog my words come out jumbled sometimes.",
        "I've been stockpiling my meds because of the shortage.",
        "The rash spreads to my arms every summer.",
        "I applied the cream to my arm and it stings.",
        "My son had a seizure years ago and has been fine since.",
        "I overdosed on coffee this morning, so jittery.",
        "Me volví a cortar el flequillo, qué desastre.",
        "Me he vuelto a hacer daño en la rodilla.",
        "No blood, no bleeding, just a bruise.",
    ],
)
def test_what_only_looks_like_one_is_not(text: str) -> None:
    assert detect(text) is None, text
