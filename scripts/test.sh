#!/usr/bin/env bash
# Runs every check and every test on a fresh machine: installs, checks the contracts
# (generated code in sync, no breaking change), types and lint, then all vitest projects.
# The integration project's global setup provides real Kafka and MongoDB (environment,
# testcontainers, or deploy/local/infra.sh) and fails loudly when it cannot.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_toolchain
install_dependencies
ensure_chromium
ensure_kustomize

log "contracts: generated code matches proto/"
pnpm run --silent gen:check
log "contracts: no breaking change to published protobuf"
pnpm run --silent proto:breaking
log "typecheck"
pnpm run --silent typecheck
# The console's React app (.tsx, its own tsconfig) is not in the root project.
pnpm --filter @lesp/web-console --silent typecheck
log "lint"
pnpm run --silent lint

mkdir -p test-results
log "tests (unit + integration + e2e against real Kafka and MongoDB)"
status=0
pnpm exec vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@" || status=$?
node --import tsx scripts/scan-logs-for-personal-data.ts test-results/logs || status=1

# One plain closing line that any CI reads: N passed, N failed, N skipped.
if [[ -f test-results/vitest.json ]]; then
  node -e '
    const r = require("./test-results/vitest.json");
    // A suite whose setup fails leaves its tests "skipped": they did not run, so they count as failed.
    let notRun = 0;
    for (const file of r.testResults ?? [])
      if (file.status === "failed")
        notRun += (file.assertionResults ?? []).filter((t) => t.status === "pending" || t.status === "skipped").length;
    const failed = r.numFailedTests + notRun;
    const skipped = r.numPendingTests + r.numTodoTests - notRun;
    console.log(`vitest: ${r.numPassedTests} passed, ${failed} failed, ${skipped} skipped` +
      (r.numFailedTestSuites ? ` (${r.numFailedTestSuites} suites failed)` : ""));
    if (r.numTotalTests === 0) { console.error("no test ran"); process.exit(1); }
  ' || status=1
fi
exit "$status"
