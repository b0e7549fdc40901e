"""A roster as a Dask DataFrame, decided as one roster::

    import iuran.dask

    decided = iuran.dask.evaluate(ddf, policy)     # a Dask DataFrame: rows + decisions
    summary = iuran.dask.summarize(ddf, policy)    # an iuran.Summary

The answers are those of one :meth:`iuran.Policy.evaluate_table` call on the whole
roster (the partitions concatenated in order), whatever the partitioning: a NIK in two
partitions is a ``duplicate_nik`` on its later row, and budget ceilings and
``max_workers`` are allocated once over the whole roster's eligible rows (see
:mod:`iuran.partitions` for the passes). Calling :func:`evaluate` runs the first passes
at once — the roster is read for its NIKs, the keys are shuffled by Dask
(``DataFrame.shuffle``) and the duplicates gathered; under ceilings the eligible rows
are gathered and allocated — and returns a lazy DataFrame whose partitions are
decided when computed, each task carrying only its partition's context, which a
worker lets go once the task has read it (a worker holds the contexts of the partitions
it is deciding, not of every partition it decided). The policy
travels to the workers as its spec (JSON). Works on any scheduler: threads,
processes, ``distributed``.
"""

from __future__ import annotations

from typing import Any, Iterator, Mapping, Optional, Sequence

try:
    import dask
    import dask.dataframe as dd
except ImportError as e:  # pragma: no cover - the message is the point
    raise ImportError(
        "iuran.dask needs Dask: pip install 'dask[dataframe]' (and 'distributed' for a cluster)"
    ) from e

from . import ArgumentError, InternalError, Policy, Summary, partitions

__all__ = ["evaluate", "summarize"]


_spec = partitions.policy_spec
_policy = partitions.policy_from_spec


def _keys(part: Any, salt: int, nik: str, partition_info: Optional[dict[str, Any]] = None) -> Any:
    # Dask passes `partition_info` (the partition's number) to a function that takes it.
    partition = 0 if partition_info is None else int(partition_info["number"])
    return partitions.nik_keys(part[[nik]], partition=partition, salt=salt, columns={"nik": nik}).to_pandas()


def _first(keys: Any) -> Any:
    import pyarrow as pa

    return partitions.first_occurrences(pa.Table.from_pandas(keys, preserve_index=False)).to_pandas()


def _uniform(frame: Any) -> Any:
    """The decision columns' categories as text even where a partition has none (an
    empty dictionary comes back with ``object`` categories), so partitions concatenate."""
    import pandas as pd

    for name in frame.columns:
        column = frame[name]
        if isinstance(column.dtype, pd.CategoricalDtype) and len(column.cat.categories) == 0:
            frame[name] = column.cat.set_categories(pd.Index([], dtype="str"))
    return frame


class _Context:
    """A partition's context as a task's argument, let go by the task once read.

    A ``distributed`` worker keeps a finished task's spec, arguments included, for as
    long as a task that depends on it is kept: ``to_parquet`` keeps every partition's
    write task until its last task, so a worker would hold the context of every
    partition it decided. A copy made by unpickling (what a worker or a process
    receives) hands its bytes over once and keeps none; the one made on the driver
    (also what the threaded scheduler runs) keeps them, so a graph can be computed
    again. A copy read twice is an error, never a wrong answer."""

    __slots__ = ("_bytes", "_once")

    def __init__(self, context: bytes, once: bool = False) -> None:
        self._bytes: Optional[bytes] = context
        self._once = once

    def __reduce__(self) -> tuple[Any, tuple[Optional[bytes], bool]]:
        return (_Context, (self._bytes, True))

    def take(self) -> bytes:
        context = self._bytes
        if context is None:
            raise InternalError("iuran.dask: a partition's context was already read by its task")
        if self._once:
            self._bytes = None
        return context


def _candidates(part: Any, spec: str, context: _Context, columns: Optional[Mapping[str, str]]) -> bytes:
    return partitions.candidates(_policy(spec), part, context.take(), columns=columns)


def _evaluate(
    part: Any,
    spec: str,
    context: _Context,
    columns: Optional[Mapping[str, str]],
    with_sector: bool,
    outputs: Optional[list[str]],
) -> Any:
    return _uniform(
        partitions.evaluate(
            _policy(spec), part, context.take(), columns=columns, with_sector=with_sector, outputs=outputs
        )
    )


def _summarize(part: Any, spec: str, context: _Context, columns: Optional[Mapping[str, str]]) -> str:
    return partitions.summarize(_policy(spec), part, context.take(), columns=columns)


def _each(tasks: list[Any]) -> Iterator[Any]:
    """The tasks' results, each let go of once read. On a ``distributed`` cluster, in
    the order they finish, each released on its worker as it reaches this process (a
    worker then holds no finished partition's candidates while the others run); on
    another scheduler, computed together and handed over one at a time."""
    from dask.base import get_scheduler

    client: Any = getattr(get_scheduler(), "__self__", None)
    try:
        import distributed
    except ImportError:  # pragma: no cover - Dask without distributed
        client = None
    if client is None or not isinstance(client, distributed.Client):
        yield from partitions.drained(list(dask.compute(tasks)[0]))
        return
    submit: Any = client.compute
    futures = submit(tasks)
    finishing: Any = distributed.as_completed
    for future, result in finishing(futures, with_results=True):
        future.release()
        del future
        yield result
        del result


def _parts(ddf: dd.DataFrame, made: list[bytes]) -> list[Any]:
    """The partitions as delayed objects, one per context."""
    parts = ddf.to_delayed()
    if len(parts) != len(made):
        raise ArgumentError(
            f"argument `ddf`: {len(parts)} partitions, but {len(made)} when the contexts were made: "
            "the partitions must come back the same on every pass",
            code="argument",
            field="ddf",
        )
    return list(parts)


def contexts(ddf: dd.DataFrame, policy: Policy, *, columns: Optional[Mapping[str, str]] = None) -> list[bytes]:
    """Every partition's context (passes 1 to 4 of :mod:`iuran.partitions`), computed
    now: the lengths and the NIKs' keys, the keys shuffled by Dask and the
    duplicates gathered, and under ceilings the candidates gathered and allocated."""
    import pandas as pd
    import pyarrow as pa

    spec = _spec(policy)
    nik = dict(columns or {}).get("nik", "nik")
    if nik in ddf.columns:
        # Every pass maps over `ddf` itself: a projection (`ddf[[nik]]`) may be read in
        # other partitions (Dask fuses small row groups by the columns read).
        salt = partitions.new_salt()
        keys = ddf.map_partitions(
            _keys,
            salt,
            nik,
            meta=pd.DataFrame({c: pd.Series(dtype="int64") for c in partitions.KEY_COLUMNS}),
        )
        groups = keys.shuffle(on=["key_hi", "key_lo"], npartitions=max(1, ddf.npartitions))
        duplicates = groups.map_partitions(
            _first,
            meta=pd.DataFrame({c: pd.Series(dtype="int64") for c in partitions.DUPLICATE_COLUMNS}),
        )
        # One computation: the roster is read once for both.
        counted, found = dask.compute(ddf.map_partitions(len), duplicates)
        found = pa.Table.from_pandas(found, preserve_index=False)
    else:
        counted = ddf.map_partitions(len).compute()
        found = pa.table({c: pa.array([], pa.int64()) for c in partitions.DUPLICATE_COLUMNS})
    lengths = [int(n) for n in counted]
    made = partitions.contexts(lengths, found)
    if partitions.has_ceilings(policy):
        found_candidates = [
            dask.delayed(_candidates)(p, spec, _Context(c), columns) for p, c in zip(_parts(ddf, made), made)
        ]
        placements = partitions.allocate(policy, _each(found_candidates))
        made = partitions.contexts(lengths, found, placements)
    return made


def evaluate(
    ddf: dd.DataFrame,
    policy: Policy,
    *,
    columns: Optional[Mapping[str, str]] = None,
    with_sector: bool = False,
    outputs: Optional[Sequence[str]] = None,
) -> dd.DataFrame:
    """Every row of ``ddf`` with the decision columns appended, as
    :meth:`iuran.Policy.evaluate_table` on the whole roster gives them (same
    ``columns``, ``with_sector``, ``outputs``). Lazy in the answers; the duplicates
    and the allocation are found when called."""
    spec = _spec(policy)
    chosen = None if outputs is None else list(outputs)
    meta = _uniform(policy.evaluate_table(ddf._meta, columns=columns, with_sector=with_sector, outputs=chosen))
    made = contexts(ddf, policy, columns=columns)
    parts = [
        dask.delayed(_evaluate)(p, spec, _Context(c), columns, with_sector, chosen)
        for p, c in zip(_parts(ddf, made), made)
    ]
    return dd.from_delayed(parts, meta=meta, divisions=ddf.divisions, verify_meta=False)


def summarize(
    ddf: dd.DataFrame, policy: Policy, *, columns: Optional[Mapping[str, str]] = None
) -> Summary:
    """The totals of ``ddf`` as one roster (as :meth:`iuran.Policy.summarize_table`
    gives them), computed now; only each partition's totals are gathered."""
    spec = _spec(policy)
    made = contexts(ddf, policy, columns=columns)
    parts = [dask.delayed(_summarize)(p, spec, _Context(c), columns) for p, c in zip(_parts(ddf, made), made)]
    return partitions.add_summaries(dask.compute(parts)[0])
