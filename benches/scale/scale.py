"""National scale: a synthetic roster written as Parquet, decided by one process
(``Policy.evaluate_table`` on the whole table), by ``iuran.dask`` on a LocalCluster of
two worker processes and by ``iuran.spark`` in local[2] mode; rows per second and the
peak memory of each worker process, for each roster size.

    python benches/scale/scale.py --rows 1000000,10000000 [--engines one,dask,spark]

The roster: valid NIKs of the Tegal regency (1 row in 100 repeats an earlier NIK, often
in another partition), five sectors, deciles; the Tegal 2025 policy with its budget
ceilings, which bind (allocation over the whole roster). Each engine writes the decided
roster back as Parquet (so nothing is gathered to the driver but the plan). Memory is
sampled every 0.2 s for every process the run starts (Dask workers; Spark's JVM and its
Python workers) and reported as each process kind's largest peak resident set, with
the time each measurement finished and the machine's load then (5-minute average: other
work on shared cores slows every engine). For Dask and Spark also per pass: the
contexts (keys, shuffle, candidates, allocation) and the answers (each partition decided
and written), where a worker's peak must not grow with the roster.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Callable

import psutil
import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[2]
POLICY = ROOT / "examples" / "policies" / "tegal-2025.toml"
FILE_ROWS = 2_000_000
GROUP_ROWS = 500_000
SECTORS = ["Petani Tembakau", "nelayan", "pedagang", "petani cengkeh", "Buruh Bangunan"]


def write_roster(path: Path, rows: int) -> None:
    """``rows`` synthetic rows in Parquet files of up to FILE_ROWS rows (row groups of
    GROUP_ROWS), made a group at a time, every column built from numbers by numpy."""
    import numpy as np

    path.mkdir(parents=True)
    rng = np.random.default_rng(2025)
    done = 0
    while done < rows:
        n_file = min(FILE_ROWS, rows - done)
        with pq.ParquetWriter(path / f"part-{done // FILE_ROWS:05d}.parquet", _schema()) as out:
            written = 0
            while written < n_file:
                n = min(GROUP_ROWS, n_file - written)
                ids = np.arange(done + written, done + written + n, dtype=np.int64)
                # One row in 100 repeats the NIK of an earlier row (anywhere before it,
                # so often in another partition).
                again = (rng.random(n) < 0.01) & (ids > 0)
                earlier = (rng.random(n) * np.maximum(ids, 1)).astype(np.int64)
                out.write_table(_group(np.where(again, earlier, ids)), row_group_size=GROUP_ROWS)
                written += n
        done += n_file


def _group(ids: Any) -> pa.Table:
    """The rows of these person numbers: person ``i`` has one valid NIK, and no other
    person has it (the number in mixed radix: birth year, month, day, district, serial;
    up to 2.7·10^9 people), the birth date the NIK says, a sector and a decile."""
    import numpy as np

    q = ids
    year, q = 1960 + q % 45, q // 45
    month, q = 1 + q % 12, q // 12
    day, q = 1 + q % 28, q // 28
    district, q = 1 + q % 18, q // 18
    serial = 1 + q % 9999
    nik = _digits(
        [(3328, 4), (district, 2), (day, 2), (month, 2), (year % 100, 2), (serial, 4)]
    )
    birth = _digits([(year, 4), (None, "-"), (month, 2), (None, "-"), (day, 2)])
    n = len(ids)
    codes = pa.array([f"3328{d:02d}" for d in range(19)])
    return pa.table(
        {
            "nik": nik,
            "birth_date": birth,
            "regency": pa.array(["3328"]).take(pa.array(np.zeros(n, dtype=np.int64))),
            "district": codes.take(pa.array(district)),
            "sector": pa.array(SECTORS).take(pa.array(ids % len(SECTORS))),
            "welfare_decile": pa.array((1 + ids % 10).astype(np.int64)),
        },
        schema=_schema(),
    )


def _digits(fields: list[tuple[Any, Any]]) -> pa.Array:
    """Fixed-width text of numbers (``(values, width)``: zero-padded digits) and
    separators (``(None, text)``), one string per row, built as Arrow buffers."""
    import numpy as np

    n = len(next(v for v, _ in fields if v is not None and not np.isscalar(v)))
    width = sum(len(w) if isinstance(w, str) else w for _, w in fields)
    chars = np.empty((n, width), dtype=np.uint8)
    at = 0
    for values, w in fields:
        if values is None:
            chars[:, at : at + len(w)] = np.frombuffer(w.encode(), dtype=np.uint8)
            at += len(w)
            continue
        v = np.broadcast_to(np.asarray(values, dtype=np.int64), (n,))
        for k in range(w - 1, -1, -1):
            chars[:, at + k] = ord("0") + v % 10
            v = v // 10
        at += w
    offsets = np.arange(0, (n + 1) * width, width, dtype=np.int32)
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(chars.tobytes()))


def _schema() -> pa.Schema:
    return pa.schema(
        [
            ("nik", pa.string()),
            ("birth_date", pa.string()),
            ("regency", pa.string()),
            ("district", pa.string()),
            ("sector", pa.string()),
            ("welfare_decile", pa.int64()),
        ]
    )


class Peaks:
    """The peak resident set of every process descending from this one, sampled; also
    per pass, for an engine that names its passes (``pass_``)."""

    def __init__(self) -> None:
        self.peak: dict[int, tuple[str, int]] = {}
        self.pass_ = ""
        self.pass_peak: dict[tuple[str, int], tuple[str, int]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Peaks:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            for p in [me, *me.children(recursive=True)]:
                try:
                    rss = p.memory_info().rss
                    kind = _kind(p)
                except psutil.Error:
                    continue
                if rss > self.peak.get(p.pid, ("", 0))[1]:
                    self.peak[p.pid] = (kind, rss)
                at = (self.pass_, p.pid)
                if self.pass_ and rss > self.pass_peak.get(at, ("", 0))[1]:
                    self.pass_peak[at] = (kind, rss)
            time.sleep(0.2)

    def by_kind(self, pass_: str = "") -> dict[str, int]:
        """The largest peak of each kind of process, in MiB (in one pass if named)."""
        out: dict[str, int] = {}
        peaks = self.peak.values() if not pass_ else [v for (n, _), v in self.pass_peak.items() if n == pass_]
        for kind, rss in peaks:
            if kind != "other":
                out[kind] = max(out.get(kind, 0), rss // 2**20)
        return out


def _kind(p: psutil.Process) -> str:
    """driver, dask worker, spark JVM, spark python worker, or other (helpers such as
    multiprocessing's resource tracker, not reported)."""
    if p.pid == os.getpid():
        return "driver"
    argv = p.cmdline()
    cmd = " ".join(argv)
    # The JVM by its name or its program (Spark's launcher script becomes the JVM in
    # the same process, and its command line names pyspark too).
    if "java" in p.name() or (argv and Path(argv[0]).name == "java"):
        return "spark JVM"
    if "pyspark" in cmd:
        return "spark python worker"
    if "spawn_main" in cmd or "distributed" in cmd:
        return "dask worker"
    return "other"


def one_process(roster: Path, out: Path, policy: Any, peaks: Peaks) -> None:
    table = pq.read_table(roster)
    decided = policy.evaluate_table(table)
    pq.write_table(decided, out / "decided.parquet")


def with_dask(roster: Path, out: Path, policy: Any, peaks: Peaks) -> None:
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    import iuran.dask

    with LocalCluster(processes=True, n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster:
        with Client(cluster):
            ddf = dd.read_parquet(roster, split_row_groups=True)
            peaks.pass_ = "contexts"
            decided = iuran.dask.evaluate(ddf, policy)
            peaks.pass_ = "answers"
            decided.to_parquet(out / "decided", write_index=False)
            peaks.pass_ = ""


def with_spark(roster: Path, out: Path, policy: Any, peaks: Peaks) -> None:
    os.environ["PYSPARK_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    import iuran.spark

    spark = (
        SparkSession.builder.master("local[2]")
        .appName("iuran-scale")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "2g")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.sql.files.maxPartitionBytes", str(4 * 2**20))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    try:
        df = spark.read.parquet(str(roster))
        peaks.pass_ = "contexts"
        decided = iuran.spark.evaluate(df, policy)
        peaks.pass_ = "answers"
        decided.write.mode("overwrite").parquet(str(out / "decided"))
        peaks.pass_ = ""
    finally:
        spark.stop()


ENGINES: dict[str, Callable[[Path, Path, Any, Peaks], None]] = {
    "one": one_process,
    "dask": with_dask,
    "spark": with_spark,
}


def measure(roster: Path, out: Path, engine: str, rows: int) -> dict[str, Any]:
    """One engine on one roster, in this process (a fresh one per measurement)."""
    import iuran

    policy = iuran.Policy.from_file(POLICY)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    try:
        with Peaks() as peaks:
            t = time.perf_counter()
            ENGINES[engine](roster, out, policy, peaks)
            seconds = time.perf_counter() - t
    finally:
        shutil.rmtree(out, ignore_errors=True)
    # The engines' passes apart: the contexts (keys, shuffle, candidates, allocation) and
    # the answers (each partition decided and written), where a worker must stay flat.
    passes = {p: peaks.by_kind(p) for p in ("contexts", "answers") if peaks.by_kind(p)}
    return {"engine": engine, "rows": rows, "seconds": round(seconds, 1),
            "rows_per_s": round(rows / seconds), "peak_mib": peaks.by_kind(),
            **({"peak_mib_by_pass": passes} if passes else {}),
            "finished": time.strftime("%H:%M UTC", time.gmtime()),
            "load": round(os.getloadavg()[1], 1)}


def main() -> None:
    import subprocess

    import iuran

    if iuran._native.BUILD != "release":
        sys.exit("benches/scale needs a release build of the iuran wheel (run.sh builds one)")
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", default="1000000,10000000")
    parser.add_argument("--engines", default="one,dask,spark")
    parser.add_argument("--one-max", type=int, default=10_000_000, help="largest roster the one process is given")
    parser.add_argument("--work", default=None, help="scratch directory, kept (default: a temporary one)")
    parser.add_argument("--measure", nargs=3, metavar=("ROSTER", "ENGINE", "ROWS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        roster, engine, rows = args.measure
        print("RESULT " + json.dumps(measure(Path(roster), Path(roster + f"-out-{engine}"), engine, int(rows))))
        return
    work = Path(args.work or tempfile.mkdtemp(prefix="iuran-scale-"))
    results = []
    try:
        for rows in [int(r) for r in args.rows.split(",")]:
            roster = work / f"roster-{rows}"
            if not roster.exists():
                t = time.perf_counter()
                write_roster(roster, rows)
                size = sum(f.stat().st_size for f in roster.iterdir()) // 2**20
                print(f"roster of {rows:,} rows written ({size:,} MiB of Parquet) in {time.perf_counter() - t:.0f} s", flush=True)
            for engine in args.engines.split(","):
                if engine == "one" and rows > args.one_max:
                    continue
                # Each measurement in a fresh process: no JVM or cluster left from the last.
                done = subprocess.run(
                    [sys.executable, __file__, "--measure", str(roster), engine, str(rows)],
                    capture_output=True, text=True,
                )
                if done.returncode != 0:
                    # One engine failing (out of memory, say) does not lose the others' figures.
                    # The lines naming errors, not the JVM's stack frames.
                    named = [x for x in done.stderr.splitlines() if ("Error" in x or "Exception" in x) and not x.lstrip().startswith("at ")]
                    print(f"{engine} on {rows:,} rows failed:\n" + "\n".join(named[-8:]), flush=True)
                    continue
                line = [x for x in done.stdout.splitlines() if x.startswith("RESULT ")][-1]
                row = json.loads(line[len("RESULT "):])
                results.append(row)
                print(json.dumps(row), flush=True)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print("\n| engine | rows | seconds | rows/s | peak RSS per process (MiB) | finished (load, 5 min) |")
    print("|---|---:|---:|---:|---|---|")
    for r in results:
        peaks = ", ".join(f"{k} {v:,}" for k, v in sorted(r["peak_mib"].items()))
        print(f"| {r['engine']} | {r['rows']:,} | {r['seconds']} | {r['rows_per_s']:,} | {peaks} | {r['finished']} ({r['load']}) |")


if __name__ == "__main__":
    main()
