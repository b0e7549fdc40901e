//! Arrow tables ⇄ the core's columnar API ([`iuran::batch`]).
//!
//! Input: the canonical columns of an Arrow stream (pandas, polars, pyarrow — anything
//! with the `PyCapsule` interface), each handed to [`Columns`] in place when the core
//! reads its layout: text as `utf8`, `large_utf8` or `string_view`; dictionaries of any
//! of those with keys of any integer width (pandas' `int8` codes, polars' `uint32`);
//! integers of any width, nullable; `date32`, `date64` and timestamps without a time
//! zone; booleans; floats; `decimal128`. Only what has no such layout is cast, with
//! `arrow-cast`: a timestamp with a time zone to the civil date in that zone (`date32`),
//! other float widths to float64, other decimals to `decimal128`, a dictionary of
//! numbers to text, and a column with no values at all, whatever its type, to the
//! field's own layout, all null. Then [`Policy::evaluate_columns`](iuran::Policy::evaluate_columns).
//! What a cell means (a float's digits, an integer flag, a date in a cover-month field)
//! is the core's to say. Output: the core's [`Outcome`] as Arrow columns, money as
//! `decimal128(18, 0)` built exactly from whole rupiah. No value is judged here: a
//! cell the core cannot read is the core's to report.

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::builder::{BooleanBufferBuilder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int32Type, Int64Type};
use arrow_array::{
    Array, ArrayRef, BooleanArray, Decimal128Array, DictionaryArray, Int32Array, RecordBatch,
    UInt32Array, new_empty_array,
};
use arrow_buffer::{BooleanBuffer, NullBuffer, ScalarBuffer};
use arrow_cast::cast::{CastOptions, can_cast_types, cast_with_options};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use iuran::batch::{
    Amounts, Bitmap, Columns, Dates, Flags, Floats, IntColumn, Integers, Ints, Keys, Outcome,
    Strings, TimeUnit,
};
use iuran::roster::OUTPUT_COLUMNS;
const FIELDS: [&str; iuran::worker::Field::NAMES.len()] = iuran::worker::Field::NAMES;
use iuran::{Policy, Summary};
use pyo3::types::PyAnyMethods as _;

use crate::error::{Failure, Result};

/// Every batch of an Arrow stream (the `PyCapsule` interface), its schema, and the column
/// names (the table's own, unless given): what `evaluate_table` and `compare` read.
pub fn read_stream(
    data: &pyo3::Bound<'_, pyo3::PyAny>,
    names: Option<Vec<crate::error::Text>>,
) -> Result<(SchemaRef, Vec<RecordBatch>, Vec<String>)> {
    // Arrow's message may quote a value.
    let unreadable = |e: &dyn std::fmt::Display| {
        Failure::Core(iuran::Error::Roster {
            line: None,
            column: None,
            message: format!(
                "table cannot be read: {}",
                crate::error::echo(&e.to_string())
            ),
        })
    };
    // A type the Arrow C interface cannot carry (polars' Int128) fails here.
    let data: pyo3_arrow::input::AnyRecordBatch = data.extract().map_err(|e| unreadable(&e))?;
    let reader = data.into_reader().map_err(|e| unreadable(&e))?;
    let schema = reader.schema();
    let batches: Vec<RecordBatch> = reader
        .collect::<std::result::Result<_, _>>()
        .map_err(|e| unreadable(&e))?;
    let names = match names {
        Some(names) => names.into_iter().map(|t| t.0).collect(),
        None => schema.fields().iter().map(|f| f.name().clone()).collect(),
    };
    Ok((schema, batches, names))
}

/// Precision of the money columns: whole rupiah up to 10^18 − 1.
pub const MONEY_PRECISION: u8 = 18;
/// The largest amount a money column holds: 10^18 − 1.
pub const MONEY_LIMIT: i64 = 999_999_999_999_999_999;

/// The extra output column with the sector code each occupation mapped to.
pub const SECTOR_COLUMN: &str = "sector_code";

/// How the core reads a field.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    /// A worker's own cover month: text, or a date standing for its month.
    Month,
    Date,
    Amount,
    Flag,
    Int,
}

fn kind(field: &str) -> Kind {
    match field {
        "birth_date" => Kind::Date,
        "cover_from" | "cover_to" => Kind::Month,
        "declared_income" => Kind::Amount,
        "active_member" | "dtsen" => Kind::Flag,
        "welfare_decile" => Kind::Int,
        _ => Kind::Text,
    }
}

fn is_int(t: &DataType) -> bool {
    t.is_integer()
}

fn is_float(t: &DataType) -> bool {
    t.is_floating()
}

fn is_text(t: &DataType) -> bool {
    matches!(t, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View)
}

/// A date layout the core reads in place: `date32`, `date64`, a timestamp without a
/// time zone.
fn is_day(t: &DataType) -> bool {
    matches!(
        t,
        DataType::Date32 | DataType::Date64 | DataType::Timestamp(_, None)
    )
}

fn dict_i32(values: DataType) -> DataType {
    DataType::Dictionary(Box::new(DataType::Int32), Box::new(values))
}

/// Whether `Columns` reads a column of this type for this kind as it is, in place.
fn readable(kind: Kind, t: &DataType) -> bool {
    use DataType as D;
    let text = match t {
        t if is_text(t) => true,
        D::Dictionary(k, v) => is_int(k) && is_text(v),
        _ => false,
    };
    text || match kind {
        Kind::Text => t == &D::Float64 || is_int(t),
        Kind::Month => t == &D::Float64 || is_int(t) || is_day(t),
        Kind::Date => is_day(t),
        Kind::Amount => {
            is_int(t) || t == &D::Float64 || matches!(t, D::Decimal128(_, s) if *s >= 0)
        }
        Kind::Flag => t == &D::Boolean || is_int(t),
        Kind::Int => is_int(t) || t == &D::Float64,
    }
}

/// What to do with a column: `Ok(None)` read it in place, `Ok(Some(t))` cast to `t`
/// first (only what `Columns` has no layout for), `Err(why)` refuse.
fn plan(kind: Kind, t: &DataType) -> std::result::Result<Option<DataType>, String> {
    use DataType as D;
    if readable(kind, t) {
        return Ok(None);
    }
    let target = match (kind, t) {
        (_, D::Dictionary(_, v)) => {
            return match v.as_ref() {
                v if is_int(v) && matches!(kind, Kind::Text | Kind::Month) => {
                    Ok(Some(dict_i32(D::Utf8)))
                }
                v => Err(format!(
                    "a dictionary (categorical) of {v} cannot be read; give text values"
                )),
            };
        }
        // A timestamp with a zone: the civil date in that zone, which needs the zone's
        // rules.
        (Kind::Date | Kind::Month, D::Timestamp(_, Some(_))) | (Kind::Date, D::Null) => D::Date32,
        (Kind::Text | Kind::Month, D::Null) => D::Utf8,
        (Kind::Text | Kind::Month | Kind::Amount | Kind::Int, t) if is_float(t) => D::Float64,
        (Kind::Amount | Kind::Int, D::Null) => D::Int64,
        (Kind::Amount, D::Decimal32(_, s) | D::Decimal64(_, s) | D::Decimal256(_, s)) => {
            D::Decimal128(38, (*s).max(0))
        }
        (Kind::Amount, D::Decimal128(..)) => D::Decimal128(38, 0),
        (Kind::Flag, D::Null) => D::Boolean,
        (Kind::Flag, t) if is_float(t) => {
            return Err(format!(
                "is {t}: floats are not accepted; give booleans, integers or text (pandas \
                 turns an integer column with missing values into float64: read it as `Int64`)"
            ));
        }
        (Kind::Date, t) if is_int(t) || is_float(t) => {
            return Err(format!(
                "is {t}, not a date: give dates, timestamps or text such as `1970-03-12`"
            ));
        }
        (_, D::Binary | D::LargeBinary | D::BinaryView | D::FixedSizeBinary(_)) => {
            return Err(format!(
                "is {t} (bytes), not text: decode it to UTF-8 text first"
            ));
        }
        (k, t) => {
            let expected = match k {
                Kind::Text => "text",
                Kind::Month => "text such as `2026-03`, dates or timestamps",
                Kind::Date => "dates, timestamps or text",
                Kind::Amount => "integers, decimals or text",
                Kind::Flag => "booleans, integers or text",
                Kind::Int => "integers or text",
            };
            return Err(format!("is {t}; expected {expected}"));
        }
    };
    Ok(Some(target))
}

/// The layout a column with no values is handed over as, for each kind of field.
fn null_layout(kind: Kind) -> DataType {
    match kind {
        Kind::Text | Kind::Month => DataType::Utf8,
        Kind::Date => DataType::Date32,
        Kind::Amount | Kind::Int => DataType::Int64,
        Kind::Flag => DataType::Boolean,
    }
}

/// Bring one column to a layout `Columns` reads: as it is when it can be read in
/// place, else cast.
fn prepare(field: &str, column: &str, array: ArrayRef) -> Result<ArrayRef> {
    let kind = kind(field);
    let fail = |message: String| Failure::Column {
        field: field.to_owned(),
        column: Some(column.to_owned()),
        message,
    };
    // A column with no values carries nothing to read, whatever type a reader gave it
    // (pandas: float64 all NaN; an Arrow `null` column): every cell is absent.
    if !readable(kind, array.data_type()) && array.logical_null_count() == array.len() {
        return Ok(arrow_array::new_null_array(&null_layout(kind), array.len()));
    }
    let array = match plan(kind, array.data_type()).map_err(fail)? {
        None => array,
        Some(target) => {
            // A dictionary arrow-cast cannot re-key is unpacked to plain text instead.
            let target = if can_cast_types(array.data_type(), &target) {
                target
            } else if matches!(array.data_type(), DataType::Dictionary(..)) {
                DataType::LargeUtf8
            } else {
                target
            };
            let options = CastOptions {
                safe: false,
                ..CastOptions::default()
            };
            cast_with_options(array.as_ref(), &target, &options)
                .map_err(|e| fail(format!("cannot be converted to {target}: {e}")))?
        }
    };
    if readable(kind, array.data_type()) {
        Ok(array)
    } else {
        Err(fail(format!(
            "is {} after conversion, which the core does not read",
            array.data_type()
        )))
    }
}

fn bitmap(nulls: Option<&NullBuffer>) -> Option<Bitmap<'_>> {
    nulls.map(|n| Bitmap {
        bits: n.validity(),
        offset: n.offset(),
    })
}

/// The values of a float column as they are.
fn floats(a: &dyn Array) -> Option<Floats<'_>> {
    let f = a.as_primitive_opt::<Float64Type>()?;
    Some(Floats {
        values: f.values(),
        validity: bitmap(f.nulls()),
    })
}

/// One expression over an integer array of any width: `$v` is its values.
macro_rules! over_ints {
    ($a:expr, $v:ident => $e:expr) => {{
        use arrow_array::types as t;
        match $a.data_type() {
            DataType::Int8 => {
                let $v = &$a.as_primitive_opt::<t::Int8Type>()?.values()[..];
                $e
            }
            DataType::Int16 => {
                let $v = &$a.as_primitive_opt::<t::Int16Type>()?.values()[..];
                $e
            }
            DataType::Int32 => {
                let $v = &$a.as_primitive_opt::<t::Int32Type>()?.values()[..];
                $e
            }
            DataType::Int64 => {
                let $v = &$a.as_primitive_opt::<t::Int64Type>()?.values()[..];
                $e
            }
            DataType::UInt8 => {
                let $v = &$a.as_primitive_opt::<t::UInt8Type>()?.values()[..];
                $e
            }
            DataType::UInt16 => {
                let $v = &$a.as_primitive_opt::<t::UInt16Type>()?.values()[..];
                $e
            }
            DataType::UInt32 => {
                let $v = &$a.as_primitive_opt::<t::UInt32Type>()?.values()[..];
                $e
            }
            DataType::UInt64 => {
                let $v = &$a.as_primitive_opt::<t::UInt64Type>()?.values()[..];
                $e
            }
            _ => return None,
        }
    }};
}

/// An integer column of any width, in place.
fn int_column(a: &dyn Array) -> Option<IntColumn<'_>> {
    let values: Integers<'_> = over_ints!(a, v => Integers::from(v));
    Some(IntColumn {
        values,
        validity: bitmap(a.nulls()),
    })
}

/// Dictionary keys of any integer width, in place.
fn keys(a: &dyn Array) -> Option<Keys<'_>> {
    Some(over_ints!(a, v => Keys::from(v)))
}

/// A text column over a prepared array (`None` for any other layout).
fn strings(a: &dyn Array) -> Option<Strings<'_>> {
    Some(match a.data_type() {
        DataType::Float64 => Strings::Float64(floats(a)?),
        DataType::Utf8 => {
            let s = a.as_string_opt::<i32>()?;
            Strings::Utf8 {
                offsets: s.value_offsets(),
                data: s.value_data(),
                validity: bitmap(s.nulls()),
            }
        }
        DataType::LargeUtf8 => {
            let s = a.as_string_opt::<i64>()?;
            Strings::LargeUtf8 {
                offsets: s.value_offsets(),
                data: s.value_data(),
                validity: bitmap(s.nulls()),
            }
        }
        DataType::Utf8View => {
            let s = a.as_string_view_opt()?;
            Strings::Utf8View {
                views: s.views().inner().as_slice(),
                buffers: s
                    .data_buffers()
                    .iter()
                    .map(arrow_buffer::Buffer::as_slice)
                    .collect(),
                validity: bitmap(s.nulls()),
            }
        }
        DataType::Dictionary(..) => {
            let d = a.as_any_dictionary_opt()?;
            Strings::Dictionary {
                keys: keys(d.keys())?,
                values: Box::new(strings(d.values().as_ref())?),
                validity: bitmap(d.keys().nulls()),
            }
        }
        t if is_int(t) => Strings::Integers(int_column(a)?),
        t if is_day(t) => Strings::Dates(Box::new(dates(a)?)),
        _ => return None,
    })
}

fn dates(a: &dyn Array) -> Option<Dates<'_>> {
    use arrow_array::types as t;
    use arrow_schema::TimeUnit as U;
    fn instants<'a>(a: &'a dyn Array, values: &'a [i64], unit: TimeUnit) -> Dates<'a> {
        Dates::Instants {
            values,
            unit,
            validity: bitmap(a.nulls()),
        }
    }
    Some(match a.data_type() {
        DataType::Date32 => {
            let d = a.as_primitive_opt::<t::Date32Type>()?;
            Dates::Days {
                days: d.values(),
                validity: bitmap(d.nulls()),
            }
        }
        DataType::Date64 => instants(
            a,
            a.as_primitive_opt::<t::Date64Type>()?.values(),
            TimeUnit::Millisecond,
        ),
        DataType::Timestamp(unit, None) => match unit {
            U::Second => instants(
                a,
                a.as_primitive_opt::<t::TimestampSecondType>()?.values(),
                TimeUnit::Second,
            ),
            U::Millisecond => instants(
                a,
                a.as_primitive_opt::<t::TimestampMillisecondType>()?
                    .values(),
                TimeUnit::Millisecond,
            ),
            U::Microsecond => instants(
                a,
                a.as_primitive_opt::<t::TimestampMicrosecondType>()?
                    .values(),
                TimeUnit::Microsecond,
            ),
            U::Nanosecond => instants(
                a,
                a.as_primitive_opt::<t::TimestampNanosecondType>()?.values(),
                TimeUnit::Nanosecond,
            ),
        },
        _ => Dates::Text(strings(a)?),
    })
}

fn amounts(a: &dyn Array) -> Option<Amounts<'_>> {
    if let Some(v) = a.as_primitive_opt::<Int64Type>() {
        return Some(Amounts::Int64 {
            values: v.values(),
            validity: bitmap(v.nulls()),
        });
    }
    if is_int(a.data_type()) {
        return int_column(a).map(Amounts::Integers);
    }
    if let Some(f) = floats(a) {
        return Some(Amounts::Float64(f));
    }
    if let DataType::Decimal128(_, scale) = a.data_type() {
        let v = a.as_primitive_opt::<arrow_array::types::Decimal128Type>()?;
        return Some(Amounts::Decimal128 {
            values: v.values(),
            scale: u32::try_from(*scale).ok()?,
            validity: bitmap(v.nulls()),
        });
    }
    strings(a).map(Amounts::Text)
}

fn flags(a: &dyn Array) -> Option<Flags<'_>> {
    if let Some(b) = a.as_boolean_opt() {
        return Some(Flags::Bits {
            values: Bitmap {
                bits: b.values().values(),
                offset: b.values().offset(),
            },
            validity: bitmap(b.nulls()),
        });
    }
    if is_int(a.data_type()) {
        return int_column(a).map(Flags::Integers);
    }
    strings(a).map(Flags::Text)
}

fn ints(a: &dyn Array) -> Option<Ints<'_>> {
    if let Some(v) = a.as_primitive_opt::<Int64Type>() {
        return Some(Ints::Int64 {
            values: v.values(),
            validity: bitmap(v.nulls()),
        });
    }
    if is_int(a.data_type()) {
        return int_column(a).map(Ints::Integers);
    }
    if let Some(f) = floats(a) {
        return Some(Ints::Float64(f));
    }
    strings(a).map(Ints::Text)
}

/// The canonical columns of a table, prepared, with their row count.
pub struct Prepared {
    len: usize,
    /// By canonical field, in [`FIELDS`] order.
    arrays: Vec<Option<ArrayRef>>,
    /// The table's name of each field's column, in [`FIELDS`] order.
    names: Vec<String>,
}

/// The table's column names, for messages.
fn listing(names: &[String]) -> String {
    // Column names are the caller's data (a table read without its header row has a
    // worker's cells as names): each masked and cut.
    let mut shown: Vec<String> = names
        .iter()
        .take(20)
        .map(|n| crate::error::echo(n))
        .collect();
    if names.len() > 20 {
        shown.push("…".to_owned());
    }
    if shown.is_empty() {
        "no columns".to_owned()
    } else {
        shown.join(", ")
    }
}

/// The decision columns (`outputs`) must not overwrite a column of the table.
pub fn check_outputs(names: &[String], outputs: &[&str], with_sector: bool) -> Result<()> {
    let extra = with_sector.then_some(SECTOR_COLUMN);
    for out in outputs.iter().copied().chain(extra) {
        if names.iter().any(|n| n == out) {
            return Err(Failure::Column {
                field: out.to_owned(),
                column: Some(out.to_owned()),
                message: "is a decision column and is already in the table: rename or drop it \
                          first (was the table evaluated already?)"
                    .to_owned(),
            });
        }
    }
    Ok(())
}

/// The decision columns asked for (`None`: all of them, in the core's order).
pub fn selected_outputs(outputs: Option<&[crate::error::Text]>) -> Result<Vec<&'static str>> {
    Ok(match outputs {
        None => iuran::roster::OUTPUT_COLUMNS.to_vec(),
        Some(o) => {
            let o: Vec<&str> = o.iter().map(|t| t.0.as_str()).collect();
            iuran::roster::output_columns(&o)?
        }
    })
}

/// A table read for a policy: the decision columns it gains (`outputs`, when a table
/// is returned) checked against its own, and the columns the policy requires brought
/// to the layouts the core reads.
pub fn prepare_for<S: std::hash::BuildHasher>(
    policy: &Policy,
    schema: &SchemaRef,
    batches: &[RecordBatch],
    mapping: &HashMap<String, String, S>,
    names: &[String],
    outputs: Option<&[&str]>,
    with_sector: bool,
) -> Result<Prepared> {
    if let Some(outputs) = outputs {
        check_outputs(names, outputs, with_sector)?;
    }
    prepare_table(schema, batches, mapping, names, &policy.required_columns())
}

/// Find the canonical columns in a table (`mapping`: canonical field → the table's
/// column name) and gather each into one array. Holds no Python state, so it runs with
/// the GIL released. `names` are all the caller's column names (the batches may hold
/// only the canonical ones), for messages.
pub fn prepare_table<S: std::hash::BuildHasher>(
    schema: &SchemaRef,
    batches: &[RecordBatch],
    mapping: &HashMap<String, String, S>,
    names: &[String],
    required: &[iuran::worker::Field],
) -> Result<Prepared> {
    for key in mapping.keys() {
        if !FIELDS.contains(&key.as_str()) {
            return Err(Failure::Column {
                field: key.clone(),
                column: None,
                message: format!(
                    "`columns` maps `{key}`, which is not a field (the fields are: {})",
                    FIELDS.join(", ")
                ),
            });
        }
    }
    let len = batches.iter().map(RecordBatch::num_rows).sum();
    let mut arrays = Vec::with_capacity(FIELDS.len());
    let mut column_names = Vec::with_capacity(FIELDS.len());
    for field in FIELDS {
        let mapped = mapping.get(field);
        let name = mapped.map_or(field, String::as_str);
        column_names.push(name.to_owned());
        let found: Vec<usize> = schema
            .fields()
            .iter()
            .enumerate()
            .filter(|(_, f)| f.name() == name)
            .map(|(i, _)| i)
            .collect();
        let fail = |message: String| Failure::Column {
            field: field.to_owned(),
            column: Some(name.to_owned()),
            message,
        };
        let index = match found.as_slice() {
            [i] => *i,
            [] if mapped.is_some() => {
                return Err(fail(format!(
                    "is not in the table (the table has: {})",
                    listing(names)
                )));
            }
            [] if required.iter().any(|r| r.name() == field) => {
                return Err(fail(format!(
                    "required column is missing (the table has: {}); name it `{field}` or \
                     map it with `columns={{\"{field}\": \"…\"}}`",
                    listing(names)
                )));
            }
            [] => {
                arrays.push(None);
                continue;
            }
            _ => return Err(fail("appears more than once in the table".to_owned())),
        };
        let array = match batches {
            [] => new_empty_array(schema.field(index).data_type()),
            [one] => one.column(index).clone(),
            many => {
                let mut parts: Vec<ArrayRef> =
                    many.iter().map(|b| b.column(index).clone()).collect();
                // Text past 2 GiB in all does not fit 32-bit offsets: widen before joining.
                let bytes: usize = parts.iter().map(Array::get_buffer_memory_size).sum();
                if bytes > i32::MAX as usize && parts[0].data_type() == &DataType::Utf8 {
                    parts = parts
                        .iter()
                        .map(|a| arrow_cast::cast::cast(a, &DataType::LargeUtf8))
                        .collect::<std::result::Result<_, _>>()
                        .map_err(|e| fail(format!("cannot be widened: {e}")))?;
                }
                let parts: Vec<&dyn Array> = parts.iter().map(AsRef::as_ref).collect();
                arrow_select::concat::concat(&parts)
                    .map_err(|e| fail(format!("cannot be joined across batches: {e}")))?
            }
        };
        if field == "name" {
            // Carried through untouched; the core never reads a name.
            arrays.push(None);
            continue;
        }
        arrays.push(Some(prepare(field, name, array)?));
    }
    Ok(Prepared {
        len,
        arrays,
        names: column_names,
    })
}

impl Prepared {
    /// The prepared columns as the core reads them, checked by the core
    /// ([`Columns::check`]); a column it refuses is reported by the table's name.
    pub fn columns(&self) -> Result<Columns<'_>> {
        let columns = self.unchecked()?;
        columns.check().map_err(|e| match e {
            iuran::Error::Roster {
                line: None,
                column: Some(field),
                message,
            } => {
                let column = FIELDS
                    .iter()
                    .position(|f| *f == field)
                    .map(|i| self.names[i].clone());
                Failure::Column {
                    field,
                    column,
                    message,
                }
            }
            e => Failure::Core(e),
        })?;
        Ok(columns)
    }

    fn unchecked(&self) -> Result<Columns<'_>> {
        let at = |f: &str| {
            FIELDS
                .iter()
                .position(|x| *x == f)
                .and_then(|i| self.arrays[i].as_deref())
        };
        let layout = |f: &str| Failure::Column {
            field: f.to_owned(),
            column: None,
            message: "has a layout the binding did not prepare".to_owned(),
        };
        let text = |f: &'static str| -> Result<Option<Strings<'_>>> {
            at(f)
                .map(|a| strings(a).ok_or_else(|| layout(f)))
                .transpose()
        };
        Ok(Columns {
            len: self.len,
            nik: text("nik")?,
            birth_date: at("birth_date")
                .map(|a| dates(a).ok_or_else(|| layout("birth_date")))
                .transpose()?,
            sex: text("sex")?,
            regency: text("regency")?,
            district: text("district")?,
            sector: text("sector")?,
            declared_income: at("declared_income")
                .map(|a| amounts(a).ok_or_else(|| layout("declared_income")))
                .transpose()?,
            active_member: at("active_member")
                .map(|a| flags(a).ok_or_else(|| layout("active_member")))
                .transpose()?,
            welfare_decile: at("welfare_decile")
                .map(|a| ints(a).ok_or_else(|| layout("welfare_decile")))
                .transpose()?,
            dtsen: at("dtsen")
                .map(|a| flags(a).ok_or_else(|| layout("dtsen")))
                .transpose()?,
            cover_from: text("cover_from")?,
            cover_to: text("cover_to")?,
        })
    }
}

/// Whole rupiah as `decimal128(18, 0)`, exactly; an amount of 19 digits is refused
/// rather than written into a column whose precision cannot hold it.
fn money(values: Vec<i64>) -> std::result::Result<ArrayRef, arrow_schema::ArrowError> {
    const LIMIT: i64 = MONEY_LIMIT;
    let mut too_large = false;
    let wide: Vec<i128> = values
        .iter()
        .map(|&v| {
            too_large |= !(-LIMIT..=LIMIT).contains(&v);
            i128::from(v)
        })
        .collect();
    drop(values);
    if too_large {
        return Err(arrow_schema::ArrowError::InvalidArgumentError(format!(
            "an amount does not fit decimal128({MONEY_PRECISION}, 0)"
        )));
    }
    let array = Decimal128Array::new(ScalarBuffer::from(wide), None)
        .with_precision_and_scale(MONEY_PRECISION, 0)?;
    Ok(Arc::new(array))
}

/// Texts that repeat (reason sets, funding sources, sector codes) as a dictionary
/// column: one `int32` key per row and each distinct text once, so a million rows
/// carry four bytes each instead of their text (pandas: `Categorical`).
struct Dictionary {
    keys: Vec<i32>,
    values: StringBuilder,
    /// Key of each id seen so far, indexed by the id (ids are small: reason-set bits
    /// under 2^17, funding-source and sector indexes); -1 where not seen yet.
    seen: Vec<i32>,
    distinct: i32,
}

impl Dictionary {
    fn with_capacity(n: usize) -> Self {
        Dictionary {
            keys: Vec::with_capacity(n),
            values: StringBuilder::new(),
            seen: Vec::new(),
            distinct: 0,
        }
    }

    /// The key of `id`, whose text `text` gives the first time it is seen.
    #[inline]
    fn push(&mut self, id: u32, text: impl FnOnce() -> String) {
        let at = id as usize;
        if at >= self.seen.len() {
            self.seen.resize(at + 1, -1);
        }
        let mut key = self.seen[at];
        if key < 0 {
            key = self.distinct;
            self.distinct += 1;
            self.seen[at] = key;
            self.values.append_value(text());
        }
        self.keys.push(key);
    }

    fn finish(
        mut self,
        nulls: Option<NullBuffer>,
    ) -> std::result::Result<ArrayRef, arrow_schema::ArrowError> {
        let keys = Int32Array::new(ScalarBuffer::from(self.keys), nulls);
        let values: ArrayRef = Arc::new(self.values.finish());
        Ok(Arc::new(DictionaryArray::<Int32Type>::try_new(
            keys, values,
        )?))
    }
}

/// A dictionary column of optional small indexes (`None` is null).
fn optional_dictionary<T: Copy>(
    items: &[Option<T>],
    id: impl Fn(T) -> u32,
    text: impl Fn(T) -> String,
) -> std::result::Result<ArrayRef, arrow_schema::ArrowError> {
    let mut d = Dictionary::with_capacity(items.len());
    let mut valid = BooleanBufferBuilder::new(items.len());
    for item in items {
        valid.append(item.is_some());
        match item {
            Some(v) => d.push(id(*v), || text(*v)),
            None => d.keys.push(0),
        }
    }
    let nulls = NullBuffer::new(valid.finish());
    d.finish((nulls.null_count() > 0).then_some(nulls))
}

/// One output column to build, from the outcome's vector it takes over.
type Job<'a> =
    Box<dyn FnOnce() -> std::result::Result<ArrayRef, arrow_schema::ArrowError> + Send + 'a>;

/// Run `jobs` on up to `threads` threads (each thread a fixed share, round robin), the
/// results in the jobs' order.
fn run_jobs(
    jobs: Vec<Job<'_>>,
    threads: usize,
) -> std::result::Result<Vec<ArrayRef>, arrow_schema::ArrowError> {
    let threads = threads.clamp(1, jobs.len().max(1));
    if threads == 1 {
        return jobs.into_iter().map(|job| job()).collect();
    }
    let n = jobs.len();
    let mut shares: Vec<Vec<(usize, Job<'_>)>> = (0..threads).map(|_| Vec::new()).collect();
    for (i, job) in jobs.into_iter().enumerate() {
        shares[i % threads].push((i, job));
    }
    let mut done: Vec<Option<std::result::Result<ArrayRef, arrow_schema::ArrowError>>> =
        (0..n).map(|_| None).collect();
    std::thread::scope(|s| {
        let handles: Vec<_> = shares
            .into_iter()
            .map(|share| {
                s.spawn(move || {
                    share
                        .into_iter()
                        .map(|(i, job)| (i, job()))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            // A job that panicked: its column is missing, reported below.
            if let Ok(results) = h.join() {
                for (i, r) in results {
                    done[i] = Some(r);
                }
            }
        }
    });
    done.into_iter()
        .map(|r| {
            r.unwrap_or_else(|| {
                Err(arrow_schema::ArrowError::ComputeError(
                    "an output column could not be built".to_owned(),
                ))
            })
        })
        .collect()
}

/// The outcome as Arrow columns: the decision columns in `selected` (names of
/// [`OUTPUT_COLUMNS`], in its order), then `sector_code` when asked. Each of the
/// core's vectors is moved into the job that builds its column and dropped there; the
/// columns are built on up to `threads` threads.
// One arm per decision column, as in `answers::evaluate`.
#[allow(clippy::too_many_lines)]
pub(crate) fn outcome_batch(
    policy: &Policy,
    out: Outcome,
    selected: &[&str],
    with_sector: bool,
    threads: usize,
) -> std::result::Result<RecordBatch, arrow_schema::ArrowError> {
    let Outcome {
        eligible,
        reasons,
        sector,
        funding_source,
        monthly_contribution,
        months,
        total_cost,
        waiting_position,
        ..
    } = out;
    let rows = eligible.len();
    let mut eligible = Some(eligible);
    let mut reasons = Some(reasons);
    let mut funding_source = Some(funding_source);
    let mut monthly_contribution = Some(monthly_contribution);
    let mut months = Some(months);
    let mut total_cost = Some(total_cost);
    let mut waiting_position = Some(waiting_position);
    let funding = &policy.spec().funding;
    let mut jobs: Vec<Job<'_>> = Vec::with_capacity(OUTPUT_COLUMNS.len() + 1);
    let mut fields: Vec<(&str, bool)> = Vec::with_capacity(OUTPUT_COLUMNS.len() + 1);
    for name in OUTPUT_COLUMNS {
        if !selected.contains(&name) {
            continue;
        }
        let job: Job<'_> = match name {
            "eligible" => {
                let v = eligible.take().unwrap_or_default();
                Box::new(move || {
                    Ok(Arc::new(BooleanArray::new(
                        BooleanBuffer::collect_bool(v.len(), |i| v[i]),
                        None,
                    )) as ArrayRef)
                })
            }
            "reasons" => {
                let v = reasons.take().unwrap_or_default();
                Box::new(move || {
                    let mut codes = Dictionary::with_capacity(v.len());
                    for set in &v {
                        codes.push(set.bits(), || set.to_string());
                    }
                    codes.finish(None)
                })
            }
            "monthly_contribution" => {
                let v = monthly_contribution.take().unwrap_or_default();
                Box::new(move || money(v))
            }
            "months" => {
                let v = months.take().unwrap_or_default();
                Box::new(move || {
                    Ok(Arc::new(UInt32Array::new(ScalarBuffer::from(v), None)) as ArrayRef)
                })
            }
            "total_cost" => {
                let v = total_cost.take().unwrap_or_default();
                Box::new(move || money(v))
            }
            "funding_source" => {
                let v = funding_source.take().unwrap_or_default();
                Box::new(move || {
                    optional_dictionary(&v, u32::from, |i: u8| {
                        funding
                            .get(usize::from(i))
                            .map(|f| f.id.clone())
                            .unwrap_or_default()
                    })
                })
            }
            "waiting_position" => {
                let v = waiting_position.take().unwrap_or_default();
                Box::new(move || Ok(Arc::new(UInt32Array::from(v)) as ArrayRef))
            }
            _ => continue,
        };
        jobs.push(job);
        fields.push((name, matches!(name, "funding_source" | "waiting_position")));
    }
    // What no column takes is freed before the columns are built.
    drop((
        eligible,
        reasons,
        funding_source,
        monthly_contribution,
        months,
        total_cost,
        waiting_position,
    ));
    if with_sector {
        let taxonomy = policy.taxonomy();
        jobs.push(Box::new(move || {
            optional_dictionary(
                &sector,
                |id| id.index() as u32,
                |id| taxonomy.sector(id).code.clone(),
            )
        }));
        fields.push((SECTOR_COLUMN, true));
    } else {
        drop(sector);
    }
    let columns = run_jobs(jobs, threads)?;
    let fields: Vec<Field> = fields
        .iter()
        .zip(&columns)
        .map(|((name, nullable), a)| Field::new(*name, a.data_type().clone(), *nullable))
        .collect();
    RecordBatch::try_new_with_options(
        Arc::new(Schema::new(fields)),
        columns,
        &arrow_array::RecordBatchOptions::new().with_row_count(Some(rows)),
    )
}

/// The core's answers for prepared columns, as the core returns them.
pub fn outcome(policy: &Policy, prepared: &Prepared) -> Result<Outcome> {
    Ok(policy.evaluate_columns(&prepared.columns()?)?)
}

/// Rows of prepared columns explained (positions from 0): the whole table is
/// evaluated (duplicates and budgets depend on every row), then each row asked for is
/// explained by the core. A position past the table's end is an `ArgumentError`.
pub fn explain(policy: &Policy, prepared: &Prepared, rows: &[u64]) -> Result<Vec<iuran::Decision>> {
    let columns = prepared.columns()?;
    let outcome = policy.evaluate_columns(&columns)?;
    rows.iter()
        .map(|&row| match usize::try_from(row) {
            Ok(i) if i < columns.len => Ok(policy.explain_row(&columns, &outcome, i)),
            _ => Err(Failure::Core(iuran::Error::Argument {
                name: "rows",
                message: format!(
                    "row {row} is not in the table, which has {} rows (counted from 0)",
                    columns.len
                ),
            })),
        })
        .collect()
}

/// What an evaluation of a table returns.
pub struct Wanted<'a> {
    /// The decision columns to build (names of [`OUTPUT_COLUMNS`], in its order), or
    /// `None` for no table at all.
    pub outputs: Option<&'a [&'static str]>,
    /// The `sector_code` column as well (with a table).
    pub with_sector: bool,
    /// The summary.
    pub summary: bool,
    /// Threads for the kernel and the output columns (0: the cores this process may use).
    pub threads: usize,
}

/// Evaluate prepared columns; the output columns and/or the summary, as asked. The
/// summary alone never holds every row's answers.
pub fn evaluate(
    policy: &Policy,
    prepared: &Prepared,
    wanted: &Wanted<'_>,
) -> Result<(Option<RecordBatch>, Option<Summary>)> {
    let columns = prepared.columns()?;
    let Some(selected) = wanted.outputs else {
        let summary = if wanted.summary {
            Some(policy.summarize_columns(&columns)?)
        } else {
            None
        };
        return Ok((None, summary));
    };
    if !wanted.summary && !policy.has_ceilings() {
        // Straight into the Arrow buffers, a block at a time.
        let table = crate::answers::evaluate(
            policy,
            &columns,
            selected,
            wanted.with_sector,
            wanted.threads,
        )?;
        return Ok((Some(table), None));
    }
    let outcome = policy.evaluate_columns_threads(&columns, wanted.threads)?;
    // The summary first: the table takes the outcome's vectors over.
    let summary = wanted.summary.then(|| policy.summarize(&columns, &outcome));
    let threads = if wanted.threads == 0 {
        std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
    } else {
        wanted.threads
    };
    let table =
        outcome_batch(policy, outcome, selected, wanted.with_sector, threads).map_err(|e| {
            Failure::Column {
                field: "total_cost".to_owned(),
                column: None,
                message: format!("output cannot be built: {e}"),
            }
        })?;
    Ok((Some(table), summary))
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{Float64Array, Int64Array, StringArray, StringViewArray, UInt64Array};

    fn policy() -> Policy {
        Policy::from_file(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../examples/policies/tegal-2025.toml"
        ))
        .unwrap()
    }

    fn table(columns: Vec<(&str, ArrayRef)>) -> (SchemaRef, RecordBatch) {
        let batch = RecordBatch::try_from_iter(columns).unwrap();
        (batch.schema(), batch)
    }

    fn text(values: &[&str]) -> ArrayRef {
        Arc::new(StringArray::from(values.to_vec()))
    }

    fn names(schema: &Schema) -> Vec<String> {
        schema.fields().iter().map(|f| f.name().clone()).collect()
    }

    #[test]
    fn plans_translate_or_refuse() {
        use DataType as D;
        use arrow_schema::TimeUnit as U;
        let dict = |k: D, v: D| D::Dictionary(Box::new(k), Box::new(v));
        // Read in place: text of every layout, dictionaries with any key width,
        // integers of any width, dates and timestamps without a zone.
        assert_eq!(plan(Kind::Text, &D::Utf8), Ok(None));
        assert_eq!(plan(Kind::Text, &D::Utf8View), Ok(None));
        assert_eq!(plan(Kind::Text, &D::UInt64), Ok(None));
        for k in [
            D::Int8,
            D::Int16,
            D::Int32,
            D::Int64,
            D::UInt8,
            D::UInt32,
            D::UInt64,
        ] {
            for v in [D::Utf8, D::LargeUtf8, D::Utf8View] {
                assert_eq!(plan(Kind::Text, &dict(k.clone(), v.clone())), Ok(None));
                assert_eq!(plan(Kind::Flag, &dict(k.clone(), v)), Ok(None));
            }
        }
        for t in [D::Int8, D::UInt16, D::Int32, D::UInt64] {
            assert_eq!(plan(Kind::Amount, &t), Ok(None));
            assert_eq!(plan(Kind::Int, &t), Ok(None));
            assert_eq!(plan(Kind::Flag, &t), Ok(None));
        }
        for u in [U::Second, U::Millisecond, U::Microsecond, U::Nanosecond] {
            assert_eq!(plan(Kind::Date, &D::Timestamp(u, None)), Ok(None));
            assert_eq!(plan(Kind::Month, &D::Timestamp(u, None)), Ok(None));
        }
        assert_eq!(plan(Kind::Date, &D::Date64), Ok(None));
        assert_eq!(plan(Kind::Month, &D::Date32), Ok(None));
        assert_eq!(plan(Kind::Amount, &D::Decimal128(10, 2)), Ok(None));
        assert_eq!(plan(Kind::Amount, &D::Float64), Ok(None));
        // Cast: what has no layout of its own.
        let zoned = D::Timestamp(U::Nanosecond, Some("Asia/Jakarta".into()));
        assert_eq!(plan(Kind::Date, &zoned), Ok(Some(D::Date32)));
        assert_eq!(plan(Kind::Month, &zoned), Ok(Some(D::Date32)));
        assert_eq!(
            plan(Kind::Text, &dict(D::Int8, D::Int64)),
            Ok(Some(dict_i32(D::Utf8)))
        );
        assert_eq!(
            plan(Kind::Amount, &D::Decimal128(10, -3)),
            Ok(Some(D::Decimal128(38, 0)))
        );
        assert_eq!(plan(Kind::Text, &D::Float32), Ok(Some(D::Float64)));
        // Refused.
        assert!(plan(Kind::Text, &D::Date32).is_err());
        assert!(plan(Kind::Flag, &D::Float64).is_err());
        assert!(plan(Kind::Date, &D::Float64).is_err());
        assert!(plan(Kind::Date, &D::Int32).is_err());
        assert!(plan(Kind::Flag, &D::Binary).is_err());
        assert!(plan(Kind::Flag, &dict(D::Int8, D::Int64)).is_err());
    }

    #[test]
    fn typed_and_text_columns_give_the_same_answers() {
        let p = policy();
        let nik = ["3328011203700001", "3328015003800002", "3328011203700001"];
        let (schema, batch) = table(vec![
            ("nik", text(&nik)),
            (
                "birth_date",
                text(&["1970-03-12", "10-03-1980", "1970-03-12"]),
            ),
            (
                "regency",
                Arc::new(Int64Array::from(vec![3328, 3328, 3328])) as ArrayRef,
            ),
            (
                "sector",
                Arc::new(StringViewArray::from(vec![
                    "Petani Tembakau",
                    "nelayan",
                    "nelayan",
                ])) as ArrayRef,
            ),
        ]);
        // Two batches: the duplicate NIK is in the second.
        let parts = [batch.slice(0, 2), batch.slice(2, 1)];
        let prepared = prepare_table(
            &schema,
            &parts,
            &HashMap::new(),
            &names(&schema),
            &iuran::roster::REQUIRED,
        )
        .unwrap();
        let wanted = Wanted {
            outputs: Some(&OUTPUT_COLUMNS),
            with_sector: true,
            summary: true,
            threads: 2,
        };
        let (out, summary) = evaluate(&p, &prepared, &wanted).unwrap();
        let out = out.unwrap();
        let reasons = out.column(1).as_dictionary::<Int32Type>();
        let texts = reasons.values().as_string::<i32>();
        let read: Vec<&str> = reasons
            .keys()
            .values()
            .iter()
            .map(|&k| texts.value(k as usize))
            .collect();
        assert_eq!(read, ["", "", "duplicate_nik"]);
        // Each distinct reason set is written once.
        assert_eq!(texts.len(), 2);
        assert_eq!(
            out.schema().field(4).data_type(),
            &DataType::Decimal128(18, 0)
        );
        let cost = out
            .column(4)
            .as_primitive::<arrow_array::types::Decimal128Type>();
        assert_eq!(cost.values().to_vec(), vec![67_200, 67_200, 0]);
        assert_eq!(summary.unwrap().total_cost.to_string(), "134400");
        assert_eq!(
            out.schema().field(OUTPUT_COLUMNS.len()).name(),
            SECTOR_COLUMN
        );
    }

    #[test]
    fn column_problems_name_the_column() {
        let (schema, batch) = table(vec![
            ("NIK", text(&["3328011203700001"])),
            ("birth_date", text(&["1970-03-12"])),
            ("regency", text(&["3328"])),
            ("sector", text(&["nelayan"])),
            (
                "declared_income",
                Arc::new(Float64Array::from(vec![1.5e6 + 0.5])) as ArrayRef,
            ),
        ]);
        let all = names(&schema);
        let column = |r: Result<Prepared>| match r {
            Err(Failure::Column { field, column, .. }) => (field, column),
            _ => panic!("expected a column failure"),
        };
        let batches = [batch];
        assert_eq!(
            column(prepare_table(
                &schema,
                &batches,
                &HashMap::new(),
                &all,
                &iuran::roster::REQUIRED
            )),
            ("nik".to_owned(), Some("nik".to_owned()))
        );
        // A float income with a fraction: the core refuses it, named by the table's column.
        let mapping = HashMap::from([("nik".to_owned(), "NIK".to_owned())]);
        let prepared =
            prepare_table(&schema, &batches, &mapping, &all, &iuran::roster::REQUIRED).unwrap();
        match prepared.columns() {
            Err(Failure::Column {
                field,
                column,
                message,
            }) => {
                assert_eq!(
                    (field.as_str(), column.as_deref()),
                    ("declared_income", Some("declared_income"))
                );
                assert!(message.contains("money is never a float"), "{message}");
            }
            _ => panic!("expected a column failure"),
        }
        // A column with no values is read as all null, whatever its type.
        let empty: ArrayRef = Arc::new(Float64Array::from(vec![None, None]));
        let birth = prepare("birth_date", "tgl", empty).unwrap();
        assert_eq!(birth.data_type(), &DataType::Date32);
        assert_eq!(birth.logical_null_count(), 2);
        // An integer past every income is read in place: that row's `invalid_value`,
        // the core's to report, not the column's.
        let big: ArrayRef = Arc::new(UInt64Array::from(vec![u64::MAX]));
        let read = prepare("declared_income", "x", big).unwrap();
        assert_eq!(read.data_type(), &DataType::UInt64);
        let wide: ArrayRef = Arc::new(arrow_array::Decimal256Array::from(vec![
            arrow_buffer::i256::MAX,
        ]));
        assert!(prepare("declared_income", "x", wide).is_err());
        assert!(check_outputs(&["eligible".to_owned()], &OUTPUT_COLUMNS, false).is_err());
        assert!(check_outputs(&["eligible".to_owned()], &["total_cost"], false).is_ok());
        assert!(check_outputs(&["sector_code".to_owned()], &OUTPUT_COLUMNS, false).is_ok());
        assert!(check_outputs(&["sector_code".to_owned()], &[], true).is_err());
    }
}
