#!/usr/bin/env bash
# vossgen's scale benchmark (by hand, never in CI):
#
#   bash bench/scale/run.sh [N …]            # default: 50 200 1000
#   FEATURES=10 bash bench/scale/run.sh 1000  # also build 10 models chosen by cargo features
#   PHASES="check build" bash bench/scale/run.sh 200
#   PHASES= FEATURES=10 bash bench/scale/run.sh 1000   # only generation and the features case
#
# For each N: makes a synthetic corpus (bench/scale/corpus.py), generates a crate from it with
# the release CLI (generation CPU time), counts the generated lines, then times `cargo check`
# and `cargo build` (debug) of that crate with its crate parts (the runtime and its
# dependencies are built first and not counted), with CPU seconds (user+sys) and peak RSS
# from GNU time (the largest single process: cargo runs two rustc at once on two cores). One line per measurement
# goes to stdout and to bench/scale/results.tsv.
set -euo pipefail
# Incremental compilation state would make the figures depend on what ran before.
export CARGO_INCREMENTAL=0
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="${SCALE_WORK:-/tmp/vossgen-scale}"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(50 200 1000)
phases="${PHASES-check build}"
results="$root/bench/scale/results.tsv"
[ -f "$results" ] || printf 'date\tcommit\tN\tmeasure\tcpu_s\twall_s\tpeak_rss_mb\tlines\n' >"$results"
commit="$(git -C "$root" rev-parse --short HEAD)"

cargo build --release -q --manifest-path "$root/Cargo.toml" -p vossgen
vossgen="$root/target/release/vossgen"

. "$root/bench/scale/lib.sh"

for n in "${sizes[@]}"; do
  dir="$work/n$n"
  rm -rf "$dir"
  python3 "$root/bench/scale/corpus.py" "$n" "$dir/schemas"
  new_crate "$dir/crate" scale-api
  gen="$(measure "$vossgen" generate -i "$dir/schemas" -o "$dir/crate" ${GEN_ARGS:-})"
  # The crate's own sources and its parts' (a large crate is compiled in parts, see the
  # `part_size` setting).
  lines="$(crate_lines "$dir/crate")"
  record "$n" generate "$gen" "$lines"
  # Dependencies first, not counted: the runtime and what it needs, not the crate's parts.
  export CARGO_TARGET_DIR="$dir/target"
  (cd "$dir/crate" && cargo build -q -p vossgen-runtime 2>/dev/null && cargo check -q -p vossgen-runtime 2>/dev/null)
  parts="$(sed -n 's/^\[dependencies\.\(.*\)\]$/\1/p' "$dir/crate/Cargo.toml")"
  for phase in $phases; do
    # The crate and each of its parts are compiled again.
    for p in $parts; do (cd "$dir/crate" && cargo clean -q -p "$p" 2>/dev/null) || true; done
    touch "$dir/crate/src/lib.rs"
    record "$n" "cargo-$phase" "$(cd "$dir/crate" && measure cargo "$phase")" "$lines"
  done
  if [ -n "${FEATURES:-}" ] && grep -q '^\[features\]' "$dir/crate/Cargo.toml"; then
    for p in $parts; do (cd "$dir/crate" && cargo clean -q -p "$p" 2>/dev/null) || true; done
    # The first FEATURES model features (the table lists them after this comment).
    picked="$(sed -n '/^# One feature per model/,$p' "$dir/crate/Cargo.toml" | sed 1d | cut -d' ' -f1 | sed -n "1,${FEATURES}p" | paste -sd, -)"
    touch "$dir/crate/src/lib.rs"
    record "$n" "cargo-build-features-$FEATURES" "$(cd "$dir/crate" && measure cargo build --no-default-features --features "$picked")" "$lines"
  fi
  unset CARGO_TARGET_DIR
done
