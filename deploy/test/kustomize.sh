#!/usr/bin/env bash
# Prints the path of a kustomize binary, building it once from the Go module proxy when it is
# missing (cached under ~/.cache/lesp like Kafka and FerretDB). Used by scripts/lib.sh
# (ensure_kustomize) and by deploy/test/manifests.unit.spec.ts; KUSTOMIZE_BIN overrides it.
set -euo pipefail
VERSION="5.7.1"
if [[ -n "${KUSTOMIZE_BIN:-}" ]]; then
  [[ -x "$KUSTOMIZE_BIN" ]] || { echo "KUSTOMIZE_BIN=$KUSTOMIZE_BIN is not an executable" >&2; exit 1; }
  echo "$KUSTOMIZE_BIN"
  exit 0
fi
dir="${LESP_CACHE_DIR:-$HOME/.cache/lesp}/kustomize-$VERSION"
if [[ ! -x "$dir/kustomize" ]]; then
  command -v go >/dev/null || { echo "kustomize $VERSION is built with Go, and go is not on PATH" >&2; exit 1; }
  echo "building kustomize $VERSION from the Go module proxy into $dir (once)" >&2
  mkdir -p "$dir.tmp"
  # A temporary folder first: an interrupted build never leaves a half-written binary behind.
  (cd /tmp && GOBIN="$dir.tmp" GOFLAGS=-buildvcs=false go install "sigs.k8s.io/kustomize/kustomize/v5@v$VERSION") >&2
  rm -rf "$dir" && mv "$dir.tmp" "$dir"
fi
echo "$dir/kustomize"
