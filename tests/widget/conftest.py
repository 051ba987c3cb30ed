"""The assistant (REST channel, CORS for the widget's origin only), the widget server, and Debian's
Chromium driven by Playwright: what the browser tests need, started once per session."""

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from tools.servers import BIN, MODEL, ROOT, Servers, free_port, wait_for

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = ROOT / "widget" / "node_modules" / "axe-core" / "axe.min.js"
REPORTS = ROOT / "reports" / "widget"
TURN_SECONDS = 60


@dataclass
class WidgetStack:
    servers: Servers
    origin: str  # where the widget and its demo page are served

    @property
    def webhook(self) -> str:
        return self.servers.webhook


@pytest.fixture(scope="session")
def stack():
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does it)")
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    servers = Servers(extra_args=["--cors", origin])
    widget = None
    try:
        servers.start()
        widget = subprocess.Popen(
            [
                str(BIN / "python"),
                str(ROOT / "widget" / "serve.py"),
                "--port",
                str(port),
                "--server",
                f"http://127.0.0.1:{servers.rasa_port}",
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_for(f"{origin}/widget.js", widget, seconds=30)
        yield WidgetStack(servers, origin)
    finally:
        if widget is not None:
            widget.terminate()
            widget.wait(timeout=20)
        servers.stop()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is not installed: run scripts/install_browser.sh (make browser)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Widget:
    """The chat widget on a page, used the way a person does (roles and labels, not CSS classes,
    wherever a person would see or hear one)."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def launcher(self):
        return self.page.get_by_role("button", name="Health plan help")

    def input(self):
        return self.page.get_by_label("Your message")

    def options(self):
        return self.page.get_by_role("group", name=re.compile("Choose an answer|Elija una respuesta")).get_by_role(
            "button"
        )

    def replies(self):
        """Everything the assistant has shown: its messages and cards."""
        return self.page.locator(".msg.bot, .card")

    def card(self):
        """The latest referral card."""
        return self.page.locator(".card:not(.summary):not(.deadlines)").last

    def summary(self):
        """The latest case summary card."""
        return self.page.locator(".card.summary").last

    def wait_for_reply(self, before: int) -> None:
        expect(self.replies()).not_to_have_count(before, timeout=TURN_SECONDS * 1000)
        expect(self.page.locator(".log")).to_have_attribute("aria-busy", "false", timeout=TURN_SECONDS * 1000)

    def open(self) -> None:
        self.launcher().click()
        self.wait_for_reply(0)

    def choose(self, label_part: str) -> None:
        before = self.replies().count()
        self.options().filter(has_text=re.compile(re.escape(label_part), re.I)).first.click()
        self.wait_for_reply(before)

    def say(self, text: str) -> None:
        before = self.replies().count()
        self.input().fill(text)
        self.input().press("Enter")
        self.wait_for_reply(before)

    def focused(self) -> str:
        """The accessible text of the element that has keyboard focus (inside the widget's shadow root)."""
        return self.page.evaluate("""() => {
            let node = document.activeElement;
            while (node && node.shadowRoot && node.shadowRoot.activeElement) node = node.shadowRoot.activeElement;
            if (!node || node === document.body) return '';
            return node.id === 'hpw-input' ? '#input' : node.textContent.trim();
        }""")

    def tab_to(self, text_part: str, key: str = "Tab", limit: int = 40) -> None:
        """Press Tab (or Shift+Tab) until the focused element's text contains `text_part`."""
        for _ in range(limit):
            if text_part.lower() in self.focused().lower():
                return
            self.page.keyboard.press(key)
        raise AssertionError(f"{key} never reached {text_part!r} (focus is on {self.focused()!r})")


def open_page(browser, stack: WidgetStack, **context_options) -> Page:
    context = browser.new_context(**{"viewport": {"width": 1280, "height": 800}, **context_options})
    page = context.new_page()
    page.set_default_timeout(TURN_SECONDS * 1000)
    page.goto(f"{stack.origin}/")
    return page


@pytest.fixture
def page(browser, stack):
    page = open_page(browser, stack)
    yield page
    page.context.close()


@pytest.fixture
def widget(page):
    return Widget(page)
