#!/usr/bin/env python3
"""Measure the sizes and timings the READMEs quote, and write them into the READMEs.

    make figures                  (or: python3 scripts/figures.py [--skip wasm,compare,roster])

Every figure a README quotes as "what this package measures" comes from this script, from
a fresh build and a fresh measurement, with the date and the machine it ran on:

  wasm     bash bindings-wasm/scripts/build.sh (the release build, wasm-bindgen,
           wasm-opt -Oz), then node bindings-wasm/bench.mjs (the .wasm's sizes; 100,000
           rows in Node and in the calculator in headless Chromium, with the page's
           longest gap between animation frames meanwhile)
           -> the table in bindings-wasm/README.md ("Size and speed"), the sentence
              in README.md ("In the browser and in JavaScript") and the two browser
              rows of the table in benches/README.md ("One engine")
  compare  cargo bench -p iuran-benches --bench compare (criterion's mean of one
           evaluation and of the base + 10 variants, 10^6 rows)
           -> the sentence in README.md ("What-if scenarios") and the `compare` row of
              the table in benches/README.md ("One engine")
  roster   bash benches/roster/run.sh --rows 1000000 (iuran evaluate against polars
           read+write; FIGURES_ROSTER_ROWS=1000000,10000000 adds the 10^7 rows)
           -> the 10^6 (and 10^7) rows of the table in benches/README.md and the
              sentence in README.md ("Roster CSV")

A sentence is rewritten between `<!-- figures:NAME -->` and `<!-- /figures -->` (never at
the start of a line: Markdown would take the line for raw HTML); a table row by its first
cell. The script fails, rewriting nothing, if a place it writes to is
missing, so that a README edit cannot silently detach a figure from its measurement.
Review `git diff` before committing: timings on a shared machine vary from run to run.
"""

import argparse
import datetime
import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
WASM_README = ROOT / "bindings-wasm" / "README.md"
BENCH_README = ROOT / "benches" / "README.md"


def say(text):
    print(f"\n== {text}", flush=True)


def run(cmd, capture=False, env=None):
    """Run cmd from the repository root, its output shown as it comes; return it if asked."""
    print("$ " + " ".join(cmd), flush=True)
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE if capture else None, text=True
    )
    out = []
    if capture:
        for line in proc.stdout:
            print(line, end="", flush=True)
            out.append(line)
    if proc.wait() != 0:
        sys.exit(f"figures: `{' '.join(cmd)}` failed (exit status {proc.returncode})")
    return "".join(out)


def output(cmd):
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()


def machine():
    """One line: the machine and its load, as the READMEs say where a figure was measured."""
    model = "unknown CPU"
    for line in output(["lscpu"]).splitlines():
        if line.startswith("Model name:"):
            model = line.split(":", 1)[1].strip()
    kvm = " KVM guest" if "KVM" in output(["lscpu"]) else ""
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()}-core {model}{kvm} with {mem:.0f} GiB RAM, shared, load {os.getloadavg()[0]:.1f}"


def target_dir():
    return Path(json.loads(output(["cargo", "metadata", "--format-version", "1", "--no-deps"]))["target_directory"])


# ---- measurements ---------------------------------------------------------------------


def measure_wasm():
    say("WebAssembly: fresh build, then bindings-wasm/bench.mjs")
    run(["bash", "bindings-wasm/scripts/build.sh"])
    # bench.mjs makes its roster with the release CLI (`cargo run -q`): built here, visibly.
    run(["cargo", "build", "--release", "-p", "iuran-cli"])
    text = run(["node", "bindings-wasm/bench.mjs"], capture=True)
    table = [l for l in text.splitlines() if l.startswith("|")]
    if len(table) < 3:
        sys.exit("figures: bench.mjs printed no table")
    rows = {}
    for line in table[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        rows[cells[0]] = cells[1]

    def value(prefix):
        for k, v in rows.items():
            if k.startswith(prefix):
                return v
        sys.exit(f"figures: bench.mjs printed no row `{prefix}`")

    return {
        "table": table,
        "optimised": value("after wasm-bindgen"),
        "gzipped": value("… gzipped"),
        "worker_median": value("Chromium: 100,000 rows in the Web Worker, median"),
        "frame_gap": value("Chromium: longest gap between animation frames"),
        "page_ready": value("Chromium: page ready"),
        "quality_node": value("Node: data-quality report"),
    }


def measure_compare():
    say("compare: cargo bench -p iuran-benches --bench compare")
    run(["cargo", "bench", "-p", "iuran-benches", "--bench", "compare"])
    means = {}
    for bench in (target_dir() / "criterion" / "compare").glob("*/new/benchmark.json"):
        function = json.loads(bench.read_text())["function_id"]
        mean = json.loads((bench.parent / "estimates.json").read_text())["mean"]["point_estimate"]
        means[function.split(":")[0]] = mean / 1e6  # ns -> ms
    if not {"evaluate_columns", "compare_columns"} <= means.keys():
        sys.exit(f"figures: criterion wrote no estimates for both benches (found {sorted(means)})")
    one, eleven = means["evaluate_columns"], means["compare_columns"]
    return {"one": one, "eleven": eleven, "ratio": eleven / one}


def measure_roster():
    rows = os.environ.get("FIGURES_ROSTER_ROWS", "1000000")
    say(f"roster: benches/roster/run.sh --rows {rows}")
    # run.sh rewrites results.md, the record of `make bench-roster` (10^6 and 10^7 rows):
    # kept as it was, this run's figures go to the READMEs only.
    record = ROOT / "benches" / "roster" / "results.md"
    kept = record.read_text() if record.exists() else None
    try:
        run(["bash", "benches/roster/run.sh", "--rows", rows, "--repeat", "3"])
        results = record.read_text()
    finally:
        if kept is not None:
            record.write_text(kept)
    out = {}
    for m in re.finditer(
        r"^\| (\d+) \| ([\d.]+) s \| ([\d.]+) s \| ([\d.]+)× \| (\d+) MiB \| (\d+) MiB \| ([\d.]+)× \|$", results, re.M
    ):
        n, it, pt, tr, im, pm, mr = m.groups()
        out[int(n)] = {"it": float(it), "pt": float(pt), "im": int(im), "pm": int(pm)}
    if not out:
        sys.exit("figures: benches/roster/results.md has no result row")
    return out


# ---- rewriting ------------------------------------------------------------------------


class Edits:
    """Rewrites collected first and written together, so a missing place rewrites nothing."""

    def __init__(self):
        self.texts = {}

    def text(self, path):
        if path not in self.texts:
            self.texts[path] = path.read_text()
        return self.texts[path]

    def region(self, path, name, new):
        pattern = re.compile(rf"(<!-- figures:{re.escape(name)} -->)(.*?)(<!-- /figures -->)", re.S)
        text = self.text(path)
        if not pattern.search(text):
            sys.exit(f"figures: {path.relative_to(ROOT)} has no `<!-- figures:{name} -->` … `<!-- /figures -->`")
        self.texts[path] = pattern.sub(lambda m: m.group(1) + new + m.group(3), text, count=1)

    def row(self, path, first_cell, cells):
        lines = self.text(path).split("\n")
        hits = [i for i, l in enumerate(lines) if l.startswith(f"| {first_cell} |")]
        if len(hits) != 1:
            sys.exit(f"figures: {path.relative_to(ROOT)}: {len(hits)} table rows start `| {first_cell} |`, expected 1")
        lines[hits[0]] = "| " + " | ".join([first_cell, *cells]) + " |"
        while "|  |" in lines[hits[0]]:
            lines[hits[0]] = lines[hits[0]].replace("|  |", "| |")
        self.texts[path] = "\n".join(lines)

    def table_after(self, path, header, table):
        lines = self.text(path).split("\n")
        hits = [i for i, l in enumerate(lines) if l == header]
        if len(hits) != 1:
            sys.exit(f"figures: {path.relative_to(ROOT)}: {len(hits)} lines `{header}`, expected 1")
        end = hits[0]
        while end < len(lines) and lines[end].startswith("|"):
            end += 1
        lines[hits[0] : end] = table
        self.texts[path] = "\n".join(lines)

    def write(self):
        for path, text in self.texts.items():
            if path.read_text() != text:
                path.write_text(text)
                print(f"rewrote {path.relative_to(ROOT)}")
            else:
                print(f"unchanged: {path.relative_to(ROOT)}")


# Every place a measurement is written to, checked before anything is measured.
REGIONS = {
    "wasm": [(README, "wasm"), (WASM_README, "wasm-stamp"), (WASM_README, "wasm-quality"), (WASM_README, "wasm-ready")],
    "compare": [(README, "compare"), (BENCH_README, "bench-stamp")],
    "roster": [(README, "roster"), (BENCH_README, "bench-stamp")],
}
BROWSER_TIME = "browser: 10^5-row CSV roster decided in Chromium's Web Worker, median"
BROWSER_GAP = "browser: the page's longest gap between animation frames meanwhile"
ROWS = {
    "wasm": [(WASM_README, "measure"), (BENCH_README, BROWSER_TIME), (BENCH_README, BROWSER_GAP)],
    "compare": [(BENCH_README, "`compare`, base + 10 variants, 10^6 rows, against one evaluation")],
    "roster": [
        (BENCH_README, "`iuran evaluate` vs polars read+write, time, 10^6 rows"),
        (BENCH_README, "the same, peak memory, 10^6 rows"),
    ],
}


def check_places(measured):
    for what in measured:
        for path, name in REGIONS[what]:
            if f"<!-- figures:{name} -->" not in path.read_text():
                sys.exit(f"figures: {path.relative_to(ROOT)} has no `<!-- figures:{name} -->`")
        for path, first_cell in ROWS[what]:
            if sum(l.startswith(f"| {first_cell} |") for l in path.read_text().splitlines()) != 1:
                sys.exit(f"figures: {path.relative_to(ROOT)} has no single table row `| {first_cell} |`")


def kb_number(value):
    """`2317 KB` -> `2,317 KB`."""
    n, unit = value.split()
    return f"{int(n):,} {unit}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip", default="", help="comma-separated: wasm, compare, roster")
    skip = set(filter(None, parser.parse_args().skip.split(",")))
    check_places({"wasm", "compare", "roster"} - skip)
    os.environ.setdefault("CARGO_TARGET_DIR", str(ROOT / "target"))
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    where = machine()
    stamp = f"measured {when} on a {where}, by `make figures`"
    print(f"figures: {stamp}")
    edits = Edits()

    if "wasm" not in skip:
        w = measure_wasm()
        edits.table_after(WASM_README, "| measure | value |", w["table"])
        edits.region(WASM_README, "wasm-stamp", stamp)
        edits.region(WASM_README, "wasm-quality", f"about {w['quality_node']} for 100,000 rows in Node")
        edits.region(WASM_README, "wasm-ready", f"page ready in {w['page_ready']} here")
        edits.region(
            README,
            "wasm",
            f"the `.wasm` is {kb_number(w['optimised'])} after `wasm-opt -Oz` ({kb_number(w['gzipped'])} gzipped); "
            f"100,000 rows take about {w['worker_median']} in Chromium's Web Worker while the page keeps drawing "
            f"frames (longest gap between frames {w['frame_gap']}; {stamp})",
        )

        worker, gap = int(w["worker_median"].split()[0]), int(w["frame_gap"].split()[0])
        edits.row(
            BENCH_README,
            BROWSER_TIME,
            [f"**{worker} ms** ({when})", "≤ 200 ms", "met" if worker <= 200 else f"**not met**, {worker / 200:.2f}× over"],
        )
        edits.row(
            BENCH_README,
            BROWSER_GAP,
            [f"**{gap} ms**", "< 50 ms", "met" if gap < 50 else "**not met**"],
        )

    if "compare" not in skip:
        c = measure_compare()
        verdict = "met" if c["ratio"] <= 3 else f"**not met**, {c['ratio'] / 3:.1f}× over"
        edits.row(
            BENCH_README,
            "`compare`, base + 10 variants, 10^6 rows, against one evaluation",
            [f"**{c['ratio']:.1f}×** ({c['eleven']:.0f} ms / {c['one']:.1f} ms; {when})", "≤ 3×", verdict],
        )
        edits.region(
            README,
            "compare",
            f"the base and 10 variants take {c['eleven']:.0f} ms against {c['one']:.1f} ms for one evaluation — "
            f"{c['ratio']:.1f}×, {'within' if c['ratio'] <= 3 else 'far from'} the 3× target ({stamp})",
        )

    if "roster" not in skip:
        r = measure_roster()
        for n, label in ((1_000_000, "10^6"), (10_000_000, "10^7")):
            if n not in r:
                continue
            x = r[n]
            tr, mr = x["it"] / x["pt"], x["im"] / x["pm"]
            if n == 1_000_000:
                edits.region(
                    README,
                    "roster",
                    f"{tr:.2f}× as long as polars takes to read and write it, in {mr:.2f}× of polars' memory "
                    f"({stamp})",
                )
                time_row = ("`iuran evaluate` vs polars read+write, time, 10^6 rows", f"**{tr:.2f}×**", "≤ 2×",
                            f"met, {(1 - tr / 2) * 100:.0f}% to spare" if tr <= 2 else f"**not met**, {tr / 2:.2f}× over")
                mem_row = ("the same, peak memory, 10^6 rows", f"**{mr:.2f}×**", "≤ 1.5×",
                           "met" if mr <= 1.5 else "**not met**")
            else:
                time_row = ("the same, time, 10^7 rows (no target set; for scale)", f"{tr:.2f}×", "", "")
                mem_row = ("the same, peak memory, 10^7 rows", f"{mr:.2f}×", "", "")
            edits.row(BENCH_README, time_row[0],
                      [f"{time_row[1]} ({x['it']:.2f} s / {x['pt']:.2f} s; {when})", time_row[2], time_row[3]])
            edits.row(BENCH_README, mem_row[0],
                      [f"{mem_row[1]} ({x['im']:,} MiB / {x['pm']:,} MiB)", mem_row[2], mem_row[3]])

    if not {"compare", "roster"} <= skip:
        edits.region(BENCH_README, "bench-stamp", stamp)
    edits.write()


if __name__ == "__main__":
    main()
