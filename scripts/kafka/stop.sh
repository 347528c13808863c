#!/usr/bin/env bash
# Stops the broker started by scripts/kafka/start.sh (only that one, by its PID file).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
home="${KAFKA_HOME_DIR:-$root/.kafka}"
pidfile="$home/broker.pid"
[ -f "$pidfile" ] || { echo "kafka: not running" >&2; exit 0; }
pid="$(cat "$pidfile")"
if kill -0 "$pid" 2>/dev/null; then
  kill "$pid"
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
fi
rm -f "$pidfile"
echo "kafka: stopped" >&2
