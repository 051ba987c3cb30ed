"""Reading ease of every reply (tools/eval_readability.py): the measures point the right way, and
every reply of every route, in both languages, is within the limits of tests/thresholds.yml."""

from tools import eval_readability as readability


def test_harder_text_scores_harder_in_each_language():
    easy_en, hard_en = (
        "Call them today. It is free.",
        (
            "Notwithstanding administrative determinations, beneficiaries "
            "necessitate independent adjudication of utilization decisions."
        ),
    )
    assert readability.score(easy_en, "en") < 6 < 12 < readability.score(hard_en, "en")
    easy_es, hard_es = (
        "Llame hoy. Es gratis.",
        (
            "Independientemente de las determinaciones administrativas, los "
            "beneficiarios necesitan adjudicaciones independientes."
        ),
    )
    assert readability.score(easy_es, "es") > 70 > 30 > readability.score(hard_es, "es")


def test_lists_are_read_line_by_line_and_a_web_address_is_one_word():
    assert (
        readability.readable("When to act:\n- Call by May 1\n- See https://example.org/a/very/long/path.")
        == "When to act. Call by May 1. See link."
    )


def test_every_reply_is_within_the_limits():
    summary, scores = readability.evaluate()
    over = [(s.language, s.reply, s.value, s.text) for s in scores if s.over]
    assert not over and not readability.check(summary)
    assert {s.language for s in scores} == {"en", "es"} and summary["en"]["replies"] == summary["es"]["replies"]
