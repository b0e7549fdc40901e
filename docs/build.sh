#!/usr/bin/env bash
# Build the documentation site into docs/book/ (git-ignored), as `make docs` does:
#
#   docs/book/index.html     opens the Indonesian book
#   docs/book/id/, en/       the two mdBook books (docs/site/id, docs/site/en)
#   docs/book/kalkulator/    the offline calculator (examples/web with its wasm build)
#   docs/book/api/rust/      `cargo doc -p iuran`
#
# Steps, each skipped or reused when already done:
#   1. mdBook at the pinned version (`cargo install`; Debian 12 has no mdbook package);
#   2. the `iuran` program and `docs-gen` (debug build, shared with the Rust tests);
#   3. the WebAssembly build of the calculator (bindings-wasm/scripts/build.sh), when
#      missing or older than its sources;
#   4. the generated reference pages: docs-gen (reason codes, rates, sectors, CLI help,
#      TypeScript declarations) and docs/gen/python_api.py (the Python API);
#   5. the notebook, executed by nbconvert in the Python test environment
#      (bindings-python/python-env.sh), with its charts;
#   6. mdbook build (both books), the calculator, the Rust API docs.
#
# Works offline from file://: open docs/book/index.html. CARGO_TARGET_DIR and
# IURAN_PY_VENV are honoured. Long steps report progress at least every 20 s
# (scripts/progress.sh).
set -euo pipefail

docs="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$docs")"
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH"
MDBOOK_VERSION=0.5.4
# shellcheck source=../scripts/progress.sh
source "$root/scripts/progress.sh"

step "mdBook $MDBOOK_VERSION"
if [[ "$(mdbook --version 2>/dev/null || true)" != "mdbook v$MDBOOK_VERSION" ]]; then
    # Only the static-site parts: no `serve`/`watch` (a web server and file watcher
    # the build does not use; leaving them out halves the compile).
    quietly "cargo install mdbook $MDBOOK_VERSION (a few minutes)" env CARGO_FUTURE_INCOMPAT_REPORT_FREQUENCY=never \
        cargo install mdbook --locked --version "$MDBOOK_VERSION" --no-default-features --features search
fi
mdbook --version

step "iuran and docs-gen (debug build)"
talk "cargo build" cargo build -q -p iuran-cli -p iuran-docs --bins
target="$(cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
iuran="$target/debug/iuran"

step "WebAssembly build of the calculator"
vendor="$root/examples/web/vendor"
dts="$root/bindings-wasm/pkg/web/iuran_wasm.d.ts"
if [[ ! -d "$vendor" || ! -f "$dts" ]] ||
    [[ -n "$(find core/src core/data bindings-wasm/src bindings-wasm/scripts -newer "$dts" -type f -print -quit)" ]]; then
    if ! command -v wasm-bindgen >/dev/null || [[ ! -d bindings-wasm/node_modules ]]; then
        echo "the calculator needs the WebAssembly toolchain: run \`make test-wasm\` (or \`bash bindings-wasm/test.sh\`) once" >&2
        exit 1
    fi
    bash bindings-wasm/scripts/build.sh
else
    echo "up to date: $vendor"
fi

step "generated reference pages"
"$target/debug/docs-gen" --site "$docs/site" --cli "$iuran" --dts "$dts"
python3 "$docs/gen/python_api.py" "$root/bindings-python/python/iuran" "$docs/site"
for lang in id en; do
    mkdir -p "$docs/site/$lang/src/images"
    cp "$docs/screenshots/1280-4-roster.jpg" "$docs/site/$lang/src/images/calculator.jpg"
done

step "the notebook, executed (nbconvert in the Python test environment)"
# shellcheck source=../bindings-python/python-env.sh
source "$root/bindings-python/python-env.sh"
venv="${IURAN_PY_VENV:-$root/bindings-python/.venv-test}"
python_env "$venv" "$root/bindings-python/requirements-test.txt"
if ! "$venv/bin/python" -c 'import iuran' 2>/dev/null; then
    install_iuran "$venv" dev "$target"
fi
nb="$(mktemp -d)"
quietly "nbconvert --execute" "$venv/bin/jupyter" nbconvert --to markdown --execute --ExecutePreprocessor.timeout=600 \
    --output-dir "$nb" --output notebook "$root/examples/notebooks/budget_planning.ipynb"
"$venv/bin/python" "$docs/gen/notebook_page.py" "$nb/notebook.md" "$nb" "$docs/site"
rm -rf "$nb"

step "mdbook build"
rm -rf "$docs/book"
for lang in id en; do
    mdbook build "$docs/site/$lang"
    rm -f "$docs/book/$lang/404.html" # absolute links for a web server's error page: not for file://
done
cat >"$docs/book/index.html" <<'EOF'
<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
<title>iuran — panduan</title>
<link rel="icon" href="data:,">
<meta http-equiv="refresh" content="0; url=id/index.html">
</head>
<body>
<p><a href="id/index.html">Panduan (Bahasa Indonesia)</a> · <a href="en/index.html">Guide (English)</a></p>
</body>
</html>
EOF

step "the calculator"
mkdir -p "$docs/book/kalkulator"
cp -r "$root/examples/web/." "$docs/book/kalkulator/"
rm -f "$docs/book/kalkulator/README.md" "$docs/book/kalkulator/.gitignore"

step "Rust API (cargo doc -p iuran)"
talk "cargo doc" cargo doc -q -p iuran --no-deps
mkdir -p "$docs/book/api"
cp -r "$target/doc" "$docs/book/api/rust"

step "site built: $docs/book/index.html"
