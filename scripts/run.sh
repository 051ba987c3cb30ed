#!/usr/bin/env bash
# Start the action server (5055) and the chat widget's server (8080) in the background and the Rasa
# server (5005: the REST channel, plus SMS and Messenger when their variables are set) in the
# foreground; Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
RASA_PORT="${RASA_PORT:-5005}"
ACTION_PORT=5055  # endpoints.yml points Rasa at this port
WIDGET_PORT="${WIDGET_PORT:-8080}"
# Browser origins allowed to call the REST channel: the local widget server, plus the sites that
# embed the widget (WIDGET_ORIGINS="https://example.org https://www.example.org"). Never "*".
read -r -a EXTRA_ORIGINS <<< "${WIDGET_ORIGINS:-}"
CORS_ORIGINS=("http://localhost:${WIDGET_PORT}" "http://127.0.0.1:${WIDGET_PORT}" "${EXTRA_ORIGINS[@]}")

# credentials.yml holds the REST channel only, so the assistant starts with no secrets set. SMS and
# Messenger are added from their own files when their variables are set (README.md, "Channels").
CREDENTIALS=credentials.yml
CHANNEL_FILES=()
if [ -n "${TWILIO_AUTH_TOKEN:-}" ]; then CHANNEL_FILES+=(credentials.twilio.yml); fi
if [ -n "${FB_APP_SECRET:-}" ]; then CHANNEL_FILES+=(credentials.facebook.yml); fi
if [ "${#CHANNEL_FILES[@]}" -gt 0 ]; then
  CREDENTIALS="$(mktemp --suffix=.yml)"
  for file in credentials.yml "${CHANNEL_FILES[@]}"; do cat "$file"; echo; done > "$CREDENTIALS"
fi

# The Rasa HTTP API (trackers, models) is off unless asked for, and then only with a token.
API_ARGS=()
if [ -n "${RASA_API_TOKEN:-}" ]; then API_ARGS=(--enable-api --auth-token "$RASA_API_TOKEN"); fi

PIDS=()
cleanup() {
  kill "${PIDS[@]}" 2>/dev/null || true
  wait "${PIDS[@]}" 2>/dev/null || true
  if [ "$CREDENTIALS" != credentials.yml ]; then rm -f "$CREDENTIALS"; fi
}
trap cleanup EXIT INT TERM

"$BIN/rasa" run actions --actions actions --port "$ACTION_PORT" &
PIDS+=($!)
"$BIN/python" widget/serve.py --port "$WIDGET_PORT" --server "http://localhost:${RASA_PORT}" &
PIDS+=($!)

echo "Starting the assistant: REST channel at http://localhost:${RASA_PORT}/webhooks/rest/webhook"
for file in "${CHANNEL_FILES[@]}"; do
  case "$file" in
    credentials.twilio.yml) echo "SMS (Twilio) webhook: http://localhost:${RASA_PORT}/webhooks/twilio/webhook" ;;
    credentials.facebook.yml) echo "Messenger webhook: http://localhost:${RASA_PORT}/webhooks/facebook/webhook" ;;
  esac
done
"$BIN/rasa" run --model models/current.tar.gz --port "$RASA_PORT" \
  --credentials "$CREDENTIALS" --endpoints endpoints.yml --cors "${CORS_ORIGINS[@]}" "${API_ARGS[@]}"
