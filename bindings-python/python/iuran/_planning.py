"""Typed results of the planning functions.

The core answers as JSON (its own serde form, money as exact decimal strings); these
frozen dataclasses hold the same fields with money as ``decimal.Decimal`` and dates as
``datetime.date``, and like every iuran result give ``to_dict()`` and ``to_json()``.
Nothing is computed here: each ``_from_json`` only translates.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Optional

from . import _native
from ._errors import ArgumentError

__all__ = [
    "WorkerCost",
    "Capacity",
    "Requirement",
    "Payment",
    "Schedule",
    "RoadmapYear",
    "Roadmap",
    "BenefitItem",
    "Illustration",
    "UnknownSector",
    "QualityReport",
]


def _plain(value: Any) -> Any:
    if isinstance(value, Result):
        return value.to_dict()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _json_value(value: Any) -> Any:
    """What JSON writes for a value ``json`` does not know: a decimal as its exact
    text, a date as ``YYYY-MM-DD``."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not a result value")


class Result:
    """What every planning result gives: ``to_dict()`` (plain Python values, money as
    ``decimal.Decimal``, dates as ``datetime.date``, nested results as dicts) and
    ``to_json()`` (the same as JSON text, money as exact decimal strings, dates as
    ``YYYY-MM-DD``), keyed by attribute."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        """The result as plain Python values, keyed by attribute."""
        assert dataclasses.is_dataclass(self)
        return {f.name: _plain(getattr(self, f.name)) for f in dataclasses.fields(self)}

    def to_json(self) -> str:
        """The result as JSON text: money as exact decimal strings, dates as
        ``YYYY-MM-DD``."""
        return json.dumps(self.to_dict(), default=_json_value, ensure_ascii=False)


def _money(text: str) -> Decimal:
    return Decimal(text)


def _by_key(d: dict[str, str]) -> dict[str, Decimal]:
    return {k: Decimal(v) for k, v in d.items()}


@dataclass(frozen=True)
class WorkerCost(Result):
    """What one covered worker costs: the funding source that pays (its payer decides
    whether the PP 50/2025 discount applies), the sector assumed, the first month's
    contribution, the months covered, the total, and the amount for each month."""

    source: str
    sector: Optional[str]
    monthly_contribution: Decimal
    months: int
    total: Decimal
    by_month: dict[str, Decimal]

    @classmethod
    def _from(cls, d: dict[str, Any]) -> WorkerCost:
        return cls(
            source=d["source"],
            sector=d.get("sector"),
            monthly_contribution=_money(d["monthly_contribution"]),
            months=d["months"],
            total=_money(d["total"]),
            by_month=_by_key(d["by_month"]),
        )


@dataclass(frozen=True)
class Capacity(Result):
    """How many workers a budget covers for the whole programme: ``workers`` ×
    ``cost.total`` = ``spent`` ≤ ``budget``; ``unspent`` is what is left."""

    cost: WorkerCost
    budget: Decimal
    workers: int
    spent: Decimal
    unspent: Decimal

    @classmethod
    def _from_json(cls, text: str) -> Capacity:
        d = json.loads(text)
        return cls(
            cost=WorkerCost._from(d["cost"]),
            budget=_money(d["budget"]),
            workers=d["workers"],
            spent=_money(d["spent"]),
            unspent=_money(d["unspent"]),
        )


@dataclass(frozen=True)
class Requirement(Result):
    """What a number of workers costs for the whole programme, and month by month."""

    cost: WorkerCost
    workers: int
    budget: Decimal
    by_month: dict[str, Decimal]

    @classmethod
    def _from_json(cls, text: str) -> Requirement:
        d = json.loads(text)
        return cls(
            cost=WorkerCost._from(d["cost"]),
            workers=d["workers"],
            budget=_money(d["budget"]),
            by_month=_by_key(d["by_month"]),
        )


@dataclass(frozen=True)
class Payment(Result):
    """One transfer to BPJS Ketenagakerjaan: the contribution months it pays
    (``first_month`` … ``last_month``, ``YYYY-MM``), the day it is due, and the amount
    from each funding source."""

    first_month: str
    last_month: str
    due: datetime.date
    by_source: dict[str, Decimal]
    total: Decimal

    @classmethod
    def _from(cls, d: dict[str, Any]) -> Payment:
        return cls(
            first_month=d["from"],
            last_month=d["to"],
            due=datetime.date.fromisoformat(d["due"]),
            by_source=_by_key(d["by_source"]),
            total=_money(d["total"]),
        )


@dataclass(frozen=True)
class Schedule(Result):
    """What is due month by month, the same grouped into tranches, the total (the
    roster's cost), and the rule the due dates come from."""

    months: list[Payment]
    tranches: list[Payment]
    total: Decimal
    reference: str

    @classmethod
    def _from_json(cls, text: str) -> Schedule:
        d = json.loads(text)
        return cls(
            months=[Payment._from(p) for p in d["months"]],
            tranches=[Payment._from(p) for p in d["tranches"]],
            total=_money(d["total"]),
            reference=d["reference"],
        )


@dataclass(frozen=True)
class RoadmapYear(Result):
    """One year of a coverage roadmap."""

    year: int
    workforce: int
    coverage_percent: Decimal
    members: int
    additional_members: int
    subsidised_members: int
    cost_per_worker: Decimal
    subsidy_budget: Decimal

    @classmethod
    def _from(cls, d: dict[str, Any]) -> RoadmapYear:
        return cls(
            year=d["year"],
            workforce=d["workforce"],
            coverage_percent=Decimal(d["coverage_percent"]),
            members=d["members"],
            additional_members=d["additional_members"],
            subsidised_members=d["subsidised_members"],
            cost_per_worker=_money(d["cost_per_worker"]),
            subsidy_budget=_money(d["subsidy_budget"]),
        )


@dataclass(frozen=True)
class Roadmap(Result):
    """Coverage year by year from the baseline to the target, with the members the
    regency must add and subsidise each year and what that costs. ``input`` is the
    question as the core read it (its JSON form)."""

    input: dict[str, Any]
    years: list[RoadmapYear]
    total_subsidy: Decimal

    @classmethod
    def _from_json(cls, text: str) -> Roadmap:
        d = json.loads(text)
        return cls(
            input=d["input"],
            years=[RoadmapYear._from(y) for y in d["years"]],
            total_subsidy=_money(d["total_subsidy"]),
        )


@dataclass(frozen=True)
class BenefitItem(Result):
    """One benefit the family would receive, with its legal reference."""

    code: str
    name_id: str
    name_en: str
    amount: Decimal
    reference: str

    def name(self, lang: str = "id") -> str:
        """The benefit's name in Indonesian (``"id"``) or English (``"en"``)."""
        if not isinstance(lang, str):
            raise TypeError(f"lang must be str, not {type(lang).__name__}")
        if lang not in ("id", "en"):
            raise ArgumentError(
                f"argument `lang`: must be 'id' or 'en', not {_native._mask_niks(repr(lang))[:80]}",
                code="argument",
                field="lang",
            )
        return self.name_id if lang == "id" else self.name_en


@dataclass(frozen=True)
class Illustration(Result):
    """What a family would receive for a death in a given month of coverage, under the
    dated benefit table; ``notes`` are (Indonesian, English) explanations."""

    covered: bool
    items: list[BenefitItem]
    total: Decimal
    notes: list[tuple[str, str]]

    @classmethod
    def _from_json(cls, text: str) -> Illustration:
        d = json.loads(text)
        return cls(
            covered=d["covered"],
            items=[
                BenefitItem(i["code"], i["name_id"], i["name_en"], _money(i["amount"]), i["reference"])
                for i in d["items"]
            ],
            total=_money(d["total"]),
            notes=[(n[0], n[1]) for n in d["notes"]],
        )


@dataclass(frozen=True)
class UnknownSector(Result):
    """An occupation text no sector alias matches, and how many rows carry it."""

    text: str
    rows: int

    def __repr__(self) -> str:
        # The occupation text is the roster's own: any NIK in it is masked here.
        return f"UnknownSector(text={_native._mask_niks(repr(self.text))}, rows={self.rows!r})"


@dataclass(frozen=True)
class QualityReport(Result):
    """The data-quality findings of a roster file, every finding as the file's own row
    numbers (the header is row 1): rows in = rows out, nothing dropped."""

    rows: int
    clean_rows: int
    as_of: str
    malformed_rows: list[int]
    missing: dict[str, list[int]]
    unreadable: dict[str, list[int]]
    invalid_nik: dict[str, list[int]]
    nik_birth_date_mismatch: list[int]
    nik_sex_mismatch: list[int]
    duplicate_niks: list[list[int]]
    unknown_sectors: list[UnknownSector]
    future_birth_dates: list[int]
    age_over_120: list[int]

    @classmethod
    def _from_json(cls, text: str) -> QualityReport:
        d = json.loads(text)
        d["unknown_sectors"] = [UnknownSector(u["text"], u["rows"]) for u in d["unknown_sectors"]]
        return cls(**d)
