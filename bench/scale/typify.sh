#!/usr/bin/env bash
# typify on the scale corpus, beside vossgen (by hand, never in CI):
#
#   bash bench/scale/typify.sh [N …]        # default: 200
#   PHASES=build bash bench/scale/typify.sh 200
#
# For each N: the same synthetic corpus as run.sh (bench/scale/corpus.py), converted to one
# draft-07 schema (typify starts at draft-04 and knows no VOSS keyword: typify/to_json_schema.py
# says what is converted), typify's types generated from it (bench/scale/typify: the typify
# crate, formatted with prettyplease; CPU time of that step), lines counted, and `cargo check`
# and `cargo build` (debug) of the crate holding them timed as run.sh times vossgen's (its
# dependencies built first, not counted). Rows go to results.tsv as `typify-…` measures.
set -euo pipefail
export CARGO_INCREMENTAL=0
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="${SCALE_WORK:-/tmp/vossgen-scale}"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(200)
phases="${PHASES-check build}"
results="$root/bench/scale/results.tsv"
commit="$(git -C "$root" rev-parse --short HEAD)"
. "$root/bench/scale/lib.sh"

cargo build --release -q --manifest-path "$root/bench/scale/typify/Cargo.toml"
typify="$root/bench/scale/typify/target/release/typify-corpus"

for n in "${sizes[@]}"; do
  dir="$work/typify-n$n"
  rm -rf "$dir"
  python3 "$root/bench/scale/corpus.py" "$n" "$dir/schemas"
  python3 "$root/bench/scale/typify/to_json_schema.py" "$dir/schemas" "$dir/schema.json"
  mkdir -p "$dir/crate/src"
  cat >"$dir/crate/Cargo.toml" <<TOML
[package]
name = "typify-scale"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

# What typify's output uses.
[dependencies]
serde = { version = "1", features = ["derive"] }
serde_json = "1"
regress = "0.10"
chrono = { version = "0.4", default-features = false, features = ["serde", "std"] }
TOML
  gen="$(measure "$typify" "$dir/schema.json" "$dir/crate/src/lib.rs")"
  record "$n" typify-generate "$gen" "$(wc -l <"$dir/crate/src/lib.rs")"
  export CARGO_TARGET_DIR="$dir/target"
  # Dependencies first, not counted.
  (cd "$dir/crate" && mv src/lib.rs src/lib.rs.typify && : >src/lib.rs && cargo build -q && cargo check -q && mv src/lib.rs.typify src/lib.rs)
  for phase in $phases; do
    (cd "$dir/crate" && cargo clean -q -p typify-scale)
    record "$n" "typify-cargo-$phase" "$(cd "$dir/crate" && measure cargo "$phase")" "$(wc -l <"$dir/crate/src/lib.rs")"
  done
  unset CARGO_TARGET_DIR
done
