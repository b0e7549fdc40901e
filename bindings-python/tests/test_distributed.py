"""The Dask example at small scale: the same answers as one call, whatever the
partitioning — duplicate NIKs across partitions and budget ceilings included. (Real
schedulers, and Spark, in test_engines.py.)"""

from __future__ import annotations

import importlib.util
import pickle
import sys
from types import ModuleType

import pandas as pd
import pyarrow as pa

import iuran
import iuran.dask

from conftest import ROOT, SAMPLE


def example() -> ModuleType:
    path = ROOT / "examples" / "distributed" / "dask_example.py"
    spec = importlib.util.spec_from_file_location("dask_example", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["dask_example"] = module
    spec.loader.exec_module(module)
    return module


ANSWERS = ["eligible", "reasons", "total_cost", "funding_source", "waiting_position"]


def test_partitions_agree_with_one_call(tegal: iuran.Policy) -> None:
    ex = example()
    whole = tegal.evaluate_table(pd.read_csv(SAMPLE, dtype=str, keep_default_na=False))
    for partitions in (1, 5, 7):
        parts = iuran.dask.evaluate(ex.read_roster(SAMPLE, partitions=partitions), tegal).compute()
        assert len(parts) == len(whole) == 3000
        assert parts["nik"].tolist() == whole["nik"].tolist()  # row order kept
        assert parts["total_cost"].dtype == pd.ArrowDtype(pa.decimal128(18, 0))
        for name in ANSWERS:
            assert parts[name].astype(object).tolist() == whole[name].astype(object).tolist(), name


def test_a_nik_in_two_partitions_is_a_duplicate_once(tegal: iuran.Policy) -> None:
    ex = example()
    sample = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    # The first row again at the end: its copy lands in the last partition.
    roster = pd.concat([sample, sample.iloc[:1]], ignore_index=True)
    import dask.dataframe as dd

    parts = iuran.dask.evaluate(dd.from_pandas(roster, npartitions=4), tegal).compute()
    assert parts["reasons"].iloc[-1] == "duplicate_nik"
    assert not parts["eligible"].iloc[-1]


def test_the_policy_travels_to_worker_processes(tegal: iuran.Policy) -> None:
    again = pickle.loads(pickle.dumps(tegal))
    table = pa.table({"nik": ["3328011203700001"], "birth_date": ["1970-03-12"], "regency": ["3328"], "sector": ["nelayan"]})
    assert again.evaluate_table(table)["total_cost"].equals(tegal.evaluate_table(table)["total_cost"])


def test_ceilings_are_allocated_once_over_the_roster(tegal: iuran.Policy) -> None:
    ex = example()
    spec = tegal.spec
    spec["funding"][0]["budget"] = "672000"  # ten workers at Rp 67,200
    tight = iuran.Policy.from_dict(spec)
    whole = tight.evaluate_table(pd.read_csv(SAMPLE, dtype=str, keep_default_na=False))
    parts = iuran.dask.evaluate(ex.read_roster(SAMPLE, partitions=5), tight).compute()
    funded = parts[parts["funding_source"] == "dbhcht"]
    assert len(funded) == 10
    assert funded["nik"].tolist() == whole[whole["funding_source"] == "dbhcht"]["nik"].tolist()
    assert parts["waiting_position"].astype(object).tolist() == whole["waiting_position"].astype(object).tolist()
    assert iuran.dask.summarize(ex.read_roster(SAMPLE, partitions=5), tight) == tight.summarize_table(
        pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    )
