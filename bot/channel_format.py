"""Turn the channel-neutral replies of bot/replies/ into what SMS and Messenger can show.

The web widget and the REST channel take a reply as it is (text, buttons, the referral card), so
there is nothing to do for them here. SMS has no buttons and is paid per segment; Messenger limits
quick-reply titles to 20 characters and shows the referral best as a call button. The connectors in
channels/ call these functions, so every channel difference lives in this one module and the replies
are written once. Pure Python (no Rasa imports); every fact still comes from the knowledge data.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from bot.knowledge import Knowledge, default, words
from bot.language import DEFAULT, LANGUAGES
from bot.messages import say
from bot.replies import MORE
from bot.reply_types import ReferralCard, language_of

# Two concatenated GSM-7 segments carry 2 x 153 characters (each part loses 7 to the
# concatenation header), so 306, not 320, is the most that still goes out as two segments.
SMS_LIMIT = 306
# Messenger's limits: quick replies per message and title length, button template text, text.
MESSENGER_QUICK_REPLIES = 13
MESSENGER_TITLE = 20
MESSENGER_TEMPLATE_TEXT = 640
MESSENGER_TEXT = 2000

# Plain quotes and dashes, and the letters with accents that GSM-7 lacks written without them (each
# language's `sms_letters`, bot/knowledge_data/words/): one accented letter would make the whole SMS
# UCS-2, 70 characters a segment instead of 153.
_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u00a0": " ",
        **{k: v for language in words.default().values() for k, v in language.sms_letters.items()},
    }
)
# The GSM 03.38 basic character set: an SMS in these characters goes out as GSM-7.
GSM7 = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\((\S+?)\)")
_MARKDOWN_MARKS = re.compile(r"\*\*|__|`|^#+\s*", re.MULTILINE)
_URL_PREFIX = re.compile(r"\bhttps?://(?:www\.)?")
# A sentence ends at . ! ? before a capital or a quote, but not inside "U.S." or "a.m.".
_SENTENCE_END = re.compile(r"(?<![A-Z]\.[A-Z]\.)(?<=[.!?])\s+(?=[A-Z\"(])")
_NUMBER_REPLY = re.compile(r"\s*(\d{1,2})[.)]?\s*")
_MORE_PAYLOADS = frozenset(f"/{intent}" for intent, _ in MORE)


def _keywords(kind: str) -> Dict[str, str]:
    """The SMS keywords of one kind in every language (bot/messages: sms_keywords_<kind>) -> language;
    a word two languages share stays the first's (HELP is English's)."""
    found: Dict[str, str] = {}
    for lang in LANGUAGES:
        for word in say(lang, f"sms_keywords_{kind}").split():
            found.setdefault(word, lang)
    return found


# SMS keywords for the rest of the plan (bot.replies.MORE), in every language; "Ask a question"
# needs none: a typed question is the question. HELP / AYUDA are answered by `sms_help`, in theirs.
SMS_KEYWORDS = {word: f"/ask_{kind}" for kind in ("steps", "summary", "dates") for word in _keywords(kind)}
HELP_KEYWORDS = _keywords("help")


# GSM 03.38 extension characters: each takes two septets (an escape and the character).
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")


def sms_segments(text: str) -> int:
    """How many segments an SMS body goes out as: 160 GSM-7 septets in one, 153 a segment when
    concatenated; any other character makes it UCS-2 (70 in one, 67 a segment)."""
    if all(c in GSM7 or c in GSM7_EXTENSION for c in text):
        units, single, multi = len(text) + sum(c in GSM7_EXTENSION for c in text), 160, 153
    else:
        units, single, multi = len(text), 70, 67
    return 1 if units <= single else -(-units // multi)


def _card(message: Mapping[str, Any]) -> Optional[Mapping[str, Any]]:
    custom = message.get("custom")
    return custom.get(ReferralCard.KEY) if isinstance(custom, Mapping) else None


def _no_markdown(text: str) -> str:
    return _MARKDOWN_MARKS.sub("", _MARKDOWN_LINK.sub(r"\1 \2", text))


def _sms_plain(text: str) -> str:
    """No markdown, plain ASCII quotes and dashes (one GSM-7 character each), short web addresses."""
    return _URL_PREFIX.sub("", _no_markdown(text).translate(_TYPOGRAPHY)).strip()


def _join(pieces: Iterable[Tuple[str, str]], limit: int) -> List[str]:
    """Greedily fill texts of at most `limit` with (separator, piece) pairs in order; a separator
    goes before its piece when both share a text. Each piece must itself fit."""
    texts: List[str] = []
    for separator, piece in pieces:
        if texts and len(texts[-1]) + len(separator) + len(piece) <= limit:
            texts[-1] += separator + piece
        else:
            texts.append(piece)
    return texts


def _fit(text: str, limit: int) -> List[str]:
    """Split a text that is too long at lines, then sentences, then words (a word longer than the
    limit, which no reply has, is cut)."""
    if len(text) <= limit:
        return [text] if text else []
    for pieces, separator in ((text.split("\n"), "\n"), (_SENTENCE_END.split(text), " "), (text.split(" "), " ")):
        if len(pieces) > 1:
            return _join([(separator, chunk) for piece in pieces for chunk in _fit(piece, limit)], limit)
    return [text[i : i + limit] for i in range(0, len(text), limit)]


def _paragraph(text: str) -> List[Tuple[str, str]]:
    """A paragraph as pieces an SMS may break between: its sentences, the first on a new line."""
    sentences = [chunk for sentence in _SENTENCE_END.split(text) for chunk in _fit(sentence, SMS_LIMIT)]
    return [("\n" if i == 0 else " ", sentence) for i, sentence in enumerate(sentences)]


def _numbered(buttons: Sequence[Mapping[str, str]], plain=_sms_plain) -> str:
    return "\n".join(f"{n} {plain(b['title'])}" for n, b in enumerate(buttons, 1))


def _language(messages: Sequence[Mapping[str, Any]], kb: Optional[Knowledge]) -> str:
    """The language the bot wrote this turn in, as its messages say (a bot/replies Reply carries
    it; the action server marks every message it sends); else the knowledge data's given."""
    said = (language_of(message) for message in messages)
    return next((lang for lang in said if lang in LANGUAGES), None) or (kb.language if kb is not None else DEFAULT)


def _sms_question(text: str, buttons: Sequence[Mapping[str, str]], lang: str = "en") -> List[Tuple[str, str]]:
    """A question and its numbered options as one piece that fits one SMS: the instruction line goes
    when there is no room for it, and the first sentences of a long question go ahead of it."""
    paragraphs = [p for p in (_sms_plain(p) for p in text.split("\n\n")) if p]
    sentences = _SENTENCE_END.split(paragraphs.pop()) if paragraphs else []
    options = _numbered(buttons)
    for keep in range(len(sentences), -1, -1):
        tail = " ".join(sentences[len(sentences) - keep :])
        for lead in (f"{_sms_plain(say(lang, 'sms_reply_lead'))}\n", ""):
            question = "\n".join(filter(None, [tail, lead + options]))
            if len(question) <= SMS_LIMIT:
                ahead = paragraphs + [" ".join(sentences[: len(sentences) - keep])]
                return [piece for p in ahead if p for piece in _paragraph(p)] + [("\n", question)]
    return [piece for p in [*paragraphs, " ".join(sentences)] for piece in _paragraph(p)] + [
        ("\n", chunk) for chunk in _fit(f"{_sms_plain(say(lang, 'sms_reply_lead'))}\n{options}", SMS_LIMIT)
    ]


def _sms_referral(card: Mapping[str, Any], kb: Knowledge) -> List[str]:
    """The short form of a referral: where to go, the number and TTY, what to do first, and that an
    IMR is free. The full text (deadlines, extras) is too long for SMS; the agency tells the rest."""
    lang = kb.language
    tty = " " + say(lang, "tty_note", tty=card["tty"]) if card.get("tty") else ""
    if card.get("agency") == "HEALTH_PLAN":
        # The person's own plan: the first step says to contact it; then who else can help.
        lines = [say(lang, "sms_first_step", step=card["first_step"])]
        if card.get("phone"):
            lines.append(say(lang, "sms_also_call", name=card["phone_name"], phone=card["phone"], tty=tty))
        else:
            dmhc = kb.agencies["DMHC"]
            lines.append(say(lang, "sms_questions", agency=dmhc.short_name, phone=dmhc.phone))
        return [_sms_plain(line) for line in lines]
    lines = [say(lang, "sms_call_agency", agency=card["short_name"], phone=card["phone"], tty=tty)]
    if card.get("phone_name") != card["short_name"]:
        lines = [
            say(lang, "sms_where_to_go", agency=card["short_name"]),
            say(lang, "sms_also_call", name=card["phone_name"], phone=card["phone"], tty=tty),
        ]
    lines.append(say(lang, "sms_first_step", step=card["first_step"]))
    if card.get("pathway") == "imr":
        lines.append(kb.faq["imr"]["cost"])
    return [_sms_plain(line) for line in lines]


def _is_more(message: Mapping[str, Any]) -> bool:
    """The offer of the rest after a referral (bot.replies.more): by SMS it is a keyword line."""
    buttons = message.get("buttons") or []
    return bool(buttons) and all(b.get("payload") in _MORE_PAYLOADS for b in buttons)


def _sms_more(text: str, lang: str) -> str:
    """The offer as keywords: the lead (if any) stays, the line about tapping becomes the keywords."""
    for prompt in (say(lang, "more_prompt"), say(lang, "more_again")):
        if text.endswith(prompt):
            text = text[: -len(prompt)].strip()
    return _sms_plain(" ".join(filter(None, [text, say(lang, "sms_more")])))


def sms_turn(messages: Iterable[Mapping[str, Any]], kb: Optional[Knowledge] = None) -> List[str]:
    """The SMS bodies for one bot turn (every message the bot sent for one person's message).

    As few SMS of at most two segments as the turn fits in, split between sentences and never
    inside a question and its options. Options become a numbered list; `chosen_option` maps the
    number back.
    """
    messages = list(messages)
    lang = _language(messages, kb)
    kb = kb if kb is not None and kb.language == lang else default(lang)
    pieces: List[Tuple[str, str]] = []
    for message in messages:
        card = _card(message)
        if card:
            paragraphs = _sms_referral(card, kb)
        elif _is_more(message):
            paragraphs = [_sms_more(message.get("text") or "", lang)]
        elif message.get("buttons"):
            pieces += _sms_question(message.get("text") or "", message["buttons"], lang)
            continue
        else:
            paragraphs = [_sms_plain(p) for p in (message.get("text") or "").split("\n\n")]
        pieces += [piece for p in paragraphs if p for piece in _paragraph(p)]
    return _join(pieces, SMS_LIMIT)


def sms_help(kb: Optional[Knowledge] = None) -> str:
    """The answer to the SMS keyword HELP / AYUDA (HELP_KEYWORDS names the language of `kb`): what
    this is, the keywords, a number with people."""
    kb = kb or default()
    dmhc = kb.agencies["DMHC"]
    return _sms_plain(say(kb.language, "sms_help", agency=dmhc.short_name, phone=dmhc.phone, tty=dmhc.tty))


def sms_keyword(text: str) -> Optional[str]:
    """The payload for an SMS that is only a keyword for the rest of the plan (STEPS, PASOS...)."""
    return SMS_KEYWORDS.get((text or "").strip().strip(".!¡").upper())


def chosen_option(text: str, buttons: Sequence[Mapping[str, str]]) -> Optional[str]:
    """The payload of the option a person picked by its number ("2", "2."), if that is all they sent."""
    match = _NUMBER_REPLY.fullmatch(text or "")
    if match and 1 <= int(match.group(1)) <= len(buttons):
        return buttons[int(match.group(1)) - 1]["payload"]
    return None


def _e164(phone: Optional[str]) -> Optional[str]:
    """+1NNNNNNNNNN for a North American number; None for short codes like 711, which a call
    button cannot dial."""
    digits = re.sub(r"\D", "", phone or "")
    return f"+{digits}" if len(digits) == 11 and digits.startswith("1") else None


def _quick_replies(text: str, buttons: Sequence[Mapping[str, str]]) -> Dict[str, Any]:
    """Quick replies for options; when a title is too long for one, the text lists the options in
    full and each quick reply starts with its number (a typed number works too)."""
    buttons = buttons[:MESSENGER_QUICK_REPLIES]
    numbered = any(len(b["title"]) > MESSENGER_TITLE for b in buttons)
    if numbered:
        text = f"{text}\n\n{_numbered(buttons, _no_markdown)}"
    replies = []
    for n, button in enumerate(buttons, 1):
        title = f"{n} {button['title']}" if numbered else button["title"]
        if len(title) > MESSENGER_TITLE:
            title = title[: MESSENGER_TITLE - 1].rstrip() + "\u2026"
        replies.append({"content_type": "text", "title": title, "payload": button["payload"]})
    return {"text": text, "quick_replies": replies}


def _call_template(card: Mapping[str, Any], text: str, kb: Optional[Knowledge] = None) -> Optional[Dict[str, Any]]:
    """The referral as one button template: its text, and buttons to call, TTY (when dialable) and
    the web page. With no number of its own (a plan the state does not oversee), the DMHC Help
    Center's, which the text names: nobody is left without a number to tap."""
    lang = card.get("language") or "en"
    phone = card.get("phone")
    buttons = []
    if not _e164(phone):
        phone = (kb if kb is not None and kb.language == lang else default(lang)).agencies["DMHC"].phone
    for label, number in ((say(lang, "messenger_call"), phone), (say(lang, "messenger_tty"), card.get("tty"))):
        if _e164(number):
            buttons.append({"type": "phone_number", "title": f"{label} {number}", "payload": _e164(number)})
    if card.get("website"):
        buttons.append({"type": "web_url", "title": say(lang, "messenger_website"), "url": card["website"]})
    if len(text) > MESSENGER_TEMPLATE_TEXT:
        # Too long for a template: the short form (where to go, what to do first).
        where = say(lang, "sms_where_to_go", agency=card["short_name"])
        text = _fit(f"{where} {say(lang, 'sms_first_step', step=card['first_step'])}", MESSENGER_TEMPLATE_TEXT)[0]
    return {
        "attachment": {"type": "template", "payload": {"template_type": "button", "text": text, "buttons": buttons}}
    }


def messenger(message: Mapping[str, Any]) -> List[Dict[str, Any]]:
    """The Graph API `message` objects for one bot message, in the order to send them. A referral
    is one card: its text on a template with the call button."""
    card = _card(message)
    if card:
        return [_call_template(card, _no_markdown(message.get("text") or "").strip())]
    paragraphs = _no_markdown(message.get("text") or "").split("\n\n")
    texts = _join([("\n\n", chunk) for p in paragraphs for chunk in _fit(p.strip(), MESSENGER_TEXT)], MESSENGER_TEXT)
    out: List[Dict[str, Any]] = [{"text": t} for t in texts]
    if message.get("buttons"):
        question = out.pop()["text"] if out else ""
        out.append(_quick_replies(question, message["buttons"]))
    return out
