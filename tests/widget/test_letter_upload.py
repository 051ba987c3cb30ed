"""A photo of the plan's letter uploaded in the widget (a real file chooser in headless Chromium):
what was read, then the referral card with the deadlines dated from the letter's date."""

from datetime import date

from playwright.sync_api import expect

from bot.action_plan import build
from bot.dates import format_date
from bot.knowledge import default
from bot.letter.reply import say as letter_say
from bot.messages import say
from bot.routing import Case, route
from tests.letters import corpus
from tests.widget.conftest import Widget, open_page
from tests.widget.test_widget import assert_dmhc_card, screenshot

UPLOAD_LABEL = "Add a photo or PDF of your letter"


def test_a_photo_of_the_letter_uploaded_gives_the_dated_referral(browser, stack, tmp_path):
    letter = next(letter for letter in corpus.LETTERS if letter.key == "kaiser_mri_en")
    path = tmp_path / "letter.png"
    path.write_bytes(corpus.png(corpus.render(letter)))
    page = open_page(browser, stack)
    widget = Widget(page)
    widget.open()
    before = widget.replies().count()
    page.get_by_label(UPLOAD_LABEL).set_input_files(str(path))
    widget.wait_for_reply(before)
    assert_dmhc_card(widget)
    kb = default()
    referral = route(Case(coverage="hmo", problem="medical_necessity"), kb)
    plan = build(referral, date.fromisoformat(letter.expected["letter_date"]), today=date.today(), kb=kb)
    log = page.get_by_role("log", name="Conversation")
    expect(log).to_contain_text("MRI of the lower back")
    screenshot(page.locator(".panel"), "letter_upload.png")
    # The letter to the plan, from the case: shown, and downloaded as a text file.
    widget.choose(letter_say("en", "write_letter"))
    expect(log).to_contain_text(letter_say("en", "draft.blank_member_id"))
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the letter (text)").click()
    text = open(download.value.path(), encoding="utf-8").read()
    assert "MRI of the lower back" in text and format_date(date(2026, 10, 14), "en") in text
    assert letter_say("en", "draft.blank_name") in text and corpus.MEMBER_ID not in text
    # The deadlines, dated from the letter's date, come when asked (the referral fits one screen).
    widget.say(say("en", "more_dates"))
    for deadline in plan.deadlines:
        expect(log).to_contain_text(format_date(deadline.due, "en"))
    page.context.close()
