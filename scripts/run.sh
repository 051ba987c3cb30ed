#!/usr/bin/env bash
# Start the action server (5055) and the chat widget's server (8080) in the background and the Rasa
# server (5005: the REST channel, plus SMS and Messenger when their variables are set) in the
# foreground; Ctrl-C stops all three. Their output goes to logs/ (errors still show on screen);
# VERBOSE=1 shows all of it.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
# The project root on the path also loads sitecustomize.py, which hides other packages' warnings.
export PYTHONPATH="$PWD" RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-3}" \
  SQLALCHEMY_SILENCE_UBER_WARNING=1 PYTHONUNBUFFERED=1
mkdir -p logs
RASA_PORT="${RASA_PORT:-5005}"
# Both cores: two Rasa server workers sharing conversation locks through an SQLite file
# (endpoints.yml's lock_store, storage/lock_store.py); RUN_WORKERS=1 for one (less memory).
RUN_WORKERS="${RUN_WORKERS:-2}"
RUN_ACTION_WORKERS="${RUN_ACTION_WORKERS:-1}"
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

# The Rasa HTTP API (trackers, models) is off unless asked for, and then only with a token, which
# stays in the environment (never on the command line, where ps shows it): channels/api_guard.py.
API_ARGS=()
if [ -n "${RASA_API_TOKEN:-}" ]; then API_ARGS=(--enable-api); fi
# Loopback only unless asked (BIND_HOST=0.0.0.0 behind a firewall or proxy); the action server has no authentication.
BIND_HOST="${BIND_HOST:-127.0.0.1}"

# Run a server in the background, its output through scripts/log_to_file.py into logs/NAME.log.
PIDS=()
start() {
  local name="$1"; shift
  "$@" > >("$BIN/python" scripts/log_to_file.py "$name" "logs/$name.log") 2>&1 &
  PIDS+=($!)
}

# Wait until URL answers; give up, pointing at the log, if the server NAME (pid PID) has stopped.
wait_for() {
  local name="$1" pid="$2" url="$3"
  until "$BIN/python" -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" "$url" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "The $name server stopped while starting: see logs/$name.log" >&2
      exit 1
    fi
    sleep 0.5
  done
}

cleanup() {
  kill "${PIDS[@]}" 2>/dev/null || true
  wait "${PIDS[@]}" 2>/dev/null || true
  if [ "$CREDENTIALS" != credentials.yml ]; then rm -f "$CREDENTIALS"; fi
}
trap cleanup EXIT
trap "exit 130" INT TERM

echo "==> Starting the assistant: Rasa, its action server and the chat widget (about 30 s; logs in logs/)"
start actions env SANIC_HOST="$BIND_HOST" SANIC_WORKERS="$RUN_ACTION_WORKERS" "$BIN/rasa" run actions --actions actions --port "$ACTION_PORT"
ACTIONS_PID=${PIDS[-1]}
start widget "$BIN/python" widget/serve.py --host "$BIND_HOST" --port "$WIDGET_PORT" --server "http://localhost:${RASA_PORT}"
WIDGET_PID=${PIDS[-1]}
start rasa env SANIC_WORKERS="$RUN_WORKERS" "$BIN/rasa" run --model models/current.tar.gz -i "$BIND_HOST" --port "$RASA_PORT" \
  --credentials "$CREDENTIALS" --endpoints endpoints.yml --cors "${CORS_ORIGINS[@]}" "${API_ARGS[@]}"
RASA_PID=${PIDS[-1]}

wait_for actions "$ACTIONS_PID" "http://127.0.0.1:${ACTION_PORT}/health"
wait_for widget "$WIDGET_PID" "http://127.0.0.1:${WIDGET_PORT}/"
wait_for rasa "$RASA_PID" "http://127.0.0.1:${RASA_PORT}/"
for file in "${CHANNEL_FILES[@]}"; do
  case "$file" in
    credentials.twilio.yml) echo "    SMS (Twilio) webhook: http://localhost:${RASA_PORT}/webhooks/twilio/webhook" ;;
    credentials.facebook.yml) echo "    Messenger webhook: http://localhost:${RASA_PORT}/webhooks/facebook/webhook" ;;
  esac
done
echo "    To embed the chat on a site: <script src=\"http://localhost:${WIDGET_PORT}/widget.js\" data-server=\"http://localhost:${RASA_PORT}\" defer></script>"
echo "Ready: chat at http://localhost:${WIDGET_PORT}/, REST at http://localhost:${RASA_PORT}/webhooks/rest/webhook, Ctrl-C to stop."

# Until Ctrl-C, or until one of the servers stops by itself.
set +e
wait -n "${PIDS[@]}"
# Ctrl-C reaches the servers too (Sanic stops on SIGINT) and may end one before this script's trap
# runs; the Rasa server's two workers take a few seconds to stop. If all of them end within 15 s,
# that was the Ctrl-C, not a crash.
for _ in $(seq 30); do
  alive=0
  for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
  if [ "$alive" = 0 ]; then echo "Stopped."; exit 130; fi
  sleep 0.5
done
echo "A server stopped: see logs/ (rasa.log, actions.log, widget.log). Stopping the others." >&2
exit 1
