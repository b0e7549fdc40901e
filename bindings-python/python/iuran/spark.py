"""A roster as a Spark DataFrame, decided as one roster::

    import iuran.spark

    decided = iuran.spark.evaluate(df, policy)     # a Spark DataFrame: rows + decisions
    summary = iuran.spark.summarize(df, policy)    # an iuran.Summary

The answers are those of one :meth:`iuran.Policy.evaluate_table` call on the whole
roster (the partitions concatenated in order), whatever the partitioning: a NIK in two
partitions is a ``duplicate_nik`` on its later row, and budget ceilings and
``max_workers`` are allocated once over the whole roster's eligible rows (see
:mod:`iuran.partitions` for the passes). Every pass is ``DataFrame.mapInArrow``: the
NIK column's keys are repartitioned by Spark and the duplicates collected; under
ceilings the eligible rows are collected and allocated; each partition's context is
broadcast (a task loads its own) and each partition decided batch by batch (memory per task is one Arrow batch, whatever
the roster's size). The policy travels to the executors as its spec (JSON).

Spark decides the partitions: each must come back with the same rows in the same order
on every pass, as a DataFrame read from files or a checkpointed one does (call
``df.checkpoint()`` or ``df.localCheckpoint()`` first after a round-robin
``repartition``). Money is ``decimal(18,0)``; ``months`` and ``waiting_position`` are
``bigint``; ``reasons``, ``funding_source`` and ``sector_code`` are strings.
"""

from __future__ import annotations

from typing import Any, Iterator, Mapping, Optional, Sequence

try:
    from pyspark import TaskContext
    from pyspark.sql import DataFrame
    from pyspark.sql import types as T
except ImportError as e:  # pragma: no cover - the message is the point
    raise ImportError("iuran.spark needs PySpark: pip install pyspark (and Java 17 or later)") from e

from . import OUTPUT_COLUMNS, Policy, Summary, partitions
from ._native import SECTOR_COLUMN

__all__ = ["evaluate", "summarize"]


_spec = partitions.policy_spec
_policy = partitions.policy_from_spec


def _partition() -> int:
    context = TaskContext.get()
    assert context is not None, "run inside a Spark task"
    return context.partitionId()


def _ship(df: DataFrame, contexts: list[bytes]) -> list[Any]:
    """One broadcast per partition's context: a task loads only its own (a broadcast
    of the whole list would put every partition's context in every Python worker)."""
    context = df.sparkSession.sparkContext
    return [context.broadcast(c) for c in contexts]


def _take(shipped: list[Any]) -> bytes:
    """This task's partition's context. The loaded value is dropped from its broadcast
    handle, so a Python worker reused for many tasks holds no other partition's."""
    handle = shipped[_partition()]
    value: bytes = handle.value
    vars(handle).pop("_value", None)
    return value


def _saw_all(context: bytes, rows: int) -> None:
    """A partition handed over in batches came back whole (no batch left out)."""
    if rows != partitions.context_rows(context):
        from . import ArgumentError

        raise ArgumentError(
            f"argument `context`: a partition came back with {rows} rows, not the "
            f"{partitions.context_rows(context)} it had: the partitions must come back the same on every pass",
            code="argument",
            field="context",
        )


# Spark types of the decision columns.
_TYPES: dict[str, Any] = {
    "eligible": T.BooleanType(),
    "reasons": T.StringType(),
    "monthly_contribution": T.DecimalType(18, 0),
    "months": T.LongType(),
    "total_cost": T.DecimalType(18, 0),
    "funding_source": T.StringType(),
    "waiting_position": T.LongType(),
    SECTOR_COLUMN: T.StringType(),
}


def contexts(df: DataFrame, policy: Policy, *, columns: Optional[Mapping[str, str]] = None) -> list[bytes]:
    """Every partition's context (passes 1 to 4 of :mod:`iuran.partitions`), computed
    now: lengths and keys from the NIK column, the keys repartitioned by Spark and the
    duplicates collected, and under ceilings the candidates collected and
    allocated."""
    import pyarrow as pa

    spec = _spec(policy)
    mapping = dict(columns or {})
    nik = mapping.get("nik", "nik")
    n = df.rdd.getNumPartitions()
    has_nik = nik in df.columns
    salt = partitions.new_salt()

    def count(batches: Iterator[Any]) -> Iterator[Any]:
        rows = sum(b.num_rows for b in batches)
        yield pa.RecordBatch.from_pydict({"partition": [_partition()], "rows": [rows]})

    source = df.select(nik) if has_nik else df
    counted = {r["partition"]: r["rows"] for r in source.mapInArrow(count, "partition long, rows long").collect()}
    lengths = [int(counted.get(p, 0)) for p in range(n)]

    if has_nik:

        def keys(batches: Iterator[Any]) -> Iterator[Any]:
            partition, offset = _partition(), 0
            for b in batches:
                found = partitions.nik_keys(b, partition=partition, salt=salt, offset=offset, columns={"nik": nik})
                offset += b.num_rows
                yield from found.to_batches()

        def first(batches: Iterator[Any]) -> Iterator[Any]:
            table = pa.Table.from_batches(list(batches), schema=_KEYS)
            yield from partitions.first_occurrences(table).to_batches()

        keyed = df.select(nik).mapInArrow(keys, "order long, key_hi long, key_lo long")
        grouped = keyed.repartition(max(1, n), "key_hi", "key_lo")
        found = grouped.mapInArrow(first, "order long, first long").toArrow()
    else:
        found = pa.table({c: pa.array([], pa.int64()) for c in partitions.DUPLICATE_COLUMNS})
    made = partitions.contexts(lengths, found)
    if partitions.has_ceilings(policy):
        shipped = _ship(df, made)

        def candidates(batches: Iterator[Any]) -> Iterator[Any]:
            context, offset = _take(shipped), 0
            for b in batches:
                part = partitions.candidates(_policy(spec), b, context, offset=offset, columns=columns)
                offset += b.num_rows
                yield pa.RecordBatch.from_pydict({"candidates": [part]}, schema=_CANDIDATES)
            _saw_all(context, offset)

        # Collected (every partition at once; the candidates must fit within
        # `spark.driver.maxResultSize`), then handed to the allocation one batch's at a
        # time, each let go of once decoded.
        found_candidates = df.mapInArrow(candidates, "candidates binary").collect()
        placements = partitions.allocate(policy, (bytes(r["candidates"]) for r in partitions.drained(found_candidates)))
        for b in shipped:
            b.unpersist()
        made = partitions.contexts(lengths, found, placements)
    return made


def _decided(
    policy: Policy,
    context: bytes,
    batch: Any,
    offset: int,
    columns: Optional[Mapping[str, str]],
    with_sector: bool,
    outputs: Optional[list[str]],
    names: list[str],
) -> Any:
    """A batch decided, its decision columns in Spark's Arrow types."""
    import pyarrow as pa

    out = partitions.evaluate(
        policy, batch, context, offset=offset, columns=columns, with_sector=with_sector, outputs=outputs
    )
    arrays = []
    for name in out.schema.names:
        column = out.column(name)
        if name in names:
            if pa.types.is_dictionary(column.type):
                column = column.cast(pa.string())
            elif pa.types.is_unsigned_integer(column.type):
                column = column.cast(pa.int64())
        arrays.append(column)
    return pa.RecordBatch.from_arrays(arrays, names=out.schema.names)


def evaluate(
    df: DataFrame,
    policy: Policy,
    *,
    columns: Optional[Mapping[str, str]] = None,
    with_sector: bool = False,
    outputs: Optional[Sequence[str]] = None,
) -> DataFrame:
    """Every row of ``df`` with the decision columns appended, as
    :meth:`iuran.Policy.evaluate_table` on the whole roster gives them (same
    ``columns``, ``with_sector``, ``outputs``), through ``mapInArrow``. Lazy in the
    answers; the duplicates and the allocation are found when called."""
    spec = _spec(policy)
    chosen = None if outputs is None else list(outputs)
    names = [c for c in OUTPUT_COLUMNS if chosen is None or c in chosen]
    if with_sector:
        names.append(SECTOR_COLUMN)
    schema = T.StructType(list(df.schema.fields) + [T.StructField(c, _TYPES[c], True) for c in names])
    shipped = _ship(df, contexts(df, policy, columns=columns))

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        context, offset = _take(shipped), 0
        for b in batches:
            yield _decided(_policy(spec), context, b, offset, columns, with_sector, chosen, names)
            offset += b.num_rows
        _saw_all(context, offset)

    return df.mapInArrow(run, schema)


def summarize(df: DataFrame, policy: Policy, *, columns: Optional[Mapping[str, str]] = None) -> Summary:
    """The totals of ``df`` as one roster (as :meth:`iuran.Policy.summarize_table`
    gives them), computed now; only each batch's totals are collected."""
    import pyarrow as pa

    spec = _spec(policy)
    shipped = _ship(df, contexts(df, policy, columns=columns))

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        context, offset = _take(shipped), 0
        for b in batches:
            totals = partitions.summarize(_policy(spec), b, context, offset=offset, columns=columns)
            offset += b.num_rows
            yield pa.RecordBatch.from_pydict({"summary": [totals]})
        _saw_all(context, offset)

    parts = [r["summary"] for r in df.mapInArrow(run, "summary string").collect()]
    for b in shipped:
        b.unpersist()
    return partitions.add_summaries(parts)


def _schemas() -> tuple[Any, Any]:
    import pyarrow as pa

    keys = pa.schema([(c, pa.int64()) for c in partitions.KEY_COLUMNS])
    candidates = pa.schema([("candidates", pa.binary())])
    return keys, candidates


_KEYS, _CANDIDATES = _schemas()
