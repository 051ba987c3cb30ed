"""Which language to answer in: English or Spanish, decided from what the person writes.

A person who writes in Spanish is answered in Spanish from the first reply. The language sticks
for the conversation; it changes when the person asks ("English", "en español") or writes a
message that is clearly in the other language. Short answers that fit both ("no", "Kaiser",
"HMO", a button) never change it. Spanglish ("mi insurance me denegó la surgery") counts as
Spanish: the grammar words are Spanish even when the nouns are English.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Optional

LANGUAGES = ("en", "es")
DEFAULT = "en"

# Grammar and everyday words that only one of the two languages uses. Words both share or that
# are borrowed across ("no", "me", "plan", "a", "el" in "El Camino", "ER") are left out.
_SPANISH = frozenset("""
    de del la las los el que y en por para con mi mis su sus es esta este esto estoy estaba
    tengo tiene tienen tenia tuve hay fue fui era pero porque muy mas ya tambien nada algo donde
    como cuando cual quien hola gracias si claro bueno pues ayuda quiero necesito puedo puede
    dijeron dicen dice negaron nego negado denegaron rechazaron aprobaron cubre cubren pagar pago
    seguro aseguradora aseguranza medico medica cirugia tratamiento hijo hija mami papi esposo
    esposa senor senora usted ustedes nosotros ellos le les lo una unos unas al sobre sin hasta
    ahora hoy ayer dias semana meses carta cita clinica hablar espanol persona
    estan soy eres sabe se habla hablo hable ingles queria porfavor favor entiendo buenas buenos
    tardes noches saludos oiga ayudar ayudeme ayudarme necesita quisiera quieren quiere dieron dio
    mandaron pidio receto operacion medicina medicamento emergencia ambulancia factura cobran
    cobraron cuesta cuanto gratis negar niegan llamar llame hacer puedes podria tambien todavia
    nunca siempre mucho poco otra otro mismo aqui alla luego despues antes desde
    pagan paga pagaron cubrir cubrio niega nego negar atender atienden quieren mandan dijo
""".split())
_ENGLISH = frozenset("""
    the my is was are were and to of for it they them their this that with have has had do did
    does don't dont didn't won't wont can't cant not what how why when where who which you your
    i i'm im please thanks thank hello hi hey yes yeah okay want need would could should will
    denied deny refused approve approved pay paid cover covered said says told doctor's wife
    husband son daughter mom dad just about from because but so if an at be been get got
    english spanish talk speak good morning afternoon evening there help they're won't can't
    still never always also again after before since
""".split())

# Asking for a language switches to it: a short message that names it ("español", "English
# please"), or "in/en <language>" in a message of a sentence or two. A long story that mentions
# "letters in English" or a Spanish interpreter does not. Saying you do not speak or understand a
# language ("no hablo inglés", "I don't speak Spanish") asks for the other one.
_NAMES = {"es": r"(espanol|spanish|castellano)", "en": r"(ingles|english)"}
_SHORT = 6
_SENTENCE = 12
_NOT_SPEAKING = r"\b(no|not|don'?t|do not|can'?t|cannot)\b(\s+\w+){0,3}\s+"
_WORD = re.compile(r"[a-z']+")


def fold(text: str) -> str:
    """Lower case without accents, so "Español" and "espanol" are the same word."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def requested(text: str) -> Optional[str]:
    """The language the person asks for, if they ask for exactly one."""
    folded = fold(text or "")
    words = len(_WORD.findall(folded))
    asked = set()
    for code, name in _NAMES.items():
        other = "en" if code == "es" else "es"
        if re.search(_NOT_SPEAKING + name + r"\b", folded):
            asked.add(other)
        elif (words <= _SENTENCE and re.search(rf"\b(in|en|al) {name}\b", folded)) or (words <= _SHORT and re.search(rf"\b{name}\b", folded)):
            asked.add(code)
    return asked.pop() if len(asked) == 1 else None


def scores(text: str) -> tuple:
    """(Spanish evidence, English evidence) in a message: marker words, plus ñ ¿ ¡ and accents."""
    raw = (text or "").lower()
    words = _WORD.findall(fold(raw))
    spanish = sum(w in _SPANISH for w in words) + sum(ch in "ñ¿¡áéíóú" for ch in raw)
    english = sum(w in _ENGLISH for w in words)
    return spanish, english


def decide(text: str, current: Optional[str]) -> Optional[str]:
    """The language to answer this message in, given the conversation's language so far.

    From no language yet, one word of evidence is enough ("hola", "hi"); to move away from an
    established language the message must lean clearly (two words more) the other way. None while
    nothing has shown a language yet (the caller answers in DEFAULT).
    """
    asked = requested(text)
    if asked:
        return asked
    if (text or "").startswith("/"):  # a button payload says nothing about language
        return current
    spanish, english = scores(text)
    margin = 1 if current is None else 2
    if spanish - english >= margin:
        return "es"
    if english - spanish >= margin:
        return "en"
    return current
