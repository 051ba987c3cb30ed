"""Issue 12 in the browser, at 360 px wide: the referral card and its call button show without
scrolling; the buttons reach the steps, the summary and the dates; the dates download as a calendar
file that parses; the summary downloads as a printable page; the widget's own words are Spanish in
a Spanish conversation and switch back; axe finds nothing. Expected texts come from the knowledge
data and the message catalogues."""

from datetime import date, timedelta

from icalendar import Calendar
from playwright.sync_api import expect

from bot.dates import add_months, format_date
from bot.knowledge import default
from bot.messages import say
from tests.widget.conftest import REPORTS, Widget, open_page
from tests.widget.test_widget import axe_audit, tel

PHONE = {"width": 360, "height": 740}
EN, ES = default("en"), default("es")


def phone_page(browser, stack, **options):
    return open_page(browser, stack, viewport=PHONE, device_scale_factor=2, has_touch=True, is_mobile=True, **options)


def test_at_360_px_the_referral_card_and_call_button_show_without_scrolling(browser, stack):
    page = phone_page(browser, stack)
    try:
        widget = Widget(page)
        widget.open()
        widget.say("Kaiser denied my MRI as not medically necessary")
        dmhc = EN.agencies["DMHC"]
        call = widget.card().get_by_role("link", name=f"Call {dmhc.phone}")
        expect(call).to_have_attribute("href", tel(dmhc.phone))
        expect(widget.card().get_by_role("heading", level=3)).to_be_in_viewport(ratio=1)
        expect(call).to_be_in_viewport(ratio=1)
        REPORTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(REPORTS / "referral_turn_360.png"))
    finally:
        page.context.close()


def test_the_buttons_reach_steps_summary_and_dates_and_the_files_download(browser, stack, tmp_path):
    page = phone_page(browser, stack, accept_downloads=True, bypass_csp=True)
    try:
        widget = Widget(page)
        widget.open()
        widget.say("Kaiser denied my MRI as not medically necessary")
        widget.choose(say("en", "more_steps"))
        expect(page.locator(".msg.bot").filter(has_text=say("en", "plan_title"))).to_have_count(1)
        widget.choose(say("en", "more_summary"))
        summary = widget.summary()
        expect(summary).to_contain_text("Kaiser denied my MRI")
        (
            expect(page.locator(".msg.bot").filter(has_text=say("en", "summary_title"))).to_have_count(0),
            "said once, as the card",
        )
        with page.expect_download() as printed:
            summary.get_by_role("button", name="Download a page to print or save").click()
        page_file = tmp_path / printed.value.suggested_filename
        printed.value.save_as(page_file)
        html = page_file.read_text(encoding="utf-8")
        assert "Kaiser denied my MRI" in html and EN.agencies["DMHC"].phone in html and "<script" not in html

        widget.choose(say("en", "more_dates"))
        letter = date.today() - timedelta(days=10)
        widget.say(format_date(letter, "en"))
        due = add_months(letter, EN.clocks["dmhc"].months)
        expect(page.get_by_role("log")).to_contain_text(format_date(due, "en"))
        with page.expect_download() as saved:
            page.get_by_role("button", name="Add the dates to my calendar (.ics)").click()
        assert saved.value.suggested_filename.endswith(".ics")
        ics = tmp_path / "deadlines.ics"
        saved.value.save_as(ics)
        calendar = Calendar.from_ical(ics.read_bytes())
        events = {e.decoded("dtstart"): str(e.get("summary")) for e in calendar.walk("VEVENT")}
        assert events[letter] == say("en", "calendar_letter")
        assert format_date(due, "en") in events[due]
        assert all(e.get("uid") and e.get("dtstamp") for e in calendar.walk("VEVENT"))
        assert axe_audit(page, "phone_downloads") == []
    finally:
        page.context.close()


def test_the_frame_speaks_spanish_in_a_spanish_conversation_and_switches_back(browser, stack):
    page = phone_page(browser, stack, bypass_csp=True)
    try:
        widget = Widget(page)
        widget.open()
        widget.say("hola, mi seguro me negó la cirugía, dicen que no es médicamente necesaria")
        expect(page.get_by_role("button", name="Enviar")).to_be_visible()
        expect(page.get_by_role("button", name="Empezar de nuevo")).to_be_visible()
        expect(page.get_by_label("Su mensaje")).to_have_attribute("placeholder", "Escriba aquí")
        expect(page.get_by_role("log", name="Conversación")).to_be_visible()
        expect(page.locator(".note")).to_contain_text("asistente automático")
        expect(page.get_by_role("heading", name="Ayuda con su plan de salud")).to_be_visible()
        widget.choose(ES.coverages["hmo"])
        dmhc = ES.agencies["DMHC"]
        expect(widget.card().get_by_role("link", name=f"Llamar al {dmhc.phone}")).to_be_in_viewport(ratio=1)
        assert axe_audit(page, "phone_spanish_referral") == []
        before = widget.replies().count()
        page.get_by_label("Su mensaje").fill("English please")
        page.get_by_label("Su mensaje").press("Enter")
        widget.wait_for_reply(before)
        expect(page.get_by_role("button", name="Send")).to_be_visible()
        expect(page.get_by_role("button", name="Start over")).to_be_visible()
    finally:
        page.context.close()
