# ruff: noqa: E501  (the patterns read best one alternative a line, however long)
"""The crisis detector: does a text say its author may harm themselves, or describe a medical
emergency happening now? English and Spanish; pure Python, deterministic, a few milliseconds.

How it reads a text:

1. **Normalise**: only the first `SCANNED` characters; accents folded (NFKD without combining
   marks), lower case, apostrophes dropped ("can't" → "cant"), everything but letters and digits a
   space, sentence ends kept as " . ", and every run of a repeated letter squeezed to one
   ("diiiie", "kill" → "die", "kil"; the patterns are squeezed the same way).
2. **Spell**: common misspellings of the words that matter ("sucide", "pian", "breath") become
   the word, by a table and by one edit of the longer key words (symmetric deletes).
3. **Match**: phrase patterns per kind (self-harm first, as it asks for the gentler help), each
   match then weighed against its sentence: idioms that are not a crisis ("dying to try",
   "me muero de risa", "laughing so hard I can't breathe"), negation ("I'm not suicidal"),
   advice to others ("if you have chest pain, call…") and past history ("my dad had a stroke in
   2019") drop it.

The patterns use bounded gaps only (`(?:[a-z0-9]+ ){0,3}`), never nested repeats, so no input
backtracks badly; the length cap bounds the rest.

Being wrong one way costs a calm panel nobody needed; the other way, help nobody saw. Where a
sentence is unclear, the rules lean to showing help.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

Kind = Literal["self_harm", "medical_emergency"]
SELF_HARM: Kind = "self_harm"
MEDICAL_EMERGENCY: Kind = "medical_emergency"

SCANNED = 20_000  # characters read; a crisis is said early, and huge input must stay fast
CONTEXT = 300  # characters of a sentence read either side of a candidate phrase
MATCHES_MAX = 50  # candidate phrases read of each kind
WORD_MAX = 40  # longer "words" (base64, hashes, binary noise) are never words we look for


@dataclass(frozen=True)
class Detection:
    kind: Kind
    phrase: str  # the matched words, normalised ("want to die")


# --- Normalising --------------------------------------------------------------------------------

_APOSTROPHES = re.compile(r"['’‘`´]")
_SENTENCE_END = re.compile(r"[.!?;:¡¿\n\r…]+")
_NOT_WORD = re.compile(r"[^a-z0-9.]+")
_REPEATS = re.compile(r"([a-z])\1+")
_DECIMAL = re.compile(r"(\d)[.,](\d)")


def _squeeze(text: str) -> str:
    return _REPEATS.sub(r"\1", text)


def _fold(text: str) -> str:
    text = text[:SCANNED]
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.casefold()


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
    for variant in _deletes(word):
        found = _NEAR.get(variant)
        if found is not None and abs(len(found) - len(word)) <= 1:
            return found
    return word


def normalise(text: str) -> str:
    """The text as the patterns read it: words of a-z and 0-9 separated by one space, with " . "
    between sentences."""
    folded = _DECIMAL.sub(r"\1 \2", _APOSTROPHES.sub("", _fold(text)))
    folded = _SENTENCE_END.sub(" . ", folded.replace(".", " . "))
    out: list[str] = []
    for word in _squeeze(_NOT_WORD.sub(" ", folded)).split():
        if word == ".":
            if out and out[-1] != ".":
                out.append(word)
        elif len(word) <= WORD_MAX:
            out.append(_spell(word))
    return " ".join(out)


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

SELF_HARM_PATTERNS = _compile(
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
    r"me (?:hago|hice|sigo haciendo) cortes|me corto (?:los brazos|las piernas|las munecas)",
    r"cortarme (?:las venas|los brazos|las munecas)",
    r"(?:quitarme|quitare) la vida",
    r"suicidarme|suicida|suicidas",
    r"(?:pensamientos|ideas|ideacion) (?:suicidas|de suicidio|de morir|de matarme)",
    r"(?:pienso|pensando|pense|penso|piensa) (?:en|mucho en) (?:el )?suicidio",
    r"no (?:quiero|puedo) (?:seguir viviendo|vivir mas|seguir aqui|seguir con vida|estar viva|estar vivo|despertar ma(?:n|ñ)ana)",
    r"no quiero (?:vivir|seguir (?:viviendo|aqui))",
    r"(?:ojala|quisiera) (?:estar muert[ao]|estuviera muert[ao]|no haber nacido|no despertar|no despertara|no despertarme|morirme|morir)",
    r"tirarme (?:del|de un|de una|por la|por el|al|a las|a la|desde el) (?:puente|edificio|balcon|ventana|tren|vias|metro|azotea)",
    r"(?:estarian|estarias|estaria|estan|estarian todos) mejor sin mi",
    r"mejor (?:estaria|estar) muert[ao]",
    r"no (?:vale|tiene sentido) (?:la pena )?(?:vivir|seguir viviendo|seguir)",
    r"(?:tomarme|tomar|me tome|me voy a tomar) todas (?:las|mis) (?:pastillas|pildoras|medicinas)",
    r"(?:pastillas|pildoras) ~4(?:tomarmelas|me las tomo|me las voy a tomar) todas",
    r"ya no (?:quiero|aguanto) (?:vivir|estar aqui|mas) ~3(?:morir|matarme|acabar|terminar|desaparecer)",
    r"(?:esto es|les digo) (?:un )?adios (?:a todos|para siempre)",
)

MEDICAL_PATTERNS = _compile(
    # The heart, in English
    r"(?:crushing|crushed|severe|sharp|stabbing|bad|terrible|horrible|intense|sudden|tight|heavy) ~2(?:chest|chest pain|pain in (?:my|the) chest|pressure in (?:my|the) chest)",
    r"chest (?:pain|pains|pressure|tightness|is tight|feels tight|feels heavy|hurts|is hurting|is crushing|is being crushed|feels like (?:an elephant|someone is sitting|it is being crushed|its being crushed))",
    r"(?:pain|pressure|tightness|squeezing) in (?:my|the|his|her) chest",
    r"(?:im|i am|is|hes|shes|am i|might be|may be|were|we are) having (?:a )?heart attack|is this (?:a )?heart attack|had a heart attack",
    r"(?:sitting|sat|standing|pressing) on my chest|chest is kiling me",
    r"left arm (?:is |keeps )?(?:numb|tingl\w*|going numb|went numb|gone numb)",
    r"(?:think|thinking|scared|afraid|worried|feel like|feels like) (?:im|i am|i may be|i might be|hes|shes|he is|she is|it is|its|this is) (?:having )?(?:a )?heart attack",
    r"pain (?:going |spreading |shooting |radiating )?(?:down|into|up) (?:my|his|her) (?:left |right )?(?:arm|jaw|neck|shoulder)",
    r"(?:left )?arm (?:and|&) (?:my )?(?:jaw|chest) (?:hurt|ache|are numb|pain)",
    # Stroke, in English
    r"(?:having|have|had|having a mini) (?:a )?stroke",
    r"(?:think|thinking|scared|afraid|worried) (?:im|i am|hes|shes|he is|she is|my \w+ is|mum is|mom is|dad is) having (?:a )?stroke",
    r"(?:face|mouth|smile|lip|eye) (?:is |are |has |looks |suddenly |started |just )?(?:drooping|droopy|droops|dropped|sagging|gone numb|went numb|numb on one side|lopsided|crooked|uneven)",
    r"one side of (?:my|his|her) (?:face|body|mouth) (?:is |has |went |feels |suddenly )?(?:numb|drooping|droopy|weak|gone numb|dead|paralyzed|paralysed|not working|wont move)",
    r"(?:cant|cannot|can not) (?:move|feel|lift) (?:my|his|her) (?:left|right) (?:arm|leg|side|hand)",
    r"(?:my|his|her) speech is (?:slurred|slurring|garbled)|slurred speech|slurring (?:my|his|her) words|words (?:are|keep) coming out (?:wrong|jumbled|garbled)",
    r"(?:worst|worse) headache of (?:my|his|her) life",
    r"sudden (?:numbness|weakness|confusion|blindness|worst headache)",
    # Breathing and allergy, in English
    r"(?:cant|cannot|can not|could not|couldnt|unable to|struggling to|fighting to|hard to|trouble|difficulty|cant really|barely) (?:to )?breathe",
    r"(?:cant|cannot|can not|couldnt|could not) catch (?:my|his|her) breathe",
    r"(?:is not|isnt|not|stopped|has stopped|hes not|shes not) breathe",
    r"gasping for (?:air|breath|breathe)",
    r"(?:lips|face) (?:are |is )?(?:turning |gone |going |went )?(?:blue|purple|grey|gray)",
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
    r"(?:seizure|colapsed|pased out|fainted|unconscious) ~6(?:not|isnt|wont|is not|stil not) (?:responding|responsive|waking|wake)",
    r"(?:is|keeps|keep|started|started to) (?:seizing|convulsing|fitting)",
    r"(?:coughing|vomiting|throwing) (?:up )?blood",
    r"bleeding (?:wont stop|will not stop|that wont stop|heavily|everywhere|a lot and)",
    r"(?:took|taken|swallowed|gave him|gave her|injected) (?:too many|double|triple|twice|way too much|too much) ~2(?:pils|tablets|insulin|meds|medication|doses|dose|units)",
    r"(?:i|he|she|they) (?:think )?(?:i |he |she )?(?:overdosed|just overdosed|may have overdosed)",
    r"(?:blood sugar|bg|glucose|sugar) (?:is |at |of |reading |says |just )?(?:[2-4]\d|hi and vomiting)",
    r"(?:think (?:im|i am) in|might be in|going into|in) (?:dka|ketoacidosis)",
    r"(?:fever|temp|temperature) (?:of )?(?:10[3-6]|39 5|40|41) ~3(?:chemo|neutropenic|shaking|confused|chills|rigors)",
    r"neutropenic fever|fever (?:on|during|after|while on) chemo",
    r"sepsis|septic",
    r"fiebre (?:de )?(?:38 \d|39|39 \d|40|41) ~4(?:quimio|neutropeni\w*|escalofrios)|fiebre (?:con|durante|despues de) la quimio",
    # In Spanish
    r"dolor ~2(?:en el|de|del) pecho|(?:me )?duele (?:mucho |muchisimo |fuerte )?el pecho|(?:opresion|presion|punzada|peso|aprieta) (?:fuerte )?(?:en el|el|del) pecho",
    r"(?:me esta dando|le esta dando|tengo|tiene|creo que (?:es|tengo|me da|me esta dando)|es) (?:un )?infarto",
    r"(?:dolor|me duele) ~2(?:brazo izquierdo|mandibula)",
    r"(?:no puedo|no puede|no podia|no consigo|me cuesta|le cuesta|dificultad para|no logro) (?:mucho )?respirar",
    r"(?:me falta|le falta) el aire|me (?:estoy )?ahogando|me ahogo",
    r"(?:se me|se le) (?:cierra|esta cerrando|hincha|esta hinchando) (?:la )?(?:garganta|lengua|cara)",
    r"(?:garganta|lengua|cara|labios) (?:hinchada|hinchados|hinchandose|se cierra)",
    r"anafilaxia|anafilactic[oa]|choque anafilactico",
    r"reaccion alergica (?:grave|fuerte|severa|seria|muy fuerte)",
    r"(?:me esta dando|le esta dando|tengo|tiene|creo que (?:tengo|es|me da|le da|le esta dando)) (?:un )?(?:derrame|ictus|ataque cerebral|infarto cerebral)",
    r"(?:cara|boca) (?:torcida|caida|dormida de un lado|se (?:me|le) cae|se (?:me|le) tuerce)",
    r"(?:se me|se le) (?:duerme|durmio|paralizo|cae|cayo) (?:la mitad de|un lado de|media) (?:la )?(?:cara|cuerpo|boca)",
    r"no (?:puedo|puede) mover (?:el|la|mi|su) (?:brazo|pierna|lado|mano) (?:izquierd[oa]|derech[oa])",
    r"(?:arrastra|arrastro|arrastrando) (?:las )?palabras|(?:no puede|no puedo) hablar bien de repente",
    r"(?:esta|estoy|sigue) convulsionando|convulsiones? (?:que )?no (?:para|paran)",
    r"(?:se desmayo|se cayo|colapso|esta inconsciente|quedo inconsciente) ~3(?:no (?:despierta|responde|respira|reacciona))",
    r"no respira",
    r"(?:vomitando|tosiendo|escupiendo|vomito|toso) sangre",
    r"sangrado (?:que no para|muy fuerte|abundante)|no para de sangrar",
    r"(?:me tome|se tomo|tome|me inyecte|se inyecto) (?:el doble|el triple|demasiad[ao]s?|muchas) ~2(?:pastillas|insulina|unidades|dosis|medicina)",
    r"sobredosis",
    r"(?:azucar|glucosa) (?:en |esta en |de |a )?[2-4]\d",
    r"cetoacidosis",
)

# Idioms and other sentences that use crisis words without a crisis. Searched in the sentence
# of a match; one that overlaps the match (or sits right by it) drops it.
SELF_HARM_IDIOMS = re.compile(
    _source(
        r"\b(?:"
        r"die (?:of|from|laughing|of laughter|of embarrassment|of shame|of boredom|for (?:a|some|one))"
        r"|dying to|to die for|die happy|die on (?:this|that) hil|die (?:my|her|his|your|the|our) (?:hair|beard|clothes|shirt|roots)"
        r"|kil (?:my ?self|myself) (?:laughing|with laughter)"
        r"|(?:end|ending) (?:it|things) (?:with|here|there|on)|end it al (?:with|for|by)"
        r"|(?:take|taking) (?:back )?my life (?:back|in|into|one)|live (?:in|with) (?:fear|worry|anxiety)"
        r"|vivir (?:con|en) (?:miedo|el miedo|angustia)|burning (?:my ?self|myself) out"
        r"|suicide (?:prevention|awareness|rates?|statistics|hotline|helpline|risk|squad|walk|month|week|doors?|mission|run)"
        r"|suicidal (?:thoughts|ideation|ideas|behaviou?r) (?:as|is|are|were|was|can be|may be) (?:a |listed as a )?(?:side efect|warning)"
        r"|(?:side efects?|warning|label|leaflet) ~4(?:suicidal|suicide)"
        r"|cut(?:ing)? (?:my ?self|myself) (?:a |some |of )?(?:slack|a break|some slack|of)"
        r"|cortarme (?:el|la|las|los) (?:pelo|cabelo|unas|flequilo|barba|fleco)"
        r"|me muero (?:de|por)|muero de (?:risa|ganas|hambre|sueno|verguenza|frio|calor)|morir(?:me)? de (?:risa|verguenza)"
        r"|(?:muert[oa]|muerta) de (?:cansancio|risa|hambre|sueno|frio|miedo)"
        r"|dead (?:tired|on my feet)"
        r"|me mata (?:el|la|este|esta)"
        r"|prevencion del suicidio|suicidio asistido"
        r"|(?:prospecto|efecto secundario|efectos secundarios|efectos adversos) ~6(?:suicid\w*)"
        r")\b"
    )
)
MEDICAL_IDIOMS = re.compile(
    _source(
        r"\b(?:"
        r"heart attack (?:of|from) (?:cuteness|cute|joy|laughter)|(?:almost|nearly|practically|basically) (?:gave|give|had) (?:me |us )?(?:a )?heart attack"
        r"|gave (?:me|us|him|her) a heart attack|give (?:me|you|us) a heart attack"
        r"|(?:laughing|laugh|laughed|lol|lmao|haha\w*|giggling|crying laughing|hilarious|funny) ~6(?:cant|cannot|can not|couldnt|could not) breathe"
        r"|(?:thought|think|felt like) (?:id|i would|i was going to|i might) (?:have|get) a heart atack"
        r"|heart atack (?:over|about|at|when i saw)|heart atack ~6(?:lol|lmao|haha\w*)"
        r"|respirar (?:bien )?por la nariz"
        r"|(?:cant|cannot) breathe ~2(?:laughing|from laughing|lol|lmao|haha\w*)"
        r"|(?:cant|cannot|can not) breathe (?:through|out of|thru) (?:my|the|one) (?:nose|nostril)"
        r"|breathe (?:in|with) (?:this|that|these|those|the|al this|al the) (?:mask|jeans|dress|humidity|heat|smog|room|pollen|smoke|air|traffic)"
        r"|stroke of (?:luck|genius|midnight)|(?:back|breast|swim)stroke|stroke (?:the|his|her|my) (?:cat|dog|hair|hand|beard)"
        r"|(?:casi|por poco) (?:me|le|nos) (?:da|dio|daba) (?:un )?infarto|infarto de (?:ternura|risa)|me va a dar un infarto"
        r"|no puedo respirar de (?:la )?risa|me ahogo de (?:risa|calor)|me ahogo en un vaso de agua"
        r"|(?:lose|loses|lost|losing) (?:my |his |her )?breathe"
        r"|sepsis (?:awareness|training|protocol)|septic (?:tank|system)"
        r")\b"
    )
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
        r"\b(?:if|when|whenever) (?:you|someone|anyone|somebody|a person|they|your) |\bsi (?:tienes|tiene|alguien|usted|sientes|siente)"
        r"|\b(?:signs|symptoms|warning signs) of |\bsintomas de |\bsenales de |\bwhat does .{0,40} feel like"
    )
)
_PAST = re.compile(
    _squeeze(
        r"\b(?:had a|had an|has had|history of|years? ago|\d+ years|last (?:year|month|spring|summer|fall|autumn|winter)"
        r"|in (?:19|20)\d\d|back in|when i was|as a (?:teen|kid|child)|survived|survivor"
        r"|tuvo (?:un|una)|tuve (?:un|una)|hace (?:\w+ )?anos|el ano pasado|en (?:19|20)\d\d|cuando (?:era|tenia)|sobrevivi)\b"
    )
)
_PRESENT = re.compile(
    _squeeze(
        r"\b(?:now|right now|currently|stil|at the moment|this (?:morning|afternoon|evening)|tonight|today"
        r"|again|lately|these days|keeps|ive ben|\d+ (?:minutes|hours?) ago|an hour ago|for (?:an|the last|\d+) (?:hour|hours|minutes)"
        r"|ahora|ahorita|en este momento|todavia|sigo|sigue|esta noche|hoy|ultimamente|otra vez|de nuevo|hace (?:un rato|una hora|\d+ (?:minutos|horas)))\b"
    )
)


def _sentence(text: str, start: int, end: int) -> tuple[str, int]:
    """The sentence around [start, end), and where it starts in the text; at most CONTEXT
    characters either side, so a text with no full stop is not read whole for every match."""
    floor = max(0, start - CONTEXT)
    left = text.rfind(" . ", floor, start)
    left = floor if left < 0 else left + 3
    ceiling = min(len(text), end + CONTEXT)
    right = text.find(" . ", end, ceiling)
    return text[left : ceiling if right < 0 else right], left


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


def _overlaps(pattern: re.Pattern[str], sentence: str, start: int, end: int) -> bool:
    return any(m.start() <= end and m.end() >= start for m in pattern.finditer(sentence))


def _counts(kind: Kind, text: str, match: re.Match[str]) -> bool:
    """Whether this match, read in its sentence, says what it seems to."""
    sentence, offset = _sentence(text, match.start(), match.end())
    start, end = match.start() - offset, match.end() - offset
    before = sentence[max(0, start - 40) : start]
    if kind == SELF_HARM:
        if _overlaps(SELF_HARM_IDIOMS, sentence, start, end):
            return False
        if _NEGATED_SELF_HARM.search(before):
            return False
        # "I attempted suicide years ago": history, told as history.
        return not _history(_clause(sentence, start, end))
    if _overlaps(MEDICAL_IDIOMS, sentence, start, end):
        return False
    if _NEGATED_MEDICAL.search(before) or _ADVICE.search(sentence[:end]):
        return False
    return not _history(_clause(sentence, start, end))


def detect(text: str) -> Detection | None:
    """The first crisis the text speaks of (self-harm before a medical emergency), or None."""
    if not text:
        return None
    normal = normalise(text)
    if not normal.strip(" ."):
        return None
    for kind, pattern in ((SELF_HARM, SELF_HARM_PATTERNS), (MEDICAL_EMERGENCY, MEDICAL_PATTERNS)):
        # A text that repeats an idiom a thousand times ("no chest pain no chest pain…") is read
        # for its first MATCHES_MAX candidates of each kind only: posting never waits on it.
        for match in itertools.islice(pattern.finditer(normal), MATCHES_MAX):
            if _counts(kind, normal, match):
                return Detection(kind=kind, phrase=match.group(0))
    return None
