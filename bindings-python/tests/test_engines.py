"""National rosters on real schedulers: ``iuran.dask`` on a ``distributed`` cluster of
two worker processes and ``iuran.spark`` in local mode (``local[2]``, a JVM) give, row
for row, the answers of one ``evaluate_table`` call on the concatenated roster — with
NIKs repeated across partitions and budget ceilings that bind — for random rosters and
random partitionings."""

from __future__ import annotations

import importlib
import os
import shutil
import sys
from functools import reduce
from typing import Any, Iterator

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import iuran
import iuran.partitions

from conftest import ROOT, SAMPLE, TEGAL

# Answers compared row by row (the input columns come back as they went in).
ANSWERS = ["eligible", "reasons", "monthly_contribution", "months", "total_cost", "funding_source", "waiting_position"]

# A pool of NIKs: valid ones whose embedded birth date is BIRTH (men born 1970-03-12),
# the same NIK with spaces around it, one of a woman born 1980-03-10, and a text that is
# not a NIK. Rows draw from it with repeats, so duplicates fall across partitions.
BIRTH = "1970-03-12"
POOL = [f"33280112037{k:05d}" for k in range(1, 30)] + [" 3328011203700001 ", "3328015003800002", "bukan nik"]
SECTORS = ["Petani Tembakau", "nelayan", "pedagang", "petani cengkeh"]


def tight(dbhcht: int, apbd: int, seats: int | None) -> iuran.Policy:
    """Tegal 2025 with ceilings of so many workers at Rp 67,200 (4 months × 16,800)."""
    spec = iuran.Policy.from_file(TEGAL).spec
    spec["funding"][0]["budget"] = str(dbhcht * 67_200)
    spec["funding"][1]["budget"] = str(apbd * 67_200)
    if seats is not None:
        spec["funding"][1]["max_workers"] = seats
    spec["allocation"] = {"tie_break": ["lower_decile_first", "older_first"]}
    return iuran.Policy.from_dict(spec)


@st.composite
def rosters(draw: Any) -> tuple[pd.DataFrame, list[int], iuran.Policy]:
    n = draw(st.integers(0, 40))
    nik = draw(st.lists(st.sampled_from(POOL), min_size=n, max_size=n))
    birth = [("1980-03-10" if k == "3328015003800002" else BIRTH) for k in nik]
    sector = draw(st.lists(st.sampled_from(SECTORS), min_size=n, max_size=n))
    decile = draw(st.lists(st.sampled_from(["1", "4", "9", ""]), min_size=n, max_size=n))
    df = pd.DataFrame(
        {"nik": nik, "birth_date": birth, "regency": ["3328"] * n, "sector": sector, "welfare_decile": decile},
        dtype="string",
    )
    cuts = sorted(draw(st.lists(st.integers(0, n), max_size=4)))
    ceilings = draw(st.one_of(st.none(), st.tuples(st.integers(0, 8), st.integers(0, 4), st.one_of(st.none(), st.integers(1, 3)))))
    policy = iuran.Policy.from_file(TEGAL) if ceilings is None else tight(*ceilings)
    return df, [0, *cuts, n], policy


def answers(table: Any) -> list[tuple[Any, ...]]:
    """The answer columns of a table (pandas or Arrow), row by row, as plain values."""
    if isinstance(table, pd.DataFrame):
        table = pa.Table.from_pandas(table[ANSWERS], preserve_index=False)
    columns = []
    for name in ANSWERS:
        column = table.column(name)
        if pa.types.is_dictionary(column.type):
            column = column.cast(pa.string())
        values = column.to_pylist()
        if name in ("months", "waiting_position"):
            values = [None if v is None else int(v) for v in values]
        columns.append(values)
    return list(zip(*columns))


def one_call(df: pd.DataFrame, policy: iuran.Policy) -> list[tuple[Any, ...]]:
    return answers(policy.evaluate_table(df))


# -- Dask: a LocalCluster of two worker processes -----------------------------------


@pytest.fixture(scope="module")
def dask_client() -> Iterator[Any]:
    from distributed import Client, LocalCluster

    with LocalCluster(processes=True, n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            yield client


def dask_frame(df: pd.DataFrame, cuts: list[int]) -> Any:
    """``df`` as a Dask DataFrame cut at ``cuts`` (empty partitions included)."""
    import dask
    import dask.dataframe as dd

    parts = [dask.delayed(df.iloc[lo:hi].reset_index(drop=True)) for lo, hi in zip(cuts, cuts[1:])]
    return dd.from_delayed(parts, meta=df.iloc[:0], verify_meta=False)


@given(case=rosters())
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_dask_partitions_answer_as_one_call(dask_client: Any, case: Any) -> None:
    import iuran.dask

    df, cuts, policy = case
    ddf = dask_frame(df, cuts)
    assert ddf.npartitions == len(cuts) - 1
    decided = iuran.dask.evaluate(ddf, policy).compute()
    assert decided["nik"].tolist() == df["nik"].tolist()  # every row, in order
    assert answers(decided) == one_call(df, policy)
    assert iuran.dask.summarize(ddf, policy) == policy.summarize_table(df)


def test_dask_sample_roster_with_binding_ceilings(dask_client: Any) -> None:
    """The 3,000-row sample read by Dask in five partitions, Rp 672,000 for DBHCHT (ten
    workers): the ten funded and the waiting list are those of one call."""
    import dask.dataframe as dd

    import iuran.dask

    policy = tight(10, 1000, None)
    ddf = dd.read_csv(SAMPLE, dtype=str, keep_default_na=False).repartition(npartitions=5)
    whole = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    decided = iuran.dask.evaluate(ddf, policy).compute()
    assert answers(decided) == one_call(whole, policy)
    assert (decided["funding_source"] == "dbhcht").sum() == 10
    assert decided["total_cost"].dtype == pd.ArrowDtype(pa.decimal128(18, 0))


def test_dask_parquet_row_groups(dask_client: Any, tmp_path: Any) -> None:
    """A roster read from Parquet files of several row groups (Dask may fuse row groups
    differently for different columns read: every pass reads the same partitions)."""
    import dask.dataframe as dd
    import pyarrow.parquet as pq

    import iuran.dask

    policy = tight(10, 3, None)
    whole = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    table = pa.Table.from_pandas(whole, preserve_index=False)
    for k, lo in enumerate(range(0, 3000, 1000)):
        pq.write_table(table.slice(lo, 1000), tmp_path / f"part-{k}.parquet", row_group_size=250)
    ddf = dd.read_parquet(tmp_path, split_row_groups=True)
    decided = iuran.dask.evaluate(ddf, policy).compute()
    assert answers(decided) == one_call(whole, policy)


def held_bytes(obj: Any, seen: set[int]) -> int:
    """The bytes objects reachable from ``obj`` (a task's spec: its nodes and their
    arguments, through containers and iuran's own objects), counted once each."""
    from dask._task_spec import GraphNode

    if id(obj) in seen:
        return 0
    seen.add(id(obj))
    if isinstance(obj, (bytes, bytearray)):
        return 1
    if isinstance(obj, dict):
        return sum(held_bytes(v, seen) for v in obj.values())
    if isinstance(obj, (list, tuple, set, frozenset)):
        return sum(held_bytes(v, seen) for v in obj)
    if not isinstance(obj, GraphNode) and not type(obj).__module__.startswith("iuran"):
        return 0  # the partitions' data, functions, numbers, text
    found = 0
    for cls in type(obj).__mro__:
        slots = getattr(cls, "__slots__", ())
        for name in [slots] if isinstance(slots, str) else slots:
            found += held_bytes(getattr(obj, name, None), seen)
    return found + held_bytes(getattr(obj, "__dict__", None), seen)


def kept_contexts(dask_worker: Any) -> int:
    """On a worker, the bytes held by the specs of the tasks it keeps."""
    seen: set[int] = set()
    return sum(held_bytes(ts.run_spec, seen) for ts in list(dask_worker.state.tasks.values()))


def test_dask_workers_let_go_of_each_context_once_decided(dask_client: Any) -> None:
    """A worker keeps a decided partition's task (its spec with its arguments) while a
    task that depends on it is kept — ``to_parquet`` keeps every write until its last
    task, and here the lengths are kept: no kept task may still hold its partition's
    context, or a worker's memory grows with every partition it decides."""
    from distributed import wait

    import iuran.dask

    df = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    ddf = dask_frame(df, [0, 500, 1000, 1500, 2000, 2500, 3000])
    policy = tight(10, 3, None)
    decided = iuran.dask.evaluate(ddf, policy)
    lengths = dask_client.persist(decided.map_partitions(len))
    wait(lengths)
    assert sum(lengths.compute()) == 3000
    kept = dask_client.run(lambda dask_worker: len(dask_worker.state.tasks))
    assert sum(kept.values()) >= 6  # the lengths, and the tasks they depend on
    assert dask_client.run(kept_contexts) == {w: 0 for w in kept}
    del lengths
    # The graph itself keeps every context: it can be computed again, by any scheduler.
    assert answers(decided.compute()) == answers(decided.compute(scheduler="threads")) == one_call(df, policy)


def test_dask_context_copies_hand_their_bytes_over_once() -> None:
    """A context a worker unpickles is read once and then held by nobody; the driver's
    own is read as often as a graph is computed; a copy read twice is an error."""
    import pickle

    from iuran.dask import _Context

    mine = _Context(b"context")
    assert mine.take() == mine.take() == b"context"
    copy = pickle.loads(pickle.dumps(mine))
    assert copy.take() == b"context"
    with pytest.raises(iuran.InternalError, match="already read"):
        copy.take()
    assert pickle.loads(pickle.dumps(mine)).take() == b"context"


# -- Spark: local[2], a JVM ---------------------------------------------------------


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    if shutil.which("java") is None and "JAVA_HOME" not in os.environ:
        pytest.fail("Java is not installed: bindings-python/test.sh installs openjdk-17-jre-headless")
    from pyspark.sql import SparkSession

    # The JVM resolves relative paths from the directory it starts in: the repository
    # root, as the README's Spark block (which reuses this session) expects.
    here = os.getcwd()
    os.chdir(ROOT)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("iuran-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    os.chdir(here)
    session.sparkContext.setLogLevel("ERROR")
    # Left running for the README's Spark block (one JVM per test run); it ends with
    # the Python process.
    yield session


def spark_frame(session: Any, df: pd.DataFrame, cuts: list[int]) -> Any:
    """``df`` (text columns) as a Spark DataFrame whose partitions are the slices at
    ``cuts`` (a slice may come as one partition or two, or none when empty), in
    order."""
    schema = ", ".join(f"{c} string" for c in df.columns)
    parts = [
        session.createDataFrame(df.iloc[lo:hi].astype(object).to_dict("records") or [], schema=schema)
        for lo, hi in zip(cuts, cuts[1:])
    ]
    return reduce(lambda a, b: a.union(b), parts)


@given(case=rosters())
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_spark_partitions_answer_as_one_call(spark: Any, case: Any) -> None:
    import iuran.spark

    df, cuts, policy = case
    sdf = spark_frame(spark, df, cuts)
    decided = iuran.spark.evaluate(sdf, policy).toArrow()
    assert decided.column("nik").to_pylist() == df["nik"].tolist()
    assert answers(decided) == one_call(df, policy)
    assert iuran.spark.summarize(sdf, policy) == policy.summarize_table(df)


def test_spark_sample_roster_with_binding_ceilings(spark: Any) -> None:
    """The 3,000-row sample in Spark partitions cut unevenly, Rp 672,000 for DBHCHT
    (ten workers): the ten funded and the waiting list are those of one call."""
    import iuran.spark

    policy = tight(10, 1000, None)
    whole = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    sdf = spark_frame(spark, whole, [0, 700, 2100, 3000])
    decided = iuran.spark.evaluate(sdf, policy, with_sector=True)
    assert dict(decided.dtypes)["total_cost"] == "decimal(18,0)"
    got = decided.toArrow()
    assert answers(got) == one_call(whole, policy)
    assert pa.compute.sum(pa.compute.equal(got.column("funding_source"), "dbhcht")).as_py() == 10


# -- the pieces, and their guards ---------------------------------------------------


def test_keys_are_hashes_and_contexts_check_their_partition(tegal: iuran.Policy) -> None:
    spec = tegal.spec
    for source in spec["funding"]:
        source.pop("budget")
    unlimited = iuran.Policy.from_dict(spec)
    assert not iuran.partitions.has_ceilings(unlimited) and iuran.partitions.has_ceilings(tegal)
    table = pa.table({"nik": ["3328011203700001", " 3328011203700001 ", None, "x"], "birth_date": [BIRTH] * 4,
                      "regency": ["3328"] * 4, "sector": ["nelayan"] * 4})
    salt = iuran.partitions.new_salt()
    keys = iuran.partitions.nik_keys(table, partition=3, salt=salt)
    assert keys.column_names == list(iuran.partitions.KEY_COLUMNS)
    assert keys.num_rows == 3  # the null cell has no key
    assert "3328011203700001" not in str(keys.to_pydict()) and "3328011203700001" not in repr(keys)
    assert keys.column("order").to_pylist() == [3 << 33, (3 << 33) + 1, (3 << 33) + 3]
    duplicates = iuran.partitions.first_occurrences(keys)
    assert duplicates.to_pydict() == {"order": [(3 << 33) + 1], "first": [3 << 33]}
    contexts = iuran.partitions.contexts([0, 0, 0, 4], duplicates)
    out = iuran.partitions.evaluate(unlimited, table, contexts[3])
    assert out.column("reasons").cast(pa.string()).to_pylist()[:2] == ["", "duplicate_nik"]
    with pytest.raises(iuran.ArgumentError, match="partitions must come back the same"):
        iuran.partitions.evaluate(unlimited, table.slice(1), contexts[3])
    with pytest.raises(iuran.ArgumentError, match="not a partition context"):
        iuran.partitions.evaluate(unlimited, table, b"junk")
    with pytest.raises(iuran.ArgumentError, match="budget ceilings"):
        iuran.partitions.evaluate(tegal, table, contexts[3])


def test_candidates_are_allocated_from_a_drained_list() -> None:
    policy = tight(2, 1, None)
    table = pa.table({"nik": POOL[:6], "birth_date": [BIRTH] * 6, "regency": ["3328"] * 6,
                      "sector": ["nelayan", "Petani Tembakau", "nelayan", "pedagang", "petani cengkeh", "nelayan"]})
    parts = [table.slice(0, 2), table.slice(2, 3), table.slice(5)]
    empty = pa.table({c: pa.array([], pa.int64()) for c in iuran.partitions.DUPLICATE_COLUMNS})
    contexts = iuran.partitions.contexts([p.num_rows for p in parts], empty)
    gathered = [iuran.partitions.candidates(policy, p, c) for p, c in zip(parts, contexts)]
    from_list = iuran.partitions.allocate(policy, gathered)
    taken = list(gathered)
    assert iuran.partitions.allocate(policy, iuran.partitions.drained(taken)) == from_list
    assert taken == []  # every part let go of as it was read
    placed = iuran.partitions.contexts([p.num_rows for p in parts], empty, from_list)
    decided = pa.concat_tables([iuran.partitions.evaluate(policy, p, c) for p, c in zip(parts, placed)])
    whole = policy.evaluate_table(table)
    for name in ("funding_source", "waiting_position"):
        assert decided.column(name).to_pylist() == whole.column(name).to_pylist(), name
    # One seat of APBD money for three fishers (rows 0, 2, 5), two of DBHCHT for the
    # two farmers (rows 1, 4); row 3 is a trader. Ties fall to roster order.
    assert whole.column("funding_source").to_pylist() == ["apbd", "dbhcht", None, None, "dbhcht", None]
    assert whole.column("waiting_position").to_pylist() == [None, None, 1, None, None, 2]
    with pytest.raises(TypeError):
        iuran.partitions.allocate(policy, [gathered[0], "not bytes"])


@pytest.mark.parametrize(("module", "engine"), [("iuran.dask", "dask"), ("iuran.spark", "pyspark")])
def test_an_engine_module_names_its_missing_engine(monkeypatch: pytest.MonkeyPatch, module: str, engine: str) -> None:
    monkeypatch.delitem(sys.modules, module, raising=False)
    for name in list(sys.modules):
        if name == engine or name.startswith(engine + "."):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, engine, None)  # `import engine` fails
    with pytest.raises(ImportError, match=f"pip install '?{engine}"):
        importlib.import_module(module)
    monkeypatch.delitem(sys.modules, module, raising=False)
