"""Letters probe 5 (session 11) through the REST contract: a Medi-Cal Rx denial goes to a State
Hearing (never a DMHC IMR, F10.7), a Covered California notice gets its route without the coverage
question, and a photo that is not a plan's letter still has the words typed with it read."""

import io

from PIL import Image, ImageDraw

from tests.e2e.test_letters import LetterChat
from tests.letters import corpus
from tests.letters.test_probe_s11 import LETTERS


def _referrals(chat):
    return [m["custom"]["referral"] for turn in chat.replies for m in turn if "referral" in (m.get("custom") or {})]


def test_a_medi_cal_rx_photo_goes_to_a_state_hearing(servers):
    chat = LetterChat(servers.webhook)
    chat.send_file(corpus.png(corpus.render(LETTERS["medi_cal_rx"])))
    for _ in range(3):  # the questions the letter left open, if any
        if _referrals(chat):
            break
        chat.say("no")
    assert [(r["agency"], r["pathway"]) for r in _referrals(chat)] == [("MEDI_CAL_RX", "state_fair_hearing")]


def test_a_covered_california_notice_asks_no_coverage(servers):
    chat = LetterChat(servers.webhook)
    chat.send_file(corpus.png(corpus.render(LETTERS["covered_ca"])))
    assert [r["agency"] for r in _referrals(chat)] == ["COVERED_CALIFORNIA"]


def test_the_words_sent_with_a_photo_that_is_not_a_letter_are_read(servers):
    page = Image.new("L", (900, 600), 255)
    ImageDraw.Draw(page).text((40, 40), "Grocery list: apples, bread, rice, beans, coffee, tortillas, milk", fill=0)
    out = io.BytesIO()
    page.save(out, "PNG")
    chat = LetterChat(servers.webhook)
    chat.send_file(out.getvalue(), message="I can't pay this hospital bill, I don't have insurance")
    assert _referrals(chat), chat.replies[-1]
