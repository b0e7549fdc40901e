"""The exception hierarchy. The native module raises these (through one mapping
function, ``error::raise`` in the Rust binding); Python code catches them.

::

    IuranError(ValueError)
    ├── PolicyError     code "policy_syntax" or "policy_field"; .field names the field
    │   └── ScenarioError code "scenario": a scenario file or edit is malformed, or the
    │                   policy it makes is invalid; .field names the scenario field
    ├── AuditError      code "audit": an audit record is malformed
    ├── DataError       code "data": the rate table or sector taxonomy is malformed
    ├── RosterError     code "roster": a roster file cannot be read; .line, .field
    │   └── ColumnError code "column": a table column is missing or of a type the
    │                   core does not read; .field (canonical) and .column (the table's)
    ├── RecordError     code "record": a worker mapping has an unknown key or a value
    │                   of a type that is not translated (also a TypeError)
    ├── ArgumentError   code "argument": an argument to a planning function
    ├── IoError         code "io": a file cannot be read (also an OSError)
    └── InternalError   code "internal": a bug in iuran (a panic inside the library,
                        caught at the boundary); please report it

A value that cannot be written as a policy or scenario (nested too deep, containing
itself, a float ``inf`` or ``nan``) is a ``PolicyError`` or ``ScenarioError`` naming
the field. Only a wrong Python *type* is a plain ``TypeError``.

A worker who does not qualify is never an exception: that is a ``Decision`` with
reasons.
"""

from __future__ import annotations

from typing import Any, Optional

__all__ = [
    "IuranError",
    "PolicyError",
    "ScenarioError",
    "AuditError",
    "DataError",
    "RosterError",
    "ColumnError",
    "RecordError",
    "ArgumentError",
    "IoError",
    "InternalError",
]


class IuranError(ValueError):
    """An input that ``iuran`` cannot use: a policy, a roster, a table, a record.

    Attributes:
        message: the message, lower case, naming the field, column or line.
        code: a stable ``snake_case`` code for the kind of error.
        field: the policy field, data field, roster column or worker field concerned.
        column: for tables, the table's own column name.
        line: for roster files, the 1-based line.
        row: for tables, the 0-based row, where one row is at fault.
    """

    code: str = "iuran"

    def __init__(
        self,
        message: str,
        *,
        code: Optional[str] = None,
        field: Optional[str] = None,
        column: Optional[str] = None,
        line: Optional[int] = None,
        row: Optional[int] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.field = field
        self.column = column
        self.line = line
        self.row = row

    def __reduce__(self) -> Any:
        return (
            _rebuild,
            (
                type(self),
                self.message,
                {
                    "code": self.code,
                    "field": self.field,
                    "column": self.column,
                    "line": self.line,
                    "row": self.row,
                },
            ),
        )


def _rebuild(cls: type, message: str, attrs: dict[str, Any]) -> IuranError:
    err: IuranError = cls(message, **attrs)
    return err


class PolicyError(IuranError):
    """A policy is not valid TOML or JSON, or a field has a wrong or missing value."""

    code = "policy_field"


class ScenarioError(PolicyError):
    """A scenario is not valid TOML or JSON, names a field the policy does not have, or
    makes a policy that is not valid; ``.field`` names the scenario field."""

    code = "scenario"


class AuditError(IuranError):
    """An audit record is malformed or of a version this library does not read."""

    code = "audit"


class DataError(IuranError):
    """Reference data (the rate table, the sector taxonomy) is malformed."""

    code = "data"


class RosterError(IuranError):
    """A roster cannot be read at all (a bad row is never an error: it gets reasons)."""

    code = "roster"


class ColumnError(RosterError):
    """A table column is missing, ambiguous, or of a type the core does not read."""

    code = "column"


class RecordError(IuranError, TypeError):
    """A worker mapping has a key that is not a field, or a value of a type that is
    not translated to text (a float, a list)."""

    code = "record"


class ArgumentError(IuranError):
    """An argument to a planning function is out of range or does not fit the policy."""

    code = "argument"


class IoError(IuranError, OSError):
    """A file could not be read or written."""

    code = "io"


class InternalError(IuranError):
    """A bug in iuran: the library failed where it should have answered or raised one of
    the errors above. The message says what failed; please report it with the call that
    caused it."""

    code = "internal"
