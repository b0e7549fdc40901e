#!/usr/bin/env bash
# Everything the WebAssembly package needs, then every test of it:
#
#   1. installs what is missing (each step skipped when already right): the
#      wasm32-unknown-unknown target, wasm-bindgen-cli at exactly the version of the
#      `wasm-bindgen` crate, Debian's Chromium, the npm tools (`npm ci`);
#   2. builds pkg/node, pkg/web and the calculator's vendor files (scripts/build.sh);
#   3. runs the crate's host unit tests, `tsc --strict` on the declarations, and with
#      `node --test`: every golden case, the API tests and the README quick start in Node,
#      then the browser tests of the calculator in Chromium (its flows; its layout on a
#      phone and a desktop).
#
# Each long step prints its time and latest line at least every 20 s (scripts/progress.sh).
# Run from anywhere: `bash bindings-wasm/test.sh`. Exits non-zero on any failure; the
# last line is the suite's summary ("wasm: …"), also added to IURAN_TEST_SUMMARY when set.
# CARGO_TARGET_DIR is honoured.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)" # bindings-wasm
root="$(dirname "$here")"
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH"
# shellcheck source=../scripts/progress.sh
source "$root/scripts/progress.sh"
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

step "toolchain"
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    quietly "rustup target add wasm32-unknown-unknown" rustup target add wasm32-unknown-unknown
fi
want="$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' "$here/Cargo.toml")"
if [[ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $want" ]]; then
    # A tool we install, not our code: its dependencies' future-incompatibility report is
    # not ours to act on, so cargo is told not to print it.
    quietly "cargo install wasm-bindgen-cli $want (about 2 minutes)" \
        env CARGO_FUTURE_INCOMPAT_REPORT_FREQUENCY=never \
        cargo install wasm-bindgen-cli --version "$want" --debug --no-default-features
fi
if [[ ! -x /usr/bin/chromium ]]; then
    quietly "apt-get update" as_root apt-get update -qq
    quietly "apt-get install chromium" as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends chromium
fi
if [[ ! "$here/node_modules/.package-lock.json" -nt "$here/package-lock.json" ]]; then
    quietly "npm ci" env -C "$here" npm ci --no-audit --no-fund
fi
echo "wasm32 target, $(wasm-bindgen --version), $(/usr/bin/chromium --version 2>/dev/null | head -1), node $(node --version)"

step "build"
bash "$here/scripts/build.sh"

step "cargo test -p iuran-wasm (host unit tests)"
talk "cargo test -p iuran-wasm" cargo test -q -p iuran-wasm --lib
host="$(count_words $(test_counts "$STEP_OUT"))"

step "tsc --strict on the declarations"
"$here/node_modules/.bin/tsc" -p "$here/tests/types"
echo "tsc: no errors"

cd "$here"
step "node --test: golden cases, API, README"
talk "node --test" node --test --test-reporter=spec tests/golden.test.mjs tests/api.test.mjs tests/readme.test.mjs
node="$(count_words $(test_counts "$STEP_OUT"))"

step "node --test: the calculator in Chromium (flows, layout)"
echo "screenshots: $here/test-output/screenshots and $here/test-output/layout"
talk "node --test (Chromium)" node --test --test-reporter=spec tests/e2e.test.mjs tests/layout.test.mjs
browser="$(count_words $(test_counts "$STEP_OUT"))"

summary "wasm: host unit tests $host; Node $node; Chromium $browser (in $(elapsed) s)"
