#!/usr/bin/env bash
# Start the action server (5055) in the background and the Rasa server (5005, REST channel) in the
# foreground; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
RASA_PORT="${RASA_PORT:-5005}"
ACTION_PORT="${ACTION_PORT:-5055}"

"$BIN/rasa" run actions --actions actions --port "$ACTION_PORT" &
ACTIONS_PID=$!
trap 'kill "$ACTIONS_PID" 2>/dev/null; wait "$ACTIONS_PID" 2>/dev/null' EXIT INT TERM

echo "Starting the assistant: REST channel at http://localhost:${RASA_PORT}/webhooks/rest/webhook"
"$BIN/rasa" run --model models/current.tar.gz --port "$RASA_PORT" \
  --credentials credentials.yml --endpoints endpoints.yml
