"""A national-size roster on Dask, decided as one roster.

A Dask DataFrame is a sequence of pandas DataFrames (partitions). ``iuran.dask.evaluate``
returns it with the decision columns appended (money as exact ``decimal128(18, 0)``),
and the answers are those of one ``Policy.evaluate_table`` call on the whole roster,
whatever the partitioning:

- a NIK that appears again in a later partition is ``duplicate_nik`` on its later row
  (only a salted hash of each NIK travels between workers, shuffled by Dask);
- budget ceilings and ``max_workers`` are allocated once, over every eligible row of
  the roster, in the policy's priority order; the rows the budgets cannot fund wait
  (``budget_exhausted``, with their place in the waiting list).

Each partition crosses into the Rust core as Arrow columns and is decided with the GIL
released; the policy travels to the workers as its spec (JSON), so the same code runs
on the threaded, multi-process or ``distributed`` scheduler. ``iuran.dask.summarize``
gathers only each partition's totals. The same on Spark::

    import iuran.spark
    decided = iuran.spark.evaluate(spark_df, policy)

Run it from the repository root::

    python examples/distributed/dask_example.py
"""

from __future__ import annotations

from pathlib import Path

import dask.dataframe as dd

import iuran
import iuran.dask

ROOT = Path(__file__).resolve().parents[2]
POLICY = ROOT / "examples" / "policies" / "tegal-2025.toml"
ROSTER = ROOT / "examples" / "data" / "sample-tegal-2025.csv"


def read_roster(path: Path = ROSTER, partitions: int = 4) -> dd.DataFrame:
    """A roster CSV as a Dask DataFrame, every column as text (as written)."""
    ddf = dd.read_csv(path, dtype=str, keep_default_na=False)
    return ddf.repartition(npartitions=partitions)


def main() -> None:
    policy = iuran.Policy.from_file(POLICY)
    roster = read_roster()
    table = iuran.dask.evaluate(roster, policy).compute()
    print(f"{len(table)} rows, {int(table['eligible'].sum())} eligible")
    by_source = table.groupby("funding_source", observed=True)["total_cost"].sum()
    for source, cost in by_source.items():
        print(f"  {source:<8} Rp {cost:,}")
    summary = iuran.dask.summarize(roster, policy)
    print(f"  total    Rp {summary.total_cost:,}")


if __name__ == "__main__":
    main()
