#!/usr/bin/env bash
# The issue-6 comparison, from one command (not part of `make test`):
#
#   bash benches/compare/run.sh [--rows 100000,1000000,10000000] [--repeat 5] [--only a,b]
#
# 1. A virtual environment with exactly requirements.txt (benches/compare/.venv,
#    gitignored): made fresh, reused while requirements.txt and Python are unchanged.
# 2. The iuran wheel, built by maturin in release mode, installed into it.
# 3. The Rust runner (`iuran-compare`, a binary of the benches crate), release build.
# 4. compare.py: the workload through every implementation, agreement checked, the
#    Markdown table printed and written to benches/compare/results.md (+ .json).
#
# Environment: PYTHON (default python3), IURAN_COMPARE_VENV, CARGO_TARGET_DIR (default
# the workspace's target/; the wheel is built in its `python-wheel` subfolder, as in
# bindings-python/test.sh).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PYTHON="${PYTHON:-python3}"
VENV="${IURAN_COMPARE_VENV:-$HERE/.venv}"
REQUIREMENTS="$HERE/requirements.txt"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
START=$SECONDS

step() { printf '\n== %s (%ss)\n' "$*" "$((SECONDS - START))"; }

# shellcheck source=../../bindings-python/python-env.sh
source "$ROOT/bindings-python/python-env.sh"

step "python environment: $VENV"
python_env "$VENV" "$REQUIREMENTS" "$PYTHON"

step "iuran wheel (maturin, release)"
install_iuran "$VENV" release "$TARGET"

step "Rust runner (iuran-compare, release)"
(cd "$ROOT" && CARGO_TARGET_DIR="$TARGET" cargo build --quiet --release -p iuran-benches --bin iuran-compare)

step "comparison"
# OpenBLAS settings made for old OpenBLAS builds slow a current numpy: not for this run.
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE \
    "$VENV/bin/python" "$HERE/compare.py" --runner "$TARGET/release/iuran-compare" "$@"
step "done"
