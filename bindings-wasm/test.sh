#!/usr/bin/env bash
# Everything the WebAssembly package needs, then every test of it:
#
#   1. installs what is missing (each step skipped when already right): the
#      wasm32-unknown-unknown target, wasm-bindgen-cli at exactly the version of the
#      `wasm-bindgen` crate, Debian's Chromium, the npm tools (`npm ci`);
#   2. builds pkg/node, pkg/web and the calculator's vendor files (scripts/build.sh);
#   3. runs the crate's host unit tests, `tsc --strict` on the declarations, and with
#      `node --test`: every golden case, the API tests, the README quick start and the
#      browser tests of the calculator (its flows; its layout on a phone and a desktop).
#
# Run from anywhere: `bash bindings-wasm/test.sh`. Exits non-zero on any failure; the
# last lines are node's test summary. CARGO_TARGET_DIR is honoured.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)" # bindings-wasm
root="$(dirname "$here")"
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n== %s\n' "$*"; }
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

step "toolchain"
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    rustup target add wasm32-unknown-unknown
fi
want="$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' "$here/Cargo.toml")"
if [[ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $want" ]]; then
    cargo install wasm-bindgen-cli --version "$want" --debug --no-default-features
fi
if [[ ! -x /usr/bin/chromium ]]; then
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium
fi
if [[ ! "$here/node_modules/.package-lock.json" -nt "$here/package-lock.json" ]]; then
    (cd "$here" && npm ci --no-audit --no-fund)
fi
echo "wasm32 target, $(wasm-bindgen --version), $(/usr/bin/chromium --version 2>/dev/null | head -1), node $(node --version)"

step "build"
bash "$here/scripts/build.sh"

step "cargo test -p iuran-wasm (host unit tests)"
cargo test -q -p iuran-wasm --lib

step "tsc --strict on the declarations"
"$here/node_modules/.bin/tsc" -p "$here/tests/types"
echo "tsc: no errors"

step "node --test (golden cases, API, README, browser)"
echo "screenshots: $here/test-output/screenshots and $here/test-output/layout"
cd "$here"
node --test tests/golden.test.mjs tests/api.test.mjs tests/readme.test.mjs tests/e2e.test.mjs tests/layout.test.mjs
