#!/usr/bin/env bash
# Issue #8's copies case (by hand, never in CI):
#
#   bash bench/scale/copies.sh [COPIES]     # default 750: 3,000 models
#
# Copies the four bundled VOSS models (data/, device/, relation/: schemas, operation sidecars,
# examples) COPIES times under copyNNN/ directories (the V-Spark module is left out: its
# operations name `vspark/User` by model type, which a copy does not have), generates a crate from them with the release CLI (default settings:
# features and crate parts on) and times `cargo check` of it (the runtime built first, not
# counted): CPU seconds and peak RSS (the largest process), appended to results.tsv.
set -euo pipefail
export CARGO_INCREMENTAL=0
root="$(cd "$(dirname "$0")/../.." && pwd)"
copies="${1:-750}"
work="${SCALE_WORK:-/tmp/vossgen-scale}/copies$copies"
results="$root/bench/scale/results.tsv"
commit="$(git -C "$root" rev-parse --short HEAD)"
cargo build --release -q --manifest-path "$root/Cargo.toml" -p vossgen
vossgen="$root/target/release/vossgen"
rm -rf "$work"
mkdir -p "$work/schemas"
for i in $(seq -w 1 "$copies"); do
  mkdir -p "$work/schemas/copy$i"
  cp -r "$root/schemas/data" "$root/schemas/device" "$root/schemas/relation" "$work/schemas/copy$i/"
done
. "$root/bench/scale/lib.sh"
new_crate "$work/crate" copies-api
gen="$(measure "$vossgen" generate -i "$work/schemas" -o "$work/crate")"
lines="$(crate_lines "$work/crate")"
record "copies-$copies" generate "$gen" "$lines"
export CARGO_TARGET_DIR="$work/target"
(cd "$work/crate" && cargo check -q -p vossgen-runtime 2>/dev/null)
record "copies-$copies" cargo-check "$(cd "$work/crate" && measure cargo check)" "$lines"
