"""'Did this help?' in the widget: Yes/No buttons once after the referral; a tap is thanked."""

from playwright.sync_api import expect

from bot.messages import say


def test_did_this_help_buttons_after_the_referral(widget, page):
    widget.open()
    widget.say("Kaiser denied my MRI as not medically necessary")
    expect(widget.options().first).to_have_text(say("en", "more_steps"))  # the referral turn offers the rest first
    widget.say("ok")  # an answer with no options of its own: the question follows it
    expect(widget.replies().last).to_contain_text(say("en", "feedback_question"))
    expect(widget.options()).to_have_text([say("en", "feedback_yes"), say("en", "feedback_no")])
    widget.choose(say("en", "feedback_yes"))
    expect(widget.replies().last).to_have_text(
        "Assistant: " + say("en", "feedback_glad")
    )  # the label screen readers hear
    expect(widget.options()).to_have_count(0)
