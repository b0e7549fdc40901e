"""A national-size roster on Dask: the same ``Policy.evaluate_table`` call on every
partition.

A Dask DataFrame is a sequence of pandas DataFrames (partitions). ``evaluate_partitions``
maps ``policy.evaluate_table`` over them with ``map_partitions``: each partition crosses
into the Rust core as Arrow columns, is evaluated with the GIL released, and comes back
as the same pandas partition plus the decision columns (money as exact
``decimal128(18, 0)``). The policy pickles by its spec, so the same code runs on a
multi-process or distributed scheduler.

The same call works in any engine that hands out Arrow batches — see
``evaluate_batches``, shaped for PySpark's ``DataFrame.mapInArrow``::

    decided = spark_df.mapInArrow(evaluate_batches(policy), schema=decided_schema)

Two things are decided per call, so here per partition:

- **Duplicate NIKs across partitions are not seen.** ``evaluate_table`` flags a NIK that
  repeats an earlier row *of the same call*, so each partition is checked only against
  itself: a NIK that appears in two partitions is paid twice. Deduplicate the roster
  before (``ddf.drop_duplicates("nik")``), or repartition so that every copy of a NIK
  lands in one partition (``ddf.shuffle("nik")``, which also changes which copy counts
  as the first) when the roster may repeat people.
- **Budget ceilings are allocated per call.** Every partition is allocated against the
  whole budget of each funding source. When the eligible workers may exceed a ceiling,
  use ``evaluate_with_ceilings``: the partitions are evaluated with the ceilings
  removed (who is eligible, what each costs), then the eligible rows — far fewer —
  are brought together, in roster order, and evaluated in one call with the real
  policy, which allocates the ceilings in its priority order.

Run it from the repository root::

    python examples/distributed/dask_example.py
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Optional

import dask.dataframe as dd

import iuran

ROOT = Path(__file__).resolve().parents[2]
POLICY = ROOT / "examples" / "policies" / "tegal-2025.toml"
ROSTER = ROOT / "examples" / "data" / "sample-tegal-2025.csv"


def evaluate_partitions(
    ddf: dd.DataFrame, policy: iuran.Policy, columns: Optional[Mapping[str, str]] = None
) -> dd.DataFrame:
    """Every partition of ``ddf`` with the decision columns appended (lazy)."""
    # Dask needs the output's columns and dtypes up front: evaluating the empty
    # "meta" frame gives exactly those.
    meta = policy.evaluate_table(ddf._meta, columns=columns)
    return ddf.map_partitions(policy.evaluate_table, columns=columns, meta=meta)


def without_budgets(policy: iuran.Policy) -> iuran.Policy:
    """The same policy with no budget ceilings (the spec minus its ``budget`` fields)."""
    spec = policy.spec
    for source in spec["funding"]:
        source.pop("budget", None)
    return iuran.Policy.from_dict(spec)


def evaluate_with_ceilings(ddf: dd.DataFrame, policy: iuran.Policy) -> Any:
    """The eligible rows of ``ddf`` (a pandas DataFrame), allocated under the policy's
    budget ceilings in one call: funded rows are eligible, the rest wait
    (``budget_exhausted``)."""
    decided = evaluate_partitions(ddf, without_budgets(policy))
    eligible = decided[decided["eligible"]][list(ddf.columns)].compute()
    return policy.evaluate_table(eligible)


def evaluate_batches(policy: iuran.Policy) -> Callable[[Iterable[Any]], Iterator[Any]]:
    """A function from Arrow record batches to evaluated record batches, the shape
    PySpark's ``mapInArrow`` (and other Arrow-batch engines) take."""

    def run(batches: Iterable[Any]) -> Iterator[Any]:
        for batch in batches:
            yield policy.evaluate_table(batch)

    return run


def read_roster(path: Path = ROSTER, partitions: int = 4) -> dd.DataFrame:
    """A roster CSV as a Dask DataFrame, every column as text (as written)."""
    ddf = dd.read_csv(path, dtype=str, keep_default_na=False)
    return ddf.repartition(npartitions=partitions)


def main() -> None:
    policy = iuran.Policy.from_file(POLICY)
    decided = evaluate_partitions(read_roster(), policy)
    table = decided.compute()
    print(f"{len(table)} rows, {int(table['eligible'].sum())} eligible")
    by_source = table.groupby("funding_source")["total_cost"].sum()
    for source, cost in by_source.items():
        print(f"  {source:<8} Rp {cost:,}")
    print(f"  total    Rp {table['total_cost'].sum():,}")


if __name__ == "__main__":
    main()
