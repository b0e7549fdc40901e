"""**iuran** decides who qualifies for a regency-funded BPJS Ketenagakerjaan
contribution subsidy and what it costs — to the rupiah, with the reason for every
answer.

Run from the repository root (the path is relative to it):

>>> import iuran
>>> policy = iuran.Policy.from_file("examples/policies/pemalang-2025.toml")
>>> decision = policy.evaluate({"nik": "3327010211700002", "birth_date": "02-11-1970",
...                             "regency": "3327", "sector": "Petani Padi"})
>>> decision.eligible, decision.reasons[0].code
(False, 'age_below_minimum')
>>> decision.reasons[0].message("en")
'aged 54 on 2025-11-01, below the minimum age of 55'
>>> decision.to_dict()["total_cost"]
Decimal('0')

Every answer comes from the Rust core; this package translates values (text, dates,
``decimal.Decimal``, Arrow columns) and never decides. Money is ``decimal.Decimal`` for
one worker and an Arrow ``decimal128(18, 0)`` column for tables, never a float. Every
result is an immutable object with ``to_dict()`` and ``to_json()``; tables come back in
the caller's own library (pandas, polars or pyarrow).
"""

from __future__ import annotations

import datetime
import json
import os
from decimal import Decimal
from typing import Any, Mapping, Optional, Sequence, TypeVar, Union

from . import _native, _planning, _tables
from ._compare import Comparison
from ._reasons import explode_reasons
from ._errors import (
    ArgumentError,
    AuditError,
    ColumnError,
    DataError,
    InternalError,
    IoError,
    IuranError,
    PolicyError,
    RecordError,
    RosterError,
    ScenarioError,
)
from ._native import Charge, Decision, Evaluation, Lint, Reason, SourceTotal, Summary
from ._planning import (
    BenefitItem,
    Capacity,
    Illustration,
    Payment,
    QualityReport,
    Requirement,
    Roadmap,
    RoadmapYear,
    Schedule,
    UnknownSector,
    WorkerCost,
)

__version__: str = _native.__version__

#: The canonical field names, in the order output files use.
FIELDS: tuple[str, ...] = tuple(_native.FIELDS)
#: The fields a roster or table must have.
REQUIRED: tuple[str, ...] = tuple(_native.REQUIRED)
#: The decision columns ``evaluate_table`` and ``evaluate_csv`` append.
OUTPUT_COLUMNS: tuple[str, ...] = tuple(_native.OUTPUT_COLUMNS)
#: The last column of an evaluated roster file (``evaluate_csv``): cells beyond the
#: header's, joined, so every row has the same columns.
EXTRA_CELLS: str = _native.EXTRA_CELLS

__all__ = [
    "Policy",
    "Decision",
    "Reason",
    "Charge",
    "Summary",
    "SourceTotal",
    "Lint",
    "Evaluation",
    "Capacity",
    "Requirement",
    "Schedule",
    "Payment",
    "WorkerCost",
    "Roadmap",
    "RoadmapYear",
    "Illustration",
    "BenefitItem",
    "QualityReport",
    "UnknownSector",
    "quality_report",
    "Scenario",
    "Comparison",
    "compare",
    "explode_reasons",
    "IuranError",
    "ScenarioError",
    "AuditError",
    "PolicyError",
    "DataError",
    "RosterError",
    "ColumnError",
    "RecordError",
    "ArgumentError",
    "IoError",
    "InternalError",
    "FIELDS",
    "REQUIRED",
    "OUTPUT_COLUMNS",
    "EXTRA_CELLS",
]

T = TypeVar("T")


def _outputs(outputs: Optional[Sequence[str]]) -> Optional[list[str]]:
    """The decision columns asked for, as a list of names (the core checks them)."""
    if outputs is None:
        return None
    if isinstance(outputs, str):
        raise TypeError("outputs is a list of decision column names, not one name: write [name]")
    names = list(outputs)
    if not all(isinstance(n, str) for n in names):
        raise TypeError("outputs is a list of decision column names, each a str")
    return names


def _threads(threads: Optional[int]) -> int:
    """Threads as the native side takes them: 0 for the cores this process may use."""
    if threads is None:
        return 0
    if isinstance(threads, bool) or not isinstance(threads, int):
        raise TypeError(f"threads must be an int, not {type(threads).__name__}")
    if threads < 1:
        raise ArgumentError(
            "argument `threads`: at least 1 (or None for the cores this process may use)",
            code="argument",
            field="threads",
        )
    return min(threads, 1024)


def _decimal_text(value: Union[Decimal, int, str], name: str) -> str:
    """A percentage as the exact decimal text the core reads; floats are refused."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, str)):
        raise TypeError(f"{name} must be a decimal.Decimal, an int or text, not {type(value).__name__}")
    try:
        return str(value)
    except ValueError as e:  # an int of more digits than Python writes out
        raise ArgumentError(
            f"argument `{name}`: is too large a number to be written out", code="argument", field=name
        ) from e


def _checked(value: Any, kind: type, name: str) -> Any:
    """``value`` when it is of ``kind`` (a question's ints and texts cross as JSON; any
    other object, a list nested without end included, is a ``TypeError`` here)."""
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise TypeError(f"{name} must be {kind.__name__}, not {type(value).__name__}")
    return value


def _question(question: dict[str, Any], name: str) -> str:
    """A planning question as the JSON the core reads; an int Python will not write out
    (more digits than ``sys.get_int_max_str_digits()``) is an ``ArgumentError``."""
    try:
        return json.dumps(question)
    except ValueError as e:
        raise ArgumentError(
            f"argument `{name}`: a number is too large to be written out", code="argument", field=name
        ) from e


def quality_report(
    source: Union[str, os.PathLike[str], bytes],
    *,
    as_of: Union[datetime.date, str, None] = None,
) -> QualityReport:
    """The data-quality report of a roster file (a path, or the file's bytes; CSV or
    ``.xlsx``): invalid NIKs by kind, NIK/birth-date and NIK/sex mismatches, duplicate
    NIKs, missing and unreadable fields, unknown occupations, impossible birth dates —
    every finding as the file's own row numbers. Ages are judged ``as_of`` (default:
    today)."""
    day = datetime.date.today() if as_of is None else as_of
    text = day.isoformat() if isinstance(day, datetime.date) else day
    return QualityReport._from_json(_native._quality_report(source, text))


class Policy:
    """A validated, compiled programme policy, ready to evaluate workers.

    Build one with :meth:`from_file`, :meth:`from_toml`, :meth:`from_json` or
    :meth:`from_dict`. A policy is immutable: share it between threads freely.

    Each takes ``taxonomy=``: the text of a sector-taxonomy file (TOML) whose groups,
    sectors and aliases are added to the built-in taxonomy, as the command line's
    ``--taxonomy`` does.
    """

    __slots__ = ("_native",)

    def __init__(self, native: _native.Policy) -> None:
        if not isinstance(native, _native.Policy):
            raise TypeError("build a Policy with Policy.from_file, from_toml, from_json or from_dict")
        self._native = native

    # -- building -------------------------------------------------------------------

    @classmethod
    def from_file(
        cls, path: Union[str, os.PathLike[str]], *, taxonomy: Optional[str] = None
    ) -> Policy:
        """Read a policy from a ``.toml`` or ``.json`` file."""
        return cls(_native.Policy.from_file(path, taxonomy=taxonomy))

    @classmethod
    def from_toml(cls, text: str, *, taxonomy: Optional[str] = None) -> Policy:
        """Parse and compile a TOML policy."""
        return cls(_native.Policy.from_toml(text, taxonomy=taxonomy))

    @classmethod
    def from_json(cls, text: str, *, taxonomy: Optional[str] = None) -> Policy:
        """Parse and compile a JSON policy."""
        return cls(_native.Policy.from_json(text, taxonomy=taxonomy))

    @classmethod
    def from_dict(cls, spec: Mapping[str, Any], *, taxonomy: Optional[str] = None) -> Policy:
        """Compile a policy given as a dict: the JSON form of a policy file (amounts as
        strings, ints or ``Decimal``; floats are rejected by the core)."""
        return cls(_native.Policy.from_dict(spec, taxonomy=taxonomy))

    # -- reading --------------------------------------------------------------------

    @property
    def spec(self) -> dict[str, Any]:
        """The policy as written, as a dict (amounts as decimal strings).
        ``Policy.from_dict(policy.spec)`` gives the same policy."""
        spec: dict[str, Any] = self._native.spec
        return spec

    @property
    def id(self) -> str:
        """The policy's identifier (``tegal-2025``)."""
        return self._native.id

    @property
    def months(self) -> list[str]:
        """The covered contribution months, ``YYYY-MM``, in order."""
        return self._native.months

    def to_toml(self) -> str:
        """The policy as TOML text."""
        return self._native.to_toml()

    def lint(self) -> list[Lint]:
        """Warnings about this policy that is legal but risky (empty when none)."""
        return self._native.lint()

    # -- evaluating -----------------------------------------------------------------

    def evaluate(self, worker: Mapping[str, object]) -> Decision:
        """Decide one worker.

        ``worker`` maps canonical field names (:data:`FIELDS`) to ``str``, ``int``,
        ``decimal.Decimal``, ``datetime.date``, ``bool`` or ``None``; each value is
        handed to the core as the text a roster would hold, and a value the core cannot
        read becomes an ``invalid_value`` reason, not an exception.
        """
        return self._native.evaluate(worker)

    def evaluate_csv(self, source: Union[str, os.PathLike[str], bytes]) -> Evaluation:
        """Evaluate a roster file: a path, or the file's bytes. Returns the output CSV
        (``.csv``, the input rows plus the decision columns), ``.decisions`` and
        ``.summary``."""
        return self._native.evaluate_csv(source)

    def evaluate_table(
        self,
        table: T,
        *,
        columns: Optional[Mapping[str, str]] = None,
        with_sector: bool = False,
        outputs: Optional[Sequence[str]] = None,
        threads: Optional[int] = None,
    ) -> T:
        """Evaluate every row of a table and return the same kind of table — pandas in,
        pandas out; polars in, polars out; pyarrow Table or RecordBatch in, the same out
        (any other Arrow stream gives a pyarrow Table) — with every input column and row,
        in order, plus the decision columns ``eligible``, ``reasons`` (codes joined by
        ``;``), ``monthly_contribution``, ``months``, ``total_cost`` (money as Arrow
        ``decimal128(18, 0)``) and ``funding_source``; and ``sector_code`` with
        ``with_sector=True``. ``reasons``, ``funding_source`` and ``sector_code`` are
        dictionary-encoded (pandas and polars: ``Categorical``).

        ``columns`` maps canonical field names to the table's own column names
        (``{"birth_date": "tgl_lahir"}``). ``outputs`` names the decision columns to add
        (``["eligible", "total_cost"]``; default: all of :data:`OUTPUT_COLUMNS`); they
        come in the order of :data:`OUTPUT_COLUMNS`, and the others are never built.
        Duplicate NIKs are found across the whole table. The GIL is released while the
        core works, on ``threads`` threads (default: the cores this process may use);
        the answers are the same whatever the number of threads.
        """
        out, _ = _tables.run(
            self._native,
            table,
            columns,
            with_sector=with_sector,
            want_table=True,
            want_summary=False,
            outputs=_outputs(outputs),
            threads=_threads(threads),
        )
        result: T = out
        return result

    def explain_rows(
        self,
        table: Any,
        rows: Sequence[int],
        *,
        columns: Optional[Mapping[str, str]] = None,
    ) -> list[Decision]:
        """The rows of a table at positions ``rows`` (counted from 0) explained, one
        :class:`Decision` each: its reasons with their messages, or its charges — the
        answers of :meth:`evaluate_table` for those rows, said in words. A cell a
        reader stored as a float it cannot read is explained as such. The whole table
        is evaluated (duplicates and budgets depend on every row), so ask for the rows
        you want in one call."""
        positions = [_checked(r, int, "each of rows") for r in rows]
        for r in positions:
            if not 0 <= r < 2**63:
                raise ArgumentError(
                    "argument `rows`: each must be a row's position in the table, counted from 0",
                    code="argument",
                    field="rows",
                )
        _, _, data, names, mapping = _tables.arrow_input(table, columns)
        return _native._explain_arrow(self._native, data, mapping, positions, names=names)

    def summarize_table(self, table: Any, *, columns: Optional[Mapping[str, str]] = None) -> Summary:
        """Evaluate every row of a table and return only the totals: rows, eligible,
        cost by reason, funding source and month (as ``evaluate_csv``'s summary). The
        per-row answers are never all held at once (with budget ceilings, which need
        every eligible row before placing any, they are)."""
        _, summary = _tables.run(
            self._native,
            table,
            columns,
            with_sector=False,
            want_table=False,
            want_summary=True,
        )
        assert summary is not None
        return summary

    # -- planning -------------------------------------------------------------------

    def capacity(
        self,
        budget: Union[int, Decimal, str],
        *,
        source: Optional[str] = None,
        sector: Optional[str] = None,
    ) -> Capacity:
        """How many workers ``budget`` covers for the whole programme when ``source``
        pays (default: the policy's first funding source), for a worker of ``sector``
        (a code such as ``"tobacco_farmer"``; it matters when the rates differ by
        sector, as with the PP 50/2025 discount for transport).

        ``budget`` is whole rupiah: an ``int``, a ``Decimal`` or text as people write
        it (``"2.090.000.000"``, ``"Rp 2.090.000.000"``); never a float.
        """
        return Capacity._from_json(self._native._capacity(budget, source, sector))

    def requirement(
        self,
        workers: int,
        *,
        source: Optional[str] = None,
        sector: Optional[str] = None,
    ) -> Requirement:
        """What ``workers`` covered workers cost for the whole programme, in total and
        month by month (``source`` and ``sector`` as for :meth:`capacity`)."""
        return Requirement._from_json(self._native._requirement(workers, source, sector))

    def schedule(self, summary: Summary, tranches: Optional[int] = None) -> Schedule:
        """What must be transferred to BPJS Ketenagakerjaan for an evaluated roster
        (its :class:`Summary`, from :meth:`summarize_table` or :meth:`evaluate_csv`):
        month by month, and grouped into ``tranches`` transfers (default: one per
        covered month), each with its due date from the rate table's payment rule."""
        return Schedule._from_json(self._native._schedule(summary, tranches))

    def roadmap(
        self,
        *,
        baseline_year: int,
        workforce: int,
        target_year: int,
        target_percent: Union[Decimal, int, str],
        baseline_percent: Union[Decimal, int, str, None] = None,
        baseline_members: Optional[int] = None,
        workforce_growth_percent: Union[Decimal, int, str, None] = None,
        path: Optional[str] = None,
        subsidy_share_percent: Union[Decimal, int, str, None] = None,
        source: Optional[str] = None,
        sector: Optional[str] = None,
    ) -> Roadmap:
        """A coverage roadmap: from today's coverage (``baseline_percent`` of the
        informal ``workforce``, or ``baseline_members``) to ``target_percent`` in
        ``target_year``, along a ``"linear"`` or ``"constant_growth"`` path, with the
        yearly subsidy budget when the regency pays for ``subsidy_share_percent`` of the
        members it adds. Percentages are ``Decimal``, ``int`` or text, never floats."""
        # Only what is given crosses: the core's defaults (no workforce growth, a linear
        # path, no subsidy) apply to the rest.
        given: dict[str, Any] = {
            "baseline_year": baseline_year,
            "baseline_percent": baseline_percent,
            "baseline_members": baseline_members,
            "workforce": workforce,
            "workforce_growth_percent": workforce_growth_percent,
            "target_year": target_year,
            "target_percent": target_percent,
            "path": path,
            "subsidy_share_percent": subsidy_share_percent,
            "source": source,
            "sector": sector,
        }
        percents = {"baseline_percent", "workforce_growth_percent", "target_percent", "subsidy_share_percent"}
        texts = {"path", "source", "sector"}
        question = {
            name: _decimal_text(value, name)
            if name in percents
            else _checked(value, str if name in texts else int, name)
            for name, value in given.items()
            if value is not None
        }
        return Roadmap._from_json(self._native._roadmap(_question(question, "roadmap")))

    def benefits(self, *, month: int, work_accident: bool = False, children: Optional[list[str]] = None) -> Illustration:
        """What the family of a covered worker would receive for a death in ``month``
        of coverage (1 = the first), from a work accident or not, with ``children`` at
        school (levels ``"tk"``, ``"sd"``, ``"smp"``, ``"sma"``, ``"university"``)."""
        query = {
            "work_accident": _checked(work_accident, bool, "work_accident"),
            "month": _checked(month, int, "month"),
            "children": [_checked(c, str, "each of children") for c in children or []],
        }
        return Illustration._from_json(self._native._benefits(_question(query, "benefits")))

    # -- Python protocol ------------------------------------------------------------

    def __reduce__(self) -> Any:
        # Rebuilt from its spec, so a policy can be sent to worker processes (Dask,
        # multiprocessing, Spark).
        return (Policy.from_dict, (self.spec,))

    def __repr__(self) -> str:
        return repr(self._native)


class Scenario:
    """A what-if: edits to a base policy by the policy's own field paths.

    Read one with :meth:`from_file` (``.toml`` or ``.json``), :meth:`from_toml`,
    :meth:`from_json` or :meth:`from_dict`, or build it in code::

        wider = iuran.Scenario("Usia 50-65").set("eligibility.age", {"min": 50, "max": 65})
        fishers = iuran.Scenario("Tambah nelayan").add("eligibility.sectors", "fisher")

    ``set`` replaces a field, ``add`` appends to a list, ``unset`` removes a field; each
    returns a new scenario. :meth:`apply` gives the base policy with the edits,
    validated like any policy (errors name the scenario field).
    """

    __slots__ = ("_native",)

    def __init__(self, name: str, description: Optional[str] = None) -> None:
        self._native = _native.Scenario(name, description)

    @classmethod
    def _wrap(cls, native: _native.Scenario) -> Scenario:
        s = cls.__new__(cls)
        s._native = native
        return s

    @classmethod
    def from_file(cls, path: Union[str, os.PathLike[str]]) -> Scenario:
        """Read a scenario from a ``.toml`` or ``.json`` file."""
        return cls._wrap(_native.Scenario.from_file(path))

    @classmethod
    def from_toml(cls, text: str) -> Scenario:
        """Parse a TOML scenario."""
        return cls._wrap(_native.Scenario.from_toml(text))

    @classmethod
    def from_json(cls, text: str) -> Scenario:
        """Parse a JSON scenario."""
        return cls._wrap(_native.Scenario.from_json(text))

    @classmethod
    def from_dict(cls, spec: Mapping[str, Any]) -> Scenario:
        """A scenario given as a dict (its JSON form)."""
        return cls._wrap(_native.Scenario.from_dict(spec))

    def set(self, path: str, value: Any) -> Scenario:
        """A copy with the policy field at ``path`` set to ``value``."""
        return Scenario._wrap(self._native.set(path, value))

    def add(self, path: str, value: Any) -> Scenario:
        """A copy with ``value`` appended to the list at ``path``."""
        return Scenario._wrap(self._native.add(path, value))

    def unset(self, path: str) -> Scenario:
        """A copy with the field at ``path`` removed."""
        return Scenario._wrap(self._native.unset(path))

    def apply(self, base: Policy) -> Policy:
        """The base policy with this scenario's edits, validated."""
        return Policy(self._native.apply(base._native))

    @property
    def name(self) -> str:
        """The scenario's name, as comparisons show it."""
        return self._native.name

    @property
    def description(self) -> Optional[str]:
        """What the scenario asks, in words."""
        return self._native.description

    @property
    def spec(self) -> dict[str, Any]:
        """The scenario as a dict (its JSON form)."""
        spec: dict[str, Any] = self._native.spec
        return spec

    def to_json(self) -> str:
        """The scenario as JSON text."""
        return self._native.to_json()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Scenario) and self._native == other._native

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> Any:
        return (Scenario.from_dict, (self.spec,))

    def __repr__(self) -> str:
        return repr(self._native)


def compare(
    base: Policy,
    variants: Sequence[Union[Scenario, Policy]],
    roster: Any,
    *,
    columns: Optional[Mapping[str, str]] = None,
) -> Comparison:
    """Judge one roster under a base policy and each variant (a :class:`Scenario`,
    applied to the base, or a whole :class:`Policy`) in one pass over the data.

    ``roster`` is a file (a path or its bytes: CSV or ``.xlsx``) or a table (pandas,
    polars, pyarrow; ``columns`` maps field names as in :meth:`Policy.evaluate_table`).
    Returns a :class:`Comparison`: totals and deltas per variant, per source, sector,
    district and month, and every worker whose outcome changes, with reasons on both
    sides, as tables in your library (``to_pandas``, ``to_polars``, ``to_arrow``). The
    GIL is released while the core works.
    """
    if not isinstance(base, Policy):
        raise TypeError(f"base must be an iuran.Policy, not {type(base).__name__}")
    natives: list[Any] = []
    for v in variants:
        if not isinstance(v, (Scenario, Policy)):
            raise TypeError(f"each variant must be an iuran.Scenario or an iuran.Policy, not {type(v).__name__}")
        natives.append(v._native)
    if isinstance(roster, (str, bytes, bytearray, os.PathLike)):
        return Comparison._from_json(_native._compare_file(base._native, natives, roster))
    _, _, data, names, mapping = _tables.arrow_input(roster, columns)
    return Comparison._from_json(_native._compare_arrow(base._native, natives, data, mapping, names=names))
