#!/usr/bin/env bash
# The Python package's whole test run, as CI runs it: `bash bindings-python/test.sh`.
#
# 1. A virtual environment with exactly requirements-test.txt: made fresh, and reused
#    only while requirements-test.txt and the Python version are unchanged (hash stamp).
# 2. The wheel, built by maturin in the dev profile (a release build of the Arrow crates
#    is several times slower and not needed for tests), installed into it.
# 3. pytest: the tests (golden cases, tables, errors, threads, README snippets, stubtest
#    and mypy, the Dask example) and the notebook, executed top to bottom (--nbmake).
#
# Environment: PYTHON (default python3), IURAN_PY_VENV (default bindings-python/.venv-test),
# CARGO_TARGET_DIR (respected; the wheel is built in its `python-wheel` subfolder so the
# extension-module build does not invalidate the workspace's own `cargo test` build).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
PYTHON="${PYTHON:-python3}"
VENV="${IURAN_PY_VENV:-$HERE/.venv-test}"
REQUIREMENTS="$HERE/requirements-test.txt"
STAMP="$VENV/.requirements.sha256"
START=$SECONDS

step() { printf '\n== %s (%ss)\n' "$*" "$((SECONDS - START))"; }

step "python environment: $VENV"
want="$( { cat "$REQUIREMENTS"; "$PYTHON" -c 'import sys; print(sys.version)'; } | sha256sum | cut -d' ' -f1)"
if [[ -x "$VENV/bin/python" && -f "$STAMP" && "$(cat "$STAMP")" == "$want" ]]; then
    echo "requirements unchanged: reusing it"
else
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQUIREMENTS"
    echo "$want" >"$STAMP"
fi

step "wheel (maturin, dev profile)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}/python-wheel"
WHEELS="$(mktemp -d)"
trap 'rm -rf "$WHEELS"' EXIT
(cd "$HERE" && "$VENV/bin/maturin" build --profile dev --interpreter "$VENV/bin/python" --out "$WHEELS" --quiet)
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$WHEELS"/iuran-*.whl

step "pytest (tests and the notebook)"
cd "$HERE"
"$VENV/bin/python" -m pytest -c "$HERE/pyproject.toml" --rootdir "$HERE" -p no:cacheprovider -q \
    tests "$ROOT/examples/notebooks" --nbmake

step "python tests passed"
