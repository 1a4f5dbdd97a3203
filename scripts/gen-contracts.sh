#!/usr/bin/env bash
# Generates TypeScript from proto/ with buf + ts-proto into packages/contracts/generated.
#   --check   generate into a scratch folder and fail if the committed output differs
#             (someone edited generated code, or changed a .proto without regenerating).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
buf="$root/node_modules/.bin/buf"
cd "$root/proto"
"$buf" lint
if [[ "${1:-}" == "--check" ]]; then
  scratch="$(mktemp -d)"
  trap 'rm -rf "$scratch"' EXIT
  sed "s#out: ../packages/contracts/generated#out: $scratch/generated#" buf.gen.yaml > "$scratch/buf.gen.yaml"
  "$buf" generate --template "$scratch/buf.gen.yaml"
  if ! diff -r "$scratch/generated" "$root/packages/contracts/generated" > "$scratch/diff.txt"; then
    echo "contracts drift: packages/contracts/generated differs from proto/ — run 'pnpm gen' and commit." >&2
    head -50 "$scratch/diff.txt" >&2
    exit 1
  fi
  echo "contracts: generated code matches proto/"
else
  rm -rf "$root/packages/contracts/generated"
  "$buf" generate
  echo "contracts: generated into packages/contracts/generated"
fi
