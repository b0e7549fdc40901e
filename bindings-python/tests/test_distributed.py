"""The Dask example at small scale: the same answers as one call, partition by
partition, except duplicate NIKs that fall in different partitions (which the example
says it cannot see)."""

from __future__ import annotations

import importlib.util
import pickle
import sys
from types import ModuleType

import pandas as pd
import pyarrow as pa

import iuran

from conftest import ROOT, SAMPLE


def example() -> ModuleType:
    path = ROOT / "examples" / "distributed" / "dask_example.py"
    spec = importlib.util.spec_from_file_location("dask_example", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["dask_example"] = module
    spec.loader.exec_module(module)
    return module


def test_partitions_agree_with_one_call(tegal: iuran.Policy) -> None:
    ex = example()
    ddf = ex.read_roster(SAMPLE, partitions=5)
    whole = tegal.evaluate_table(pd.read_csv(SAMPLE, dtype=str, keep_default_na=False))
    for scheduler in ("sync", "threads"):
        parts = ex.evaluate_partitions(ddf, tegal).compute(scheduler=scheduler)
        assert len(parts) == len(whole) == 3000
        assert parts["nik"].tolist() == whole["nik"].tolist()  # row order kept
        assert parts["total_cost"].dtype == pd.ArrowDtype(pa.decimal128(18, 0))
        differ = [
            (a, b) for a, b in zip(parts["reasons"], whole["reasons"]) if a != b
        ]
        # Only a duplicate from another partition can be missed.
        for got, want in differ:
            assert set(want.split(";")) - set(got.split(";")) == {"duplicate_nik"}, (got, want)


def test_the_policy_travels_to_worker_processes(tegal: iuran.Policy) -> None:
    again = pickle.loads(pickle.dumps(tegal))
    table = pa.table({"nik": ["3328011203700001"], "birth_date": ["1970-03-12"], "regency": ["3328"], "sector": ["nelayan"]})
    assert again.evaluate_table(table)["total_cost"].equals(tegal.evaluate_table(table)["total_cost"])


def test_arrow_batches_in_batches_out(tegal: iuran.Policy) -> None:
    ex = example()
    import pyarrow.csv as pacsv

    names = SAMPLE.read_text(encoding="utf-8").split("\n", 1)[0].strip().split(",")
    table = pacsv.read_csv(SAMPLE, convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names}))
    batches = list(ex.evaluate_batches(tegal)(table.to_batches(max_chunksize=1000)))
    assert [b.num_rows for b in batches] == [1000, 1000, 1000]
    assert all(isinstance(b, pa.RecordBatch) for b in batches)
    # Per batch, so duplicates across batches are not seen: at least as many eligible.
    eligible = sum(pa.compute.sum(b.column(b.schema.get_field_index("eligible"))).as_py() for b in batches)
    assert eligible >= tegal.evaluate_csv(SAMPLE).summary.eligible


def test_ceilings_are_allocated_in_one_call(tegal: iuran.Policy) -> None:
    ex = example()
    spec = tegal.spec
    spec["funding"][0]["budget"] = "672000"  # ten workers at Rp 67,200
    tight = iuran.Policy.from_dict(spec)
    whole = tight.evaluate_table(pd.read_csv(SAMPLE, dtype=str, keep_default_na=False))
    per_partition = ex.evaluate_partitions(ex.read_roster(SAMPLE, partitions=5), tight).compute()
    # Per partition, every partition spends the whole budget: more than ten are funded.
    assert (per_partition["funding_source"] == "dbhcht").sum() > 10
    allocated = ex.evaluate_with_ceilings(ex.read_roster(SAMPLE, partitions=5), tight)
    funded = allocated[allocated["funding_source"] == "dbhcht"]
    assert len(funded) == 10
    assert funded["nik"].tolist() == whole[whole["funding_source"] == "dbhcht"]["nik"].tolist()
    assert allocated["total_cost"].sum() == whole["total_cost"].sum()
