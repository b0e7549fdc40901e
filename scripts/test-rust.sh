#!/usr/bin/env bash
# The Rust tests as `make test-rust` runs them (after `make lint`): every target of the
# workspace (unit, golden, property, CLI and pinned-output tests, benches and examples
# built and run once), then the doc tests. Output passes through, with a line when cargo
# is quiet for 20 s (scripts/progress.sh); the last line is the suite's summary,
# "rust: N passed, M ignored …", also added to IURAN_TEST_SUMMARY when set.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
CARGO="${CARGO:-cargo}"
# shellcheck source=progress.sh
source "$root/scripts/progress.sh"

step "cargo test --workspace --all-targets"
talk "cargo test" "$CARGO" test --workspace --all-targets
read -r tests_passed tests_failed tests_ignored <<<"$(test_counts "$STEP_OUT")"

step "cargo test --workspace --doc"
talk "cargo test --doc" "$CARGO" test --workspace --doc
read -r doc_passed doc_failed doc_ignored <<<"$(test_counts "$STEP_OUT")"

# The crate without its default features (the domain alone: no CSV, xlsx, audit or
# TOML), tested, doc tests included (an example that reads a TOML policy or a CSV
# roster runs only with those features); and with each feature alone, built.
step "cargo test -p iuran --no-default-features; cargo check -p iuran --lib with each feature alone"
talk "cargo test (no default features)" "$CARGO" test -p iuran --no-default-features --lib --tests
read -r lean_passed lean_failed lean_ignored <<<"$(test_counts "$STEP_OUT")"
talk "cargo test --doc (no default features)" "$CARGO" test -p iuran --no-default-features --doc
read -r lean_doc_passed lean_doc_failed lean_doc_ignored <<<"$(test_counts "$STEP_OUT")"
lean_passed=$((lean_passed + lean_doc_passed))
lean_ignored=$((lean_ignored + lean_doc_ignored))
for feature in csv xlsx audit toml; do
    talk "cargo check --features $feature" "$CARGO" check -p iuran --lib --no-default-features --features "$feature"
done
tests_passed=$((tests_passed + lean_passed))
tests_ignored=$((tests_ignored + lean_ignored))

ignored=$((tests_ignored + doc_ignored))
summary "rust: $((tests_passed + doc_passed)) passed ($doc_passed of them doc tests)$( ((ignored == 0)) || echo ", $ignored ignored") in $(elapsed) s"
