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
# Each long step prints its time and latest line every 20 s (scripts/progress.sh); the
# last line is the suite's summary: "python: N passed, M skipped in T s".
#
# Environment: PYTHON (default python3), IURAN_PY_VENV (default bindings-python/.venv-test),
# CARGO_TARGET_DIR (respected; the wheel is built in its `python-wheel` subfolder so the
# extension-module build does not invalidate the workspace's own `cargo test` build),
# IURAN_TEST_SUMMARY (a file the summary line is added to; `make test` prints it).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
PYTHON="${PYTHON:-python3}"
VENV="${IURAN_PY_VENV:-$HERE/.venv-test}"
REQUIREMENTS="$HERE/requirements-test.txt"

# shellcheck source=../scripts/progress.sh
source "$ROOT/scripts/progress.sh"
# shellcheck source=python-env.sh
source "$HERE/python-env.sh"

step "python environment: $VENV"
python_env "$VENV" "$REQUIREMENTS" "$PYTHON"

step "wheel (maturin, dev profile)"
install_iuran "$VENV" dev "${CARGO_TARGET_DIR:-$ROOT/target}"

step "pytest (tests and the notebook)"
cd "$HERE"
# One line per test in the log; the heartbeat shows the test at work.
quietly pytest "$VENV/bin/python" -m pytest -c "$HERE/pyproject.toml" --rootdir "$HERE" -p no:cacheprovider \
    -v --color=no tests "$ROOT/examples/notebooks" --nbmake
# pytest's last line: "==== 312 passed, 4 skipped in 263.10s (0:04:23) ====".
result="$(grep -E '^=+ .* in [0-9.]+s' "$STEP_OUT" | tail -n 1 | sed -E 's/^=+ //; s/ in [0-9.]+s.*//')"
echo "pytest: $result"
summary "python: $result in $(elapsed) s"
