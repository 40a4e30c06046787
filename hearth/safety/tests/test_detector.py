"""The crisis detector: self-harm and medical emergencies in English and Spanish, whatever the
case, accents, repeated letters and common misspellings; idioms, negations, advice and past
history are not a crisis; huge and binary input comes back quickly."""

from __future__ import annotations

import random
import time

import pytest

from hearth.safety.detector import MEDICAL_EMERGENCY, SCANNED, SELF_HARM, detect, normalise


@pytest.mark.parametrize(
    "text",
    [
        "I can't do this anymore, I want to end it",
        "I've been thinking about suicide every night",
        "honestly i just want to die",
        "Everyone would be better off without me.",
        "I started cutting myself again",
        "Ya no puedo más, quiero acabar con todo",
        "Me quiero morir",
        "Estoy pensando en suicidarme",
        "Mi familia estaría mejor sin mí",
    ],
)
def test_self_harm_is_found(text: str) -> None:
    found = detect(text)

    assert found is not None
    assert found.kind == SELF_HARM


@pytest.mark.parametrize(
    "text",
    [
        "I have crushing chest pain right now",
        "My husband's face is drooping and his speech is slurred",
        "I can't breathe, my throat is closing",
        "Severe allergic reaction, my tongue is swelling",
        "My son is having a seizure that won't stop",
        "Tengo un dolor muy fuerte en el pecho",
        "No puedo respirar",
        "Creo que me está dando un infarto",
        "Se me cierra la garganta",
    ],
)
def test_medical_emergencies_are_found(text: str) -> None:
    found = detect(text)

    assert found is not None
    assert found.kind == MEDICAL_EMERGENCY


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I WANT TO DIE", SELF_HARM),
        ("i wanna diiiiie", SELF_HARM),
        ("thinking about sucide", SELF_HARM),
        ("I want to kill my self", SELF_HARM),
        ("im so sucidal", SELF_HARM),
        ("QUIERO MORIRME!!!", SELF_HARM),
        ("quiero morirme", SELF_HARM),
        ("pienso en el suicidio", SELF_HARM),
        ("I can't breath", MEDICAL_EMERGENCY),
        ("cant breathe", MEDICAL_EMERGENCY),
        ("chest pian since an hour", MEDICAL_EMERGENCY),
        ("CHEST PAIN!!! help", MEDICAL_EMERGENCY),
        ("NO PUEDO RESPIRAR", MEDICAL_EMERGENCY),
        ("reacción alérgica grave", MEDICAL_EMERGENCY),
        ("reaccion alergica grave", MEDICAL_EMERGENCY),
        ("Tengo opresión en el pecho", MEDICAL_EMERGENCY),
    ],
)
def test_case_accents_repeats_and_misspellings_do_not_hide_a_crisis(text: str, kind: str) -> None:
    found = detect(text)

    assert found is not None
    assert found.kind == kind


@pytest.mark.parametrize(
    "text",
    [
        "this flare is killing me",
        "I'm dying to try that recipe",
        "dead tired after infusion day",
        "me muero de risa",
        "me muero de ganas de verte",
        "kill the pain first",
        "that puppy gave me a heart attack of cuteness",
        "I could die of embarrassment",
        "my dad had a stroke in 2019 and he's doing great now",
        "Mi papá tuvo un infarto en 2018",
        "lol I can't breathe, that story is hilarious",
        "I can't breathe through my nose with this cold",
        "I'm not suicidal, just exhausted",
        "No quiero morir, quiero ver crecer a mis hijos",
        "If you have chest pain, call 911 right away",
        "Si tienes dolor de pecho, llama al 112",
        "No chest pain, just tired",
        "I hurt myself at the gym",
        "Me corté con el cuchillo haciendo la cena",
        "Mañana voy a cortarme el pelo",
        "Suicide Prevention Month walk this Saturday",
        "I'm taking things slow this week",
        "What a stroke of luck!",
        "Casi me da un infarto con la factura",
    ],
)
def test_idioms_negations_advice_and_history_are_not_a_crisis(text: str) -> None:
    assert detect(text) is None


@pytest.mark.parametrize("text", ["", " ", "\n\n", "...", "¿?", "\x00\x00"])
def test_empty_text_is_nothing(text: str) -> None:
    assert detect(text) is None


def test_the_matched_phrase_is_given() -> None:
    found = detect("Honestly? I want to DIE.")

    assert found is not None
    assert found.phrase == "want to die"


def test_a_crisis_late_in_a_long_post_is_still_found() -> None:
    text = "We talked about pacing and meal prep. " * 300 + "Tonight I want to end my life."

    found = detect(text)

    assert found is not None
    assert found.kind == SELF_HARM


def test_only_the_first_characters_are_read() -> None:
    text = "x" * SCANNED + " I want to die"

    assert detect(text) is None


def test_sentences_are_kept_apart() -> None:
    # History in one sentence does not cancel what is happening now in the next.
    found = detect("My dad had a stroke in 2019. I have crushing chest pain.")

    assert found is not None
    assert found.kind == MEDICAL_EMERGENCY


def test_normalise_folds_accents_case_and_repeats() -> None:
    assert normalise("¡Ayúdame! No PUEDO respirarrrr…") == "ayudame . no puedo respirar ."


def _took_ms(text: str) -> float:
    started = time.perf_counter()
    detect(text)
    return (time.perf_counter() - started) * 1000


def test_a_normal_post_takes_a_few_milliseconds_at_most() -> None:
    post = "I've had lupus for six years. Some days are better than others; today I walked to the park. " * 4

    assert min(_took_ms(post) for _ in range(5)) < 5


def test_a_megabyte_of_text_comes_back_quickly() -> None:
    text = "lorem ipsum dolor sit amet " * 40_000  # over 1 MB

    assert min(_took_ms(text) for _ in range(3)) < 200


def test_random_bytes_come_back_quickly_and_do_not_crash() -> None:
    rng = random.Random(8)  # noqa: S311 (noise, not a secret)
    noise = rng.randbytes(1_000_000).decode("utf-8", errors="replace")

    assert min(_took_ms(noise) for _ in range(3)) < 200


def test_pathological_input_does_not_backtrack() -> None:
    for text in ("a" * 50_000, "chest " * 10_000, "no " * 10_000 + "x", "want to " * 5_000, "é" * 50_000):
        assert _took_ms(text) < 500


@pytest.mark.parametrize("text", ["no chest pain " * 1500, "kill myself laughing " * 1000])
def test_an_idiom_repeated_a_thousand_times_is_still_no_crisis(text: str) -> None:
    assert detect(text) is None  # and it is read quickly: bench/crisis.py times it
