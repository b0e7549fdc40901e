#!/usr/bin/env bash
# `iuran evaluate` on synthetic CSV rosters against polars reading and writing the same
# file, side by side in one run (not part of `make test`):
#
#   bash benches/roster/run.sh [--rows 1000000,10000000] [--repeat 3]
#
# 1. The release CLI (`cargo build --release -p iuran-cli`).
# 2. Synthetic Kabupaten Tegal rosters, `iuran synth --seed 1 --rows N --regency 3328`,
#    into benches/roster/data/ (gitignored; kept between runs, made again when absent).
# 3. For each size, REPEAT rounds, alternating: `iuran evaluate` with the Tegal policy
#    (rows out plus a summary), then polars `read_csv(infer_schema=False).write_csv`.
#    Wall time and peak RSS by `/usr/bin/time -f "%e %M"`. Every run's answer is checked
#    before its time counts: the output CSV has N + 1 lines, and for iuran the summary's
#    `rows` is N.
# 4. A Markdown table of medians and ratios, with the machine and its load, printed and
#    written to benches/roster/results.md.
#
# Environment: CARGO_TARGET_DIR (default the workspace's target/); IURAN_BENCH_PYTHON, a
# Python with polars (default: benches/roster/.venv with requirements.txt, made here);
# PYTHON, the interpreter that venv is made with (default python3).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
DATA="$HERE/data"
POLICY="$ROOT/examples/policies/tegal-2025.toml"
SIZES="1000000,10000000"
REPEAT=3
while [ $# -gt 0 ]; do
    case "$1" in
        --rows) SIZES="$2"; shift 2 ;;
        --repeat) REPEAT="$2"; shift 2 ;;
        *) echo "usage: $0 [--rows N,N] [--repeat K]" >&2; exit 2 ;;
    esac
done
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 1; }

# A Python with polars: its own small venv (benches/roster/.venv, gitignored, exactly
# requirements.txt, reused while that is unchanged), unless IURAN_BENCH_PYTHON names one.
PY="${IURAN_BENCH_PYTHON:-}"
if [ -z "$PY" ]; then
    # shellcheck source=../../bindings-python/python-env.sh
    source "$ROOT/bindings-python/python-env.sh"
    python_env "$HERE/.venv" "$HERE/requirements.txt" "${PYTHON:-python3}" >&2
    PY="$HERE/.venv/bin/python"
fi
POLARS="$("$PY" -c 'import polars; print(polars.__version__)')"

echo "== release CLI" >&2
(cd "$ROOT" && CARGO_TARGET_DIR="$TARGET" cargo build --quiet --release -p iuran-cli)
IURAN="$TARGET/release/iuran"

mkdir -p "$DATA"
OUT="$DATA/out"
mkdir -p "$OUT"

# Run a command under GNU time; print "seconds kib".
timed() {
    local t="$OUT/time.txt"
    /usr/bin/time -f "%e %M" -o "$t" "$@" >/dev/null
    cat "$t"
}

lines() { wc -l <"$1" | tr -d ' '; }

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

declare -A IT IM PT PM
LOADS=()
RAW=()
IFS=',' read -r -a NS <<<"$SIZES"
for n in "${NS[@]}"; do
    roster="$DATA/roster-$n.csv"
    if [ ! -s "$roster" ] || [ "$(lines "$roster")" != "$((n + 1))" ]; then
        echo "== synth $n rows" >&2
        "$IURAN" synth --seed 1 --rows "$n" --regency 3328 --out "$roster"
    fi
    [ "$(lines "$roster")" = "$((n + 1))" ] || { echo "roster $roster: not $((n + 1)) lines" >&2; exit 1; }
    it=() im=() pt=() pm=()
    for r in $(seq 1 "$REPEAT"); do
        LOADS+=("$(cut -d' ' -f1-3 /proc/loadavg)")
        rm -f "$OUT/iuran.csv" "$OUT/summary.json" "$OUT/polars.csv"
        read -r s k < <(timed "$IURAN" evaluate --policy "$POLICY" --roster "$roster" \
            --out "$OUT/iuran.csv" --summary "$OUT/summary.json")
        got="$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["rows"])' "$OUT/summary.json")"
        [ "$got" = "$n" ] || { echo "iuran summary rows $got, expected $n" >&2; exit 1; }
        [ "$(lines "$OUT/iuran.csv")" = "$((n + 1))" ] || { echo "iuran output: not $((n + 1)) lines" >&2; exit 1; }
        it+=("$s") im+=("$k")
        echo "   $n rows, round $r: iuran $s s, $k KiB" >&2
        RAW+=("$n rows, round $r: iuran $s s, $k KiB;")
        rm -f "$OUT/iuran.csv"

        read -r s k < <(timed "$PY" -c 'import sys, polars as pl; pl.read_csv(sys.argv[1], infer_schema=False).write_csv(sys.argv[2])' \
            "$roster" "$OUT/polars.csv")
        [ "$(lines "$OUT/polars.csv")" = "$((n + 1))" ] || { echo "polars output: not $((n + 1)) lines" >&2; exit 1; }
        pt+=("$s") pm+=("$k")
        echo "   $n rows, round $r: polars $s s, $k KiB" >&2
        RAW[${#RAW[@]}-1]+=" polars $s s, $k KiB"
        rm -f "$OUT/polars.csv"
    done
    IT[$n]="$(printf '%s\n' "${it[@]}" | median)"
    IM[$n]="$(printf '%s\n' "${im[@]}" | median)"
    PT[$n]="$(printf '%s\n' "${pt[@]}" | median)"
    PM[$n]="$(printf '%s\n' "${pm[@]}" | median)"

done

{
    echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') by \`benches/roster/run.sh --rows $SIZES --repeat $REPEAT\`;"
    echo "\`nproc\` = $(nproc), CPU $(lscpu | sed -n 's/^Model name: *//p' | head -1),"
    echo "polars $POLARS, load average (1/5/15 min) at each round's start: ${LOADS[*]// /\/}."
    echo
    echo "| rows | iuran evaluate: time | polars read+write: time | time ratio | iuran: peak RSS | polars: peak RSS | memory ratio |"
    echo "|---:|---:|---:|---:|---:|---:|---:|"
    for n in "${NS[@]}"; do
        awk -v n="$n" -v it="${IT[$n]}" -v pt="${PT[$n]}" -v im="${IM[$n]}" -v pm="${PM[$n]}" 'BEGIN {
            printf "| %d | %.2f s | %.2f s | %.2f× | %.0f MiB | %.0f MiB | %.2f× |\n",
                n, it, pt, it / pt, im / 1024, pm / 1024, im / pm }'
    done
    if [ "${#NS[@]}" -ge 2 ]; then
        a="${NS[0]}" b="${NS[$((${#NS[@]} - 1))]}"
        awk -v a="$a" -v b="$b" -v ia="${IM[$a]}" -v ib="${IM[$b]}" -v pa="${PM[$a]}" -v pb="${PM[$b]}" 'BEGIN {
            printf "\nPeak RSS at %d rows against %d rows: iuran %.2f×, polars %.2f×.\n", b, a, ib / ia, pb / pa }'
    fi
    echo
    echo "Medians of $REPEAT alternating rounds; answers checked (summary rows = N, N + 1 output lines)."
    echo "Every round (wall time, peak RSS):"
    echo
    printf -- '- %s\n' "${RAW[@]}"
} | tee "$HERE/results.md"
