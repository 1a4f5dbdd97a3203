#!/usr/bin/env bash
# Fails when a .proto change breaks what is already published (wire or JSON compatibility),
# by comparing proto/ with the committed baseline image proto/published.binpb.
#   --accept   record the current contracts as the new published baseline (a deliberate,
#              reviewed step: commit the new image with the change that needs it).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
buf="$root/node_modules/.bin/buf"
cd "$root/proto"
if [[ "${1:-}" == "--accept" ]]; then
  "$buf" build -o published.binpb
  echo "proto: published baseline updated (proto/published.binpb)"
  exit 0
fi
"$buf" breaking --against published.binpb
echo "proto: no breaking change against the published baseline"
