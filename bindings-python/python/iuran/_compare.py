"""A comparison of policy variants on one roster, as DataFrames.

The core compares (``iuran::compare``) and answers in its JSON form, money as exact
decimal strings. :class:`Comparison` keeps that answer and lays it out as pandas
DataFrames whose money columns are Arrow ``decimal128(18, 0)`` — exact, never float.
Nothing here computes a figure: every number is read from the core's answer.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, Optional

from . import _native
from ._errors import ArgumentError, ColumnError

__all__ = ["Comparison"]

_MONEY = frozenset({"total_cost", "total_cost_delta", "cost", "cost_delta", "base_cost", "variant_cost"})
#: The largest amount a ``decimal128(18, 0)`` column holds, as for ``evaluate_table``.
_MONEY_LIMIT = 10**18 - 1


def _money(values: list[Optional[str]], column: str) -> Any:
    """Whole rupiah as ``decimal128(18, 0)``; an amount of 19 digits or more is refused
    (as ``evaluate_table`` refuses it) rather than left for Arrow to reject."""
    import pyarrow as pa

    amounts = [None if v is None else Decimal(v) for v in values]
    for a in amounts:
        if a is not None and abs(a) > _MONEY_LIMIT:
            raise ColumnError(
                f"comparison column `{column}`: an amount does not fit decimal128(18, 0); "
                "the exact figures are in `.data` (and `.total_cost(name)`)",
                code="column",
                field=column,
                column=column,
            )
    return pa.array(amounts, pa.decimal128(18, 0))


def _frame(rows: list[dict[str, Any]], index: list[str]) -> Any:
    """A DataFrame of the rows; money columns as Arrow decimals, text as Arrow strings."""
    import pandas as pd
    import pyarrow as pa

    if not rows:
        return pd.DataFrame(columns=index).set_index(index)
    columns = list(rows[0])
    arrays = {}
    for c in columns:
        values = [r[c] for r in rows]
        if c in _MONEY:
            arrays[c] = _money(values, c)
        else:
            arrays[c] = pa.array(values)
    table = pa.table(arrays)
    return table.to_pandas(types_mapper=pd.ArrowDtype).set_index(index)


class Comparison:
    """The base policy and each variant judged on one roster.

    - :attr:`totals`: one row per policy (base first): eligible, funded and waiting
      workers and the total cost, with the change against the base.
    - :meth:`by` (``"source"``, ``"sector"``, ``"district"``, ``"month"``): the same
      per group, long form (one row per policy and group), with deltas.
    - :attr:`changes`: every worker whose outcome changes under a variant, with the
      reasons and cost on both sides (NIKs masked).
    - :attr:`data`: the core's answer as a dict (money as decimal strings).
    """

    __slots__ = ("data",)

    def __init__(self, text: str) -> None:
        self.data: dict[str, Any] = json.loads(text)

    @property
    def rows(self) -> int:
        """Rows of the roster."""
        rows: int = self.data["rows"]
        return rows

    @property
    def names(self) -> list[str]:
        """The policies compared: ``base``'s name first, then each variant's."""
        return [self.data["base"]["name"]] + [v["totals"]["name"] for v in self.data["variants"]]

    @property
    def totals(self) -> Any:
        """One row per policy, indexed by name."""
        zero = {"eligible": 0, "funded": 0, "waiting": 0, "total_cost": "0"}
        rows = []
        for totals, delta in [(self.data["base"], zero)] + [(v["totals"], v["delta"]) for v in self.data["variants"]]:
            rows.append(
                {
                    "variant": totals["name"],
                    "policy_id": totals["policy_id"],
                    "eligible": totals["eligible"],
                    "funded": totals["funded"],
                    "waiting": totals["waiting"],
                    "total_cost": totals["total_cost"],
                    "eligible_delta": delta["eligible"],
                    "funded_delta": delta["funded"],
                    "waiting_delta": delta["waiting"],
                    "total_cost_delta": delta["total_cost"],
                }
            )
        return _frame(rows, ["variant"])

    def by(self, group: str) -> Any:
        """Totals per ``"source"``, ``"sector"``, ``"district"`` or ``"month"``: one row
        per (variant, group), with the change against the base."""
        if not isinstance(group, str):
            raise TypeError(f"group must be str, not {type(group).__name__}")
        if group not in ("source", "sector", "district", "month"):
            raise ArgumentError(
                "argument `group`: must be 'source', 'sector', 'district' or 'month', not "
                + _native._mask_niks(repr(group)[:80]),
                code="argument",
                field="group",
            )
        key = f"by_{group}"
        rows: list[dict[str, Any]] = []
        sides = [(self.data["base"], {})] + [(v["totals"], v["delta"]) for v in self.data["variants"]]
        for totals, delta in sides:
            present, changed = totals[key], delta.get(key, {})
            # Groups the variant no longer has appear only in its delta.
            for name in [*present, *(n for n in changed if n not in present)]:
                row: dict[str, Any] = {"variant": totals["name"], group: name}
                value, d = present.get(name), changed.get(name)
                if group == "month":
                    row["cost"] = value if value is not None else "0"
                    row["cost_delta"] = d if d is not None else "0"
                else:
                    if group == "source":
                        row["funded"] = value["workers"] if value else 0
                    else:
                        row["eligible"] = value["eligible"] if value else 0
                        row["funded"] = value["funded"] if value else 0
                    row["cost"] = value["cost"] if value else "0"
                    row["funded_delta"] = d["funded"] if d else 0
                    row["cost_delta"] = d["cost"] if d else "0"
                rows.append(row)
        return _frame(rows, ["variant", group])

    @property
    def changes(self) -> Any:
        """Every worker whose outcome changes, one row per (variant, worker), in roster
        order: the kind of change, status, reasons (codes joined by ``;``), funding
        source and cost under the base and under the variant, and the cost change."""
        rows = []
        for v in self.data["variants"]:
            for c in v["changes"]:
                rows.append(
                    {
                        "variant": v["totals"]["name"],
                        "row": c["row"],
                        "line": c.get("line"),
                        "nik": c.get("nik"),
                        "kind": c["kind"],
                        "base_status": c["base"]["status"],
                        "base_reasons": ";".join(c["base"]["reasons"]),
                        "base_source": c["base"].get("funding_source"),
                        "base_cost": c["base"]["total_cost"],
                        "variant_status": c["variant"]["status"],
                        "variant_reasons": ";".join(c["variant"]["reasons"]),
                        "variant_source": c["variant"].get("funding_source"),
                        "variant_cost": c["variant"]["total_cost"],
                        "cost_delta": c["cost_delta"],
                    }
                )
        if not rows:
            import pandas as pd

            return pd.DataFrame(
                columns=["variant", "row", "line", "nik", "kind", "base_status", "base_reasons", "base_source",
                         "base_cost", "variant_status", "variant_reasons", "variant_source", "variant_cost",
                         "cost_delta"]
            ).set_index(["variant", "row"])
        return _frame(rows, ["variant", "row"])

    def total_cost(self, name: str) -> Decimal:
        """The total cost under the policy called ``name``."""
        for totals in [self.data["base"]] + [v["totals"] for v in self.data["variants"]]:
            if totals["name"] == name:
                return Decimal(totals["total_cost"])
        raise KeyError(name)

    def __repr__(self) -> str:
        return f"Comparison(rows={self.rows}, policies={_native._mask_niks(repr(self.names))})"
