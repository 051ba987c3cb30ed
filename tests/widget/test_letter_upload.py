"""A photo of the plan's letter uploaded in the widget (a real file chooser in headless Chromium):
what was read, then the referral card with the deadlines dated from the letter's date."""
from datetime import date

from playwright.sync_api import expect

from bot.action_plan import build
from bot.dates import format_date
from bot.knowledge import default
from bot.routing import Case, route
from tests.letters import corpus
from tests.widget.conftest import Widget, open_page
from tests.widget.test_widget import assert_dmhc_card, screenshot

UPLOAD_LABEL = "Send a photo or PDF of the letter"


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
    for deadline in plan.deadlines:
        expect(log).to_contain_text(format_date(deadline.due, "en"))
    expect(log).to_contain_text("MRI of the lower back")
    screenshot(page.locator(".panel"), "letter_upload.png")
    page.context.close()
