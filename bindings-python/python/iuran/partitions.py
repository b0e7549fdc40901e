"""A roster held in partitions, decided as one roster: the pieces any engine needs.

``iuran.dask`` and ``iuran.spark`` are built from these; another engine (Ray, a job
queue, files on many machines) can be too. The answers are those of one
:meth:`iuran.Policy.evaluate_table` call on the partitions concatenated in order,
whatever the partitioning: a NIK in two partitions is a duplicate on its later row
(pointing at the first), and budget ceilings and ``max_workers`` are allocated once
over every eligible row of the roster. The passes:

1. :func:`nik_keys` per partition: each row's NIK as a salted 128-bit hash (the NIK
   itself never leaves its partition) with its row order (partition and offset); and
   each partition's length.
2. The engine shuffles the keys by ``key_hi``, ``key_lo`` so every copy of a key is in
   one group; :func:`first_occurrences` per group; the results are gathered.
3. :func:`contexts`: one context (bytes) per partition from the lengths and the
   duplicates.
4. Only when ``policy.has_ceilings``: :func:`candidates` per partition, gathered;
   :func:`allocate` once; :func:`contexts` again with the placements.
5. :func:`evaluate` (or :func:`summarize`) per partition with its context; summaries
   add up with :func:`add_summaries`.

Every partition must come back with the same rows in the same order on every pass
(Dask partitions do; a Spark DataFrame does when read from files or checkpointed).
A partition may be handed over in batches: give each its ``offset`` in the partition
(without ``offset`` a table is the whole partition, and must have all its rows).
"""

from __future__ import annotations

import functools
import json
import secrets
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping, Optional, Sequence

from . import _native, _tables
from ._native import Summary

if TYPE_CHECKING:
    from . import Policy

__all__ = [
    "policy_spec",
    "policy_from_spec",
    "has_ceilings",
    "new_salt",
    "nik_keys",
    "first_occurrences",
    "contexts",
    "candidates",
    "allocate",
    "drained",
    "context_rows",
    "evaluate",
    "summarize",
    "add_summaries",
    "KEY_COLUMNS",
    "DUPLICATE_COLUMNS",
]

#: The columns of :func:`nik_keys`' table (all ``int64``): the row's order
#: (``partition << 33 | offset``, as Spark's ``monotonically_increasing_id``) and its key.
KEY_COLUMNS: tuple[str, str, str] = ("order", "key_hi", "key_lo")

#: The columns of :func:`first_occurrences`' table (``int64``): a repeating row's order
#: and the order of the first row with its NIK.
DUPLICATE_COLUMNS: tuple[str, str] = ("order", "first")


def _policy(policy: Any) -> _native.Policy:
    native = getattr(policy, "_native", None)
    if not isinstance(native, _native.Policy):
        raise TypeError("policy must be an iuran.Policy")
    return native


def _arrow(table: Any, columns: Optional[Mapping[str, str]]) -> tuple[str, Any, Any, list[str], dict[str, str]]:
    return _tables.arrow_input(table, columns)


def policy_spec(policy: Policy) -> str:
    """What an engine ships to its workers: the policy's spec as JSON."""
    from . import Policy  # noqa: F811 (at run time, after the package is loaded)

    if not isinstance(policy, Policy):
        raise TypeError("policy must be an iuran.Policy")
    return json.dumps(policy.spec)


@functools.lru_cache(maxsize=8)
def policy_from_spec(spec: str) -> Policy:
    """The policy a worker compiles from :func:`policy_spec`'s JSON, once per process."""
    from . import Policy  # noqa: F811 (at run time, after the package is loaded)

    return Policy.from_json(spec)


def has_ceilings(policy: Any) -> bool:
    """Whether the policy has budget ceilings (a ``budget`` or ``max_workers``): its
    partitions' candidates are then allocated together (pass 4) before they are
    decided."""
    return _native._has_ceilings(_policy(policy))


def new_salt() -> int:
    """A fresh salt for one evaluation's keys (every partition must use the same)."""
    return secrets.randbits(63)


def nik_keys(
    table: Any,
    *,
    partition: int,
    salt: int,
    offset: int = 0,
    columns: Optional[Mapping[str, str]] = None,
) -> Any:
    """The keys of a partition's rows that have a NIK: a pyarrow Table of
    :data:`KEY_COLUMNS`. ``partition`` counts from 0 in roster order; ``offset`` is
    the first row's offset in the partition (for a partition handed over in
    batches)."""
    import pyarrow as pa

    _, _, data, names, mapping = _arrow(table, columns)
    return pa.table(_native._nik_keys(data, mapping, partition, offset, salt, names=names))


def first_occurrences(keys: Any) -> Any:
    """Of keyed rows (a table of :data:`KEY_COLUMNS`) that hold every copy of their
    keys, each row repeating an earlier one, with the first one's order: a pyarrow
    Table of :data:`DUPLICATE_COLUMNS`."""
    import pyarrow as pa

    _, _, data, _, _ = _arrow(keys, None)
    return pa.table(_native._first_occurrences(data))


def contexts(lengths: Sequence[int], duplicates: Any, placements: Optional[bytes] = None) -> list[bytes]:
    """One context (bytes) per partition, from the partitions' lengths in roster
    order, every duplicate (a table of :data:`DUPLICATE_COLUMNS`, gathered from every
    group) and, under ceilings, the placements from :func:`allocate`."""
    _, _, data, _, _ = _arrow(duplicates, None)
    return _native._contexts([int(n) for n in lengths], data, placements)


def candidates(
    policy: Any,
    table: Any,
    context: bytes,
    *,
    offset: Optional[int] = None,
    columns: Optional[Mapping[str, str]] = None,
) -> bytes:
    """A partition's eligible rows as allocation candidates (bytes, for
    :func:`allocate`)."""
    _, _, data, names, mapping = _arrow(table, columns)
    return _native._partition_candidates(_policy(policy), data, mapping, context, offset, names=names)


def context_rows(context: bytes) -> int:
    """The rows of the partition a context was made for (an engine that hands a
    partition over in batches checks it saw them all)."""
    return _native._context_rows(context)


def allocate(policy: Any, parts: Iterable[bytes]) -> bytes:
    """Every partition's candidates allocated together, as one evaluation of the whole
    roster allocates them: the placements (bytes, for :func:`contexts`). ``parts`` is
    read one at a time; an engine that gathered them can pass :func:`drained` of its
    list, so that each part's bytes are let go once read."""
    return _native._allocate_partitions(_policy(policy), iter(parts))


def drained(parts: list[Any]) -> Iterator[Any]:
    """The items of ``parts``, taken out of it one at a time (the list ends empty): a
    list of gathered candidates handed to :func:`allocate` without holding them
    twice."""
    parts.reverse()
    while parts:
        yield parts.pop()


def evaluate(
    policy: Any,
    table: Any,
    context: bytes,
    *,
    offset: Optional[int] = None,
    columns: Optional[Mapping[str, str]] = None,
    with_sector: bool = False,
    outputs: Optional[Sequence[str]] = None,
) -> Any:
    """A partition (or a batch of it starting at ``offset``) decided as part of the
    whole roster: the same kind of table with the decision columns, as
    :meth:`iuran.Policy.evaluate_table` gives."""
    kind, table, data, names, mapping = _arrow(table, columns)
    out, _ = _native._evaluate_partition(
        _policy(policy),
        data,
        mapping,
        context,
        offset,
        names=names,
        with_sector=with_sector,
        outputs=None if outputs is None else list(outputs),
    )
    return _tables._attach(kind, table, out)


def summarize(
    policy: Any,
    table: Any,
    context: bytes,
    *,
    offset: Optional[int] = None,
    columns: Optional[Mapping[str, str]] = None,
) -> str:
    """A partition's (or a batch's) totals as the core's JSON, for
    :func:`add_summaries`."""
    _, _, data, names, mapping = _arrow(table, columns)
    _, summary = _native._evaluate_partition(
        _policy(policy), data, mapping, context, offset, names=names, table=False, summary=True
    )
    assert summary is not None
    return summary


def add_summaries(parts: Iterable[str]) -> Summary:
    """The partitions' totals (from :func:`summarize`) added up: the
    :class:`iuran.Summary` of the whole roster."""
    return _native._add_summaries(list(parts))
