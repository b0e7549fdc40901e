#!/usr/bin/env bash
# National scale, from one command (`make bench-scale`; not part of `make test`):
#
#   bash benches/scale/run.sh [--rows 1000000,10000000] [--engines one,dask,spark] [--one-max N]
#
# 1. A virtual environment with exactly requirements.txt (benches/scale/.venv,
#    gitignored): made fresh, reused while requirements.txt and Python are unchanged.
# 2. The iuran wheel, built by maturin in release mode, installed into it.
# 3. Java 17 for Spark (as bindings-python/test.sh installs it), unless one is there.
# 4. scale.py: a synthetic roster as Parquet per size, decided by one process, by Dask
#    (two worker processes) and by Spark local[2]; rows/s and peak memory per process.
#
# Environment: PYTHON (default python3), IURAN_SCALE_VENV, CARGO_TARGET_DIR (default the
# workspace's target/; the wheel is built in its `python-wheel` subfolder).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PYTHON="${PYTHON:-python3}"
VENV="${IURAN_SCALE_VENV:-$HERE/.venv}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
START=$SECONDS

step() { printf '\n== %s (%ss)\n' "$*" "$((SECONDS - START))"; }
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

# shellcheck source=../../bindings-python/python-env.sh
source "$ROOT/bindings-python/python-env.sh"

step "python environment: $VENV"
python_env "$VENV" "$HERE/requirements.txt" "$PYTHON"

step "iuran wheel (maturin, release)"
install_iuran "$VENV" release "$TARGET"

step "Java for Spark"
java_major="$( (java -version 2>&1 || true) | sed -nE '1s/.*version "([0-9]+).*/\1/p')"
if (( ${java_major:-0} < 17 )); then
    as_root apt-get update -qq
    as_root mkdir -p /usr/share/man/man1
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless
fi

step "scale"
"$VENV/bin/python" "$HERE/scale.py" "$@"
step "done"
