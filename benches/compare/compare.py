"""The issue-6 comparison: the same workload through iuran and the tools users would
otherwise pick. Run it with ``bash benches/compare/run.sh`` (which builds what it needs);
this file is what that script runs.

For each size the harness

1. has the Rust runner (``iuran-compare``) write the seeded workload to raw files and
   evaluate it with the core, which also writes the core's per-row answers;
2. runs each implementation in its own subprocess (``compare.py worker``), which builds
   that tool's input from the same files (untimed), runs the workload ``--repeat`` times,
   and checks its per-row eligibility and contribution and its total against the core's
   answers — a disagreement stops the harness before any time is reported;
3. prints, and writes to ``--out``, a Markdown table: median rows/s, iuran-from-pandas
   over each implementation, peak memory; with the machine's memory bandwidth and the
   bandwidth-bound limit in rows/s for the bytes each row carries.

``compare.py profile [--source pandas|pyarrow|polars]`` samples ``evaluate_table`` with
``py-spy record --native`` and prints the share of each step (core, casts, output).

Peak memory: once a worker's input is built, the process's high-water mark is reset
(``/proc/self/clear_refs``); "extra" is the peak during the first run less the resident
size before it — what the evaluation itself needed — and "process" the whole peak.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

import impls  # noqa: E402

MIB = 1024 * 1024


def memory() -> tuple[int, int]:
    """VmRSS and VmHWM of this process, in bytes."""
    values = {}
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(("VmRSS:", "VmHWM:")):
                key, kb, _ = line.split()
                values[key] = int(kb) * 1024
    return values["VmRSS:"], values["VmHWM:"]


def reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


# -- one implementation, in its own process --------------------------------------------------


def worker(args: argparse.Namespace) -> None:
    factory, _, _ = impls.IMPLEMENTATIONS[args.impl]
    impl = factory()
    data = impls.load(Path(args.data), args.rows)
    inputs = impl.prepare(data)
    want_eligible, want_monthly = impls.reference(Path(args.data), data.n)
    want_total = impls.MONTHS * int(want_monthly.sum())
    del data
    gc.collect()
    before, _ = memory()
    reset = reset_peak()
    times = []
    start = time.perf_counter()
    out = impl.run(inputs)
    times.append(time.perf_counter() - start)
    _, peak = memory()
    # The answer is checked before any time is reported.
    eligible, monthly, total = impl.answers(out)
    problems = []
    if len(eligible) != len(want_eligible) or len(monthly) != len(want_monthly):
        problems.append(f"{len(eligible)} rows answered, {len(want_eligible)} expected")
    else:
        bad = (eligible != want_eligible) | (monthly != want_monthly)
        if bad.any():
            i = int(bad.argmax())
            problems.append(
                f"{int(bad.sum())} rows differ from the core; first row {i}: eligible {eligible[i]} "
                f"(core {want_eligible[i]}), monthly {monthly[i]} (core {want_monthly[i]})"
            )
    if total != want_total:
        problems.append(f"total {total}, core {want_total}")
    if problems:
        print(json.dumps({"impl": args.impl, "error": "; ".join(problems)}))
        sys.exit(3)
    del out, eligible, monthly
    gc.collect()
    for _ in range(args.repeat - 1):
        start = time.perf_counter()
        out = impl.run(inputs)
        times.append(time.perf_counter() - start)
        del out
    split = profile_split(inputs) if args.impl == "iuran-pandas" else None
    print(json.dumps({
        "impl": args.impl, "rows": len(want_eligible), "times": times, "total": total,
        "eligible": int(want_eligible.sum()), "rss_before": before, "peak": peak, "peak_reset": reset,
        "split": split,
    }))


def profile_split(df: Any) -> dict[str, float]:
    """Where the time of ``evaluate_table`` from pandas goes: the package's own steps,
    timed one by one (median of 3): pandas → Arrow, the native call (Arrow in, the
    core, Arrow out) and attaching the decision columns to the DataFrame."""
    from iuran import _tables

    policy = impls._iuran_policy()._native
    names = [str(c) for c in df.columns]
    steps: dict[str, list[float]] = {"pandas_to_arrow": [], "native": [], "attach": []}
    for _ in range(3):
        t0 = time.perf_counter()
        table = _tables._pandas_to_arrow(df, _tables._wanted(names, {}))
        t1 = time.perf_counter()
        out, _ = policy._evaluate_arrow(table, {}, names=names, with_sector=False, table=True, summary=False)
        t2 = time.perf_counter()
        _tables._attach("pandas", df, out)
        t3 = time.perf_counter()
        steps["pandas_to_arrow"].append(t1 - t0)
        steps["native"].append(t2 - t1)
        steps["attach"].append(t3 - t2)
    return {k: statistics.median(v) for k, v in steps.items()}


# -- the whole comparison -----------------------------------------------------------------------


def sh(cmd: list[str]) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def machine() -> dict[str, str]:
    model = "unknown"
    try:
        for line in sh(["lscpu"]).splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
                break
    except (OSError, subprocess.CalledProcessError):
        pass
    return {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": str(os.cpu_count()),
        "model": model,
        "memory": f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 1024**3:.0f} GiB",
        "python": platform.python_version(),
        "load": " ".join(f"{x:.1f}" for x in os.getloadavg()),
    }


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in ["iuran", "numpy", "pandas", "polars", "pyarrow", "openfisca-core", "zen-engine"]:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "missing"
    return out


def rate(result: dict) -> float:
    return result["rows"] / statistics.median(result["times"])


def fmt_rate(r: float) -> str:
    if r >= 1e6:
        return f"{r / 1e6:,.1f} M"
    if r >= 1e3:
        return f"{r / 1e3:,.1f} k"
    return f"{r:,.0f}"


def fmt_size(n: int) -> str:
    exp = len(str(n)) - 1
    return f"10^{exp}" if n == 10**exp else f"{n:,}"


def main(args: argparse.Namespace) -> None:
    sizes = [int(s) for s in args.rows.split(",")]
    chosen = [s.strip() for s in args.only.split(",")] if args.only else list(impls.IMPLEMENTATIONS)
    runner = args.runner
    info = machine()
    bw = json.loads(sh([runner, "bandwidth", "--mib", "1024"]))
    read_bw, copy_bw = bw["read_bytes_per_s"], bw["copy_bytes_per_s"]
    limit_in = read_bw / impls.INPUT_BYTES_PER_ROW
    limit_io = copy_bw / (impls.INPUT_BYTES_PER_ROW + impls.OUTPUT_BYTES_PER_ROW)
    lines = [
        "## Results",
        "",
        f"Run {info['date']} on {info['cpus']} CPUs ({info['model']}), {info['memory']}, Python "
        f"{info['python']}; load average {info['load']} at the start (the machine is shared); "
        f"median of {args.repeat} runs; every implementation's per-row eligibility and "
        "contribution and its total were checked against the Rust core's before its time was taken.",
        "",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in versions().items()) + ".",
        "",
        f"Memory bandwidth, one thread: read {read_bw / 1e9:.1f} GB/s, copy (read + write) "
        f"{copy_bw / 1e9:.1f} GB/s. A row carries {impls.INPUT_BYTES_PER_ROW:g} bytes in "
        f"(date32, three int32 dictionary keys, int64 income, one bit) and "
        f"{impls.OUTPUT_BYTES_PER_ROW} bytes of checked answers out (eligible, monthly, total): the "
        f"bandwidth-bound limit is **{limit_in / 1e6:,.0f} M rows/s** reading the input alone and "
        f"**{limit_io / 1e6:,.0f} M rows/s** reading it and writing the answers.",
        "",
    ]
    results: dict[int, dict[str, dict]] = {}
    for n in sizes:
        folder = Path(args.data) / str(n)
        if not (folder / "member.bits").exists():
            sh([runner, "generate", "--rows", str(n), "--out", str(folder)])
        # The core's answers are the reference: it runs first, on every size.
        core = json.loads(sh([runner, "run", "--data", str(folder), "--repeat", str(args.repeat)]))
        core["impl"] = "rust-core"
        results[n] = {"rust-core": core}
        print(f"{fmt_size(n):>6} rust-core     {fmt_rate(rate(core))} rows/s", flush=True)
        for name in chosen:
            if name == "rust-core":
                continue
            _, _, cap = impls.IMPLEMENTATIONS[name]
            m = n if cap is None else min(n, cap)
            prior = [results[k][name] for k in results if k != n and results[k].get(name, {}).get("rows") == m]
            if m < n and prior:
                # Capped: already measured at this many rows for a smaller N.
                results[n][name] = prior[0]
                continue
            repeat = args.repeat
            proc = subprocess.run(
                [sys.executable, __file__, "worker", "--impl", name, "--data", str(folder), "--rows", str(m),
                 "--repeat", str(repeat)],
                capture_output=True, text=True,
            )
            last = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else "{}"
            try:
                result = json.loads(last)
            except json.JSONDecodeError:
                result = {}
            if proc.returncode != 0 or "error" in result:
                sys.stderr.write(proc.stderr[-3000:])
                raise SystemExit(
                    f"{name} at {m} rows: {result.get('error', f'exit code {proc.returncode}')} — no times reported"
                )
            results[n][name] = result
            print(f"{fmt_size(n):>6} {name:<13} {fmt_rate(rate(result))} rows/s (at {m:,} rows), "
                  f"peak extra {(result['peak'] - result['rss_before']) / MIB:,.0f} MiB", flush=True)

    for n in sizes:
        lines += table(n, results[n], chosen)
    lines += notes(results, sizes)
    text = "\n".join(lines) + "\n"
    print()
    print(text)
    Path(args.out).write_text(text, encoding="utf-8")
    Path(args.out).with_suffix(".json").write_text(
        json.dumps({"machine": info, "bandwidth": bw, "results": {str(k): v for k, v in results.items()}}, indent=1),
        encoding="utf-8",
    )
    print(f"written: {args.out} (and {Path(args.out).with_suffix('.json').name})")


def table(n: int, res: dict[str, dict], chosen: list[str]) -> list[str]:
    input_mib = n * impls.INPUT_BYTES_PER_ROW / MIB
    base = res.get("iuran-pandas")
    lines = [
        f"### {fmt_size(n)} rows (input columns {input_mib:,.1f} MiB)",
        "",
        "| implementation | rows timed | median rows/s | iuran-pandas ÷ it | peak extra MiB (× input) | peak extra B/row | process peak MiB |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name in ["rust-core"] + [c for c in chosen if c != "rust-core"]:
        r = res.get(name)
        if r is None:
            continue
        rows_note = f"{r['rows']:,}"
        if r["rows"] != n:
            rows_note += " †"
        extra = (r["peak"] - r["rss_before"]) / MIB
        extra_x = extra / (r["rows"] * impls.INPUT_BYTES_PER_ROW / MIB)
        ratio = f"{rate(base) / rate(r):,.2f}×" if base else "–"
        lines.append(
            f"| {name} | {rows_note} | {fmt_rate(rate(r))} | {ratio} | {extra:,.0f} ({extra_x:.1f}×) "
            f"| {extra * MIB / r['rows']:,.1f} | {r['peak'] / MIB:,.0f} |"
        )
    lines.append("")
    if any(r["rows"] != n for r in res.values()):
        lines += [
            f"† measured at fewer rows (a prefix of the same data), its rows/s standing in for {fmt_size(n)}: "
            "per-row work of these is flat in N, so this extrapolates a time linearly.",
            "",
        ]
    return lines


def notes(results: dict[int, dict[str, dict]], sizes: list[int]) -> list[str]:
    lines = []
    for n in sizes:
        split = results[n].get("iuran-pandas", {}).get("split")
        core = results[n].get("rust-core")
        if split:
            total = sum(split.values())
            parts = ", ".join(f"{k} {v * 1e3:,.1f} ms ({v / total:.0%})" for k, v in split.items())
            line = f"- {fmt_size(n)}: {parts}"
            if core:
                t = statistics.median(core["times"])
                line += (f"; of `native`, the core's `evaluate_columns` alone takes {t * 1e3:,.1f} ms "
                         f"(rust-core row), the rest ({(split['native'] - t) * 1e3:,.1f} ms) is reading the "
                         "Arrow columns (casts) and building the Arrow output")
            lines.append(line + ".")
    return (["### Where iuran-from-pandas spends its time", ""] + lines + [""]) if lines else []


# -- profile evidence ----------------------------------------------------------------------------

BUCKETS = [  # (share name, frame substrings), first match wins, from the innermost out
    ("the core's evaluate_columns", ["evaluate_columns", "row_cost"]),
    ("Arrow casts (category codes, timestamp -> date32, null -> text)", ["arrow_cast::", "from_num_days_from_ce"]),
    ("importing the Arrow stream", ["ArrowArrayStreamReader"]),
    ("binding output: money as decimal128", ["_native::batch::money", "Decimal128Type"]),
    ("binding output: reasons text, eligible, months, funding source",
     ["_native::batch::evaluate", "GenericByteBuilder", "hashbrown", "BooleanArray"]),
    ("Python: pandas -> Arrow", ["_pandas_to_arrow"]),
    ("Python: attaching the columns", ["_attach"]),
]


def calls(args: argparse.Namespace) -> None:
    """``evaluate_table`` ``--calls`` times on one input (what ``profile`` samples)."""
    d = impls.load(Path(args.data), args.rows)
    table = {"pandas": impls.pandas_frame, "pyarrow": impls.arrow_table, "polars": impls.polars_frame}[args.source](d)
    policy = impls._iuran_policy()
    for _ in range(args.calls):
        policy.evaluate_table(table)


def profile(args: argparse.Namespace) -> None:
    """Sample ``evaluate_table`` with ``py-spy record --native`` and print where the time
    goes, as shares of the samples inside ``evaluate_table``."""
    import collections
    import re
    import tempfile

    folder = Path(args.data) / str(args.rows)
    if not (folder / "member.bits").exists():
        sh([args.runner, "generate", "--rows", str(args.rows), "--out", str(folder)])
    spy = Path(sys.executable).parent / "py-spy"
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "stacks.txt"
        subprocess.run(
            [str(spy), "record", "--native", "--rate", "500", "--format", "raw", "-o", str(raw), "--",
             sys.executable, __file__, "calls", "--source", args.source, "--data", str(folder),
             "--rows", str(args.rows), "--calls", str(args.calls)],
            check=True, capture_output=True,
        )
        shares: collections.Counter[str] = collections.Counter()
        total = 0
        for line in raw.read_text().splitlines():
            stack, count = line.rsplit(" ", 1)
            frames = [re.sub(r" \(.*", "", f) for f in stack.split(";")]
            if "Policy.evaluate_table" not in frames:
                continue
            total += int(count)
            joined = ";".join(frames)
            name = next((b for b, keys in BUCKETS if any(k in joined for k in keys)), "other")
            shares[name] += int(count)
    print(f"evaluate_table from {args.source}, {args.rows:,} rows, {args.calls} calls: {total} samples")
    for name, count in shares.most_common():
        print(f"{count / max(total, 1):6.1%}  {name}")


def cli() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command")
    w = sub.add_parser("worker", help="one implementation at one size (internal)")
    w.add_argument("--impl", required=True, choices=list(impls.IMPLEMENTATIONS))
    w.add_argument("--data", required=True)
    w.add_argument("--rows", type=int, required=True)
    w.add_argument("--repeat", type=int, default=5)
    for name in ("profile", "calls"):
        q = sub.add_parser(name, help="py-spy shares of evaluate_table" if name == "profile" else "(internal)")
        q.add_argument("--source", choices=["pandas", "pyarrow", "polars"], default="pandas")
        q.add_argument("--rows", type=int, default=1_000_000)
        q.add_argument("--calls", type=int, default=15)
        q.add_argument("--data", default=str(HERE / "data"))
        q.add_argument("--runner", default=str(ROOT / "target" / "release" / "iuran-compare"))
    p.add_argument("--rows", default="100000,1000000,10000000", help="comma-separated sizes")
    p.add_argument("--repeat", type=int, default=5, help="runs per implementation and size (median)")
    p.add_argument("--only", default="", help="comma-separated implementations (default: all)")
    p.add_argument("--runner", default=str(ROOT / "target" / "release" / "iuran-compare"))
    p.add_argument("--data", default=str(HERE / "data"), help="where the workload files go (gitignored)")
    p.add_argument("--out", default=str(HERE / "results.md"))
    args = p.parse_args()
    if args.command == "worker":
        worker(args)
    elif args.command == "profile":
        profile(args)
    elif args.command == "calls":
        calls(args)
    else:
        main(args)


if __name__ == "__main__":
    cli()
