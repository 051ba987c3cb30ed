"""'Did this help?' by SMS (reply 1 or 2) and on Messenger (quick replies), stored and counted."""

from bot.knowledge import default
from bot.messages import say
from tests.channels.test_facebook import MessengerUser
from tests.channels.test_twilio import Phone
from tools import report

KB = default()
REFERRAL = "Kaiser denied my MRI as not medically necessary"


def feedback_counts(stack):
    return report.collect(f"sqlite:///{stack.servers.tracker_db}").feedback


def test_sms_asks_with_numbers_and_a_reply_of_2_is_counted(stack):
    phone = Phone(stack)
    before = feedback_counts(stack)
    referral = phone.text(REFERRAL)
    assert say("en", "feedback_question") not in " ".join(referral), "the referral turn offers the rest first"
    asked = phone.text("ok")  # an answer with no options of its own comes next: the question follows it
    question = asked[-1]
    assert say("en", "feedback_question") in question and say("en", "sms_reply_lead") in question
    assert phone.option(say("en", "feedback_yes")) == "1" and phone.option(say("en", "feedback_no")) == "2"
    (answer,) = phone.text("2")
    assert KB.agencies["DMHC"].phone in answer
    after = feedback_counts(stack)
    assert after["asked"] - before["asked"] == 1 and after["no"] - before["no"] == 1


def test_sms_any_other_text_after_the_question_goes_on(stack):
    phone = Phone(stack)
    phone.text(REFERRAL)
    phone.text("ok")
    answer = " ".join(phone.text("is the IMR free?"))
    assert KB.faq["imr"]["cost"] in answer and say("en", "feedback_question") not in answer


def test_messenger_asks_with_quick_replies_and_a_tap_is_counted(stack):
    user = MessengerUser(stack)
    before = feedback_counts(stack)
    user.say(REFERRAL)
    user.say("ok")
    question = user.turns[-1][-1]
    assert question["text"].startswith(say("en", "feedback_question"))
    assert [r["payload"] for r in question["quick_replies"]] == ["/feedback_yes", "/feedback_no"]
    (thanks,) = user.tap(say("en", "feedback_yes"))
    assert thanks["text"] == say("en", "feedback_glad")
    after = feedback_counts(stack)
    assert after["yes"] - before["yes"] == 1
