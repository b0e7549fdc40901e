"""Tables in, the same kind of table out.

Whole columns cross into the native module through the Arrow PyCapsule interface
(``__arrow_c_stream__`` / ``__arrow_c_array__``); the decision columns come back the
same way and are attached to the caller's own object. Nothing here looks at a value:
this module only picks the conversion for pandas, polars and pyarrow.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, Mapping, Optional, Tuple

from . import _native
from ._errors import ColumnError, RosterError

if TYPE_CHECKING:  # pragma: no cover
    from ._native import Summary


def _kind(table: Any) -> str:
    """``pandas``, ``polars``, ``pyarrow-table``, ``pyarrow-batch`` or ``arrow``.

    A library not imported yet cannot have made the object, so none is imported here;
    subclasses (a GeoDataFrame is a pandas DataFrame) count as their base."""
    pd = sys.modules.get("pandas")
    if pd is not None and isinstance(table, pd.DataFrame):
        return "pandas"
    pl = sys.modules.get("polars")
    if pl is not None:
        if isinstance(table, pl.DataFrame):
            return "polars"
        if isinstance(table, pl.LazyFrame):
            raise TypeError("evaluate_table takes a polars DataFrame: collect() the LazyFrame first")
    pa = sys.modules.get("pyarrow")
    if pa is not None:
        if isinstance(table, pa.Table):
            return "pyarrow-table"
        if isinstance(table, pa.RecordBatch):
            return "pyarrow-batch"
    if hasattr(table, "__arrow_c_stream__") or hasattr(table, "__arrow_c_array__"):
        return "arrow"
    raise TypeError(
        "evaluate_table takes a pandas DataFrame, a polars DataFrame, a pyarrow Table or "
        f"RecordBatch, or any object with __arrow_c_stream__; not {type(table).__name__}"
    )


def _wanted(names: list[str], columns: Optional[Mapping[str, str]]) -> list[str]:
    """The table's columns that hold canonical fields (the others stay behind)."""
    mapping = dict(columns or {})
    present = set(names)
    out = []
    for field in _native.FIELDS:
        name = mapping.get(field, field)
        if name in present and name not in out:
            out.append(name)
    return out


def _echo(text: str, limit: int = 80) -> str:
    """A value as this module's messages show it: NIKs masked, cut to ``limit``
    characters (pyarrow's messages quote the value they could not convert)."""
    masked = _native._mask_niks(text[: limit + 16])
    return masked if len(masked) <= limit else masked[: limit - 1] + "…"


def _pandas_to_arrow(df: Any, wanted: list[str]) -> Any:
    """The wanted columns of a pandas DataFrame as a pyarrow Table, one column at a
    time and with as little conversion as pyarrow allows: numpy numbers and
    ``datetime64`` as they are (zero-copy where the buffer allows), a ``Categorical``
    as a dictionary with its own ``int8``/``int16`` codes, a pyarrow-backed column as
    its own Arrow data. The native side reads these layouts in place. A column that
    cannot be converted is named."""
    import pyarrow as pa

    labels = [str(c) for c in df.columns]
    position: dict[str, int] = {}
    for i, label in enumerate(labels):
        if label not in wanted:
            continue
        if label in position:
            raise ColumnError(
                f"table column `{_echo(label)}`: appears more than once in the table",
                code="column",
                field=label,
                column=label,
            )
        position[label] = i
    # What pyarrow raises for a value it cannot convert: its own errors, and
    # OverflowError for an int beyond 64 bits in an object column.
    failures = (pa.ArrowException, TypeError, ValueError, ArithmeticError)
    columns = {}
    for name in wanted:
        series = df.iloc[:, position[name]]
        try:
            columns[name] = _pandas_column(series)
        except failures as e:
            raise ColumnError(
                f"table column `{_echo(name)}`: cannot be converted to Arrow ({_echo(str(e), 200)}); "
                "give the column one type, e.g. text with `.astype('string')`",
                code="column",
                field=name,
                column=name,
            ) from e
    return pa.table(columns)


def _validity(missing: Any) -> Any:
    """An Arrow validity bitmap of a numpy mask of missing cells, or None when none is."""
    import numpy as np
    import pyarrow as pa

    if not missing.any():
        return None
    return pa.py_buffer(np.packbits(~missing, bitorder="little"))


def _pandas_column(series: Any) -> Any:
    """One pandas column as Arrow. A ``Categorical`` is its own codes (``int8`` or
    ``int16``, no copy) over its categories, codes of -1 null; a ``datetime64`` column
    (no time zone) is its own int64 values as a timestamp of its unit, ``NaT`` null;
    anything else is what ``pa.array`` makes of it (a pyarrow-backed column: its own
    Arrow data)."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        codes = np.ascontiguousarray(series.cat.codes.to_numpy())
        keys = pa.Array.from_buffers(
            pa.from_numpy_dtype(codes.dtype), len(codes), [_validity(codes < 0), pa.py_buffer(codes)]
        )
        categories = pa.array(dtype.categories, from_pandas=True)
        # pandas' codes index its categories (or are -1, null): nothing to check. The
        # native side reads a key outside the dictionary as a missing value anyway.
        return pa.DictionaryArray.from_arrays(keys, categories, safe=False)
    if isinstance(dtype, np.dtype) and dtype.kind == "M":
        unit = np.datetime_data(dtype)[0]
        if unit in ("s", "ms", "us", "ns"):
            values = np.ascontiguousarray(series.to_numpy()).view(np.int64)
            missing = values == np.iinfo(np.int64).min  # NaT
            return pa.Array.from_buffers(
                pa.timestamp(unit), len(values), [_validity(missing), pa.py_buffer(values)]
            )
    return pa.array(series, from_pandas=True)


def _misaligned(chunk: Any) -> bool:
    buffers = [b for b in chunk.buffers() if b is not None]
    dictionary = getattr(chunk, "dictionary", None)
    if dictionary is not None:
        buffers += [b for b in dictionary.buffers() if b is not None]
    return any(b.address % 8 for b in buffers)


def _aligned(data: Any) -> Any:
    """Arrow data whose buffers all start on 8-byte boundaries, as the Arrow C
    interface expects. A partition a scheduler unpickled (out-of-band pickle buffers)
    may hold buffers at any address; those columns are copied, the others not."""
    import pyarrow as pa

    if isinstance(data, pa.RecordBatch):
        data = pa.Table.from_batches([data])
    if not isinstance(data, pa.Table):
        return data
    if not any(_misaligned(c) for column in data.columns for c in column.chunks):
        return data
    columns = []
    for column in data.columns:
        chunks = [
            pa.concat_arrays([c, pa.array([], type=c.type)]) if _misaligned(c) else c for c in column.chunks
        ]
        columns.append(pa.chunked_array(chunks, type=column.type))
    return pa.Table.from_arrays(columns, schema=data.schema)


def arrow_input(table: Any, columns: Optional[Mapping[str, str]]) -> Tuple[str, Any, Any, list[str], dict[str, str]]:
    """(kind, the table, what crosses to the native side, the table's column names,
    the column mapping): the canonical columns of a pandas, polars or Arrow table."""
    kind = _kind(table)
    if kind == "arrow":
        import pyarrow as pa

        try:
            table = pa.table(table)
        except (pa.ArrowException, ValueError) as e:
            raise RosterError(f"roster: table cannot be read: {_echo(str(e), 200)}", code="roster") from e
        kind = "pyarrow-table"
    mapping = dict(columns or {})
    for field, name in mapping.items():
        if not isinstance(field, str) or not isinstance(name, str):
            raise TypeError("columns maps field names to the table's column names, both str")
        try:
            (field + name).encode()
        except UnicodeEncodeError:
            raise ColumnError(
                f"table column {_echo(repr(name))}: `columns` holds text that is not valid Unicode "
                "(a lone surrogate)",
                code="column",
                field=field,
                column=name,
            ) from None
    if kind == "pandas":
        names = [str(c) for c in table.columns]
        data: Any = _pandas_to_arrow(table, _wanted(names, mapping))
    elif kind == "polars":
        names = list(table.columns)
        data = table.select(_wanted(names, mapping))
    else:
        # Arrow already: the whole object crosses without a copy (unless a buffer
        # is misaligned); the native side picks the columns.
        names = list(table.schema.names)
        data = table
    if kind != "polars":
        data = _aligned(data)
    return kind, table, data, names, mapping


def run(
    policy: _native.Policy,
    table: Any,
    columns: Optional[Mapping[str, str]],
    *,
    with_sector: bool,
    want_table: bool,
    want_summary: bool,
    outputs: Optional[list[str]] = None,
    threads: int = 0,
) -> Tuple[Any, Optional[Summary]]:
    """Evaluate a table; return (the same kind of table with the decision columns, or
    None) and (the summary, or None). ``outputs``: the decision columns to add (None:
    all); ``threads``: 0 for the cores the process may use."""
    kind, table, data, names, mapping = arrow_input(table, columns)
    out, summary = policy._evaluate_arrow(
        data,
        mapping,
        names=names,
        with_sector=with_sector,
        table=want_table,
        summary=want_summary,
        outputs=outputs,
        threads=threads,
    )
    if out is None:
        return None, summary
    return _attach(kind, table, out), summary


def _attach(kind: str, table: Any, out: Any) -> Any:
    """The input object with the decision columns (an Arrow stream) appended."""
    if kind == "polars":
        import polars as pl

        return table.hstack(pl.DataFrame(out))
    import pyarrow as pa

    decided = pa.table(out)
    if kind == "pandas":
        import pandas as pd

        result = table.copy(deep=False)
        for name in decided.column_names:
            column = decided.column(name)
            # An array, not a Series: position, not index labels, decides the row
            # (an index may repeat labels). Dictionary columns (reasons, funding
            # source, sector code) become pandas Categoricals, their natural form.
            if pa.types.is_dictionary(column.type):
                result[name] = column.to_pandas().array
            else:
                result[name] = pd.arrays.ArrowExtensionArray(column)
        return result
    if kind == "pyarrow-batch":
        schema = table.schema
        for field in decided.schema:
            schema = schema.append(field)
        arrays = list(table.columns) + [decided.column(i).combine_chunks() for i in range(decided.num_columns)]
        return pa.RecordBatch.from_arrays(arrays, schema=schema)
    result = table
    for i, field in enumerate(decided.schema):
        result = result.append_column(field, decided.column(i))
    return result
