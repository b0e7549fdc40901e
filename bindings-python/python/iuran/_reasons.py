"""Reasons one to a row: the ``reasons`` column of an evaluated table (each row's codes
joined by ``;``, dictionary-encoded) turned into a long table of ``(row, reason)``.

Only a view of the core's answer: the codes are the core's, and their labels come from
the core's catalogue (``_native.REASON_LABELS``). The work is done once per distinct
reason set and then gathered per row, in the caller's library (pyarrow compute, polars
expressions), never in a Python loop over rows.
"""

from __future__ import annotations

import sys
from typing import Any, TypeVar

from . import _native
from ._errors import ArgumentError, ColumnError

T = TypeVar("T")

_AS = ("codes", "messages")
_LANGS = ("id", "en")


def _labels(lang: str) -> dict[str, str]:
    return {code: by_lang[lang] for code, by_lang in _native.REASON_LABELS.items()}


def _explode_arrow(column: Any, lang: str, as_: str) -> Any:
    """A pyarrow Table ``row`` (int64), ``reason`` (dictionary of strings)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(column, pa.ChunkedArray):
        if pa.types.is_dictionary(column.type):
            column = column.unify_dictionaries()
        column = column.combine_chunks()
    if pa.types.is_dictionary(column.type):
        # Split each distinct reason set once, then gather the lists row by row.
        lists = pc.take(pc.split_pattern(column.dictionary.cast(pa.string()), ";"), column.indices)
    else:
        lists = pc.split_pattern(column.cast(pa.string()), ";")
    rows = pc.list_parent_indices(lists)
    codes = pc.list_flatten(lists)
    keep = pc.not_equal(codes, "")  # an eligible row's empty text splits into [""]
    rows, codes = rows.filter(keep), codes.filter(keep)
    encoded = pc.dictionary_encode(codes)
    values = encoded.dictionary
    if as_ == "messages":
        labels = _labels(lang)
        values = pa.array([labels.get(c, c) for c in values.to_pylist()], pa.string())
    reason = pa.DictionaryArray.from_arrays(encoded.indices, values)
    return pa.table({"row": rows.cast(pa.int64()), "reason": reason})


def _explode_polars(frame: Any, column: str, lang: str, as_: str) -> Any:
    import polars as pl

    out = (
        frame.select(
            pl.int_range(pl.len(), dtype=pl.Int64).alias("row"),
            pl.col(column).cast(pl.String).str.split(";").alias("reason"),
        )
        .explode("reason")
        .filter(pl.col("reason") != "")
    )
    if as_ == "messages":
        out = out.with_columns(pl.col("reason").replace_strict(_labels(lang), default=pl.col("reason")))
    return out.with_columns(pl.col("reason").cast(pl.Categorical))


def explode_reasons(result: T, *, lang: str = "id", as_: str = "codes", column: str = "reasons") -> T:
    """One row per reason of each row of ``result`` (a table :meth:`Policy.evaluate_table`
    returned, or any table with its ``reasons`` column): ``row``, the row's position in
    ``result`` counted from 0 (int64), and ``reason``, the reason's code (``as_="codes"``,
    the default) or its short label in ``lang`` (``as_="messages"``; ``"id"``, the default,
    or ``"en"``), dictionary-encoded (pandas and polars: ``Categorical``). Rows in order,
    each row's reasons in the core's order; an eligible row has none, so it does not
    appear. The same kind of table comes back: pandas in, pandas out; polars in, polars
    out; a pyarrow Table or RecordBatch in, a pyarrow Table out.

    A reason's message with its row's context ("same NIK as row 56") is
    :meth:`Policy.explain_rows`'s; the labels here are the same for every row.
    """
    if as_ not in _AS:
        raise ArgumentError(
            f"argument `as_`: must be one of {', '.join(_AS)}, not {as_!r}", code="argument", field="as_"
        )
    if lang not in _LANGS:
        raise ArgumentError(
            f"argument `lang`: must be one of {', '.join(_LANGS)}, not {lang!r}", code="argument", field="lang"
        )
    pd = sys.modules.get("pandas")
    pl = sys.modules.get("polars")
    pa = sys.modules.get("pyarrow")

    def missing() -> ColumnError:
        return ColumnError(
            f"column `{column}` is not in the table; explode_reasons reads the reasons column "
            "that evaluate_table adds",
            code="column",
            column=column,
        )

    if pd is not None and isinstance(result, pd.DataFrame):
        if column not in result.columns:
            raise missing()
        import pyarrow as pa_

        table = _explode_arrow(pa_.array(result[column]), lang, as_)
        out: Any = table.to_pandas()
        return out  # type: ignore[no-any-return]
    if pl is not None and isinstance(result, pl.DataFrame):
        if column not in result.columns:
            raise missing()
        return _explode_polars(result, column, lang, as_)  # type: ignore[no-any-return]
    if pa is not None and isinstance(result, (pa.Table, pa.RecordBatch)):
        if column not in result.schema.names:
            raise missing()
        return _explode_arrow(result.column(column), lang, as_)  # type: ignore[no-any-return]
    raise TypeError(
        "explode_reasons takes the table evaluate_table returned: a pandas or polars "
        f"DataFrame, or a pyarrow Table or RecordBatch; not {type(result).__name__}"
    )
