#!/usr/bin/env bash
# The documentation site's whole test run, as `make test` runs it: `bash docs/test.sh`.
#
#   1. builds the site (docs/build.sh: mdBook, generated pages, the executed notebook,
#      the calculator, the Rust API docs);
#   2. cargo test -p iuran-docs: the schema pages against the core's types, and the
#      guide's Rust blocks as doc tests;
#   3. node --test: every other code block of the guide run and its output compared
#      (docs/tests/snippets.test.mjs), then every page of both books opened in Chromium
#      at 360 and 1280 px (docs/tests/site.test.mjs).
#
# Installs what is missing, each step skipped when present: mdBook (build.sh), Debian's
# Chromium and the npm tools of bindings-wasm (playwright-core), as bindings-wasm/test.sh
# does. Run after `make test-python` and `make test-wasm` (or `make test`): it reuses
# their Python environment and WebAssembly build. CARGO_TARGET_DIR and IURAN_PY_VENV are
# honoured. Long steps report progress at least every 20 s (scripts/progress.sh); the last
# line is the suite's summary ("docs: …"), also added to IURAN_TEST_SUMMARY when set.
set -euo pipefail

docs="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$docs")"
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH"
# shellcheck source=../scripts/progress.sh
source "$root/scripts/progress.sh"
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

step "Chromium and playwright-core"
if [[ ! -x /usr/bin/chromium ]]; then
    quietly "apt-get update" as_root apt-get update -qq
    quietly "apt-get install chromium" as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends chromium
fi
if [[ ! bindings-wasm/node_modules/.package-lock.json -nt bindings-wasm/package-lock.json ]]; then
    quietly "npm ci" env -C bindings-wasm npm ci --no-audit --no-fund
fi

step "build the site"
bash "$docs/build.sh"

step "cargo test -p iuran-docs (schema pages, the guide's Rust blocks)"
talk "cargo test -p iuran-docs" cargo test -q -p iuran-docs
rust="$(count_words $(test_counts "$STEP_OUT"))"

step "node --test (the guide's code blocks; every page in Chromium)"
target="$(cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
venv="${IURAN_PY_VENV:-$root/bindings-python/.venv-test}"
talk "node --test" env IURAN_BIN="$target/debug/iuran" IURAN_PY="$venv/bin/python" \
    node --test --test-reporter=spec "$docs/tests/snippets.test.mjs" "$docs/tests/site.test.mjs"
node="$(count_words $(test_counts "$STEP_OUT"))"

summary "docs: site built (id, en); Rust $rust; code blocks and pages (Node, Chromium) $node (in $(elapsed) s)"
