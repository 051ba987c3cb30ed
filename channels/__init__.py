"""Custom Rasa input channels, registered by module path in credentials.yml and the optional
credentials.twilio.yml (SMS) and credentials.facebook.yml (Messenger). How replies are shaped per
channel is in bot/channel_format.py; the connectors only receive, check and send.

Every Rasa server of the project loads this package first, so its process is set up here, once."""

import rasa_fixes
from bot import log_privacy

rasa_fixes.apply()  # three fixes to Rasa 3.6 itself: the lock store, action-result checks, action-server calls (rasa_fixes.py)
log_privacy.install()  # no message text in any log line of the Rasa server (bot/log_privacy.py)
