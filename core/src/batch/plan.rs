//! A policy compiled for bulk evaluation, and the kernel that runs it over columns.
//!
//! The plan is worked out once per call, before any row is read: the age band as a
//! window of birth days, each sector's reasons and bill, the integer form of each bill
//! (flat amounts and `floor(basis × num / den)` terms), and for dictionary columns the
//! answer for each distinct value. The kernel then walks the rows a chunk at a time
//! ([`CHUNK`] rows, so the scratch arrays stay in cache), one column
//! after another, in loops that read a slice and write a slice: no allocation and no
//! text per row. Only text columns are read row by row, through a memo of the texts
//! seen, and NIKs are parsed from their bytes and checked for duplicates by their
//! 16-digit number in one pre-sized `FxHashSet`.

use rust_decimal::prelude::ToPrimitive;
use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};

use super::{
    AgeWindow, Amounts, Bitmap, Cell, Columns, Dates, Exact, FIRST_DAY, Flags, Ints, LAST_DAY,
    NOT_UTF8, Outcome, SectorBill, Strings, civil_from_days, date_from_days, days_from_date,
    read_text,
};
use crate::nik::Nik;
use crate::policy::{IncomeBasis, Policy, same_place};
use crate::reason::{ReasonCode, ReasonSet};
use crate::sector::SectorId;
use crate::worker::{Sex, parse_date};

/// Rows per chunk: the scratch arrays of 16384 rows (about 180 KiB) stay in a 1 MiB
/// second-level cache. Measured on the issue-6 workload: 1024 rows −25%, 4096 −6%,
/// 32768 the same; the fixed cost of each pass is what small chunks pay for.
pub(super) const CHUNK: usize = 16_384;

/// A birth day that was not given.
const ABSENT: i32 = i32::MIN;
/// A birth day that was given but cannot be read.
const INVALID: i32 = i32::MIN + 1;

/// Sex codes in the scratch array.
const SEX_ABSENT: u8 = 0;
const SEX_INVALID: u8 = 1;
const SEX_MALE: u8 = 2;
const SEX_FEMALE: u8 = 3;

const fn bit(code: ReasonCode) -> u32 {
    1 << code as u32
}

const MISSING: u32 = bit(ReasonCode::MissingField);
const INVALID_VALUE: u32 = bit(ReasonCode::InvalidValue);

/// Sector codes in the scratch array: no sector given, one the taxonomy does not know,
/// and the first known one.
const NO_SECTOR: u16 = 0;
const UNKNOWN_SECTOR: u16 = 1;
const FIRST_SECTOR: u16 = 2;

/// What a sector code means for a row.
#[derive(Debug, Clone, Copy)]
struct SectorSlot {
    /// `missing_field`, `unknown_sector`, `sector_not_covered` or `no_funding_source`.
    reasons: u32,
    sector: Option<SectorId>,
    /// Index into [`Plan::fast`] of the bill, when the sector is covered and funded.
    bill: Option<u32>,
}

/// One term of a bill in integers: `floor(basis × num / den)` a month, billed `count`
/// months, in the first month when `first`.
#[derive(Debug, Clone, Copy)]
struct Ratio {
    num: u64,
    den: u64,
    /// The largest basis for which `basis × num` fits in `u64`.
    max_basis: u64,
    count: i64,
    first: bool,
}

/// A bill in integers, when it can be: fixed amounts, or flat parts and ratio terms of
/// the declared income's basis.
#[derive(Debug, Clone)]
struct FastBill {
    sector: usize,
    source: u8,
    /// A fixed basis: (first month, total).
    fixed: Option<(i64, i64)>,
    /// A declared basis: the flat terms' (first month, total).
    flat: (i64, i64),
    ratios: Vec<Ratio>,
    /// Every term is flat or a ratio: no `Decimal` is needed for a whole basis.
    exact: bool,
}

/// The policy, compiled for one evaluation.
pub(super) struct Plan<'p> {
    policy: &'p Policy,
    window: AgeWindow,
    pub(super) bills: Vec<Vec<Option<SectorBill>>>,
    /// The slot of each sector code: [`NO_SECTOR`], [`UNKNOWN_SECTOR`], then
    /// `FIRST_SECTOR + id` for each sector id.
    slots: Vec<SectorSlot>,
    fast: Vec<FastBill>,
    /// The income basis is `max(income, minimum)` (no brackets), with this whole minimum.
    whole_minimum: Option<u64>,
    months: u32,
}

impl<'p> Plan<'p> {
    pub(super) fn new(policy: &'p Policy) -> Plan<'p> {
        let bills = policy.sector_bills();
        let mut fast = Vec::new();
        let mut slots = vec![
            SectorSlot {
                reasons: MISSING,
                sector: None,
                bill: None,
            },
            SectorSlot {
                reasons: bit(ReasonCode::UnknownSector),
                sector: None,
                bill: None,
            },
        ];
        slots.extend(policy.taxonomy.sectors().map(|(id, _)| {
            let covered = policy.covered.contains(id);
            let bill = policy
                .source_for(id)
                .and_then(|s| bills[id.index()][s].as_ref());
            let mut reasons = 0;
            if !covered {
                reasons |= bit(ReasonCode::SectorNotCovered);
            } else if bill.is_none() {
                reasons |= bit(ReasonCode::NoFundingSource);
            }
            let bill = bill.map(|b| {
                fast.push(FastBill::new(policy, id.index(), b));
                (fast.len() - 1) as u32
            });
            SectorSlot {
                reasons,
                sector: Some(id),
                bill,
            }
        }));
        let income = &policy.rates.income;
        let whole_minimum = (income.brackets.is_empty() && income.minimum.fract().is_zero())
            .then(|| income.minimum.to_u64())
            .flatten();
        Plan {
            policy,
            window: policy.age_window(),
            bills,
            slots,
            fast,
            whole_minimum,
            months: policy.months.len() as u32,
        }
    }

    /// The sector code of an occupation text (not blank).
    fn sector_code(&self, text: &str) -> u16 {
        match self.policy.taxonomy.lookup(text) {
            None => UNKNOWN_SECTOR,
            Some(id) => FIRST_SECTOR + id.index() as u16,
        }
    }

    /// A covered row's money: (first month, total).
    fn cost(&self, bill: &FastBill, columns: &Columns<'_>, i: usize) -> (i64, i64) {
        if let Some(fixed) = bill.fixed {
            return fixed;
        }
        let income = match &columns.declared_income {
            None => Income::Absent,
            Some(Amounts::Int64 { values, validity }) => {
                if validity.as_ref().is_none_or(|v| v.get(i)) {
                    Income::Whole(values[i])
                } else {
                    Income::Absent
                }
            }
            Some(c) => match c.cell(i) {
                Cell::Absent => Income::Absent,
                Cell::Invalid => Income::Other,
                Cell::Value(d) => d
                    .fract()
                    .is_zero()
                    .then(|| d.to_i64())
                    .flatten()
                    .map_or(Income::Other, Income::Whole),
            },
        };
        if bill.exact
            && let Some(minimum) = self.whole_minimum
        {
            let basis = match income {
                Income::Whole(v) => u64::try_from(v).ok().map(|v| v.max(minimum)),
                Income::Absent => Some(minimum),
                Income::Other => None,
            };
            if let Some(b) = basis
                && bill.ratios.iter().all(|r| b <= r.max_basis)
            {
                let (mut monthly, mut total) = bill.flat;
                for r in &bill.ratios {
                    let a = (b * r.num / r.den) as i64;
                    total += a * r.count;
                    if r.first {
                        monthly += a;
                    }
                }
                return (monthly, total);
            }
        }
        // The general path, in `Decimal`.
        let p = self.policy;
        let sector_bill = self.bills[bill.sector][usize::from(bill.source)]
            .as_ref()
            .expect("a fast bill has a bill");
        let income = columns
            .declared_income
            .as_ref()
            .map_or(Cell::Absent, |c| c.cell(i));
        p.row_cost(sector_bill, income.value())
    }
}

impl FastBill {
    fn new(policy: &Policy, sector: usize, bill: &SectorBill) -> FastBill {
        let mut fast = FastBill {
            sector,
            source: bill.source,
            fixed: (policy.spec.coverage.income != IncomeBasis::Declared)
                .then_some((bill.monthly, bill.total)),
            flat: (0, 0),
            ratios: Vec::new(),
            exact: true,
        };
        for t in &bill.terms {
            match t.exact {
                Exact::Flat(a) => {
                    fast.flat.1 += a * i64::from(t.count);
                    if t.first {
                        fast.flat.0 += a;
                    }
                }
                Exact::Ratio { num, den } => match (u64::try_from(num), u64::try_from(den)) {
                    (Ok(num), Ok(den)) if num > 0 && den > 0 => fast.ratios.push(Ratio {
                        num,
                        den,
                        max_basis: u64::MAX / num,
                        count: i64::from(t.count),
                        first: t.first,
                    }),
                    _ => fast.exact = false,
                },
                Exact::Decimal => fast.exact = false,
            }
        }
        fast
    }
}

/// A text column resolved once per distinct value: per dictionary value for a
/// dictionary column, otherwise through a memo of the texts seen. Blank and null cells
/// resolve as `absent`.
struct Resolver<'c, 'a, T> {
    column: Option<&'c Strings<'a>>,
    absent: T,
    /// Per dictionary key, the value (dictionary columns), then `absent`.
    dict: Vec<T>,
    memo: FxHashMap<&'a [u8], T>,
}

impl<'c, 'a, T: Copy> Resolver<'c, 'a, T> {
    fn new(column: Option<&'c Strings<'a>>, absent: T, resolve: impl Fn(&str) -> T) -> Self {
        let dict = match column {
            Some(Strings::Dictionary { values, .. }) => (0..values.len())
                .map(|k| {
                    values
                        .get(k)
                        .map(str::trim)
                        .filter(|t| !t.is_empty())
                        .map_or(absent, &resolve)
                })
                .chain([absent])
                .collect(),
            _ => Vec::new(),
        };
        Resolver {
            column,
            absent,
            dict,
            memo: FxHashMap::default(),
        }
    }

    /// Calls `f(&mut items[j], value)` for rows `lo + j`: one tight loop per layout,
    /// without bounds checks in the common (dictionary, no nulls) case.
    #[inline]
    fn each<U>(
        &mut self,
        lo: usize,
        items: &mut [U],
        resolve: impl Fn(&str) -> T,
        mut f: impl FnMut(&mut U, T),
    ) {
        let Some(column) = self.column else {
            for item in items {
                f(item, self.absent);
            }
            return;
        };
        if let Strings::Dictionary { keys, validity, .. } = column {
            let keys = &keys[lo..lo + items.len()];
            // The last entry is `absent`: a negative or too large key reads it.
            let last = self.dict.len() - 1;
            let dict = &self.dict[..=last];
            let at = |k: i32| dict[(k as u32 as usize).min(last)];
            match validity {
                None => {
                    for (item, &k) in items.iter_mut().zip(keys) {
                        f(item, at(k));
                    }
                }
                Some(v) => {
                    for (j, (item, &k)) in items.iter_mut().zip(keys).enumerate() {
                        f(item, if v.get(lo + j) { at(k) } else { self.absent });
                    }
                }
            }
            return;
        }
        // Text: memoised by the stored bytes, so a text seen before costs one hash
        // lookup, with no UTF-8 check and no trimming.
        let absent = self.absent;
        for (j, item) in items.iter_mut().enumerate() {
            let value = match column.raw(lo + j) {
                None => absent,
                Some(bytes) => *self.memo.entry(bytes).or_insert_with(|| {
                    let text = std::str::from_utf8(bytes).unwrap_or(NOT_UTF8).trim();
                    if text.is_empty() {
                        absent
                    } else {
                        resolve(text)
                    }
                }),
            };
            f(item, value);
        }
    }
}

/// A declared income as the kernel holds it.
#[derive(Debug, Clone, Copy)]
enum Income {
    Absent,
    /// Whole rupiah.
    Whole(i64),
    /// Anything else (a fraction, beyond `i64`, unreadable): read again as `Decimal`.
    Other,
}

/// Scratch arrays of one chunk.
struct Scratch {
    reasons: Vec<u32>,
    birth: Vec<i32>,
    sex: Vec<u8>,
    slot: Vec<u16>,
}

/// The NIKs seen, for `duplicate_nik`: valid ones by number, others by their text.
struct Seen<'a> {
    niks: FxHashSet<u64>,
    raw: FxHashSet<&'a str>,
}

impl Plan<'_> {
    fn regency(&self, text: &str) -> u32 {
        if same_place(text, &self.policy.regency) {
            0
        } else {
            bit(ReasonCode::OutsideRegion)
        }
    }

    fn district(&self, text: &str) -> u32 {
        let p = self.policy;
        let listed = |list: &[String]| list.iter().any(|x| same_place(text, x));
        if (!p.include.is_empty() && !listed(&p.include)) || listed(&p.exclude) {
            bit(ReasonCode::DistrictExcluded)
        } else {
            0
        }
    }
}

fn sex_code(text: &str) -> u8 {
    match Sex::parse(text) {
        None => SEX_INVALID,
        Some(Sex::Male) => SEX_MALE,
        Some(Sex::Female) => SEX_FEMALE,
    }
}

/// The column readers of one evaluation.
struct Kernel<'p, 'c, 'a> {
    plan: &'p Plan<'p>,
    columns: &'c Columns<'a>,
    sectors: Resolver<'c, 'a, u16>,
    regencies: Resolver<'c, 'a, u32>,
    /// Only when the policy lists districts.
    districts: Option<Resolver<'c, 'a, u32>>,
    sexes: Resolver<'c, 'a, u8>,
    seen: Seen<'a>,
}

/// Evaluates `columns` into `out` (cleared first), without the budget allocation.
/// The rows in `malformed` (ascending) get `malformed_row` (their cells did not match
/// the header), as the roster path gives them.
pub(super) fn run(plan: &Plan<'_>, columns: &Columns<'_>, malformed: &[usize], out: &mut Outcome) {
    let rows = columns.len;
    let policy = plan.policy;
    let mut kernel = Kernel {
        plan,
        columns,
        sectors: Resolver::new(columns.sector.as_ref(), NO_SECTOR, |t| plan.sector_code(t)),
        regencies: Resolver::new(columns.regency.as_ref(), MISSING, |t| plan.regency(t)),
        districts: (!(policy.include.is_empty() && policy.exclude.is_empty()))
            .then(|| Resolver::new(columns.district.as_ref(), MISSING, |t| plan.district(t))),
        sexes: Resolver::new(columns.sex.as_ref(), SEX_ABSENT, sex_code),
        seen: Seen {
            niks: FxHashSet::with_capacity_and_hasher(
                if columns.nik.is_some() { rows } else { 0 },
                FxBuildHasher,
            ),
            raw: FxHashSet::default(),
        },
    };
    let size = rows.min(CHUNK);
    let mut scratch = Scratch {
        reasons: vec![0; size],
        birth: vec![ABSENT; size],
        sex: vec![SEX_ABSENT; size],
        slot: vec![NO_SECTOR; size],
    };
    let mut lo = 0;
    while lo < rows {
        let m = (rows - lo).min(CHUNK);
        kernel.judge(lo, m, &mut scratch);
        let first = malformed.partition_point(|&i| i < lo);
        for &i in malformed[first..].iter().take_while(|&&i| i < lo + m) {
            scratch.reasons[i - lo] |= bit(ReasonCode::MalformedRow);
        }
        kernel.pay(lo, m, &scratch, out);
        lo += m;
    }
}

impl Kernel<'_, '_, '_> {
    /// The reasons of rows `lo..lo + m`, column by column.
    fn judge(&mut self, lo: usize, m: usize, scratch: &mut Scratch) {
        let (plan, columns) = (self.plan, self.columns);
        let e = &plan.policy.spec.eligibility;
        let r = &mut scratch.reasons[..m];
        r.fill(0);
        birth(columns.birth_date.as_ref(), lo, &mut scratch.birth[..m]);
        let invalid_sex = |v: u8| if v == SEX_INVALID { INVALID_VALUE } else { 0 };
        if columns.nik.is_some() {
            let sex = &mut scratch.sex[..m];
            self.sexes.each(lo, sex, sex_code, |o, v| *o = v);
            for (r, v) in r.iter_mut().zip(&*sex) {
                *r |= invalid_sex(*v);
            }
        } else {
            // Only an unreadable sex matters without a NIK to compare it with.
            self.sexes
                .each(lo, r, sex_code, |r, v| *r |= invalid_sex(v));
        }
        income(columns.declared_income.as_ref(), lo, r);
        welfare(
            columns,
            e.exclude_active_members,
            e.max_welfare_decile,
            lo,
            r,
        );
        let slot = &mut scratch.slot[..m];
        self.sectors
            .each(lo, slot, |t| plan.sector_code(t), |o, v| *o = v);
        let slots = &plan.slots[..];
        for (r, v) in r.iter_mut().zip(&*slot) {
            *r |= slots.get(usize::from(*v)).map_or(0, |s| s.reasons);
        }
        self.regencies
            .each(lo, r, |t| plan.regency(t), |r, v| *r |= v);
        if let Some(districts) = &mut self.districts {
            districts.each(lo, r, |t| plan.district(t), |r, v| *r |= v);
        }
        identity(plan, columns.nik.as_ref(), lo, m, scratch, &mut self.seen);
        age(&plan.window, &scratch.birth[..m], &mut scratch.reasons[..m]);
    }

    /// The money of rows `lo..lo + m`, and every answer written to `out` (already
    /// `columns.len` long): column by column, then the paid rows' money.
    fn pay(&self, lo: usize, m: usize, scratch: &Scratch, out: &mut Outcome) {
        let plan = self.plan;
        let rows = lo..lo + m;
        let reasons = &scratch.reasons[..m];
        let slot = &scratch.slot[..m];
        for (o, r) in out.eligible[rows.clone()].iter_mut().zip(reasons) {
            *o = *r == 0;
        }
        for (o, r) in out.reasons[rows.clone()].iter_mut().zip(reasons) {
            *o = ReasonSet::from_bits(*r);
        }
        for (o, s) in out.sector[rows.clone()].iter_mut().zip(slot) {
            *o = plan.slots[usize::from(*s)].sector;
        }
        out.funding_source[rows.clone()].fill(None);
        out.monthly_contribution[rows.clone()].fill(0);
        out.months[rows.clone()].fill(0);
        out.total_cost[rows.clone()].fill(0);
        out.waiting_position[rows].fill(None);
        for (j, r) in reasons.iter().enumerate() {
            if *r != 0 {
                continue;
            }
            if let Some(b) = plan.slots[usize::from(slot[j])].bill {
                let bill = &plan.fast[b as usize];
                let i = lo + j;
                (out.monthly_contribution[i], out.total_cost[i]) = plan.cost(bill, self.columns, i);
                out.funding_source[i] = Some(bill.source);
                out.months[i] = plan.months;
            }
        }
    }
}

/// Birth days of rows `lo..lo + out.len()`, with [`ABSENT`] and [`INVALID`].
fn birth(column: Option<&Dates<'_>>, lo: usize, out: &mut [i32]) {
    let read = |d: i32| {
        if (FIRST_DAY..=LAST_DAY).contains(&d) {
            d
        } else {
            INVALID
        }
    };
    match column {
        None => out.fill(ABSENT),
        Some(Dates::Days { days, validity }) => {
            let days = &days[lo..lo + out.len()];
            match validity {
                None => {
                    for (o, d) in out.iter_mut().zip(days) {
                        *o = read(*d);
                    }
                }
                Some(v) => {
                    for (j, (o, d)) in out.iter_mut().zip(days).enumerate() {
                        *o = if v.get(lo + j) { read(*d) } else { ABSENT };
                    }
                }
            }
        }
        Some(Dates::Text(s)) => {
            for (j, o) in out.iter_mut().enumerate() {
                let cell = read_text(s.get(lo + j), |t| {
                    parse_date(t).map(|d| days_from_date(d) as i32)
                });
                *o = match cell {
                    Cell::Absent => ABSENT,
                    Cell::Invalid => INVALID,
                    Cell::Value(d) => d,
                };
            }
        }
    }
}

/// `invalid_value` for the incomes of rows `lo..lo + r.len()` that cannot be read. (The
/// rows that are paid read their income again, in [`Plan::cost`].)
fn income(column: Option<&Amounts<'_>>, lo: usize, r: &mut [u32]) {
    match column {
        None => {}
        Some(Amounts::Int64 {
            values,
            validity: None,
        }) => {
            for (r, v) in r.iter_mut().zip(&values[lo..]) {
                *r |= if *v < 0 { INVALID_VALUE } else { 0 };
            }
        }
        Some(c) => {
            for (j, r) in r.iter_mut().enumerate() {
                if matches!(c.cell(lo + j), Cell::Invalid) {
                    *r |= INVALID_VALUE;
                }
            }
        }
    }
}

/// Membership and welfare decile of rows `lo..lo + r.len()`.
fn welfare(c: &Columns<'_>, exclude: bool, max: Option<u8>, lo: usize, r: &mut [u32]) {
    let member = bit(ReasonCode::AlreadyMember);
    match &c.active_member {
        None | Some(Flags::Bits { validity: None, .. }) if !exclude => {}
        Some(Flags::Bits {
            values,
            validity: None,
        }) => bits(values, lo, r, member),
        None => {}
        Some(flags) => {
            for (j, r) in r.iter_mut().enumerate() {
                match flags.cell(lo + j) {
                    Cell::Invalid => *r |= INVALID_VALUE,
                    Cell::Value(true) if exclude => *r |= member,
                    _ => {}
                }
            }
        }
    }
    let above = bit(ReasonCode::DecileAboveMaximum);
    let judge = |cell: Cell<u8>| match cell {
        Cell::Invalid => INVALID_VALUE,
        Cell::Absent if max.is_some() => MISSING,
        Cell::Value(d) if max.is_some_and(|m| d > m) => above,
        _ => 0,
    };
    match &c.welfare_decile {
        None => {
            if max.is_some() {
                for r in r.iter_mut() {
                    *r |= MISSING;
                }
            }
        }
        Some(Ints::Int64 {
            values,
            validity: None,
        }) => {
            let values = &values[lo..lo + r.len()];
            for (r, v) in r.iter_mut().zip(values) {
                let cell = u8::try_from(*v)
                    .ok()
                    .filter(|d| (1..=10).contains(d))
                    .map_or(Cell::Invalid, Cell::Value);
                *r |= judge(cell);
            }
        }
        Some(ints) => {
            for (j, r) in r.iter_mut().enumerate() {
                *r |= judge(ints.cell(lo + j));
            }
        }
    }
}

/// `flag` on the rows `lo..lo + r.len()` whose bit is set.
fn bits(values: &Bitmap<'_>, lo: usize, r: &mut [u32], flag: u32) {
    let first = values.offset + lo;
    let bytes = values.bits.get(first / 8..(first + r.len()).div_ceil(8));
    match bytes {
        // Rows starting on a byte: eight rows per byte, no addressing per row.
        Some(bytes) if first.is_multiple_of(8) => {
            for (r, byte) in r.chunks_mut(8).zip(bytes) {
                for (t, r) in r.iter_mut().enumerate() {
                    *r |= u32::from((byte >> t) & 1) * flag;
                }
            }
        }
        _ => {
            for (j, r) in r.iter_mut().enumerate() {
                *r |= if values.get(lo + j) { flag } else { 0 };
            }
        }
    }
}

/// The NIK's checks and duplicates; a birth date taken from the NIK where none is
/// declared.
fn identity<'a>(
    plan: &Plan<'_>,
    column: Option<&Strings<'a>>,
    lo: usize,
    rows: usize,
    scratch: &mut Scratch,
    seen: &mut Seen<'a>,
) {
    let require = plan.policy.spec.eligibility.require_nik;
    let Some(column) = column else {
        if require {
            for r in &mut scratch.reasons[..rows] {
                *r |= MISSING;
            }
        }
        return;
    };
    let start = plan.window.start;
    let first_day = date_from_days(start).expect("coverage starts in range");
    for j in 0..rows {
        let text = column.get(lo + j).map(str::trim).unwrap_or_default();
        let r = &mut scratch.reasons[j];
        if text.is_empty() {
            *r |= if require { MISSING } else { 0 };
            continue;
        }
        let parsed = Nik::parse_trimmed(text);
        let fresh = match &parsed {
            Ok(nik) => seen.niks.insert(nik.key()),
            Err(_) => seen.raw.insert(text),
        };
        if !fresh {
            *r |= bit(ReasonCode::DuplicateNik);
        }
        let Ok(nik) = parsed else {
            *r |= bit(ReasonCode::InvalidNik);
            continue;
        };
        let declared = scratch.birth[j];
        if declared == ABSENT {
            // The age is judged on the NIK's birth date; none when it does not exist.
            if let Some(d) = nik.birth_date(first_day) {
                scratch.birth[j] = days_from_date(d) as i32;
            }
        } else if declared != INVALID {
            let (year, month, day) = civil_from_days(declared);
            let matches = i64::from(nik.birth_day()) == day
                && i64::from(nik.birth_month()) == month
                && i64::from(nik.birth_year_2digit()) == year.rem_euclid(100);
            if !matches {
                *r |= bit(ReasonCode::NikBirthDateMismatch);
            }
        }
        let sex = match scratch.sex[j] {
            SEX_MALE => Some(Sex::Male),
            SEX_FEMALE => Some(Sex::Female),
            _ => None,
        };
        if sex.is_some_and(|x| x != nik.sex()) {
            *r |= bit(ReasonCode::NikSexMismatch);
        }
    }
}

/// The age band's reasons from birth days (declared, or the NIK's): `missing_field`
/// when there is none, `invalid_value` for an unreadable birth date or one after the
/// coverage starts.
fn age(w: &AgeWindow, birth: &[i32], r: &mut [u32]) {
    let latest = w.latest.unwrap_or(i32::MAX);
    let earliest = w.earliest.unwrap_or(i32::MIN);
    let start = w.start;
    let below = bit(ReasonCode::AgeBelowMinimum);
    let above = bit(ReasonCode::AgeAboveMaximum);
    for (r, &b) in r.iter_mut().zip(birth) {
        let absent = b == ABSENT;
        let invalid = b == INVALID;
        let value = !absent && !invalid;
        let late = value && b > start;
        let judged = value && !late;
        *r |= if absent { MISSING } else { 0 }
            | if late || invalid { INVALID_VALUE } else { 0 }
            | if judged && b > latest { below } else { 0 }
            | if judged && b < earliest { above } else { 0 };
    }
}
