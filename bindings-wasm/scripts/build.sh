#!/usr/bin/env bash
# Build the WebAssembly package and the offline calculator's generated files:
#
#   bindings-wasm/pkg/node/         CommonJS package for Node (what tests and bench load)
#   bindings-wasm/pkg/web/          ES module for browsers and bundlers
#   bindings-wasm/pkg/no-modules/   classic-script glue the calculator embeds
#   examples/web/vendor/            the calculator's worker bundle and example policies
#
# Needs: the wasm32-unknown-unknown target, wasm-bindgen-cli at the version of the
# `wasm-bindgen` crate, and `npm ci` done in bindings-wasm (for wasm-opt). test.sh
# installs all three. Run from anywhere. Long steps report progress (scripts/progress.sh).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)" # bindings-wasm
root="$(dirname "$here")"
cd "$root"

# shellcheck source=../../scripts/progress.sh
source "$root/scripts/progress.sh"

step "cargo build -p iuran-wasm --target wasm32-unknown-unknown --release"
talk "cargo build (wasm32, release)" cargo build -p iuran-wasm --target wasm32-unknown-unknown --release

target_dir="$(cargo metadata --format-version 1 --no-deps |
    node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(0, "utf8")).target_directory)')"
wasm="$target_dir/wasm32-unknown-unknown/release/iuran_wasm.wasm"

step "wasm-bindgen (nodejs, web, no-modules)"
rm -rf "$here/pkg"
for target in nodejs web no-modules; do
    out="$here/pkg/${target/nodejs/node}"
    wasm-bindgen --target "$target" --out-dir "$out" "$wasm"
done
# The three targets share one .wasm: optimise it once.
step "wasm-opt -Oz"
quietly "wasm-opt -Oz" "$here/node_modules/.bin/wasm-opt" -Oz "$here/pkg/web/iuran_wasm_bg.wasm" -o "$here/pkg/opt.wasm"
for dir in node web no-modules; do
    cp "$here/pkg/opt.wasm" "$here/pkg/$dir/iuran_wasm_bg.wasm"
done
rm "$here/pkg/opt.wasm"
# wasm-bindgen types the raw exports' externref slots as `any`; nothing public is
# untyped, so say `unknown` there too.
sed -i -E 's/: any([,)])/: unknown\1/g' "$here"/pkg/{node,web,no-modules}/*.d.ts
# Each folder says what kind of module it holds, whatever the package above says.
echo '{ "type": "commonjs" }' >"$here/pkg/node/package.json"
echo '{ "type": "module" }' >"$here/pkg/web/package.json"

step "examples/web/vendor"
node "$here/scripts/build-web.mjs"

raw=$(wc -c <"$wasm")
opt=$(wc -c <"$here/pkg/web/iuran_wasm_bg.wasm")
gz=$(gzip -9 -c "$here/pkg/web/iuran_wasm_bg.wasm" | wc -c)
echo "wasm size: cargo $raw bytes, after wasm-bindgen + wasm-opt -Oz $opt bytes, gzip -9 $gz bytes"
