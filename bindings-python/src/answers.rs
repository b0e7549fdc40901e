//! The decision columns written straight from the kernel's blocks
//! ([`Policy::evaluate_columns_blocks`]): each block of answers, still in cache, is
//! written into the final Arrow buffers (validity bits, `decimal128` money from the
//! whole rupiah, dictionary keys) and the per-row answers are never held whole. Each
//! thread writes its own share of rows into its own slices of the buffers; the
//! dictionaries (reason sets, funding sources, sector codes) are merged afterwards in
//! the threads' order, so the columns are the same whatever the number of threads.

use std::ops::Range;
use std::sync::Arc;

use arrow_array::types::Int32Type;
use arrow_array::{
    ArrayRef, BooleanArray, Decimal128Array, DictionaryArray, Int32Array, RecordBatch,
    RecordBatchOptions, StringArray, UInt32Array,
};
use arrow_buffer::{BooleanBuffer, Buffer, NullBuffer, ScalarBuffer};
use arrow_schema::{ArrowError, Field, Schema};
use iuran::Policy;
use iuran::batch::Outcome;
use iuran::roster::OUTPUT_COLUMNS;

use crate::batch::{MONEY_LIMIT, MONEY_PRECISION, SECTOR_COLUMN};

/// Keys of one share of a dictionary column: ids seen (the core's small numbers:
/// reason-set bits, funding-source and sector indexes) in the order first seen.
#[derive(Default)]
struct Seen {
    /// The key of each id, indexed by id; -1 where not seen.
    key: Vec<i32>,
    /// The ids, by key.
    ids: Vec<u32>,
    /// The last id looked up and its key (rows repeat the same few ids).
    last: Option<(u32, i32)>,
}

impl Seen {
    #[inline]
    fn key(&mut self, id: u32) -> i32 {
        if let Some((last, k)) = self.last
            && last == id
        {
            return k;
        }
        let k = self.lookup(id);
        self.last = Some((id, k));
        k
    }

    fn lookup(&mut self, id: u32) -> i32 {
        let at = id as usize;
        if at >= self.key.len() {
            self.key.resize(at + 1, -1);
        }
        let k = self.key[at];
        if k >= 0 {
            return k;
        }
        let k = self.ids.len() as i32;
        self.ids.push(id);
        self.key[at] = k;
        k
    }
}

/// One share's slices of a dictionary column.
struct KeysOut<'a> {
    keys: &'a mut [i32],
    /// Validity bits (the share starts on a byte), when the column has nulls.
    valid: Option<&'a mut [u8]>,
    seen: Seen,
}

/// One share's slices of every column asked for.
#[derive(Default)]
struct Share<'a> {
    /// The share's first row.
    start: usize,
    eligible: Option<&'a mut [u8]>,
    reasons: Option<KeysOut<'a>>,
    monthly: Option<&'a mut [i128]>,
    months: Option<&'a mut [u32]>,
    total: Option<&'a mut [i128]>,
    funding: Option<KeysOut<'a>>,
    waiting: Option<(&'a mut [u32], &'a mut [u8])>,
    sector: Option<KeysOut<'a>>,
    /// Each reason set seen, by its key in this share.
    reason_sets: Vec<iuran::ReasonSet>,
    /// An amount beyond `decimal128(18, 0)` was seen.
    too_large: bool,
}

/// Bits from `lo` (a multiple of 8: blocks start on whole chunks), eight a byte.
#[inline]
fn pack<T>(bits: &mut [u8], lo: usize, items: &[T], on: impl Fn(&T) -> bool) {
    debug_assert_eq!(lo % 8, 0);
    for (byte, eight) in bits[lo / 8..].iter_mut().zip(items.chunks(8)) {
        let mut b = 0u8;
        for (k, item) in eight.iter().enumerate() {
            b |= u8::from(on(item)) << k;
        }
        *byte = b;
    }
}

fn money_into(dst: &mut [i128], src: &[i64], too_large: &mut bool) {
    let mut over = false;
    for (d, &v) in dst.iter_mut().zip(src) {
        over |= !(-MONEY_LIMIT..=MONEY_LIMIT).contains(&v);
        *d = i128::from(v);
    }
    *too_large |= over;
}

impl Share<'_> {
    /// Rows `at..at + block.len()` of the table (within this share).
    fn write(&mut self, at: usize, block: &Outcome) {
        let lo = at - self.start;
        let n = block.eligible.len();
        if let Some(bits) = self.eligible.as_deref_mut() {
            pack(bits, lo, &block.eligible, |e| *e);
        }
        if let Some(o) = &mut self.reasons {
            for (k, r) in o.keys[lo..lo + n].iter_mut().zip(&block.reasons) {
                let before = o.seen.ids.len();
                *k = o.seen.key(r.bits());
                if o.seen.ids.len() > before {
                    self.reason_sets.push(*r);
                }
            }
        }
        if let Some(m) = self.monthly.as_deref_mut() {
            money_into(
                &mut m[lo..lo + n],
                &block.monthly_contribution,
                &mut self.too_large,
            );
        }
        if let Some(m) = self.total.as_deref_mut() {
            money_into(&mut m[lo..lo + n], &block.total_cost, &mut self.too_large);
        }
        if let Some(m) = self.months.as_deref_mut() {
            m[lo..lo + n].copy_from_slice(&block.months);
        }
        if let Some(o) = &mut self.funding {
            optional_keys(o, lo, &block.funding_source, u32::from);
        }
        if let Some(o) = &mut self.sector {
            optional_keys(o, lo, &block.sector, |s| s.index() as u32);
        }
        if let Some((values, valid)) = &mut self.waiting {
            for (v, w) in values[lo..lo + n].iter_mut().zip(&block.waiting_position) {
                *v = w.unwrap_or(0);
            }
            pack(valid, lo, &block.waiting_position, Option::is_some);
        }
    }
}

fn optional_keys<T: Copy>(
    o: &mut KeysOut<'_>,
    lo: usize,
    items: &[Option<T>],
    id: impl Fn(T) -> u32,
) {
    let valid = o
        .valid
        .as_deref_mut()
        .expect("optional columns have validity");
    for (k, item) in o.keys[lo..lo + items.len()].iter_mut().zip(items) {
        if let Some(v) = item {
            *k = o.seen.key(id(*v));
        }
    }
    pack(valid, lo, items, Option::is_some);
}

/// A whole column's buffers, before they are split into shares.
struct Keys {
    keys: Vec<i32>,
    valid: Option<Vec<u8>>,
}

fn bytes(rows: usize) -> Vec<u8> {
    vec![0; rows.div_ceil(8)]
}

/// Split `v` into the shares' slices: an element a row, or (`bits`) a bit a row,
/// each share starting on a byte.
fn split<'a, T>(mut v: &'a mut [T], shares: &[Range<usize>], bits: bool) -> Vec<&'a mut [T]> {
    let mut out = Vec::with_capacity(shares.len());
    for (i, r) in shares.iter().enumerate() {
        let len = if bits {
            if i + 1 == shares.len() {
                v.len()
            } else {
                r.len() / 8
            }
        } else {
            r.len()
        };
        let (here, rest) = v.split_at_mut(len);
        out.push(here);
        v = rest;
    }
    out
}

/// The keys of shares 1.. re-numbered into share 0's dictionary (extended with the ids
/// they add, in order): the dictionary a single thread would have built. Returns the
/// ids, by key.
fn merge(keys: &mut [i32], shares: &[Range<usize>], seens: Vec<Seen>) -> Vec<u32> {
    let mut all = Seen::default();
    for (range, seen) in shares.iter().zip(seens) {
        let map: Vec<i32> = seen.ids.iter().map(|&id| all.key(id)).collect();
        if map.iter().enumerate().all(|(k, &g)| k as i32 == g) {
            continue;
        }
        for k in &mut keys[range.clone()] {
            if let Some(&g) = map.get(*k as usize) {
                *k = g;
            }
        }
    }
    all.ids
}

fn dictionary(
    keys: Vec<i32>,
    valid: Option<Vec<u8>>,
    rows: usize,
    values: Vec<String>,
) -> Result<ArrayRef, ArrowError> {
    let nulls = valid
        .map(|v| NullBuffer::new(BooleanBuffer::new(Buffer::from_vec(v), 0, rows)))
        .filter(|n| n.null_count() > 0);
    let keys = Int32Array::new(ScalarBuffer::from(keys), nulls);
    let values: ArrayRef = Arc::new(StringArray::from(values));
    Ok(Arc::new(DictionaryArray::<Int32Type>::try_new(
        keys, values,
    )?))
}

fn money_array(v: Vec<i128>) -> Result<ArrayRef, ArrowError> {
    Ok(Arc::new(
        Decimal128Array::new(ScalarBuffer::from(v), None)
            .with_precision_and_scale(MONEY_PRECISION, 0)?,
    ))
}

/// Hand each share its slice of a column's buffer, when the column is asked for.
fn fill<'a, T>(
    parts: &mut [Share<'a>],
    v: Option<&'a mut [T]>,
    shares: &[Range<usize>],
    bits: bool,
    put: impl Fn(&mut Share<'a>, &'a mut [T]),
) {
    if let Some(v) = v {
        for (p, s) in parts.iter_mut().zip(split(v, shares, bits)) {
            put(p, s);
        }
    }
}

/// Evaluate `columns` into the decision columns `selected` (names of
/// [`OUTPUT_COLUMNS`], in its order) and `sector_code` when `with_sector`, on the
/// threads of `shares`. The policy must have no budget ceilings.
// One step per decision column, each a few lines: kept together so the order of the
// columns is read in one place.
#[allow(clippy::too_many_lines)]
pub fn evaluate(
    policy: &Policy,
    columns: &iuran::batch::Columns<'_>,
    selected: &[&str],
    with_sector: bool,
    threads: usize,
) -> crate::error::Result<RecordBatch> {
    let rows = columns.len;
    let shares = iuran::batch::shares(rows, threads);
    let wants = |name: &str| selected.contains(&name);
    let mut eligible = wants("eligible").then(|| bytes(rows));
    let mut reasons = wants("reasons").then(|| vec![0i32; rows]);
    let mut monthly = wants("monthly_contribution").then(|| vec![0i128; rows]);
    let mut months = wants("months").then(|| vec![0u32; rows]);
    let mut total = wants("total_cost").then(|| vec![0i128; rows]);
    let keys = |on: bool| {
        on.then(|| Keys {
            keys: vec![0; rows],
            valid: Some(bytes(rows)),
        })
    };
    let mut funding = keys(wants("funding_source"));
    let mut waiting = wants("waiting_position").then(|| (vec![0u32; rows], bytes(rows)));
    let mut sector = keys(with_sector);

    let mut parts: Vec<Share<'_>> = shares
        .iter()
        .map(|r| Share {
            start: r.start,
            ..Share::default()
        })
        .collect();
    fill(
        &mut parts,
        eligible.as_deref_mut(),
        &shares,
        true,
        |p, s| {
            p.eligible = Some(s);
        },
    );
    fill(
        &mut parts,
        monthly.as_deref_mut(),
        &shares,
        false,
        |p, s| p.monthly = Some(s),
    );
    fill(&mut parts, total.as_deref_mut(), &shares, false, |p, s| {
        p.total = Some(s);
    });
    fill(&mut parts, months.as_deref_mut(), &shares, false, |p, s| {
        p.months = Some(s);
    });
    fill(
        &mut parts,
        reasons.as_deref_mut(),
        &shares,
        false,
        |p, s| {
            p.reasons = Some(KeysOut {
                keys: s,
                valid: None,
                seen: Seen::default(),
            });
        },
    );
    for (k, which) in [(funding.as_mut(), 0u8), (sector.as_mut(), 1u8)] {
        let Some(k) = k else { continue };
        let valid = k.valid.as_deref_mut().expect("made with validity");
        for ((p, keys), valid) in parts
            .iter_mut()
            .zip(split(&mut k.keys, &shares, false))
            .zip(split(valid, &shares, true))
        {
            let out = Some(KeysOut {
                keys,
                valid: Some(valid),
                seen: Seen::default(),
            });
            if which == 0 {
                p.funding = out;
            } else {
                p.sector = out;
            }
        }
    }
    if let Some((values, valid)) = waiting.as_mut() {
        for ((p, v), b) in parts
            .iter_mut()
            .zip(split(values, &shares, false))
            .zip(split(valid, &shares, true))
        {
            p.waiting = Some((v, b));
        }
    }
    // Each share's sink writes its own slices.
    let sinks: Vec<_> = parts
        .iter_mut()
        .map(|share| move |at: usize, block: &Outcome| share.write(at, block))
        .collect();
    policy.evaluate_columns_blocks(columns, &shares, sinks)?;
    let mut too_large = false;
    let mut reason_seen = Vec::new();
    let mut funding_seen = Vec::new();
    let mut sector_seen = Vec::new();
    let mut sets = std::collections::HashMap::new();
    for p in parts {
        too_large |= p.too_large;
        sets.extend(p.reason_sets.iter().map(|r| (r.bits(), *r)));
        reason_seen.extend(p.reasons.map(|k| k.seen));
        funding_seen.extend(p.funding.map(|k| k.seen));
        sector_seen.extend(p.sector.map(|k| k.seen));
    }
    let mut built = || -> Result<(Vec<Field>, Vec<ArrayRef>), ArrowError> {
        if too_large {
            return Err(ArrowError::InvalidArgumentError(format!(
                "an amount does not fit decimal128({MONEY_PRECISION}, 0)"
            )));
        }
        let mut fields = Vec::new();
        let mut arrays: Vec<ArrayRef> = Vec::new();
        let mut push = |name: &str, nullable: bool, a: ArrayRef| {
            fields.push(Field::new(name, a.data_type().clone(), nullable));
            arrays.push(a);
        };
        for name in OUTPUT_COLUMNS {
            match name {
                "eligible" => {
                    if let Some(v) = eligible.take() {
                        let bits = BooleanBuffer::new(Buffer::from_vec(v), 0, rows);
                        push(name, false, Arc::new(BooleanArray::new(bits, None)));
                    }
                }
                "reasons" => {
                    if let Some(mut keys) = reasons.take() {
                        let ids = merge(&mut keys, &shares, std::mem::take(&mut reason_seen));
                        let texts = ids
                            .iter()
                            .map(|bits| sets.get(bits).map(ToString::to_string).unwrap_or_default())
                            .collect();
                        push(name, false, dictionary(keys, None, rows, texts)?);
                    }
                }
                "monthly_contribution" => {
                    if let Some(v) = monthly.take() {
                        push(name, false, money_array(v)?);
                    }
                }
                "months" => {
                    if let Some(v) = months.take() {
                        push(
                            name,
                            false,
                            Arc::new(UInt32Array::new(ScalarBuffer::from(v), None)),
                        );
                    }
                }
                "total_cost" => {
                    if let Some(v) = total.take() {
                        push(name, false, money_array(v)?);
                    }
                }
                "funding_source" => {
                    if let Some(Keys { mut keys, valid }) = funding.take() {
                        let ids = merge(&mut keys, &shares, std::mem::take(&mut funding_seen));
                        let list = &policy.spec().funding;
                        let texts = ids
                            .iter()
                            .map(|&i| {
                                list.get(i as usize)
                                    .map(|f| f.id.clone())
                                    .unwrap_or_default()
                            })
                            .collect();
                        push(name, true, dictionary(keys, valid, rows, texts)?);
                    }
                }
                "waiting_position" => {
                    if let Some((values, valid)) = waiting.take() {
                        let nulls =
                            NullBuffer::new(BooleanBuffer::new(Buffer::from_vec(valid), 0, rows));
                        let nulls = (nulls.null_count() > 0).then_some(nulls);
                        push(
                            name,
                            true,
                            Arc::new(UInt32Array::new(ScalarBuffer::from(values), nulls)),
                        );
                    }
                }
                _ => {}
            }
        }
        if let Some(Keys { mut keys, valid }) = sector.take() {
            let ids = merge(&mut keys, &shares, std::mem::take(&mut sector_seen));
            let taxonomy = policy.taxonomy();
            let texts = ids
                .iter()
                .map(|&i| {
                    taxonomy
                        .sectors()
                        .find(|(id, _)| id.index() as u32 == i)
                        .map(|(_, s)| s.code.clone())
                        .unwrap_or_default()
                })
                .collect();
            push(SECTOR_COLUMN, true, dictionary(keys, valid, rows, texts)?);
        }
        Ok((fields, arrays))
    };
    let (fields, arrays) = built().map_err(|e| crate::error::Failure::Column {
        field: "total_cost".to_owned(),
        column: None,
        message: format!("output cannot be built: {e}"),
    })?;
    RecordBatch::try_new_with_options(
        Arc::new(Schema::new(fields)),
        arrays,
        &RecordBatchOptions::new().with_row_count(Some(rows)),
    )
    .map_err(|e| crate::error::Failure::Column {
        field: "total_cost".to_owned(),
        column: None,
        message: format!("output cannot be built: {e}"),
    })
}
