"""Rasa SDK glue: thin actions that read the tracker, call bot/, and send the reply."""

from bot import log_privacy  # noqa: E402

log_privacy.install()  # no message text in any log line of the action server (bot/log_privacy.py)
