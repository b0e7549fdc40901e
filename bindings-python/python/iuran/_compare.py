"""A comparison of policy variants on one roster, as tables in the caller's library.

The core compares (``iuran::compare``) and answers in its JSON form, money as exact
decimal strings. :class:`Comparison` keeps that answer and lays it out as tables —
pyarrow, polars or pandas, whichever the caller asks for — with money as exact decimals
(Arrow ``decimal128(18, 0)``, polars ``Decimal(18, 0)``), never float. Nothing here
computes a figure: every number is read from the core's answer. pandas is imported only
for :meth:`Comparison.to_pandas`.
"""

from __future__ import annotations

import array
import json
from decimal import Decimal
from typing import Any, Optional

from . import _native
from ._errors import ArgumentError, ColumnError

__all__ = ["Comparison"]

#: The tables a comparison lays out, and the columns that index each.
TABLES: dict[str, list[str]] = {
    "totals": ["variant"],
    "source": ["variant", "source"],
    "sector": ["variant", "sector"],
    "district": ["variant", "district"],
    "month": ["variant", "month"],
    "changes": ["variant", "row"],
}
_COLUMNS: dict[str, list[str]] = {
    "totals": [
        "variant", "policy_id", "eligible", "funded", "waiting", "total_cost",
        "eligible_delta", "funded_delta", "waiting_delta", "total_cost_delta",
    ],
    "source": ["variant", "source", "funded", "cost", "funded_delta", "cost_delta"],
    "sector": ["variant", "sector", "eligible", "funded", "cost", "funded_delta", "cost_delta"],
    "district": ["variant", "district", "eligible", "funded", "cost", "funded_delta", "cost_delta"],
    "month": ["variant", "month", "cost", "cost_delta"],
    "changes": [
        "variant", "row", "line", "nik", "kind", "base_status", "base_reasons", "base_source", "base_cost",
        "variant_status", "variant_reasons", "variant_source", "variant_cost", "cost_delta",
    ],
}  # fmt: skip
_MONEY = frozenset({"total_cost", "total_cost_delta", "cost", "cost_delta", "base_cost", "variant_cost"})
_COUNTS = frozenset(
    {"eligible", "funded", "waiting", "eligible_delta", "funded_delta", "waiting_delta", "row", "line"}
)
#: The largest amount a ``decimal128(18, 0)`` column holds, as for ``evaluate_table``.
_MONEY_LIMIT = 10**18 - 1


def _table_name(table: object) -> str:
    if not isinstance(table, str):
        raise TypeError(f"table must be str, not {type(table).__name__}")
    if table not in TABLES:
        raise ArgumentError(
            f"argument `table`: must be one of {', '.join(repr(t) for t in TABLES)}, not "
            + _native._mask_niks(repr(table)[:80]),
            code="argument",
            field="table",
        )
    return table


def _plain(value: Any, key: Optional[str] = None, parent: Optional[str] = None) -> Any:
    """The core's JSON value with money as ``Decimal``: the amounts under a money key,
    and the amounts per month."""
    if isinstance(value, dict):
        return {k: _plain(v, k, key) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v, None, key) for v in value]
    if isinstance(value, str) and (key in _MONEY or parent == "by_month"):
        return Decimal(value)
    return value


# -- Arrow columns built from their buffers: pyarrow's converter of Python lists imports
# -- pandas whenever it is installed, and to_arrow must not.


def _validity(values: list[Any]) -> tuple[Any, int]:
    import pyarrow as pa

    nulls = sum(v is None for v in values)
    if not nulls:
        return None, 0
    bits = bytearray((len(values) + 7) // 8)
    for i, v in enumerate(values):
        if v is not None:
            bits[i >> 3] |= 1 << (i & 7)
    return pa.py_buffer(bytes(bits)), nulls


def _arrow(values: list[Any], column: str) -> Any:
    """One column as an Arrow array: money as ``decimal128(18, 0)`` (an amount of 19
    digits is refused, as ``evaluate_table`` refuses it), counts as ``int64``, the rest
    as text."""
    import pyarrow as pa

    valid, nulls = _validity(values)
    n = len(values)
    if column in _MONEY:
        data = bytearray()
        for v in values:
            amount = 0 if v is None else int(Decimal(v))
            if abs(amount) > _MONEY_LIMIT:
                raise ColumnError(
                    f"comparison column `{column}`: an amount does not fit decimal128(18, 0); "
                    "the exact figures are in `.to_dict()` (and `.total_cost(name)`)",
                    code="column",
                    field=column,
                    column=column,
                )
            data += amount.to_bytes(16, "little", signed=True)
        return pa.Array.from_buffers(pa.decimal128(18, 0), n, [valid, pa.py_buffer(bytes(data))], nulls)
    if column in _COUNTS:
        ints = array.array("q", (0 if v is None else v for v in values))
        return pa.Array.from_buffers(pa.int64(), n, [valid, pa.py_buffer(ints)], nulls)
    offsets = array.array("q", [0])
    text = bytearray()
    for v in values:
        if v is not None:
            text += str(v).encode()
        offsets.append(len(text))
    return pa.Array.from_buffers(
        pa.large_string(), n, [valid, pa.py_buffer(offsets), pa.py_buffer(bytes(text))], nulls
    )


class Comparison:
    """The base policy and each variant judged on one roster (from :func:`iuran.compare`).

    Tables, in the library you use — :meth:`to_arrow`, :meth:`to_polars`,
    :meth:`to_pandas` — one of:

    - ``"totals"``: one row per policy (base first): eligible, funded and waiting
      workers and the total cost, with the change against the base;
    - ``"source"``, ``"sector"``, ``"district"``, ``"month"``: the same per group, long
      form (one row per policy and group), with deltas;
    - ``"changes"``: every worker whose outcome changes under a variant, with the
      reasons and cost on both sides (NIKs masked).

    :attr:`rows`, :attr:`names` and :meth:`total_cost` answer directly;
    :meth:`to_dict` and :meth:`to_json` give the whole answer. Immutable.
    """

    __slots__ = ("_text", "_data")
    _text: str
    _data: dict[str, Any]

    def __init__(self) -> None:
        raise TypeError("a Comparison comes from iuran.compare")

    @classmethod
    def _from_json(cls, text: str) -> Comparison:
        c = object.__new__(cls)
        object.__setattr__(c, "_text", text)
        object.__setattr__(c, "_data", json.loads(text))
        return c

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a Comparison is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("a Comparison is immutable")

    @property
    def rows(self) -> int:
        """Rows of the roster."""
        rows: int = self._data["rows"]
        return rows

    @property
    def names(self) -> list[str]:
        """The policies compared: ``base``'s name first, then each variant's."""
        return [self._data["base"]["name"]] + [v["totals"]["name"] for v in self._data["variants"]]

    def total_cost(self, name: str) -> Decimal:
        """The total cost under the policy called ``name``."""
        for totals in [self._data["base"]] + [v["totals"] for v in self._data["variants"]]:
            if totals["name"] == name:
                return Decimal(totals["total_cost"])
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        """The whole answer as plain Python values, money as ``decimal.Decimal``: the
        base's totals, and per variant its totals, the change against the base, the
        count of each kind of change, and the workers whose outcome changes."""
        plain: dict[str, Any] = _plain(self._data)
        return plain

    def to_json(self) -> str:
        """The whole answer as the core's JSON (money as decimal strings)."""
        return self._text

    # -- tables ------------------------------------------------------------------------

    def _rows(self, table: str) -> list[dict[str, Any]]:
        data = self._data
        zero = {"eligible": 0, "funded": 0, "waiting": 0, "total_cost": "0"}
        sides = [(data["base"], {})] + [(v["totals"], v["delta"]) for v in data["variants"]]
        rows: list[dict[str, Any]] = []
        if table == "totals":
            for totals, delta in sides:
                delta = delta or zero
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
        elif table == "changes":
            for v in data["variants"]:
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
        else:
            group, key = table, f"by_{table}"
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
        return rows

    def to_arrow(self, table: str = "totals") -> Any:
        """One of the tables (``"totals"``, ``"source"``, ``"sector"``, ``"district"``,
        ``"month"``, ``"changes"``) as a ``pyarrow.Table``; money as
        ``decimal128(18, 0)``, counts as ``int64``, text as strings."""
        import pyarrow as pa

        rows = self._rows(_table_name(table))
        names = _COLUMNS[table]
        return pa.Table.from_arrays([_arrow([r[c] for r in rows], c) for c in names], names=names)

    def to_polars(self, table: str = "totals") -> Any:
        """One of the tables (as :meth:`to_arrow`) as a ``polars.DataFrame``; money as
        ``Decimal(18, 0)``."""
        import polars as pl

        rows = self._rows(_table_name(table))
        names = _COLUMNS[table]
        schema = {
            c: pl.Decimal(18, 0) if c in _MONEY else pl.Int64 if c in _COUNTS else pl.String for c in names
        }
        columns = {c: [r[c] for r in rows] for c in names}
        for c in names:
            if c in _MONEY:
                # Refused past 18 digits, as to_arrow refuses them.
                _arrow(columns[c], c)
                columns[c] = [None if v is None else Decimal(v) for v in columns[c]]
        return pl.DataFrame(columns, schema=schema)

    def to_pandas(self, table: str = "totals") -> Any:
        """One of the tables (as :meth:`to_arrow`) as a ``pandas.DataFrame`` indexed by
        variant (and group, or row), with Arrow-backed columns: money stays exact."""
        import pandas as pd

        index = TABLES[_table_name(table)]
        return self.to_arrow(table).to_pandas(types_mapper=pd.ArrowDtype).set_index(index)

    def __repr__(self) -> str:
        return f"Comparison(rows={self.rows}, policies={_native._mask_niks(repr(self.names))})"
