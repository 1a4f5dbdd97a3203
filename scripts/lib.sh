# Shared by up.sh, down.sh and test.sh. Sourced, not run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA_DIR="${LESP_DATA_DIR:-$ROOT/.local-data}"
PNPM_VERSION="10.34.9"

log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31mxx\033[0m %s\n' "$*" >&2; exit 1; }

# Node 20.19+ comes with the machine; pnpm is installed from the npm registry when missing.
ensure_toolchain() {
  command -v node >/dev/null || die "Node.js 20.19+ is required (node not found)"
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
    || die "Node.js 20.19+ is required (found $(node --version))"
  if ! command -v pnpm >/dev/null || [[ "$(pnpm --version)" != "$PNPM_VERSION" ]]; then
    log "installing pnpm $PNPM_VERSION from the npm registry"
    npm install -g --silent "pnpm@$PNPM_VERSION" >&2
  fi
}

# Browser tests drive Debian's Chromium (playwright-core, never a downloaded browser), with a
# CJK font so that screenshots of Chinese pages are readable: installed from the Debian archive
# when missing (the tests fail loudly without the browser).
ensure_chromium() {
  local missing=()
  [[ -x /usr/bin/chromium ]] || missing+=(chromium)
  dpkg -s fonts-wqy-zenhei >/dev/null 2>&1 || missing+=(fonts-wqy-zenhei)
  ((${#missing[@]} == 0)) && return
  command -v apt-get >/dev/null || die "browser tests need Debian packages ${missing[*]}: not installed and no apt-get"
  local sudo=""
  if [[ "$(id -u)" != 0 ]]; then
    command -v sudo >/dev/null || die "browser tests need Debian packages ${missing[*]} (installing them needs root)"
    sudo="sudo -n"
  fi
  log "installing ${missing[*]} for the browser tests (apt-get, once)"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || die "apt-get update failed"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 ||
    die "apt-get install ${missing[*]} failed"
  [[ -x /usr/bin/chromium ]] || die "chromium installed but /usr/bin/chromium is still missing"
}

# The manifest tests (deploy/test) render deploy/k8s with kustomize, built once from the Go
# module proxy into ~/.cache/lesp (deploy/test/kustomize.sh); Go comes with the machine.
ensure_kustomize() {
  KUSTOMIZE_BIN="$(bash "$ROOT/deploy/test/kustomize.sh")" || die "kustomize could not be provisioned (deploy/test/kustomize.sh)"
  export KUSTOMIZE_BIN
}

install_dependencies() {
  log "installing dependencies (pnpm install --frozen-lockfile)"
  (cd "$ROOT" && pnpm install --frozen-lockfile --reporter=append-only >&2)
}

# Exports KAFKA_BROKERS and MONGO_URL: from the environment when both are set, else from
# the local scripts, which provision (cached) and start Kafka and MongoDB/FerretDB.
ensure_infrastructure() {
  if [[ -n "${KAFKA_BROKERS:-}" && -n "${MONGO_URL:-}" ]]; then
    log "using KAFKA_BROKERS=$KAFKA_BROKERS MONGO_URL=$MONGO_URL from the environment"
    return
  fi
  log "starting local Kafka and MongoDB-protocol server (deploy/local/infra.sh up)"
  local env_lines
  env_lines="$(bash "$ROOT/deploy/local/infra.sh" up)" || die "deploy/local/infra.sh up failed"
  while IFS= read -r line; do
    [[ "$line" =~ ^[A-Z_]+= ]] && export "${line?}"
  done <<< "$env_lines"
  [[ -n "${KAFKA_BROKERS:-}" && -n "${MONGO_URL:-}" ]] || die "infra.sh printed no KAFKA_BROKERS / MONGO_URL"
}

# name  http-port  grpc-port
SERVICES=(
  "case-intake 4101 5101"
  "supervision 4102 5102"
  "cross-region 4103 5103"
  "public-disclosure 4104 5104"
)
