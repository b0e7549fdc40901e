"""A policy is immutable: any number of threads may use it, and bulk evaluation lets
other Python threads run (the GIL is released while the core works)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pyarrow as pa

import iuran

from test_tables import sample_text


def test_threads_share_one_policy(tegal: iuran.Policy) -> None:
    table = pa.concat_tables([sample_text()] * 3)
    expected = tegal.evaluate_table(table)
    summary = tegal.summarize_table(table)
    worker = {"nik": "3328011203700001", "birth_date": "1970-03-12", "regency": "3328", "sector": "nelayan"}
    one = tegal.evaluate(worker)

    def job(i: int) -> tuple[pa.Table, iuran.Summary, iuran.Decision]:
        return tegal.evaluate_table(table), tegal.summarize_table(table), tegal.evaluate(worker)

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(job, range(8)))
    for out, s, d in results:
        assert out["reasons"].equals(expected["reasons"])
        assert out["total_cost"].equals(expected["total_cost"])
        assert s == summary and d == one


def test_the_gil_is_released_during_bulk_evaluation(tegal: iuran.Policy) -> None:
    """A spinning Python thread keeps a good part of its solo pace while the core
    evaluates (a call holding the GIL, such as `sorted` on a big list, leaves it ~2%)."""
    table = pa.concat_tables([sample_text()] * 10).combine_chunks()
    count = 0
    stop = threading.Event()
    started = threading.Event()

    def spin() -> None:
        nonlocal count
        started.set()
        while not stop.is_set():
            count += 1

    spinner = threading.Thread(target=spin)
    spinner.start()
    started.wait()
    try:
        c0, t0 = count, time.perf_counter()
        time.sleep(0.1)
        pace = (count - c0) / (time.perf_counter() - t0)
        c0, t0 = count, time.perf_counter()
        tegal.evaluate_table(table)
        share = (count - c0) / (pace * (time.perf_counter() - t0))
    finally:
        stop.set()
        spinner.join()
    assert share > 0.25, share
