#!/usr/bin/env bash
# Wall clock and peak memory of `promlint test` against
# `promtool test rules` on the unit tests of the generated benchmark
# corpus (500 test groups), each measured in one run.
#
#   benches/vs_promtool_test.sh [GEN_CORPUS_PY] [RUNS]
#
# Every test group must pass under promlint. Prints the best-of-RUNS wall
# clock of each tool, their ratio, and the peak RSS (`/usr/bin/time -v`).
set -euo pipefail
cd "$(dirname "$0")/.."
gen=${1:-$(dirname "$0")/../../shared/bench/gen_corpus.py}
runs=${2:-3}
command -v promtool >/dev/null || { echo "promtool is not installed" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is not installed" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
python3 "$gen" "$out" >/dev/null
cargo build --release --quiet

tests=("$out"/tests/*_test.yml)
echo "corpus: ${#tests[@]} test files in $out/tests"

# Every group must pass under promlint.
summary=$(target/release/promlint test "$out/tests" | tail -1)
echo "promlint: $summary"
case "$summary" in
  *" 0 failed"*) ;;
  *) echo "not every test group passes" >&2; exit 1 ;;
esac
promtool test rules "${tests[@]}" >/dev/null 2>&1 || { echo "promtool reports failures" >&2; exit 1; }

# best-of-RUNS wall clock (ms) and the peak RSS (KiB) of that run.
measure() {
  local best="" rss=""
  for _ in $(seq "$runs"); do
    local start end t log
    log=$(mktemp)
    start=$(date +%s%N)
    /usr/bin/time -v "$@" >/dev/null 2>"$log" || true
    end=$(date +%s%N)
    t=$(( (end - start) / 1000000 ))
    if [ -z "$best" ] || [ "$t" -lt "$best" ]; then
      best=$t
      rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
    fi
    rm -f "$log"
  done
  echo "$best $rss"
}

read -r p p_rss < <(measure promtool test rules "${tests[@]}")
read -r l l_rss < <(measure target/release/promlint test "$out/tests")
echo "promtool test rules: ${p} ms, peak RSS ${p_rss} KiB"
echo "promlint test:       ${l} ms, peak RSS ${l_rss} KiB"
python3 -c "print(f'promlint is {${p}/max(${l},1):.1f}x faster')"
