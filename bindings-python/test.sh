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
START=$SECONDS

step() { printf '\n== %s (%ss)\n' "$*" "$((SECONDS - START))"; }

# shellcheck source=python-env.sh
source "$HERE/python-env.sh"

step "python environment: $VENV"
python_env "$VENV" "$REQUIREMENTS" "$PYTHON"

step "wheel (maturin, dev profile)"
install_iuran "$VENV" dev "${CARGO_TARGET_DIR:-$ROOT/target}"

step "pytest (tests and the notebook)"
cd "$HERE"
"$VENV/bin/python" -m pytest -c "$HERE/pyproject.toml" --rootdir "$HERE" -p no:cacheprovider -q \
    tests "$ROOT/examples/notebooks" --nbmake

step "python tests passed"
