#!/usr/bin/env bash
# Wall-clock comparison of `promlint check` with `promtool check rules` on
# the generated benchmark corpus (10k rules), measured in one run.
#
#   benches/vs_promtool.sh [GEN_CORPUS_PY] [RUNS]
#
# Prints the best-of-RUNS time of each tool and their ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
gen=${1:-../shared/bench/gen_corpus.py}
runs=${2:-3}
command -v promtool >/dev/null || { echo "promtool is not installed" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
python3 "$gen" "$out" >/dev/null
cargo build --release --quiet

best() {
  local best=""
  for _ in $(seq "$runs"); do
    local start end t
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    t=$(( (end - start) / 1000000 ))
    if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
  done
  echo "$best"
}

rules=("$out"/rules/*.yml)
echo "corpus: ${#rules[@]} rule files in $out/rules"
# promlint checks the rules against the corpus' exposition file (the
# metric cross-checks), promtool only the rules.
errors=$(target/release/promlint check --format json "$out/rules" "$out/metrics" \
  | python3 -c 'import json,sys; d=json.load(sys.stdin)["diagnostics"]; print(sum(x["severity"]=="error" for x in d), len(d))')
echo "promlint findings on the corpus (errors, all): $errors"
p=$(best promtool check rules "${rules[@]}")
l=$(best target/release/promlint check "$out/rules" "$out/metrics")
echo "promtool check rules: ${p} ms"
echo "promlint check:       ${l} ms"
python3 -c "print(f'promlint is {${p}/max(${l},1):.1f}x faster')"
