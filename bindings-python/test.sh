#!/usr/bin/env bash
# The Python package's whole test run, as CI runs it: `bash bindings-python/test.sh`.
#
# 1. A virtual environment with exactly requirements-test.txt: made fresh, and reused
#    only while requirements-test.txt and the Python version are unchanged (hash stamp).
# 2. The wheel, built by maturin in the dev profile (a release build of the Arrow crates
#    is several times slower and not needed for tests), installed into it.
# 3. Java 17 for PySpark (Debian's openjdk-17-jre-headless, from apt), unless a Java 17
#    or later is already there.
# 4. pytest: the tests (golden cases, tables, errors, threads, README snippets, stubtest
#    and mypy, the Dask example, iuran.dask on a two-process distributed cluster and
#    iuran.spark in local[2] mode) and the notebook, executed top to bottom (--nbmake).
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

step "Java for PySpark"
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }
java_major="$( (java -version 2>&1 || true) | sed -nE '1s/.*version "([0-9]+).*/\1/p')"
if (( ${java_major:-0} < 17 )); then
    quietly "apt-get update" as_root apt-get update -qq
    # Slim Debian images lack the man directory the package's alternatives link into.
    as_root mkdir -p /usr/share/man/man1
    quietly "apt-get install openjdk-17-jre-headless" as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless
fi
echo "$(java -version 2>&1 | head -n 1)"

step "pytest (tests and the notebook)"
cd "$HERE"
# One line per test in the log; the heartbeat shows the test at work.
quietly pytest "$VENV/bin/python" -m pytest -c "$HERE/pyproject.toml" --rootdir "$HERE" -p no:cacheprovider \
    -v --color=no tests "$ROOT/examples/notebooks" --nbmake
# pytest's last line: "==== 312 passed, 4 skipped in 263.10s (0:04:23) ====".
result="$(grep -E '^=+ .* in [0-9.]+s' "$STEP_OUT" | tail -n 1 | sed -E 's/^=+ //; s/ in [0-9.]+s.*//')"
echo "pytest: $result"
summary "python: $result in $(elapsed) s"
