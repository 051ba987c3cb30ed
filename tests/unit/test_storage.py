"""The private tracker store: redaction before writing, deletion on request, retention purge."""

import asyncio
import sqlite3
import time

from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from storage.tracker_store import DELETE_ACTION, PrivateSQLTrackerStore


def store(tmp_path):
    return PrivateSQLTrackerStore(db=str(tmp_path / "c.db"))


def rows(tmp_path, sender):
    with sqlite3.connect(tmp_path / "c.db") as db:
        return [r[0] for r in db.execute("SELECT data FROM events WHERE sender_id = ?", (sender,))]


def tracker(sender, *events):
    return DialogueStateTracker.from_events(sender, list(events))


def test_user_text_is_redacted_before_writing(tmp_path):
    s = store(tmp_path)
    asyncio.run(s.save(tracker("a", UserUttered("call me at 415-555-0134", {"name": "greet"}))))
    (row,) = [r for r in rows(tmp_path, "a") if "user" in r]
    assert "555-0134" not in row and "[removed]" in row


def test_delete_action_removes_the_conversation(tmp_path):
    s = store(tmp_path)
    asyncio.run(s.save(tracker("b", UserUttered("hi", {"name": "greet"}))))
    assert rows(tmp_path, "b")
    asyncio.run(
        s.save(
            tracker(
                "b",
                UserUttered("delete my conversation", {"name": "delete_conversation"}),
                ActionExecuted(DELETE_ACTION),
            )
        )
    )
    assert rows(tmp_path, "b") == []


def test_purge_removes_only_old_conversations(tmp_path):
    s = store(tmp_path)
    old = time.time() - 40 * 86400
    asyncio.run(s.save(tracker("old", UserUttered("hi", {"name": "greet"}, timestamp=old))))
    asyncio.run(s.save(tracker("new", UserUttered("hi", {"name": "greet"}))))
    assert s.purge(30) == 1
    assert rows(tmp_path, "old") == [] and rows(tmp_path, "new")


def test_purge_removes_old_events_of_a_conversation_still_going(tmp_path):
    s = store(tmp_path)
    old, recent = time.time() - 200 * 86400, time.time() - 86400
    asyncio.run(
        s.save(tracker("long", UserUttered("Kaiser denied my MRI", {"name": "describe_problem"}, timestamp=old)))
    )
    asyncio.run(
        s.save(
            tracker(
                "long",
                UserUttered("Kaiser denied my MRI", {"name": "describe_problem"}, timestamp=old),
                UserUttered("hi", {"name": "greet"}, timestamp=recent),
            )
        )
    )
    assert s.purge(30) == 1
    remaining = rows(tmp_path, "long")
    assert remaining and not any("Kaiser denied" in row for row in remaining), "the 200-day-old message is gone"


def test_database_url_selects_the_database(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'from_env.db'}")
    PrivateSQLTrackerStore(db="ignored.db")
    assert (tmp_path / "from_env.db").exists()


def test_sqlite_runs_in_wal_mode(tmp_path):
    s = store(tmp_path)
    with s.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_every_stored_field_is_redacted_but_the_letter_date_and_message_id(tmp_path):
    from rasa.shared.core.events import BotUttered, SlotSet

    s = store(tmp_path)
    said = "my name is Kevin Park, member id KP9981234, Kaiser denied my MRI"
    summary = {
        "case_summary": {
            "title": "Your case",
            "text": f"What happened: {said}. Call 1-888-466-2219 by June 1, 2026.",
            "fields": [{"label": "What happened", "value": said}],
        }
    }
    asyncio.run(
        s.save(
            tracker(
                "c",
                UserUttered(
                    said,
                    {"name": "describe_problem"},
                    [{"entity": "plan", "value": "Kevin Park KP9981234"}],
                    message_id="req-0123456789abcdef0123456789abcdef",
                ),
                SlotSet("problem_words", said),
                SlotSet("letter_date", "2026-03-03"),
                BotUttered(
                    f"You said: {said}", {"custom": summary, "buttons": [{"title": "KP9981234", "payload": "/x"}]}
                ),
            )
        )
    )
    stored = " ".join(rows(tmp_path, "c"))
    for secret in ("Kevin", "Park", "KP9981234"):
        assert secret not in stored
    assert "Kaiser denied my MRI" in stored, "the rest of the description is kept for the case summary"
    assert "2026-03-03" in stored, "the letter's date slot is kept to count the deadlines"
    assert "req-0123456789abcdef0123456789abcdef" in stored, "the message id answers retries"
    assert "1-888-466-2219" in stored and "June 1, 2026" in stored, "the assistant's numbers and deadlines stay"


def test_a_date_of_birth_taken_for_the_letters_date_is_not_kept(tmp_path):
    from rasa.shared.core.events import BotUttered, SlotSet

    s = store(tmp_path)
    asyncio.run(
        s.save(
            tracker(
                "d",
                UserUttered("date of birth: April 12, 1980", {"name": "give_date"}),
                SlotSet("letter_date", "1980-04-12"),
                BotUttered("Ask for the review by October 9, 1980."),
            )
        )
    )
    stored = " ".join(rows(tmp_path, "d"))
    assert "1980" not in stored


def test_a_turn_after_retrieve_saves_only_its_new_events_without_counting(tmp_path, monkeypatch):
    s = store(tmp_path)
    asyncio.run(s.save(tracker("t", UserUttered("hi", {"name": "greet"}), ActionExecuted("utter_greet"))))
    before = rows(tmp_path, "t")
    retrieved = asyncio.run(s.retrieve("t"))
    retrieved.update(UserUttered("Kaiser denied my MRI", {"name": "report_denial"}))
    retrieved.update(ActionExecuted("action_listen"))

    def no_count(*_):
        raise AssertionError("the count query ran although retrieve had counted")

    monkeypatch.setattr(s, "_additional_events", no_count)
    asyncio.run(s.save(retrieved))
    after = rows(tmp_path, "t")
    assert after[: len(before)] == before and len(after) == len(before) + 2
    assert "Kaiser denied my MRI" in after[-2]


def test_a_second_save_without_retrieve_counts_again_and_stores_nothing_twice(tmp_path):
    s = store(tmp_path)
    t = tracker("u", UserUttered("hi", {"name": "greet"}))
    asyncio.run(s.retrieve("u"))  # nothing stored yet: 0
    asyncio.run(s.save(t))
    asyncio.run(s.save(t))  # no retrieve in between: Rasa's count query decides
    assert len(rows(tmp_path, "u")) == len(t.events)
