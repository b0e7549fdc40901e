# Shared by the test and build scripts (sourced, not run): say what each step does, show
# progress at least every 20 seconds while a step runs, and end a suite with one summary
# line that `make test` repeats at the end.
#
#   step TEXT             "== TEXT (12 s)": a step begins (seconds since the script began)
#   elapsed               seconds since the script began
#   talk LABEL CMD...     run CMD, passing its output through; when it prints nothing for
#                         20 s, say it is still at work
#   quietly LABEL CMD...  run CMD with its output kept in a log; every 20 s print the time
#                         spent and CMD's latest line; "LABEL: done in N s" at the end, and
#                         the log itself if CMD fails
#                         (both keep CMD's whole output in the file "$STEP_OUT" until the
#                         next talk or quietly, for counting)
#   summary LINE          print "LINE" and add it to $IURAN_TEST_SUMMARY (when set)
#   test_counts FILE      "PASSED FAILED SKIPPED", three numbers, from the test summaries
#                         in FILE (cargo test, node --test)
#   count_words P F S     "P passed, F failed, S skipped", leaving out what is zero

# The clock of the outermost script: a script it runs (build.sh from test.sh) carries on
# counting from the same start.
export PROGRESS_START=${PROGRESS_START:-$EPOCHSECONDS}
PROGRESS_EVERY=${PROGRESS_EVERY:-20}
STEP_OUT=""
if [[ -z "$(trap -p EXIT)" ]]; then trap 'rm -f "$STEP_OUT"' EXIT; fi

elapsed() { echo "$((EPOCHSECONDS - PROGRESS_START))"; }

step() { printf '\n== %s (%s s)\n' "$*" "$(elapsed)"; }

# The latest non-empty line of FILE, without terminal control codes, at most 100 characters.
_last_line() {
    tail -c 4096 "$1" 2>/dev/null | tr '\r' '\n' | sed -e 's/\x1b\[[0-9;]*[A-Za-z]//g' -e 's/^[[:space:]]*//' -e '/^$/d' |
        tail -n 1 | cut -c 1-100
}

_new_step_out() {
    if [[ -n "$STEP_OUT" ]]; then rm -f "$STEP_OUT"; fi
    STEP_OUT="$(mktemp)"
}

talk() {
    local label="$1" start=$SECONDS line status
    shift
    _new_step_out
    # The command writes into a FIFO that this shell reads a line at a time, with a
    # timeout: a quiet spell longer than PROGRESS_EVERY seconds gets a line of its own.
    local fifo
    fifo="$(mktemp -u)"
    mkfifo "$fifo"
    "$@" >"$fifo" 2>&1 &
    local pid=$!
    exec {fd}<"$fifo" {keep}>>"$STEP_OUT"
    rm -f "$fifo"
    while true; do
        if IFS= read -r -t "$PROGRESS_EVERY" -u "$fd" line; then
            printf '%s\n' "$line"
            printf '%s\n' "$line" >&"$keep"
        elif (($? > 128)); then
            # Timed out: what was read of an unfinished line is shown before the heartbeat.
            if [[ -n "$line" ]]; then
                printf '%s\n' "$line"
                printf '%s' "$line" >&"$keep"
            fi
            printf '  … %s: %s s\n' "$label" "$((SECONDS - start))"
        else
            if [[ -n "$line" ]]; then
                printf '%s\n' "$line"
                printf '%s\n' "$line" >&"$keep"
            fi
            break
        fi
    done
    exec {fd}<&- {keep}>&-
    status=0
    wait "$pid" || status=$?
    return "$status"
}

quietly() {
    local label="$1" start=$SECONDS log latest status=0 ticks=0
    shift
    _new_step_out
    log="$STEP_OUT"
    "$@" >"$log" 2>&1 &
    local pid=$!
    while kill -0 "$pid" 2>/dev/null; do
        sleep 1
        ticks=$((ticks + 1))
        if ((ticks % PROGRESS_EVERY == 0)) && kill -0 "$pid" 2>/dev/null; then
            latest="$(_last_line "$log")"
            printf '  … %s: %s s%s\n' "$label" "$((SECONDS - start))" "${latest:+ — $latest}"
        fi
    done
    wait "$pid" || status=$?
    if ((status == 0)); then
        printf '%s: done in %s s\n' "$label" "$((SECONDS - start))"
    else
        cat "$log"
        printf '%s: failed (exit status %s) after %s s\n' "$label" "$status" "$((SECONDS - start))" >&2
    fi
    return "$status"
}

summary() {
    printf '%s\n' "$*"
    if [[ -n "${IURAN_TEST_SUMMARY:-}" ]]; then
        printf '%s\n' "$*" >>"$IURAN_TEST_SUMMARY"
    fi
}

test_counts() {
    # cargo test: "test result: ok. 14 passed; 0 failed; 2 ignored; ..."
    # node --test (TAP or spec reporter): "# pass 103" / "ℹ pass 103", "# skipped 0" …
    awk '
        /^test result: / {
            for (i = 1; i <= NF; i++) {
                if ($(i + 1) ~ /^passed/) pass += $i
                if ($(i + 1) ~ /^failed/) fail += $i
                if ($(i + 1) ~ /^ignored/) skip += $i
            }
        }
        /^(# |ℹ )(pass|fail|skipped|todo) [0-9]+$/ {
            if ($2 == "pass") pass += $3
            if ($2 == "fail") fail += $3
            if ($2 == "skipped" || $2 == "todo") skip += $3
        }
        END { printf "%d %d %d\n", pass, fail, skip }
    ' "$1"
}

count_words() {
    local text="$1 passed"
    if (($2 > 0)); then text+=", $2 failed"; fi
    if (($3 > 0)); then text+=", $3 skipped"; fi
    echo "$text"
}
