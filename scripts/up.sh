#!/usr/bin/env bash
# Brings up the whole platform on this machine: installs, provisions Kafka and the
# database, starts every service as its own process, loads demo data, prints the URLs.
# Idempotent: services already up and ready are left as they are.
source "$(dirname "$0")/lib.sh"

ensure_toolchain
install_dependencies
ensure_infrastructure

# Development identity provider: its keys are made once, before any service reads them.
export AUTH_DEV_ISSUER_DIR="$DATA_DIR/dev-issuer"
(cd "$ROOT" && node --import tsx scripts/dev-token.ts operator --dir "$AUTH_DEV_ISSUER_DIR" > /dev/null)

run_dir="$DATA_DIR/run"
log_dir="$DATA_DIR/logs/services"
mkdir -p "$run_dir" "$log_dir"

# The portal's complaint form hands complaints to case intake over gRPC as a service of its own
# (role `service`, a development token renewed at every start; read by public disclosure only).
export CASE_INTAKE_GRPC_URL=127.0.0.1:5101
export SERVICE_TOKEN_FILE="$run_dir/public-disclosure.token"
(cd "$ROOT" && node --import tsx scripts/dev-token.ts service --subject public-disclosure --ttl-hours 720 \
  --dir "$AUTH_DEV_ISSUER_DIR" > "$SERVICE_TOKEN_FILE.tmp") && mv -f "$SERVICE_TOKEN_FILE.tmp" "$SERVICE_TOKEN_FILE"

ready() { curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$1/readyz" 2>/dev/null; }

for entry in "${SERVICES[@]}"; do
  read -r name http grpc <<< "$entry"
  pid_file="$run_dir/$name.pid"
  if [[ -f "$pid_file" ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null && ready "$http"; then
    log "$name already running (pid $(cat "$pid_file"))"
    continue
  fi
  log "starting $name (HTTP $http, gRPC $grpc)"
  (
    cd "$ROOT/services/$name"
    HOST=127.0.0.1 HTTP_PORT="$http" GRPC_PORT="$grpc" NODE_ENV=development \
      setsid nohup node --import tsx src/main.ts >> "$log_dir/$name.log" 2>&1 < /dev/null &
    echo $! > "$pid_file"
  )
done

for entry in "${SERVICES[@]}"; do
  read -r name http _ <<< "$entry"
  deadline=$((SECONDS + 90))
  until ready "$http"; do
    if (( SECONDS > deadline )) || ! kill -0 "$(cat "$run_dir/$name.pid")" 2>/dev/null; then
      tail -n 30 "$log_dir/$name.log" >&2 || true
      die "$name did not become ready; log: $log_dir/$name.log"
    fi
    sleep 0.5
  done
done

# The web console (services/web-console): Vite builds its React app, then the backend-for-frontend
# serves it on 4105 and calls the services above over gRPC (sign in with the development issuer).
console_pid_file="$run_dir/web-console.pid"
if [[ -f "$console_pid_file" ]] && kill -0 "$(cat "$console_pid_file")" 2>/dev/null && ready 4105; then
  log "web-console already running (pid $(cat "$console_pid_file"))"
else
  log "building the web console"
  (cd "$ROOT/services/web-console" && node node_modules/vite/bin/vite.js build --logLevel warn) || die "the web console's build failed"
  log "starting web-console (HTTP 4105)"
  (
    cd "$ROOT/services/web-console"
    HOST=127.0.0.1 HTTP_PORT=4105 NODE_ENV=development \
      CASE_INTAKE_GRPC=127.0.0.1:5101 SUPERVISION_GRPC=127.0.0.1:5102 CROSS_REGION_GRPC=127.0.0.1:5103 \
      setsid nohup node --import tsx src/main.ts >> "$log_dir/web-console.log" 2>&1 < /dev/null &
    echo $! > "$console_pid_file"
  )
  deadline=$((SECONDS + 90))
  until ready 4105; do
    if (( SECONDS > deadline )) || ! kill -0 "$(cat "$console_pid_file")" 2>/dev/null; then
      tail -n 30 "$log_dir/web-console.log" >&2 || true
      die "web-console did not become ready; log: $log_dir/web-console.log"
    fi
    sleep 0.5
  done
fi

log "loading demo data"
(cd "$ROOT" && node --import tsx scripts/seed-demo.ts http://127.0.0.1:4101 "$AUTH_DEV_ISSUER_DIR")
# The 锰三角 agreement, a cross-border incident and an advice in cross-region.
(cd "$ROOT" && node --import tsx scripts/seed-cross-region-demo.ts http://127.0.0.1:4103 "$AUTH_DEV_ISSUER_DIR") \
  || log "the cross-region demo failed (see above); the platform is up without it"
# A sample of the demo year (冷水滩区 2023 proportions, ~1,850 acts) through the import API.
log "importing the demo year sample (scale ${LESP_DEMO_SCALE:-0.005})"
(cd "$ROOT" && node --import tsx scripts/import-demo-year.ts http://127.0.0.1:4101 "$AUTH_DEV_ISSUER_DIR" \
  --county 431103 --scale "${LESP_DEMO_SCALE:-0.005}") \
  || log "the demo year import failed (see above); the platform is up without it"

cat <<URLS

执法监督平台 is up.
  case intake         http://127.0.0.1:4101   gRPC 127.0.0.1:5101
  supervision         http://127.0.0.1:4102   gRPC 127.0.0.1:5102
  cross-region        http://127.0.0.1:4103   gRPC 127.0.0.1:5103
  public disclosure   http://127.0.0.1:4104   gRPC 127.0.0.1:5104
  web console         http://127.0.0.1:4105   (开发环境登录: e.g. 县级执法监督员, 431103)
  Kafka               $KAFKA_BROKERS
  MongoDB protocol    $MONGO_URL

Try (tokens come from the development issuer; see scripts/dev-token.ts):
  TOKEN=\$(pnpm -s dev-token county_supervisor 431103)
  curl -H "authorization: Bearer \$TOKEN" http://127.0.0.1:4102/api/v1/counties/431103/supervised-agencies
  curl http://127.0.0.1:4104/api/v1/public/counties/431103/agencies
  curl -H "authorization: Bearer \$TOKEN" 'http://127.0.0.1:4101/api/v1/counties/431103/acts?category=penalty&limit=5'
  curl -H "authorization: Bearer \$TOKEN" -o acts.xlsx http://127.0.0.1:4101/api/v1/import-templates/acts.xlsx
  curl -H "authorization: Bearer \$(pnpm -s dev-token task_force_member --agreement 433124,522229,500241)" \\
       'http://127.0.0.1:4103/api/v1/county-directory?countyCodes=433124,522229,500241'
Logs: $log_dir     Stop: bash scripts/down.sh
URLS
