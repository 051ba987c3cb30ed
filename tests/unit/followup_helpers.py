"""Helpers the follow-up tests share: both languages, a wording per language, an answer and a contact
read from the knowledge data (so no test types a number or an answer)."""

import pytest

from bot import followups, problem_kinds

LANGS = pytest.mark.parametrize("language", ["en", "es"])


def said(language, en, es):
    return en if language == "en" else es


def entry(language, topic, key):
    return next(t for t in followups.followups(language).topics if t.key == topic).answers[key]


def contact(language, key):
    return problem_kinds.default(language).contacts[key]
