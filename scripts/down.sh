#!/usr/bin/env bash
# Stops every service started by up.sh (SIGTERM, then SIGKILL after 20 s), then Kafka and
# the database. --keep-infra leaves Kafka and the database running.
source "$(dirname "$0")/lib.sh"

run_dir="$DATA_DIR/run"
# The web console first (it calls the others), then the services.
for entry in "web-console 4105 -" "${SERVICES[@]}"; do
  read -r name _ _ <<< "$entry"
  pid_file="$run_dir/$name.pid"
  [[ -f "$pid_file" ]] || continue
  pid="$(cat "$pid_file")"
  if kill -0 "$pid" 2>/dev/null; then
    log "stopping $name (pid $pid)"
    kill -TERM "$pid"
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && { log "$name did not stop in 20 s; SIGKILL"; kill -KILL "$pid"; }
  fi
  rm -f "$pid_file"
done

if [[ "${1:-}" != "--keep-infra" ]]; then
  bash "$ROOT/deploy/local/infra.sh" down
fi
log "stopped"
