"""The chat widget in real headless Chromium against the running assistant.

Each test drives the demo page the way a person would (mouse, keyboard, reload, a phone-sized
screen); expected agencies, numbers and first steps are read from the knowledge data.
Screenshots and axe reports are written to reports/widget/.
"""

import json
import re
import sqlite3
import time

import pytest
import requests
from playwright.sync_api import expect

from bot import replies
from bot.knowledge import default
from bot.messages import say
from tests.widget.conftest import AXE, REPORTS, TURN_SECONDS, Widget, open_page

KB = default()
DMHC = KB.agencies["DMHC"]
DMHC_FIRST_STEP = KB.first_steps[("DMHC", "imr")]["default"]
MORE = [label for _, label in replies.MORE]


def tel(phone: str) -> str:
    return "tel:+" + re.sub(r"\D", "", phone)


def assert_dmhc_card(widget: Widget) -> None:
    card = widget.card()
    expect(card.get_by_role("heading", level=3)).to_have_text(DMHC.name[0].upper() + DMHC.name[1:])
    call = card.get_by_role("link", name=f"Call {DMHC.phone}")
    expect(call).to_have_attribute("href", tel(DMHC.phone))
    expect(card.get_by_role("link", name=DMHC.tty)).to_have_attribute("href", tel(DMHC.tty))
    expect(card.get_by_role("link", name=re.compile("Website"))).to_have_attribute("href", DMHC.form)
    # The first step is said once: in the message just above the card (issue 12).
    expect(widget.page.locator(".msg.bot").filter(has_text=DMHC_FIRST_STEP)).to_have_count(1)
    expect(card).not_to_contain_text(DMHC_FIRST_STEP)


def screenshot(locator, name: str) -> None:
    REPORTS.mkdir(parents=True, exist_ok=True)
    locator.screenshot(path=str(REPORTS / name))


def test_buttons_all_the_way_to_the_referral_card(widget, page):
    widget.open()
    expect(widget.options()).to_have_count(len(KB.problems))
    widget.choose("not medically necessary")
    widget.choose("An HMO")
    assert_dmhc_card(widget)
    expect(widget.options()).to_have_text([say("en", key) for key in MORE]), "the rest, one tap away"
    # Screen readers hear what is added to the conversation: a polite live log holds every reply.
    log = page.get_by_role("log", name="Conversation")
    expect(log).to_have_attribute("aria-live", "polite")
    expect(log.locator(".msg.bot, .card")).to_have_count(widget.replies().count())
    screenshot(widget.card(), "referral_card.png")
    page.screenshot(path=str(REPORTS / "conversation_desktop.png"))


def test_the_case_summary_is_a_card_that_copies_as_text(browser, stack):
    page = open_page(browser, stack, permissions=["clipboard-read", "clipboard-write"])
    widget = Widget(page)
    widget.open()
    widget.say("Kaiser denied my MRI, they said it is not medically necessary")
    expect(widget.page.locator(".card.summary")).to_have_count(0)
    widget.choose(say("en", "more_summary"))
    summary = widget.summary()
    expect(summary).to_contain_text(DMHC.phone)
    expect(summary).to_contain_text("Kaiser denied my MRI")
    expect(summary.locator("dt")).not_to_have_count(0)
    copy = summary.get_by_role("button").first
    expect(copy).to_have_text("Copy the summary")
    copy.click()
    expect(copy).to_have_text("Copied")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert DMHC.phone in copied and "Kaiser denied my MRI" in copied
    screenshot(summary, "case_summary_card.png")
    page.context.close()


def test_a_spanish_conversation_gets_spanish_cards(widget, page):
    es = default("es")
    widget.open()
    widget.say("hola, mi seguro me negó la cirugía, dicen que no es médicamente necesaria")
    widget.choose(es.coverages["hmo"])
    dmhc = es.agencies["DMHC"]
    expect(widget.card().get_by_role("link", name=f"Llamar al {dmhc.phone}")).to_have_attribute("href", tel(dmhc.phone))
    expect(page.locator(".msg.bot").filter(has_text=es.first_steps[("DMHC", "imr")]["default"])).to_have_count(1)
    widget.choose(say("es", "more_summary"))
    expect(widget.summary()).to_contain_text(say("es", "summary_call"))


def test_typed_free_text_with_the_keyboard_only(widget, page):
    widget.tab_to("Health plan help")
    page.keyboard.press("Enter")
    assert widget.focused() == "#input", "opening moves focus to the message box"
    widget.wait_for_reply(0)
    before = widget.replies().count()
    page.keyboard.type("Kaiser denied my MRI as not medically necessary")
    page.keyboard.press("Enter")
    widget.wait_for_reply(before)
    assert_dmhc_card(widget)
    page.keyboard.press("Escape")
    expect(page.locator(".panel")).to_be_hidden()
    assert "Health plan help" in widget.focused(), "closing gives focus back to the launcher"


def test_options_with_the_keyboard_only(widget, page):
    widget.tab_to("Health plan help")
    page.keyboard.press("Enter")
    widget.wait_for_reply(0)
    expect(widget.options()).to_have_count(len(KB.problems))
    widget.tab_to("not medically necessary", key="Shift+Tab")
    before = widget.replies().count()
    page.keyboard.press("Enter")
    widget.wait_for_reply(before)
    assert widget.focused() == "#input", "after an answer, focus is back in the message box"
    widget.tab_to("An HMO", key="Shift+Tab")
    before = widget.replies().count()
    page.keyboard.press("Space")
    widget.wait_for_reply(before)
    assert_dmhc_card(widget)


def test_a_typing_indicator_shows_while_the_assistant_answers(widget, page):
    widget.open()
    page.evaluate("""() => {
        const status = document.querySelector('.health-plan-help-widget').shadowRoot.querySelector('[role=status]');
        window.statusSeen = [];
        new MutationObserver(() => window.statusSeen.push(status.textContent))
            .observe(status, {childList: true, subtree: true, characterData: true});
    }""")
    widget.choose("not medically necessary")
    assert "The assistant is typing" in page.evaluate("() => window.statusSeen")
    expect(page.get_by_role("status")).to_have_text("")


def test_a_reload_keeps_the_conversation(widget, page):
    widget.open()
    widget.choose("not medically necessary")
    said = page.locator(".msg").all_inner_texts()
    page.reload()
    expect(page.locator(".panel")).to_be_visible()
    assert page.locator(".msg").all_inner_texts() == said
    widget.choose("An HMO")  # the restored options continue the same conversation
    assert_dmhc_card(widget)


def test_start_over_begins_a_new_conversation(widget, page):
    widget.open()
    widget.choose("not medically necessary")
    page.get_by_role("button", name="Start over").click()
    widget.wait_for_reply(0)
    expect(page.locator(".msg.user")).to_have_count(0)
    expect(widget.options()).to_have_count(len(KB.problems))


STORED = "() => Object.keys(sessionStorage).filter(k => k.startsWith('health-plan-help:')).map(k => sessionStorage.getItem(k)).join('')"


def stored_rows(stack, sender):
    if not stack.servers.tracker_db.exists():
        return []
    with sqlite3.connect(stack.servers.tracker_db) as db:
        return db.execute("SELECT data FROM events WHERE sender_id = ?", (sender,)).fetchall()


def test_delete_my_conversation_also_forgets_the_tabs_copy(widget, page):
    widget.open()
    widget.say("Kaiser denied my MRI as not medically necessary")
    assert "Kaiser denied my MRI" in page.evaluate(STORED)
    widget.say("please delete my conversation")
    assert "Kaiser denied my MRI" not in page.evaluate(STORED), "sessionStorage no longer holds the transcript"
    page.reload()
    expect(page.get_by_text("Kaiser denied my MRI")).to_have_count(0)


def test_start_over_deletes_the_old_conversation_on_the_server(widget, page, stack):
    widget.open()
    widget.choose("not medically necessary")
    old = json.loads(page.evaluate(STORED))["sender"]
    assert stored_rows(stack, old)
    page.get_by_role("button", name="Start over").click()
    widget.wait_for_reply(0)
    deadline = time.monotonic() + TURN_SECONDS
    while stored_rows(stack, old) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert stored_rows(stack, old) == []


def test_nothing_a_person_types_is_rendered_as_html(widget, page):
    widget.open()
    attack = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>'
    widget.say(attack)
    expect(page.locator(".msg.user").last).to_have_text("You said: " + attack)
    assert page.locator(".panel img, .panel script").count() == 0
    assert page.evaluate("() => window.__pwned") is None


def test_nothing_the_server_sends_is_rendered_as_html(widget, page, stack):
    """A reply from a compromised or buggy server: markup stays text, bad links are not made."""
    hostile = [
        {
            "text": '<img src=x onerror="window.__pwned=2"> read https://example.org/a',
            "buttons": [{"title": "<b>bold</b>", "payload": "/x"}],
        },
        {
            "custom": {
                "referral": {
                    "agency_name": "<script>window.__pwned=3</script>",
                    "phone": "javascript:alert(1)",
                    "tty": "<img src=x>",
                    "website": "javascript:window.__pwned=4",
                    "first_step": "<i>step</i>",
                }
            }
        },
    ]

    def fake_rasa(route):
        headers = {"Access-Control-Allow-Origin": stack.origin, "Access-Control-Allow-Headers": "content-type"}
        if route.request.method == "OPTIONS":
            return route.fulfill(status=204, headers=headers)
        route.fulfill(status=200, headers=headers, content_type="application/json", body=json.dumps(hostile))

    page.route("**/webhooks/rest/webhook", fake_rasa)
    widget.open()
    expect(widget.options()).to_have_text(["<b>bold</b>"])
    expect(widget.card().get_by_role("heading", level=3)).to_have_text("<script>window.__pwned=3</script>")
    expect(widget.card()).to_contain_text("<i>step</i>")
    assert page.locator(".panel img, .panel script, .panel b, .panel i").count() == 0
    assert page.locator('.panel a[href^="javascript:"]').count() == 0
    assert widget.card().get_by_role("link").count() == 0, (
        "no call, TTY or web link from values that are not numbers or web addresses"
    )
    expect(page.locator(".msg.bot a")).to_have_attribute("href", "https://example.org/a")
    assert page.evaluate("() => window.__pwned") is None


def axe_audit(page, name: str) -> list:
    """Run axe-core (WCAG 2.0/2.1 A and AA, and best practices); save the report; return the
    serious and critical violations."""
    if not AXE.exists():
        pytest.fail("axe-core is not installed: run `make widget-deps`")
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("""() => axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})""")
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / f"axe_{name}.json").write_text(json.dumps(results["violations"], indent=1))
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]])
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize(
    "name,viewport", [("desktop", {"width": 1280, "height": 800}), ("phone", {"width": 360, "height": 740})]
)
def test_axe_finds_no_serious_or_critical_violations(browser, stack, name, viewport):
    # The demo page's Content-Security-Policy would block the injected axe script.
    page = open_page(browser, stack, viewport=viewport, bypass_csp=True)
    try:
        widget = Widget(page)
        widget.open()
        assert axe_audit(page, f"{name}_question") == []
        widget.say("Kaiser denied my MRI as not medically necessary")
        assert_dmhc_card(widget)
        assert axe_audit(page, f"{name}_referral") == []
    finally:
        page.context.close()


@pytest.mark.parametrize(
    "name,viewport,scale",
    [
        ("phone_360", {"width": 360, "height": 740}, 3),
        ("zoom_200", {"width": 640, "height": 400}, 2),  # a 1280 x 800 window at 200% zoom
    ],
)
def test_fits_a_phone_screen_and_200_percent_zoom(browser, stack, name, viewport, scale):
    page = open_page(browser, stack, viewport=viewport, device_scale_factor=scale)
    try:
        widget = Widget(page)
        widget.open()
        widget.say("Kaiser denied my MRI as not medically necessary")
        assert_dmhc_card(widget)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"], "no sideways scrolling"
        for part in (page.locator(".panel"), widget.card(), widget.input(), page.get_by_role("button", name="Send")):
            box = part.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"] + 0.5, part
        expect(widget.input()).to_be_in_viewport()
        expect(page.get_by_role("button", name="Send")).to_be_in_viewport()
        widget.card().evaluate("card => card.scrollIntoView({block: 'start'})")
        screenshot(page.locator(".panel"), f"referral_card_{name}.png")
    finally:
        page.context.close()


def test_cors_allows_the_widget_origin_only(stack):
    def preflight(origin: str) -> requests.Response:
        return requests.options(
            stack.webhook,
            timeout=30,
            headers={
                "Origin": origin,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type",
            },
        )

    assert preflight(stack.origin).headers.get("Access-Control-Allow-Origin") == stack.origin
    assert "Access-Control-Allow-Origin" not in preflight("http://evil.example").headers
    reply = requests.post(
        stack.webhook,
        json={"sender": "cors-check", "message": "hi"},
        headers={"Origin": "http://evil.example"},
        timeout=60,
    )
    assert "Access-Control-Allow-Origin" not in reply.headers


def test_the_widget_server_serves_the_widget_and_nothing_else(stack):
    script = requests.get(f"{stack.origin}/widget.js", timeout=30)
    assert script.status_code == 200 and "javascript" in script.headers["Content-Type"]
    demo = requests.get(f"{stack.origin}/", timeout=30)
    assert f'data-server="http://127.0.0.1:{stack.servers.rasa_port}"' in demo.text
    assert f"connect-src http://127.0.0.1:{stack.servers.rasa_port};" in demo.headers["Content-Security-Policy"]
    for path in ("/../serve.py", "/%2e%2e/serve.py", "/node_modules/", "/serve.py"):
        assert requests.get(f"{stack.origin}{path}", timeout=30).status_code == 404, path
