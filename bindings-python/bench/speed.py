"""Side-by-side timing of ``evaluate_table`` against vectorised pandas and polars on the
compare harness's workload and implementations (``benches/compare/impls.py``), at one
size, in one process: every answer checked row by row before any time is printed.

    python bindings-python/bench/speed.py [--rows 1000000] [--repeat 7]

The rows are drawn here with numpy (seeded), in the harness's layouts; ratios are
medians of alternating rounds, so a load change on the shared machine hits all sides.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benches" / "compare"))
import impls  # noqa: E402


def data(n: int, seed: int = 2025) -> impls.Data:
    rng = np.random.default_rng(seed)
    after, latest = impls.birth_window()
    edges = np.array([after, after + 1, latest, latest + 1], dtype=np.int32)
    birth = rng.integers(after - 4000, latest + 4000, n, dtype=np.int32)
    on_edge = rng.random(n) < 0.3
    birth[on_edge] = edges[rng.integers(0, 4, on_edge.sum())]
    member = rng.random(n) < 0.3
    return impls.Data(
        n=n,
        birth_days=birth,
        sex=rng.integers(0, 2, n, dtype=np.int32),
        sector=rng.integers(0, len(impls.SECTORS), n, dtype=np.int32),
        regency=rng.integers(0, 2, n, dtype=np.int32),
        income=rng.integers(0, 5_000_000, n, dtype=np.int64),
        member_bits=np.packbits(member, bitorder="little"),
    )


def _hwm() -> int:
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def _rss() -> int:
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def peak_extra(run, frame) -> int:
    """Bytes the call's high-water mark rose above the resident size before it (the
    mark reset through ``/proc/self/clear_refs``); the result is dropped after."""
    gc.collect()
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    before = _rss()
    out = run(frame)
    peak = _hwm()
    del out
    return max(0, peak - before)


def peak_in_child(case: str, rows: int) -> int:
    """``peak_extra`` of one case in a fresh interpreter (memory freed by earlier calls
    would otherwise hide the peak)."""
    import subprocess

    out = subprocess.run(
        [sys.executable, __file__, "--rows", str(rows), "--peak", case, "--threads"],
        check=True, capture_output=True, text=True,
    )
    return int(out.stdout.strip().splitlines()[-1])


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--repeat", type=int, default=7)
    p.add_argument("--only", default="")
    p.add_argument("--threads", action="store_true", help="also: threads=1 against threads=2")
    p.add_argument("--cpu", action="store_true",
                   help="CPU time of the process (all its threads) instead of wall time: on a "
                        "machine loaded by others, a single-threaded call's uncontended time")
    p.add_argument("--peak", default="", help=argparse.SUPPRESS)
    args = p.parse_args()
    d = data(args.rows)
    policy = impls._iuran_policy()

    def iuran(prepare, outputs=None, **kw):
        def run(t):
            return policy.evaluate_table(t, **({"outputs": outputs} if outputs else {}), **kw)
        return run

    pandas_ref = impls.pandas_vectorised()
    polars_ref = impls.polars_expressions()
    frames = {
        "pandas": impls.pandas_frame(d),
        "polars": impls.polars_frame(d),
        "pyarrow": impls.arrow_table(d),
    }
    cases = {
        "pandas vectorised": (frames["pandas"], pandas_ref.run),
        "polars expressions": (frames["polars"], polars_ref.run),
        "iuran from pyarrow": (frames["pyarrow"], iuran(None)),
        "iuran from polars": (frames["polars"], iuran(None)),
        "iuran from pandas": (frames["pandas"], iuran(None)),
    }
    try:
        policy.evaluate_table(frames["pyarrow"].slice(0, 10), outputs=["eligible"])
        for src in ("pyarrow", "pandas"):
            cases[f"iuran from {src}, outputs=[eligible, total_cost]"] = (
                frames[src], iuran(None, ["eligible", "total_cost"]))
        if args.threads:
            for t in (1, 2):
                cases[f"iuran from pyarrow, threads={t}"] = (frames["pyarrow"], iuran(None, threads=t))
    except TypeError:
        pass
    if args.only:
        cases = {k: v for k, v in cases.items() if any(o in k for o in args.only.split(","))}

    if args.peak:
        frame, run = cases[args.peak]
        run(frame.slice(0, 1000) if hasattr(frame, "slice") and not hasattr(frame, "iloc") else frame[:1000])
        print(peak_extra(run, frame))
        return
    # The answers first, row by row, against pandas.
    want_e, want_m, want_t = pandas_ref.answers(pandas_ref.run(frames["pandas"]))
    import pyarrow as pa
    for name, (frame, run) in cases.items():
        out = run(frame)
        if name.startswith("pandas"):
            e, m, t = pandas_ref.answers(out)
        elif name.startswith("polars"):
            e, m, t = polars_ref.answers(out)
        else:
            col = (lambda c: pa.array(out[c].array)) if name.endswith("pandas") or "pandas," in name else (
                (lambda c: out[c].to_arrow()) if "polars" in name else (lambda c: out[c]))
            if "outputs" in name:
                import pyarrow.compute as pc
                e = (col("eligible").to_numpy(zero_copy_only=False) if not hasattr(col("eligible"), "combine_chunks")
                     else col("eligible").combine_chunks().to_numpy(zero_copy_only=False)).astype(bool)
                tc = pc.cast(col("total_cost"), pa.int64())
                tc = tc.combine_chunks() if hasattr(tc, "combine_chunks") else tc
                m = tc.to_numpy(zero_copy_only=False) // impls.MONTHS
                t = int(pc.sum(tc).as_py() or 0)
            else:
                e, m, t = impls._iuran_answers_arrow(col("eligible"), col("monthly_contribution"), col("total_cost"))
        assert (e == want_e).all(), name
        assert (m == want_m).all(), name
        assert t == want_t, (name, t, want_t)
    print(f"{args.rows:,} rows, answers agree ({int(want_e.sum()):,} eligible, total {want_t:,})")

    clock = time.process_time if args.cpu else time.perf_counter
    print("times:", "CPU time of the process" if args.cpu else "wall", f"median of {args.repeat}")
    times: dict[str, list[float]] = {k: [] for k in cases}
    for _ in range(args.repeat):
        for name, (frame, run) in cases.items():
            gc.collect()
            t0 = clock()
            out = run(frame)
            times[name].append(clock() - t0)
            del out
    med = {k: statistics.median(v) for k, v in times.items()}
    peaks = {k: peak_in_child(k, args.rows) for k in cases}
    input_bytes = frames["pyarrow"].nbytes
    base_pd = med.get("pandas vectorised")
    base_pl = med.get("polars expressions")
    for k, v in med.items():
        extra = ""
        if base_pd:
            extra += f"  {base_pd / v:5.2f}× pandas"
        if base_pl:
            extra += f"  {base_pl / v:5.2f}× polars"
        extra += f"  peak +{peaks[k] / args.rows:6.1f} B/row ({peaks[k] / input_bytes:4.2f}× input)"
        print(f"{k:50s} {v * 1000:8.1f} ms{extra}")
    print(f"input columns (pyarrow): {input_bytes / args.rows:.1f} B/row")
    if args.threads and "iuran from pyarrow, threads=1" in med:
        print(f"threads=2 against threads=1: {med['iuran from pyarrow, threads=1'] / med['iuran from pyarrow, threads=2']:.2f}×")


if __name__ == "__main__":
    main()
