#!/usr/bin/env bash
# Smoke test of `promlint server` with Neovim's built-in LSP client: opens
# a broken rule file in headless Neovim, reads the diagnostics back, fixes
# the buffer and sees them cleared. Skips (exit 0) when nvim is missing.
#
#   tests/nvim/smoke.sh [PROMLINT_BINARY]   (default: target/debug/promlint)
#
# Prints what Neovim saw, then the JSON-RPC messages from Neovim's LSP log
# when PROMLINT_TRANSCRIPT=1.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="$(realpath "${1:-$here/../../target/debug/promlint}")"
if ! command -v nvim >/dev/null 2>&1; then
  echo "skipped: nvim is not installed"
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/rules" "$work/state"
cat >"$work/rules/api.rules.yml" <<'YAML'
groups:
  - name: api
    rules:
      - alert: ApiErrors
        expr: rate(http_requests_total{code=~"5.."}[5m] > 0
        for: 5m
YAML
export PROMLINT_BIN="$bin" PROMLINT_OUT="$work/out.txt"
# Neovim's log (and the LSP log) go to a state folder of our own.
export XDG_STATE_HOME="$work/state" XDG_CACHE_HOME="$work/state" XDG_CONFIG_HOME="$work/config"
status=0
(cd "$work" && timeout 120 nvim --headless -u "$here/minimal_init.lua" rules/api.rules.yml) || status=$?
cat "$work/out.txt" 2>/dev/null || true
if [ "${PROMLINT_TRANSCRIPT:-0}" = 1 ]; then
  echo "--- JSON-RPC (Neovim's LSP log) ---"
  find "$work/state" -name 'lsp.log' -exec grep -E 'rpc\.(send|receive)|"stderr"' {} + | cut -c1-600 || true
fi
if [ "$status" != 0 ] || ! grep -q "promql/syntax" "$work/out.txt" \
  || ! grep -q "diagnostics after the unsaved fix: 0" "$work/out.txt"; then
  echo "nvim smoke test failed (nvim exit $status)" >&2
  exit 1
fi
echo "nvim smoke test passed"
