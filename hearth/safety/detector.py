# ruff: noqa: E501  (the patterns read best one alternative a line, however long)
"""The crisis detector: does a text say its author may harm themselves, or describe a medical
emergency happening now? English and Spanish; pure Python, deterministic, a few milliseconds
even for the longest post.

How it reads a text:

1. **Normalise**: only the first `SCANNED` characters; accents folded (NFKD without combining
   marks), lower case, apostrophes dropped ("can't" → "cant"), everything but letters and digits a
   space, sentence ends kept as " . ", and every run of a repeated letter squeezed to one
   ("diiiie", "kill" → "die", "kil"; the patterns are squeezed the same way). The character work
   is done by C-level string methods on the whole text; the word work once per distinct word.
2. **Spell**: common misspellings of the words that matter ("sucide", "pian", "breath") become
   the word, by a table and by one edit of the longer key words (symmetric deletes).
3. **Match**: phrase patterns per kind (self-harm first, as it asks for the gentler help). Each
   alternative is compiled alone and tried only at the words it may begin with (worked out from
   the pattern itself by `_starts_of`: a word's first four letters, and for words many phrases
   begin with, like "my" or "me", the next word's first two). One regular expression shaped as a
   tree of those first letters (`_HOT_WORDS`) finds such words, so the thousands of other words
   of a long post cost no step in Python; the result is what the alternation of all the patterns
   would find (tests/test_detector_speed.py checks so). Each match is then weighed against its
   sentence: negation ("I'm not suicidal"), idioms that are not a crisis ("dying to try", "me
   muero de risa", "laughing so hard I can't breathe"), advice to others ("if you have chest pain,
   call…") and past history ("my dad had a stroke in 2019", "the chest pain turned out to be
   reflux") drop it.

The patterns use bounded gaps only (`(?:[a-z0-9]+ ){0,3}`), never nested repeats, so no input
backtracks badly; the length cap and `MATCHES_MAX` bound the rest.

Being wrong one way costs a calm panel nobody needed; the other way, help nobody saw. Where a
sentence is unclear, the rules lean to showing help.
"""

from __future__ import annotations

import codecs
import importlib
import operator
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

Kind = Literal["self_harm", "medical_emergency"]
SELF_HARM: Kind = "self_harm"
MEDICAL_EMERGENCY: Kind = "medical_emergency"

SCANNED = 20_000  # characters read; a crisis is said early, and huge input must stay fast
CONTEXT = 300  # characters of a sentence read either side of a candidate phrase
IDIOM_REACH = 120  # characters before a candidate phrase where an idiom covering it may start
MATCHES_MAX = 50  # candidate phrases read of each kind
WORD_MAX = 40  # longer "words" (base64, hashes, binary noise) are never words we look for


@dataclass(frozen=True)
class Detection:
    kind: Kind
    phrase: str  # the matched words, normalised ("want to die")


# --- Normalising --------------------------------------------------------------------------------

_REPEATS = re.compile(r"([a-z])\1+")
_THE_LETTER = operator.methodcaller("group", 1)  # a callable in C: no step in Python per run


def _squeeze(text: str) -> str:
    """Every run of a repeated letter as one letter."""
    return _REPEATS.sub(_THE_LETTER, text)


# "39.5" is a number, not a sentence end (found from its full stop: a fast search for one character).
_DECIMAL_POINT = re.compile(r"\.(?=[0-9])(?<=[0-9]\.)")
# Byte by byte: letters and digits stay (capitals become small), full stops too, other sentence
# ends become "!", apostrophes go, everything else is a space.
_BYTES = bytearray(b" " * 256)
for _code in b"abcdefghijklmnopqrstuvwxyz0123456789":
    _BYTES[_code] = _code
for _code in b"ABCDEFGHIJKLMNOPQRSTUVWXYZ":
    _BYTES[_code] = _code + 32
for _code in b"!?;:\n\r":
    _BYTES[_code] = ord("!")
_BYTES[ord(".")] = ord(".")
_ASCII_TABLE = bytes(_BYTES)
_DROPPED = b"'`"
_DOTS = re.compile(r" \.(?: \.)+")  # sentence ends in a row: one is enough

# Beyond ASCII, once decomposed (NFKD): typographic apostrophes go, Spanish opening marks end a
# sentence as the closing ones do, accents go, a letter that folds to ASCII is kept ("ß" → "ss"),
# and anything else is a space.
_BEYOND_ASCII = {"\u2019": "", "\u2018": "", "\u00a1": "!", "\u00bf": "!"}
_FOLD_ERRORS = "hearth.safety.fold"


def _beyond_ascii(char: str) -> str:
    if char in _BEYOND_ASCII:
        return _BEYOND_ASCII[char]
    if unicodedata.combining(char):
        return ""
    folded = char.casefold()
    return folded if folded.isascii() else " "


def _fold_error(error: UnicodeError) -> tuple[str, int]:
    """For `str.encode`: each run of characters beyond ASCII, as the patterns read it."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    return "".join(map(_beyond_ascii, error.object[error.start : error.end])), error.end


codecs.register_error(_FOLD_ERRORS, _fold_error)


def _fold(text: str) -> bytes:
    """The text's first SCANNED characters in ASCII, accents dropped: the encoder does the work,
    calling `_fold_error` only for each run of characters beyond ASCII."""
    text = text[:SCANNED]
    if text.isascii():
        return text.encode("ascii")
    if "\u00b4" in text:  # the acute accent as an apostrophe: decomposed, it would leave a space
        text = text.replace("\u00b4", "")
    return unicodedata.normalize("NFKD", text).encode("ascii", _FOLD_ERRORS)


# Misspellings and the word they stand for. One edit of a key word is also
# found by `_KEYWORDS` below; these are the ones further off, or too short for that.
_SPELLINGS = {
    "sucide": "suicide",
    "suside": "suicide",
    "sewercide": "suicide",
    "suiside": "suicide",
    "sucidal": "suicidal",
    "susidal": "suicidal",
    "suisidal": "suicidal",
    "pian": "pain",
    "pani": "pain",
    "chet": "chest",
    "chst": "chest",
    "breth": "breathe",
    "breath": "breathe",
    "breathing": "breathe",
    "brething": "breathe",
    "breahte": "breathe",
    "breat": "breathe",
    "brethe": "breathe",
    "strok": "stroke",
    "myslef": "myself",
    "myselff": "myself",
    "mysef": "myself",
    "mysel": "myself",
    "herat": "heart",
    "hart": "heart",
    "atack": "attack",
    "atak": "attack",
    "wana": "wanna",
    "wnt": "want",
    "kms": "kil myself",
    "kys": "kil yourself",
    "respiar": "respirar",
    "pecjo": "pecho",
    "suisidio": "suicidio",
    "suicidio": "suicidio",
}
_SPELLINGS = {_squeeze(wrong): _squeeze(right) for wrong, right in _SPELLINGS.items()}
# Words worth one edit of forgiveness (≥ 6 letters, so that few real words sit one edit away),
# and real words one edit from them that must stay themselves.
_KEYWORDS = (
    "suicide",
    "suicidal",
    "suicidarme",
    "suicidio",
    "overdose",
    "overdosed",
    "anaphylaxis",
    "anaphylactic",
    "anafilaxia",
    "unconscious",
    "unresponsive",
    "seizure",
    "breathe",
    "myself",
    "respirar",
    "infarto",
    "allergic",
    "alergica",
    "alergico",
    "pressure",
    "desmayo",
    "convulsion",
    "convulsiones",
)
_REAL_WORDS = frozenset(
    _squeeze(word)
    for word in (
        "strike",
        "stoke",
        "breadth",
        "herself",
        "himself",
        "itself",
        "suicides",
        "pressures",
        "seizures",
        "respira",
        "suicida",
        "suicidas",
        "brushing",
        "rushing",
        "crashing",
    )
)


def _deletes(word: str) -> set[str]:
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


_NEAR: dict[str, str] = {}
for _word in _KEYWORDS:
    for _variant in _deletes(_squeeze(_word)):
        _NEAR.setdefault(_variant, _squeeze(_word))


_NEAR_STARTS = frozenset(variant[:3] for variant in _NEAR)

# Only words that begin as a key word does are tried for one edit: a typo in the first two
# letters is rare, and this keeps a long post's thousands of words cheap.
_PREFIXES = frozenset(_squeeze(word)[:2] for word in _KEYWORDS)


@lru_cache(maxsize=8192)
def _spell(word: str) -> str:
    if word in _SPELLINGS:
        return _SPELLINGS[word]
    if len(word) < 5 or len(word) > 14 or word[:2] not in _PREFIXES or word in _REAL_WORDS:
        return word
    if word in _NEAR:
        return _NEAR[word]
    # A word one letter off a near form begins as one does, whichever of its first four letters is
    # the odd one: most words are let go here, before trying each letter left out.
    if not (
        word[:3] in _NEAR_STARTS
        or word[:2] + word[3:4] in _NEAR_STARTS
        or word[:1] + word[2:4] in _NEAR_STARTS
        or word[1:4] in _NEAR_STARTS
    ):
        return word
    for i in range(len(word)):  # each letter left out in turn, from the first
        found = _NEAR.get(word[:i] + word[i + 1 :])
        if found is not None and abs(len(found) - len(word)) <= 1:
            return found
    return word


class _Known:
    """How each word (as split from a text) reads once squeezed and spelled ("" for one too long
    to be a word): worked out once per distinct word and kept, so common words cost nothing. When
    it grows too big it is replaced, never emptied, so a text being read keeps the one it began
    with (pages are served from several threads)."""

    MAX = 50_000

    def __init__(self) -> None:
        self.words: dict[str, str] = {".": "."}

    def current(self) -> dict[str, str]:
        if len(self.words) > self.MAX:
            self.words = {".": "."}
        return self.words


_KNOWN = _Known()
# The first two letters of words that may need spelling: a misspelling of the table, or a word
# beginning as a key word does (`_spell` tells the rest).
_SPELL_STARTS = frozenset({*_PREFIXES, *(wrong[:2] for wrong in _SPELLINGS)})
_TOO_LONG = re.compile(rf"\b[a-z0-9]{{{WORD_MAX + 1},}}\b")


def forget_words() -> None:
    """Start the word and spelling caches afresh (the benchmark starts each round cold, as a new
    worker does)."""
    _KNOWN.words = {".": "."}
    _spell.cache_clear()


def _learn(words: list[str], known: dict[str, str]) -> None:
    """Squeeze and spell `words` into `known`: squeezed all in one string, by string methods,
    and only the few that may need it spelled."""
    read = _squeeze(" ".join(words))
    if max(map(len, words)) > WORD_MAX:  # (squeezing only shortens a word)
        read = _TOO_LONG.sub("", read)
    squeezed = read.split(" ")
    known.update(zip(words, squeezed, strict=True))
    for i in [i for i, word in enumerate(squeezed) if word[:2] in _SPELL_STARTS]:
        known[words[i]] = _spell(squeezed[i])  # "kms" becomes two words, "kil myself"


def normalise(text: str) -> str:
    """The text as the patterns read it: words of a-z and 0-9 separated by one space, with " . "
    between sentences."""
    marked = _fold(text).translate(_ASCII_TABLE, _DROPPED).decode("ascii")
    if "." in marked:
        marked = _DECIMAL_POINT.sub(" ", marked).replace(".", " . ")
    spaced = marked.replace("!", " . ") if "!" in marked else marked
    words = spaced.split()
    known = _KNOWN.current()
    new = set(words).difference(known)
    if new:
        _learn(list(new), known)
    normal = " ".join(filter(None, map(known.__getitem__, words)))
    if " ." in normal:
        normal = _DOTS.sub(" .", normal)
    return normal.lstrip(" .")


# --- Patterns -------------------------------------------------------------------------------------

_GAP = r"(?:[a-z0-9]+ ){0,%d}"


def _source(source: str) -> str:
    """A pattern written in plain spelling, as the text reads: letters squeezed, and `~N` a gap of
    up to N words."""
    return re.sub(r"~(\d)", lambda m: _GAP % int(m.group(1)), _squeeze(source))


def _compile(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + _source("|".join(f"(?:{alt})" for alt in alternatives)) + r")\b")


_ME = r"(?:my ?self|myself)"
_INTENT = (
    r"(?:want|wanted|wanna|need|going|gonna|plan|planning|ready|about|trying|tempted|urge|urges|thinking about"
    r"|thought about|think about|keep wanting|scared i wil|afraid i wil|might|could|wil|would)(?: to)?"
)

SELF_HARM_ALTERNATIVES = (
    # In English
    rf"kil(?:l|ing|led)? {_ME}",
    rf"(?:harm|harming|cutting|burning|starving) {_ME}",
    rf"{_INTENT} (?:hurt|harm|cut|burn|starve|kil|punish) {_ME}",
    rf"(?:hurt|hurting|cut|burned|burnt) {_ME} (?:again|on purpose|deliberately|to feel)",
    r"self ?harm\w*",
    r"suicidal",
    r"(?:thinking|thought|thoughts|think|considering|considered|contemplating|ideas?) (?:about |of |on )?(?:suicide|ending it|ending my life|ending things|ending everything|not being here)",
    r"(?:commit|comit|attempt|attempted|attempting|try) suicide",
    r"suicide (?:plan|note|letter|is the only|seems like|is my only)",
    r"(?:end|ending) (?:it al|my life|my own life|everything|it tonight)",
    r"(?:take|taking) (?:my life|my own life)",
    r"(?:want|wanted|wanna|going|gonna|ready|plan|planning|need) (?:to )?end (?:it|things|everything|my life|al of this)",
    r"(?:want|wanted|wanna|wish|wishing|ready|going|gonna|just want) (?:to )?(?:die|be dead|not exist|stop existing|disappear forever|not wake up|never wake up|sleep forever|go to sleep and never wake up)",
    r"wish (?:i|id) (?:was |were |had |would |could |have )?(?:dead|never been born|not wake up|not woken up|died)",
    r"(?:better|beter) of (?:dead|without me)",
    r"(?:everyone|everybody|my family|my kids|they|people) (?:would be|would|will be|are) (?:better|happier) (?:of )?without me",
    r"(?:dont|do not|no longer|dont really) want to (?:live|be alive|be here|exist|wake up|go on|keep living|continue)",
    r"(?:no|any) (?:reason|point) (?:to|in) (?:keep |keeping |go on )?(?:live|living|going on|being alive|waking up|keep going)",
    r"(?:dont|do not|cant|cannot|can not|no longer) (?:se|find|understand) (?:the |any |a )?(?:point|reason|sense) (?:in|of|to) (?:keep |keeping |go on |going on )?(?:live|living|life|being alive|going on|existing|waking up)",
    r"(?:nobody|no one|noone|no body) would (?:even |really )?(?:notice|care|miss me|mind) if i (?:was|were|am|just) (?:gone|dead|not here|not around|disappeared|died)",
    # Asking what it would take (stockpiling alone is common in a shortage, so not that).
    r"how many (?:of (?:my|these|the) )?(?:\w+ )?(?:pils|tablets|meds|painkilers) (?:it would take|would it take|it takes|would kil|to take to|would be enough|is enough|are enough)",
    r"(?:pray|praying|hope|hoping|wish|wishing) (?:that )?(?:i |id )?(?:wont|dont|never|do not|will not|would not|wouldnt) wake up",
    rf"{_INTENT} (?:overdose|od)",
    r"(?:take|taking|took) my own life",
    r"(?:drive|driving|crash|crashing|steer) (?:my car |the car )?(?:into|of) (?:a |the )?(?:tree|wall|truck|bridge|river|cliff)",
    r"nothing (?:left )?to live for",
    r"(?:tired|sick) of (?:living|being alive|life itself)",
    r"(?:cant|cannot|can not) (?:go on|keep going|do (?:this|it|life) (?:any ?more|anymore)) ~3(?:want|wanna|going|gonna|ready) (?:to )?(?:end|die|go)",
    r"life (?:is not|isnt|isn t) worth (?:living|it any ?more)",
    r"(?:take|taking|swallow|swallowing|took|down) (?:al|every one of|the whole bottle of|a whole bottle of|the rest of) (?:my |the |of my )?(?:pils|meds|medication|tablets|pain pils|oxy|insulin|sleeping pils)",
    r"(?:overdose|od) on purpose",
    rf"(?:hang|hanging|drown|shoot) {_ME}",
    r"(?:jump|jumping) (?:of|off|in front of) (?:a |the |my )?(?:bridge|building|roof|train|balcony)",
    r"(?:this is|saying) (?:my )?goodbye (?:to )?(?:everyone|for good|forever)",
    r"(?:wont|will not) be (?:here|around|alive) (?:tomorrow|much longer|by morning|next week)",
    r"(?:giving|gave|give) away (?:al )?my (?:things|stuff|belongings)",
    r"(?:dont|do not|no longer) (?:want|wish) to be alive",
    # In Spanish
    r"(?:me )?(?:quiero|quisiera|queria|deseo|gustaria|quiero ya) (?:morir|morirme|estar muerta|estar muerto|desaparecer para siempre|dejar de existir|matarme|suicidarme|quitarme la vida|acabar con todo|acabar con mi vida|terminar con todo|terminar con mi vida|no despertar|dormir y no despertar)",
    r"(?:voy a|pienso|pensando en|pense en|planeo|quiero) (?:matarme|suicidarme|quitarme la vida|acabar con todo|acabar con mi vida|terminar con todo|terminar con mi vida|hacerme dano|cortarme las venas|tirarme)",
    r"me voy a (?:matar|suicidar|quitar la vida|tirar)",
    r"ganas de (?:morir|morirme|matarme|suicidarme|desaparecer|no despertar|hacerme dano|cortarme|acabar con todo)",
    r"me (?:hago|hice|he hecho|he vuelto a hacer|volvi a hacer|vuelvo a hacer|sigo haciendo|estoy haciendo) cortes|me corto (?:los brazos|las piernas|las munecas)",
    r"no (?:le )?(?:veo|encuentro|tiene) (?:ningun |ya )?sentido (?:a |en )?(?:seguir viviendo|vivir|seguir con vida|la vida|seguir aqui)",
    r"cortarme (?:las venas|los brazos|las munecas)",
    r"(?:quitarme|quitare) la vida",
    r"suicidarme|suicida|suicidas",
    r"(?:pensamientos|ideas|ideacion) (?:suicidas|de suicidio|de morir|de matarme)",
    r"(?:pienso|pensando|pense|penso|piensa) (?:en|mucho en) (?:el )?suicidio",
    r"no (?:quiero|puedo) (?:seguir viviendo|vivir mas|seguir aqui|seguir con vida|estar viva|estar vivo|despertar ma(?:n|ñ)ana)",
    r"no quiero (?:vivir|seguir (?:viviendo|aqui))",
    r"(?:ojala|quisiera) (?:estar muert[ao]|estuviera muert[ao]|no haber nacido|no despertar|no despertara|no despertarme|morirme|morir)",
    r"(?:ojala|quisiera) ~5no (?:despertar|despertara|despertarme|volver a despertar)",
    r"tirarme (?:del|de un|de una|por la|por el|al|a las|a la|desde el) (?:puente|edificio|balcon|ventana|tren|vias|metro|azotea)",
    r"(?:estarian|estarias|estaria|estan|estarian todos) mejor sin mi",
    r"mejor (?:estaria|estar) muert[ao]",
    r"no (?:vale|tiene sentido) (?:la pena )?(?:vivir|seguir viviendo|seguir)",
    r"(?:tomarme|tomar|me tome|me voy a tomar) todas (?:las|mis) (?:pastillas|pildoras|medicinas)",
    r"(?:pastillas|pildoras) ~4(?:tomarmelas|me las tomo|me las voy a tomar) todas",
    r"ya no (?:quiero|aguanto) (?:vivir|estar aqui|mas) ~3(?:morir|matarme|acabar|terminar|desaparecer)",
    r"(?:esto es|les digo) (?:un )?adios (?:a todos|para siempre)",
)

MEDICAL_ALTERNATIVES = (
    # The heart, in English
    r"(?:crushing|crushed|severe|sharp|stabbing|bad|terrible|horrible|intense|sudden|tight|heavy) ~3(?:my |the |his |her )?(?:chest|chest pain|pain in (?:my|the) chest|pressure in (?:my|the) chest)",
    r"chest ~4(?:squezed|squezing|crushed|crushing|in a vice|in a vise|caving in|on fire and)",
    r"chest (?:pain|pains|pressure|tightness|is tight|feels tight|feels heavy|hurts|is hurting|is crushing|is being crushed|feels like (?:an elephant|someone is sitting|it is being crushed|its being crushed))",
    r"(?:pain|ache|aching|pressure|tightnes|squezing|heavines|weight|burning) (?:in|on|acros|across) (?:the (?:midle|center|centre|left side|front) of )?(?:my|the|his|her) chest",
    r"(?:im|i am|is|hes|shes|am i|might be|may be|were|we are) having (?:a )?heart attack|is this (?:a )?heart attack|had a heart attack",
    r"(?:sitting|sat|standing|pressing) on my chest|chest is kiling me",
    r"left arm (?:is |keeps )?(?:numb|tingl\w*|going numb|went numb|gone numb)",
    r"(?:think|thinking|scared|afraid|worried|feel like|feels like) (?:im|i am|i may be|i might be|hes|shes|he is|she is|it is|its|this is) (?:having )?(?:a )?heart attack",
    r"(?:pain|presure|tightnes|ache) (?:is |keeps |has |started )?(?:going |spreading |spreads |shooting |shoots |radiating |radiates |moving |moves |traveling |travels |goes )?(?:down|into|up|to|through) (?:my|his|her|both) (?:left |right )?(?:arm|arms|jaw|neck|shoulder|shoulders)",
    r"(?:left )?arm (?:and|&) (?:my )?(?:jaw|chest) (?:hurt|ache|are numb|pain)",
    # Stroke, in English
    r"(?:having|have|had|having a mini) (?:a )?stroke",
    r"(?:think|thinking|scared|afraid|worried) (?:im|i am|hes|shes|he is|she is|my \w+ is|mum is|mom is|dad is) having (?:a )?stroke",
    r"(?:face|mouth|smile|lip|eye) (?:is |are |has |looks |suddenly |started |just )?(?:drooping|droopy|droops|dropped|sagging|gone numb|went numb|numb on one side|lopsided|crooked|uneven)",
    r"(?:one|left|right) side of (?:my|his|her|the) (?:face|body|mouth) (?:is |has |went |feels |suddenly |has gone |just went )?(?:numb|drooping|droopy|weak|gone numb|dead|paralyzed|paralysed|not working|wont move)",
    r"(?:cant|cannot|can not|couldnt|unable to) (?:move|feel|lift|raise) (?:my|his|her) (?:left|right) (?:arm|leg|side|hand)",
    r"(?:my|his|her) speech is (?:slurred|slurring|garbled)|slurred speech|slurring (?:my|his|her|their) (?:words|speech)|words (?:are|keep) coming out (?:wrong|jumbled|garbled)",
    r"(?:speech|words|voice) (?:is |are |sounds |sound |seems |seem )?(?:suddenly |al )?slurred",
    r"(?:worst|worse) headache of (?:my|his|her) life",
    r"sudden (?:numbness|weakness|confusion|blindness|worst headache)",
    # Breathing and allergy, in English
    r"(?:cant|cannot|can not|could not|couldnt|unable to|struggling to|fighting to|hard to|trouble|difficulty|cant really|barely) (?:to )?breathe",
    r"(?:cant|cannot|can not|couldnt|could not) catch (?:my|his|her) breathe",
    r"(?:is not|isnt|not|stopped|has stopped|hes not|shes not) breathe",
    r"gasping for (?:air|breath|breathe)",
    r"(?:lips|face) (?:are |is |have |has )?(?:turning |gone |going |went )?(?:blue|purple|grey|gray)",
    r"throat ~4(?:closing|closing up|swelling|swollen shut|tight and|tightening)",
    r"(?:tongue|lips|face) (?:is |are )?(?:swelling|swollen|blowing up)",
    r"anaphylaxis|anaphylactic|anaphylactic shock",
    r"(?:severe|bad|serious|major|big) allergic reaction",
    r"allergic reaction (?:right now|now|and (?:my )?(?:throat|tongue|lips|breathe))",
    r"(?:used|using|need|needs|had to use|gave (?:him|her) ) (?:my|an|his|her|the) epi ?pen",
    # Collapse, fits, bleeding, poisoning, sugar, in English
    r"(?:passed out|collapsed|unconscious|unresponsive) (?:and )?(?:wont|cant|will not|is not|isnt|not) (?:wake|waking|come to|responding|breathe|respond)",
    r"(?:is|went|just went|has gone|found (?:him|her)) (?:unconscious|unresponsive)",
    r"(?:having|had|has|is having) (?:a )?seizure (?:that )?(?:wont stop|not stopping|for (?:\w+ )?minutes|right now|now)",
    r"seizure (?:and )?(?:it )?(?:wont|will not|is not|isnt|doesnt) stop",
    r"(?:seizure|seizing|fitting|convulsing|convulsions?) ~6(?:wont|will not|isnt|is not|doesnt|does not|hasnt|has not) (?:stop|stoped|stopping)",
    r"(?:seizure|colapsed|pased out|fainted|unconscious) ~6(?:not|isnt|wont|is not|stil not) (?:responding|responsive|waking|wake)",
    r"(?:is|keeps|keep|started|started to|ben|has ben|stil) (?:seizing|convulsing|fitting)",
    r"(?:coughing|vomiting|throwing) (?:up )?blood",
    r"bleding (?:wont stop|will not stop|that wont stop|heavily|everywhere|a lot and|badly|profusely|through)",
    r"(?:wont|will not|cant|cannot|doesnt|does not|cant get it to) stop (?:the )?bleding",
    r"blod (?:everywhere|is pouring|pouring|gushing|spurting|wont stop)",
    r"(?:took|taken|swallowed|gave him|gave her|injected) (?:a |an )?(?:too many|double|triple|twice|way too much|too much) ~2(?:pils|tablets|insulin|meds|medication|doses|dose|units)",
    r"(?:i|he|she|they|husband|wife|partner|son|daughter|kid|child|baby|brother|sister|friend|mum|mom|dad|mother|father|boyfriend|girlfriend) (?:think |thinks )?(?:i |he |she |they )?(?:has |may have |might have |just )?overdosed",
    r"(?:took|taken|swalowed|has taken|has swalowed) (?:a |the |an )?(?:whole|entire|ful) (?:bottle|packet|pack|box|strip|tub) of (?:\w+ )?(?:pils|tablets|meds|medicine|medication|paracetamol|acetaminophen|tylenol|ibuprofen|aspirin|painkilers|sleping pils|capsules)",
    r"(?:blood sugar|bg|glucose|sugar) (?:is |at |of |reading |says |just )?(?:[2-4]\d|hi and vomiting)",
    r"(?:think (?:im|i am) in|might be in|going into|in) (?:dka|ketoacidosis)",
    r"(?:fever|temp|temperature) (?:is |of |at |is at |reading |says |hit |went up to |is now |of about |around )?(?:10[3-6]|39 [5-9]|40|41) ~3(?:chemo|neutropenic|shaking|shaky|confused|chills|rigors)",
    r"neutropenic fever|fever (?:on|during|after|while on) chemo",
    r"sepsis|septic",
    r"fiebre (?:de )?(?:38 \d|39|39 \d|40|41) ~4(?:quimio|neutropeni\w*|escalofrios)|fiebre (?:con|durante|despues de) la quimio",
    # In Spanish
    r"dolor ~2(?:en el|de|del) pecho|(?:me )?duele (?:mucho |muchisimo |fuerte )?el pecho|(?:opresion|presion|punzada|peso|aprieta) (?:fuerte )?(?:en el|el|del) pecho",
    r"(?:me esta dando|le esta dando|tengo|tiene|creo que (?:es|tengo|me da|me esta dando)|es) (?:un )?infarto",
    r"(?:dolor|me duele) ~2(?:brazo izquierdo|mandibula)",
    r"(?:aplasta|aplastan|aplastaran|aplastara|oprime|estruja|estrujan) (?:el|mi) pecho",
    r"(?:el )?dolor (?:me )?(?:baja|bajando|sube|subiendo|se va|se extiende|se me va|corre) (?:por|hacia|al|a la|a) (?:el |la |mi )?(?:brazo|mandibula|cuello|hombro|espalda)",
    r"(?:no puedo|no puede|no podia|no consigo|me cuesta|le cuesta|dificultad para|no logro) (?:mucho )?respirar",
    r"(?:me falta|le falta) el aire|me (?:estoy )?ahogando|me ahogo",
    r"(?:se me|se le) (?:cierra|esta cerrando|hincha|esta hinchando) (?:la )?(?:garganta|lengua|cara)",
    r"(?:garganta|lengua|cara|labios) (?:hinchada|hinchados|hinchandose|se cierra)",
    r"anafilaxia|anafilactic[oa]|choque anafilactico",
    r"reaccion alergica (?:grave|fuerte|severa|seria|muy fuerte)",
    r"(?:me esta dando|le esta dando|tengo|tiene|creo que (?:tengo|es|me da|le da|le esta dando)) (?:un )?(?:derrame|ictus|ataque cerebral|infarto cerebral)",
    r"(?:cara|boca) (?:torcida|caida|dormida de un lado|se (?:me|le) cae|se (?:me|le) tuerce)",
    r"se (?:me|le) (?:tuerce|torcio|cae|cayo|esta cayendo|duerme|durmio) (?:la )?(?:cara|boca)",
    r"(?:se me|se le) (?:duerme|durmio|paralizo|cae|cayo) (?:la mitad de|un lado de|media) (?:la )?(?:cara|cuerpo|boca)",
    r"no (?:puedo|puede) (?:mover|levantar|sentir) (?:el|la|mi|su) (?:brazo|pierna|lado|mano) (?:izquierd[oa]|derech[oa])",
    r"(?:arrastra|arrastro|arrastrando) (?:las )?palabras|(?:no puede|no puedo) hablar bien de repente",
    r"(?:esta|estoy|sigue|lleva|lleva ya|llevamos|no deja de) convulsionando|convulsiones? (?:que )?no (?:para|paran)",
    r"(?:convulsionando|convulsion|convulsiones|ataque epileptico|crisis epileptica) ~6no (?:para|paran|se detiene|se le pasa)",
    r"(?:se desmayo|se cayo|colapso|esta inconsciente|quedo inconsciente) ~3(?:no (?:despierta|responde|respira|reacciona))",
    r"no respira",
    r"(?:vomitando|tosiendo|escupiendo|vomito|toso) sangre",
    r"sangrado (?:que no para|muy fuerte|abundante)|no (?:para|paro|deja|dejaba|puedo parar) de sangrar",
    r"(?:sangra|sangrando|sangrar) (?:mucho|muchisimo|sin parar|a chorros)|(?:todo|esta todo) lleno de sangre",
    r"(?:me tome|se tomo|tome|me inyecte|se inyecto) (?:el doble|el triple|demasiad[ao]s?|muchas) ~2(?:pastillas|insulina|unidades|dosis|medicina)",
    r"(?:me tome|se tomo|tomo|se trago|me trague|trago) (?:un|una|el|la) (?:frasco|caja|bote|blister|tableta) (?:entero |entera |completo |completa )?de (?:pastillas|pildoras|medicinas|paracetamol|ibuprofeno|calmantes)",
    r"sobredosis",
    r"(?:azucar|glucosa) (?:en |esta en |de |a )?[2-4]\d",
    r"cetoacidosis",
)

# Idioms and other sentences that use crisis words without a crisis. Any one that covers a
# match (or sits right by it), in its sentence, drops it.
SELF_HARM_IDIOM_ALTERNATIVES = (
    r"die (?:of|from|laughing|of laughter|of embarrassment|of shame|of boredom|for (?:a|some|one))",
    r"dying to|to die for|die happy|die on (?:this|that) hil|die (?:my|her|his|your|the|our) (?:hair|beard|clothes|shirt|roots)",
    r"kil (?:my ?self|myself) (?:laughing|with laughter)",
    r"(?:end|ending) (?:it|things) (?:with|here|there|on)|end it al (?:with|for|by)",
    r"(?:take|taking) (?:back )?my life (?:back|in|into|one)|live (?:in|with) (?:fear|worry|anxiety)",
    r"vivir (?:con|en) (?:miedo|el miedo|angustia)|burning (?:my ?self|myself) out",
    r"suicide (?:prevention|awareness|rates?|statistics|hotline|helpline|risk|squad|walk|month|week|doors?|mission|run)",
    r"suicidal (?:thoughts|ideation|ideas|behaviou?r) (?:as|is|are|were|was|can be|may be) (?:a |listed as a )?(?:side efect|warning)",
    r"(?:side efects?|warning|label|leaflet) ~4(?:suicidal|suicide)",
    r"cut(?:ing)? (?:my ?self|myself) (?:a |some |of )?(?:slack|a break|some slack|of)",
    r"cortar(?:me|te|se|le)? (?:el|la|las|los) (?:pelo|cabelo|unas|flequilo|barba|fleco)",
    r"me muero (?:de|por)|muero de (?:risa|ganas|hambre|sueno|verguenza|frio|calor)|morir(?:me)? de (?:risa|verguenza)",
    r"(?:muert[oa]|muerta) de (?:cansancio|risa|hambre|sueno|frio|miedo)",
    r"dead (?:tired|on my feet)",
    r"me mata (?:el|la|este|esta)",
    r"prevencion del suicidio|suicidio asistido",
    r"(?:prospecto|efecto secundario|efectos secundarios|efectos adversos) ~6(?:suicid\w*)",
)
MEDICAL_IDIOM_ALTERNATIVES = (
    r"heart attack (?:of|from) (?:cuteness|cute|joy|laughter)|(?:almost|nearly|practically|basically) (?:gave|give|had) (?:me |us )?(?:a )?heart attack",
    r"gave (?:me|us|him|her) a heart attack|give (?:me|you|us) a heart attack",
    r"(?:laughing|laugh|laughed|lol|lmao|haha\w*|giggling|crying laughing|hilarious|funny) ~6(?:cant|cannot|can not|couldnt|could not) breathe",
    r"(?:thought|think|felt like) (?:id|i would|i was going to|i might) (?:have|get) a heart atack",
    r"heart atack (?:over|about|at|when i saw)|heart atack ~6(?:lol|lmao|haha\w*)",
    r"respirar (?:bien )?por la nariz",
    r"(?:cant|cannot) breathe ~2(?:laughing|from laughing|lol|lmao|haha\w*)",
    r"(?:cant|cannot|can not) breathe (?:through|out of|thru) (?:my|the|one) (?:nose|nostril)",
    r"breathe (?:in|with) (?:this|that|these|those|the|al this|al the) (?:mask|jeans|dress|humidity|heat|smog|room|pollen|smoke|air|traffic)",
    r"stroke of (?:luck|genius|midnight)|(?:back|breast|swim)stroke|stroke (?:the|his|her|my) (?:cat|dog|hair|hand|beard)",
    r"(?:casi|por poco) (?:me|le|nos) (?:da|dio|daba) (?:un )?infarto|infarto de (?:ternura|risa)|me va a dar un infarto",
    r"no puedo respirar de (?:la )?risa|me ahogo de (?:risa|calor)|me ahogo en un vaso de agua",
    r"(?:lose|loses|lost|losing) (?:my |his |her )?breathe",
    r"sepsis (?:awareness|training|protocol)|septic (?:tank|system)",
    r"overdosed on (?:vitamins|caffeine|cofee|sugar|chocolate|candy|netflix|tv|carbs)",
)
# "I'm not suicidal", "I would never hurt myself", "no quiero morir": said to reassure.
_NEGATED_SELF_HARM = re.compile(
    _squeeze(
        r"\b(?:not|never|no|nunca|wouldnt|wont|dont|didnt|isnt|arent|im not|not feeling|no longer feel|ni)"
        r" (?:(?:going|gonna|planning|trying|thinking of|want|wanting|about|ever|really|at al|actively|feeling|feel|be|being) )?(?:to )?$"
    )
)
_NEGATED_MEDICAL = re.compile(
    _squeeze(
        r"\b(?:no|not|without|never|sin|ni|nunca|denies|dont have|doesnt have|dont get|no more)"
        r" (?:tengo |tiene |have |has |having |feel |siento |hay )?(?:any |a |ningun |ninguna )?$"
    )
)
# Advice about someone unnamed ("if you have chest pain, call 911"), not a report.
_ADVICE = re.compile(
    _squeeze(
        r"\b(?:if|when|whenever) (?:you|your|someone|someones|anyone|anyones|somebody|somebodys|a person|a persons|they|their) |\bsi (?:tienes|tiene|alguien|usted|sientes|siente)"
        r"|\b(?:signs|symptoms|warning signs) of |\bsintomas de |\bsenales de |\bwhat does .{0,40} feel like"
    )
)
_PAST = re.compile(
    _squeeze(
        r"\b(?:had a|had an|has had|history of|years? ago|\d+ years|last (?:year|month|spring|summer|fall|autumn|winter)"
        r"|in (?:19|20)\d\d|back in|when i was|as a (?:teen|kid|child)|survived|survivor|turned out|ended up being"
        r"|tuvo (?:un|una)|tuve (?:un|una)|hace (?:\w+ )?anos|el ano pasado|en (?:19|20)\d\d|cuando (?:era|tenia)|sobrevivi"
        r"|resulto ser|resulto que era|al final (?:era|fue))\b"
    )
)
_PRESENT = re.compile(
    _squeeze(
        r"\b(?:now|right now|currently|stil|at the moment|this (?:morning|afternoon|evening)|tonight|today"
        r"|again|lately|these days|keeps|ive ben|\d+ (?:minutes|hours?) ago|an hour ago|for (?:an|the last|\d+) (?:hour|hours|minutes)"
        r"|ahora|ahorita|en este momento|todavia|sigo|sigue|esta noche|hoy|ultimamente|otra vez|de nuevo|hace (?:un rato|una hora|\d+ (?:minutos|horas)))\b"
    )
)


# --- Trying each alternative only where it can start ---------------------------------------------

_FIRST = 4  # letters of a word that choose which alternatives are tried there
_SECOND = 2  # and of the next word, after words many phrases begin with ("my", "the", "me")
_ALPHABET = frozenset("abcdefghijklmnopqrstuvwxyz0123456789 .")
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_DIGITS = frozenset("0123456789")
# The regular expression parser, to read which letters an alternative can begin with; a private
# module of the standard library, so anything it says that we do not know makes the alternative
# one tried everywhere (slower, never wrong).
_parser: Any = importlib.import_module("re._parser")

# What a match has shown of its start: the first word's letters (up to _FIRST), the next word's
# (up to _SECOND), and how far it got (0: in the first word, 1: in the next, 2: far enough).
_Start = tuple[str, str, int]
_ANY = "*"  # the next word, when it may be nearly anything
_MANY = 8  # letters in a class beyond which it stands for any letter


class _Anywhere(Exception):  # noqa: N818  (not an error: the alternative is tried at every word)
    """An alternative whose first letters cannot be told."""


def _step(start: _Start, char: str) -> _Start:
    first, second, phase = start
    if phase == 0:
        if char in " .":
            return (first, "", 1 if char == " " else 2)
        return (first + char if len(first) < _FIRST else first, "", 0)
    if phase == 1:
        if char in " .":
            return (first, second, 2)
        second += char
        return (first, second, 2 if len(second) >= _SECOND else 1)
    return start


def _chars_of(items: list[tuple[Any, Any]]) -> set[str]:
    found: set[str] = set()
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            found.add(chr(av))
        elif name == "RANGE":
            found.update(chr(code) for code in range(av[0], av[1] + 1))
        elif name == "CATEGORY" and str(av) in {"CATEGORY_WORD", "CATEGORY_UNI_WORD"}:
            found |= _WORD_CHARS
        elif name == "CATEGORY" and str(av) in {"CATEGORY_DIGIT", "CATEGORY_UNI_DIGIT"}:
            found |= _DIGITS
        else:
            raise _Anywhere
    return found & _ALPHABET


def _walk(sequence: Any, starts: set[_Start]) -> set[_Start]:
    """How a match of `sequence` may go on from each of `starts`."""
    for op, av in sequence:
        if all(start[2] == 2 for start in starts):
            break
        name = str(op)
        if name in {"AT", "ASSERT", "ASSERT_NOT"}:  # zero width: what may follow stays a superset
            continue
        if name == "SUBPATTERN":
            starts = _walk(av[-1], starts)
        elif name == "BRANCH":
            starts = set().union(*(_walk(branch, starts) for branch in av[1]))
        elif name in {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}:
            starts = _repeat(av, starts)
        else:
            chars = {chr(av)} & _ALPHABET if name == "LITERAL" else _chars_of(av) if name == "IN" else None
            if chars is None:
                raise _Anywhere
            if len(chars) > _MANY:  # nearly any letter: so is the next word, as far as we know
                starts = {(start[0], _ANY, 2) if start[2] == 1 else start for start in starts}
            starts = {_step(start, char) for start in starts for char in chars}
    return starts


def _repeat(av: tuple[int, Any, Any], starts: set[_Start]) -> set[_Start]:
    low, high, sub = av
    for _ in range(low):
        starts = _walk(sub, starts)
        if all(start[2] == 2 for start in starts):
            return starts
    found, current, count = set(starts), starts, low
    while count < high:  # until no repetition brings anything new (there are finitely many)
        current = _walk(sub, current)
        count += 1
        if current <= found:
            break
        found |= current
    return found


def _starts_of(alternative: str) -> frozenset[tuple[str, str | None]] | None:
    """The words a match of the alternative can start at: (the word's first _FIRST letters, or
    all of it if shorter; the next word's first _SECOND letters, or None for any next word).
    None when they cannot be told."""
    try:
        starts = _walk(_parser.parse(_source(alternative)), {("", "", 0)})
    except (_Anywhere, re.error, TypeError, ValueError, IndexError):
        return None
    if any(not first for first, _, _ in starts):
        return None
    return frozenset((first, None if second in {"", _ANY} else second) for first, second, _ in starts)


Patterns = tuple["re.Pattern[str]", ...]  # tried in order: the first that matches is the match
Tried = tuple[Patterns, Patterns]  # (self-harm, medical)


class _Phrases:
    """Alternatives, each compiled alone (`\\b(?:alternative)\\b`) and tried only at the words it
    can begin. Trying `pattern_for(first, second)` in order at a word beginning `first`, followed by
    one beginning `second`, finds what the alternation of them all (`\\b(?:a|b|…)\\b`) would."""

    def __init__(self, alternatives: Sequence[str]) -> None:
        self.alternatives = tuple(alternatives)
        self.patterns = tuple(_compile(alternative) for alternative in alternatives)
        starts = [_starts_of(alternative) for alternative in alternatives]
        self.anywhere = frozenset(i for i, found in enumerate(starts) if found is None)
        # first letters → next word's letters (None: any) → the alternatives that may start there
        self.starts: dict[str, dict[str | None, set[int]]] = {}
        for i, found in enumerate(starts):
            for first, second in found or ():
                self.starts.setdefault(first, {}).setdefault(second, set()).add(i)
        self.at = {first: self._chosen(set().union(*by_next.values())) for first, by_next in self.starts.items()}
        self.elsewhere = self._chosen(set())

    def _chosen(self, chosen: set[int]) -> Patterns:
        return tuple(self.patterns[i] for i in sorted(chosen | self.anywhere))  # their own order

    def pattern_for(self, first: str, second: str | None = None) -> Patterns:
        """What to try at a word beginning `first`, followed by one beginning `second` (None: what
        may be followed by any word)."""
        by_next = self.starts.get(first)
        if by_next is None:
            return self.elsewhere
        return self._chosen(by_next.get(None, set()) | (by_next.get(second, set()) if second else set()))

    def nexts(self, first: str) -> set[str]:
        """The next words' letters some alternative beginning `first` needs."""
        return {second for second in self.starts.get(first, {}) if second is not None}

    def covers(self, text: str, start: int, end: int, floor: int, ceiling: int) -> bool:
        """Whether a match lies over [start, end] of `text` (or touches it), between `floor` and
        `ceiling`: tried at each word from IDIOM_REACH characters before `start` up to `end`."""
        at = max(floor, start - IDIOM_REACH)
        if at > floor:
            at = text.find(" ", at - 1, start) + 1 or start  # the next word's start
        while at <= end:
            stop = text.find(" ", at, ceiling)
            stop = ceiling if stop < 0 else stop
            for pattern in self.at.get(text[at : min(stop, at + _FIRST)], self.elsewhere):
                found = pattern.match(text, at, ceiling)
                if found is not None and found.end() >= start:
                    return True
            at = stop + 1
        return False


SELF_HARM_PHRASES = _Phrases(SELF_HARM_ALTERNATIVES)
MEDICAL_PHRASES = _Phrases(MEDICAL_ALTERNATIVES)
SELF_HARM_IDIOMS = _Phrases(SELF_HARM_IDIOM_ALTERNATIVES)
MEDICAL_IDIOMS = _Phrases(MEDICAL_IDIOM_ALTERNATIVES)


def _tried(first: str, second: str | None = None) -> Tried | None:
    tried = (SELF_HARM_PHRASES.pattern_for(first, second), MEDICAL_PHRASES.pattern_for(first, second))
    return None if tried == ((), ()) else tried


def _by_next(first: str) -> Tried | dict[str | None, Tried | None] | None:
    """What both kinds try at a word beginning `first`: one pair, or, when some phrases beginning
    so need a particular next word, a pair for each next word (under None: for any other)."""
    nexts = SELF_HARM_PHRASES.nexts(first) | MEDICAL_PHRASES.nexts(first)
    if not nexts:
        return _tried(first)
    return {None: _tried(first), **{second: _tried(first, second) for second in nexts}}


# One look-up per word of a long post (and one more after the words many phrases begin with).
_BOTH = {first: _by_next(first) for first in {*SELF_HARM_PHRASES.starts, *MEDICAL_PHRASES.starts}}
_NEITHER = _tried("")  # at words no phrase is known to begin with: the alternatives tried anywhere


def _trie(node: dict[str, Any]) -> str:
    parts = [re.escape(char) + _trie(child) for char, child in sorted(node.items()) if char]
    if "" in node:
        parts.append(node[""])
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


def _hot_words(kinds: tuple[int, ...]) -> re.Pattern[str]:
    """Where in " " + a text a phrase of the `kinds` (0: self-harm, 1: medical) may begin: the
    space before each such word. One regular expression, shaped as a tree of first letters, so
    that the thousands of other words of a long post are passed over without a step in Python."""
    if _NEITHER is not None:
        return re.compile(r" ()(?=[a-z0-9])")  # some alternative may begin anywhere

    def wanted(pair: Tried | None) -> bool:
        return pair is not None and any(pair[kind] for kind in kinds)

    root: dict[str, Any] = {}
    for first, tried in _BOTH.items():
        end = "" if len(first) == _FIRST else "(?![a-z0-9])"  # begins with `first`, or is it
        if isinstance(tried, dict):
            if not wanted(tried[None]):  # only before some next words
                nexts = sorted(second for second, pair in tried.items() if second is not None and wanted(pair))
                if not nexts:
                    continue
                after = "|".join(re.escape(s) + ("" if len(s) == _SECOND else "(?![a-z0-9])") for s in nexts)
                end += f"(?=[a-z0-9]* (?:{after}))"
        elif not wanted(tried):
            continue
        node = root
        for char in first:
            node = node.setdefault(char, {})
        node[""] = end
    return re.compile(" (" + _trie(root) + ")")  # the group: the word's first letters


# For both kinds, and for each alone once the other has found MATCHES_MAX phrases.
_HOT_WORDS = {(0, 1): _hot_words((0, 1)), (0,): _hot_words((0,)), (1,): _hot_words((1,))}


# --- Reading a match in its sentence --------------------------------------------------------------


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence around [start, end) begins and ends in the text: at most CONTEXT
    characters either side, so a text with no full stop is not read whole for every match."""
    floor = max(0, start - CONTEXT)
    left = text.rfind(" . ", floor, start)
    left = floor if left < 0 else left + 3
    ceiling = min(len(text), end + CONTEXT)
    right = text.find(" . ", end, ceiling)
    return left, ceiling if right < 0 else right


_CLAUSE_BREAK = re.compile(r" (?:and|but|though|although|so|then|y|pero|aunque|asi que|luego) ")


def _clause(sentence: str, start: int, end: int) -> str:
    """The part of the sentence the match is in, between conjunctions: "my dad had a stroke in
    2019 | and he is doing great now"."""
    left = max((m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, start)), default=0)
    found = _CLAUSE_BREAK.search(sentence, end)
    return sentence[left : found.start() if found else len(sentence)]


def _history(clause: str) -> bool:
    """Told as past history ("had a stroke in 2019"), with nothing saying it is happening again."""
    return bool(_PAST.search(clause)) and not _PRESENT.search(clause)


def _counts(kind: Kind, text: str, match: re.Match[str]) -> bool:
    """Whether this match, read in its sentence, says what it seems to. The cheap readings first."""
    start, end = match.start(), match.end()
    left, right = _sentence(text, start, end)
    before = text[max(left, start - 40) : start]
    if kind == SELF_HARM:
        if _NEGATED_SELF_HARM.search(before) or SELF_HARM_IDIOMS.covers(text, start, end, left, right):
            return False
    elif (
        _NEGATED_MEDICAL.search(before)
        or MEDICAL_IDIOMS.covers(text, start, end, left, right)
        or _ADVICE.search(text, left, end)
    ):
        return False
    # "I attempted suicide years ago": history, told as history.
    sentence = text[left:right]
    return not _history(_clause(sentence, start - left, end - left))


def _candidates(normal: str) -> tuple[list[re.Match[str]], list[re.Match[str]]]:
    """The first MATCHES_MAX phrases of each kind, in order, none overlapping another of its kind
    (as `finditer` would find them): a text that repeats an idiom a thousand times ("no chest
    pain no chest pain…") is read for its first ones only, so posting never waits on it.

    Only the words a phrase may begin with are visited (`_HOT_WORDS`), and at each only the few
    alternatives that may begin there are tried. The loop is written out: it runs for each of the
    hundreds of such words of a long post."""
    found: tuple[list[re.Match[str]], list[re.Match[str]]] = ([], [])
    free_from = [0, 0]  # where the next phrase of each kind may start
    kinds: tuple[int, ...] = (0, 1)  # the kinds still looked for
    padded = " " + normal  # each word has a space before it, where `normal` has the word
    resume = 0
    while kinds:
        full = False
        for hot in _HOT_WORDS[kinds].finditer(padded, resume):
            at = hot.start()
            tried: Any = _BOTH.get(hot.group(1) or normal[at : at + _FIRST].partition(" ")[0], _NEITHER)
            if tried.__class__ is dict:
                word_end = normal.find(" ", at)
                second = None if word_end < 0 else normal[word_end + 1 : word_end + 1 + _SECOND].partition(" ")[0]
                tried = tried.get(second, tried[None])
                if tried is None:
                    continue
            for kind in kinds:
                if at >= free_from[kind]:
                    for pattern in tried[kind]:
                        match = pattern.match(normal, at)
                        if match is not None:
                            found[kind].append(match)
                            free_from[kind] = match.end()
                            full = full or len(found[kind]) >= MATCHES_MAX
                            break
            if full:  # on with what is still looked for, after this word
                kinds = tuple(kind for kind in kinds if len(found[kind]) < MATCHES_MAX)
                resume = at + 1
                break
        else:
            break
    return found


def detect(text: str) -> Detection | None:
    """The first crisis the text speaks of (self-harm before a medical emergency), or None."""
    if not text:
        return None
    normal = normalise(text)
    if not normal:
        return None
    self_harm, medical = _candidates(normal)
    for kind, matches in ((SELF_HARM, self_harm), (MEDICAL_EMERGENCY, medical)):
        for match in matches:
            if _counts(kind, normal, match):
                return Detection(kind=kind, phrase=match.group(0))
    return None
