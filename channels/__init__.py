"""Custom Rasa input channels, registered by module path in credentials.yml and the optional
credentials.twilio.yml (SMS) and credentials.facebook.yml (Messenger). How replies are shaped per
channel is in bot/channel_format.py; the connectors only receive, check and send."""

from channels import rasa_fixes  # noqa: E402,F401  (Rasa fixes applied when the server loads a channel)
from bot import log_privacy  # noqa: E402

log_privacy.install()  # no message text in any log line of the Rasa server (bot/log_privacy.py)
