//! The kernel: the only code that decides a row. It walks the rows a chunk at a time
//! ([`CHUNK`] rows, so the scratch arrays stay in cache), one column after another, in
//! loops that read a slice and write a slice: no allocation and no text per row. Text
//! columns are read through memos of the texts seen (kept across chunks, so a roster
//! streamed in chunks resolves each distinct text once); NIKs are parsed from their
//! bytes; duplicates are found once per roster by [`Duplicates`], whatever the number
//! of policies or passes.
//!
//! Each row's reasons are a `u64`: the low 32 bits are the [`ReasonCode`] bits (what
//! [`ReasonSet`] holds), the high bits say which field is missing or unreadable (the
//! `MISSING_*` and `INVALID_*` bits), which the explanation turns into one reason per
//! field.

use rustc_hash::FxHashMap;

use super::bill::Income;
use super::calendar::{FIRST_DAY, LAST_DAY, civil_from_days, days_from_date};
use super::columns::{Amounts, Bitmap, Cell, Columns, Dates, Flags, Ints, NOT_UTF8, Strings};
use super::outcome::{Outcome, Part};
use super::plan::{AgeWindow, MonthSet, NO_SECTOR, Plan};
use crate::nik::Nik;
use crate::policy::{Policy, same_place};
use crate::reason::{ReasonCode, ReasonSet};
use crate::worker::Sex;

/// Rows per chunk: the scratch arrays of 16384 rows (about 240 KiB) stay in a 1 MiB
/// second-level cache. Measured on the benchmark workload: 1024 rows −25%, 4096 −6%,
/// 32768 the same; the fixed cost of each pass is what small chunks pay for.
pub const CHUNK: usize = 16_384;

pub(crate) const fn bit(code: ReasonCode) -> u64 {
    1 << code as u32
}

const MISSING: u64 = bit(ReasonCode::MissingField);
const INVALID: u64 = bit(ReasonCode::InvalidValue);

/// Which field is missing (with `missing_field`).
pub(crate) const MISSING_NIK: u64 = 1 << 32;
pub(crate) const MISSING_BIRTH_DATE: u64 = 1 << 33;
pub(crate) const MISSING_SECTOR: u64 = 1 << 34;
pub(crate) const MISSING_REGENCY: u64 = 1 << 35;
pub(crate) const MISSING_DISTRICT: u64 = 1 << 36;
pub(crate) const MISSING_DECILE: u64 = 1 << 37;
pub(crate) const MISSING_DTSEN: u64 = 1 << 38;
/// Which field cannot be read (with `invalid_value`).
pub(crate) const INVALID_BIRTH_DATE: u64 = 1 << 40;
pub(crate) const INVALID_SEX: u64 = 1 << 41;
pub(crate) const INVALID_INCOME: u64 = 1 << 42;
pub(crate) const INVALID_MEMBER: u64 = 1 << 43;
pub(crate) const INVALID_DECILE: u64 = 1 << 44;
/// A birth date after the first day of coverage (with `invalid_value`).
pub(crate) const BORN_AFTER_START: u64 = 1 << 45;
/// Which field cannot be read (with `invalid_value`), continued.
pub(crate) const INVALID_DTSEN: u64 = 1 << 46;
pub(crate) const INVALID_COVER_FROM: u64 = 1 << 47;
pub(crate) const INVALID_COVER_TO: u64 = 1 << 48;

/// A birth day that was not given.
pub(crate) const ABSENT: i32 = i32::MIN;
/// A birth day that was given but cannot be read.
const UNREADABLE: i32 = i32::MIN + 1;

/// Sex codes in the scratch array.
const SEX_ABSENT: u8 = 0;
const SEX_INVALID: u8 = 1;
const SEX_MALE: u8 = 2;
const SEX_FEMALE: u8 = 3;

/// A text column resolved once per distinct value: per dictionary value for a
/// dictionary column, otherwise through a memo of the texts seen, keyed by their
/// stored bytes. Blank and null cells resolve as `absent`.
struct Memo<T> {
    absent: T,
    memo: FxHashMap<Box<[u8]>, T>,
}

impl<T: Copy> Memo<T> {
    fn new(absent: T) -> Self {
        Memo {
            absent,
            memo: FxHashMap::default(),
        }
    }

    /// Calls `f(item, value)` for the `m` items of `items` (`m` at most) and rows
    /// `lo..lo + m` of `column`, in order: one tight loop per layout. The items are
    /// typically scratch slices zipped, so one pass writes all a value decides.
    #[inline]
    fn each<U>(
        &mut self,
        column: Option<&Strings<'_>>,
        lo: usize,
        m: usize,
        items: impl Iterator<Item = U>,
        resolve: impl Fn(&str) -> T,
        mut f: impl FnMut(U, T),
    ) {
        let absent = self.absent;
        let Some(column) = column else {
            for item in items.take(m) {
                f(item, absent);
            }
            return;
        };
        let resolve_text = |bytes: &[u8]| {
            let text = std::str::from_utf8(bytes).unwrap_or(NOT_UTF8).trim();
            if text.is_empty() {
                absent
            } else {
                resolve(text)
            }
        };
        if let Strings::Dictionary {
            keys,
            values,
            validity,
        } = column
        {
            // Each dictionary value once; the last entry is `absent`, which a negative
            // or too large key reads.
            let dict: Vec<T> = (0..values.len())
                .map(|k| values.get(k).map_or(absent, |t| resolve_text(t.as_bytes())))
                .chain([absent])
                .collect();
            let last = dict.len() - 1;
            let mut items = items;
            keys.each(lo, m, validity.as_ref(), |_, k| {
                if let Some(item) = items.next() {
                    f(item, k.map_or(absent, |k| dict[k.min(last)]));
                }
            });
            return;
        }
        // Text: a text seen before costs one hash lookup, with no UTF-8 check and no
        // trimming.
        for (j, item) in items.take(m).enumerate() {
            let value = match column.raw(lo + j) {
                None => absent,
                Some(bytes) => {
                    if let Some(v) = self.memo.get(&*bytes) {
                        *v
                    } else {
                        let v = resolve_text(&bytes);
                        self.memo.insert(bytes.into_owned().into_boxed_slice(), v);
                        v
                    }
                }
            };
            f(item, value);
        }
    }
}

/// Scratch arrays of one chunk.
struct Scratch {
    reasons: Vec<u64>,
    birth: Vec<i32>,
    sex: Vec<u8>,
    slot: Vec<u16>,
    /// The months each row is covered in, unless `every_month`.
    cover: Vec<MonthSet>,
    /// Every row of the chunk is covered in every month of the policy (no own cover,
    /// no age judged month by month): `cover` is not written.
    every_month: bool,
}

impl Scratch {
    fn new(size: usize) -> Scratch {
        Scratch {
            reasons: vec![0; size],
            birth: vec![ABSENT; size],
            sex: vec![SEX_ABSENT; size],
            slot: vec![NO_SECTOR; size],
            cover: vec![0; size],
            every_month: false,
        }
    }
}

/// The roster's NIKs, for `duplicate_nik`: each with the row where it first appeared,
/// valid ones by number, others by their text. One index per roster, whatever the
/// number of policies or passes: NIKs do not depend on the policy.
#[derive(Default)]
pub(crate) struct Duplicates {
    niks: FxHashMap<u64, u64>,
    raw: FxHashMap<Box<str>, u64>,
}

impl Duplicates {
    /// Room for `rows` NIKs.
    pub(crate) fn reserve(&mut self, rows: usize) {
        self.niks.reserve(rows);
    }

    /// Room for the NIKs of the first `rows` rows of `column` that are not null (a
    /// column of no NIKs reserves nothing).
    pub(crate) fn reserve_for(&mut self, column: Option<&Strings<'_>>, rows: usize) {
        let Some(column) = column else { return };
        let given = match column {
            Strings::Utf8 { validity, .. }
            | Strings::LargeUtf8 { validity, .. }
            | Strings::Utf8View { validity, .. }
            | Strings::Dictionary { validity, .. } => validity
                .as_ref()
                .map_or(rows, |v| (0..rows).filter(|&i| v.get(i)).count()),
            _ => rows,
        };
        self.niks.reserve(given);
    }

    /// Rows `0..column.len()` of a chunk: the duplicates among them (and of earlier
    /// chunks), as `(row, first)` with the first occurrence's label, appended to `out`.
    pub(crate) fn mark(
        &mut self,
        column: Option<&Strings<'_>>,
        rows: usize,
        label: &dyn Fn(usize) -> u64,
        out: &mut Vec<(usize, u64)>,
    ) {
        let Some(column) = column else { return };
        each_nik(column, rows, |i, cell| {
            let here = label(i);
            let first = match cell {
                NikCell::Valid(key) => *self.niks.entry(key).or_insert(here),
                NikCell::Raw(text) => {
                    if let Some(first) = self.raw.get(text) {
                        *first
                    } else {
                        self.raw.insert(text.into(), here);
                        here
                    }
                }
            };
            if first != here {
                out.push((i, first));
            }
        });
    }
}

/// A NIK cell as duplicates are found: a valid NIK by its number, anything else by its
/// trimmed text (two cells are the same NIK when these are equal).
pub(crate) enum NikCell<'t> {
    /// A valid NIK's 16 digits as one number.
    Valid(u64),
    /// The trimmed text of a cell that is not a valid NIK.
    Raw(&'t str),
}

/// Calls `f(i, cell)` for rows `0..rows` of a NIK column, in order, skipping null and
/// blank cells.
pub(crate) fn each_nik(column: &Strings<'_>, rows: usize, mut f: impl FnMut(usize, NikCell<'_>)) {
    // Null cells are skipped by their bit (a column of no NIKs costs a bit a row).
    let validity = match column {
        Strings::Utf8 { validity, .. }
        | Strings::LargeUtf8 { validity, .. }
        | Strings::Utf8View { validity, .. }
        | Strings::Dictionary { validity, .. } => validity.as_ref(),
        _ => None,
    };
    for i in 0..rows {
        if validity.is_some_and(|v| !v.get(i)) {
            continue;
        }
        let cell = column.get(i);
        let text = cell.as_deref().map(str::trim).unwrap_or_default();
        if text.is_empty() {
            continue;
        }
        match Nik::parse_trimmed(text) {
            Ok(nik) => f(i, NikCell::Valid(nik.key())),
            Err(_) => f(i, NikCell::Raw(text)),
        }
    }
}

/// One row as the kernel judged it, for its explanation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Judged {
    /// Reason bits with the field detail.
    pub(crate) reasons: u64,
    /// The birth day ages were measured from (declared, or the NIK's), or [`ABSENT`].
    pub(crate) birth: i32,
    /// The months the worker's own cover holds, before the age rule (all of them
    /// without `cover_from` and `cover_to`).
    pub(crate) cover: MonthSet,
}

/// The kernel over one policy, with what it remembers across the chunks of a roster:
/// the texts resolved and the NIKs seen.
pub(crate) struct Kernel<'p> {
    policy: &'p Policy,
    plan: &'p Plan,
    /// Each text's sector code, with the reasons of its slot.
    sectors: Memo<(u16, u64)>,
    regencies: Memo<u64>,
    districts: Memo<u64>,
    has_districts: bool,
    /// Each text's sex code, with `invalid_value` (`sex`) when it cannot be read.
    sexes: Memo<(u8, u64)>,
    cover_months: Memo<i32>,
    scratch: Scratch,
}

impl<'p> Kernel<'p> {
    pub(crate) fn new(policy: &'p Policy) -> Kernel<'p> {
        Kernel {
            policy,
            plan: &policy.plan,
            sectors: Memo::new((
                NO_SECTOR,
                policy
                    .plan
                    .slots
                    .get(usize::from(NO_SECTOR))
                    .map_or(0, |s| s.reasons),
            )),
            regencies: Memo::new(MISSING | MISSING_REGENCY),
            districts: Memo::new(MISSING | MISSING_DISTRICT),
            has_districts: !(policy.include.is_empty() && policy.exclude.is_empty()),
            sexes: Memo::new((SEX_ABSENT, 0)),
            cover_months: Memo::new(ABSENT),
            scratch: Scratch::new(0),
        }
    }

    /// Decide every row of `columns` into `out` (already `columns.len` long), without
    /// the budget allocation. Rows in `malformed` (ascending) get `malformed_row`;
    /// rows in `duplicates` (`(row, first)`, ascending, from [`Duplicates::mark`])
    /// get `duplicate_nik`.
    pub(crate) fn run(
        &mut self,
        columns: &Columns<'_>,
        malformed: &[usize],
        duplicates: &[(usize, u64)],
        out: &mut Outcome,
    ) {
        let rows = columns.len;
        out.duplicates
            .extend(duplicates.iter().take_while(|d| d.0 < rows).copied());
        self.run_part(columns, malformed, duplicates, out.part());
    }

    /// [`Kernel::run`] into consecutive rows of an outcome (row 0 of `out` is row 0 of
    /// `columns`), leaving the outcome's list of duplicates to the caller.
    pub(crate) fn run_part(
        &mut self,
        columns: &Columns<'_>,
        malformed: &[usize],
        duplicates: &[(usize, u64)],
        mut out: Part<'_>,
    ) {
        let rows = columns.len;
        let size = rows.min(CHUNK);
        if self.scratch.reasons.len() < size {
            self.scratch = Scratch::new(size);
        }
        let mut lo = 0;
        while lo < rows {
            let m = (rows - lo).min(CHUNK);
            self.judge(columns, lo, m);
            let first = malformed.partition_point(|&i| i < lo);
            for &i in malformed[first..].iter().take_while(|&&i| i < lo + m) {
                self.scratch.reasons[i - lo] |= bit(ReasonCode::MalformedRow);
            }
            let first = duplicates.partition_point(|d| d.0 < lo);
            for d in duplicates[first..].iter().take_while(|d| d.0 < lo + m) {
                self.scratch.reasons[d.0 - lo] |= bit(ReasonCode::DuplicateNik);
            }
            self.pay(columns, lo, m, &mut out);
            lo += m;
        }
    }

    /// Row 0 of `columns` judged on its own (no duplicates), with the detail its
    /// explanation needs.
    pub(crate) fn judge_one(&mut self, columns: &Columns<'_>) -> Judged {
        if self.scratch.reasons.is_empty() {
            self.scratch = Scratch::new(1);
        }
        let cover = self.judge(columns, 0, 1);
        Judged {
            reasons: self.scratch.reasons[0],
            birth: self.scratch.birth[0],
            cover,
        }
    }

    /// The reasons of rows `lo..lo + m`, column by column (duplicates apart), and the
    /// months each is covered in; returns the first row's own cover before the age
    /// rule (for its explanation).
    fn judge(&mut self, columns: &Columns<'_>, lo: usize, m: usize) -> MonthSet {
        let (policy, plan) = (self.policy, self.plan);
        let e = &policy.spec.eligibility;
        let scratch = &mut self.scratch;
        let r = &mut scratch.reasons[..m];
        birth(columns.birth_date.as_ref(), lo, &mut scratch.birth[..m]);
        // The first pass sets each row's reasons; the others add to them.
        let sex = &mut scratch.sex[..m];
        self.sexes.each(
            columns.sex.as_ref(),
            lo,
            m,
            sex.iter_mut().zip(r.iter_mut()),
            |t| {
                let code = sex_code(t);
                let invalid = if code == SEX_INVALID {
                    INVALID | INVALID_SEX
                } else {
                    0
                };
                (code, invalid)
            },
            |(o, r), (code, reasons)| {
                *o = code;
                *r = reasons;
            },
        );
        income(columns.declared_income.as_ref(), lo, r);
        welfare(
            columns,
            e.exclude_active_members,
            e.max_welfare_decile,
            lo,
            r,
        );
        dtsen(columns, e.require_dtsen, lo, r);
        let slot = &mut scratch.slot[..m];
        let slots = &plan.slots[..];
        self.sectors.each(
            columns.sector.as_ref(),
            lo,
            m,
            slot.iter_mut().zip(r.iter_mut()),
            |t| {
                let code = Plan::sector_code(policy, t);
                (code, slots.get(usize::from(code)).map_or(0, |s| s.reasons))
            },
            |(o, r), (code, reasons)| {
                *o = code;
                *r |= reasons;
            },
        );
        self.regencies.each(
            columns.regency.as_ref(),
            lo,
            m,
            r.iter_mut(),
            |t| regency(policy, t),
            |r, v| *r |= v,
        );
        if self.has_districts {
            self.districts.each(
                columns.district.as_ref(),
                lo,
                m,
                r.iter_mut(),
                |t| district(policy, t),
                |r, v| *r |= v,
            );
        }
        identity(policy, plan, columns.nik.as_ref(), lo, m, scratch);
        age(&plan.window, &scratch.birth[..m], &mut scratch.reasons[..m]);
        scratch.every_month =
            columns.cover_from.is_none() && columns.cover_to.is_none() && plan.monthly.is_empty();
        if scratch.every_month {
            return plan.all;
        }
        own_cover(
            plan,
            columns,
            &mut self.cover_months,
            lo,
            &mut scratch.cover[..m],
            &mut scratch.reasons[..m],
        );
        let first = scratch.cover[0];
        if !plan.monthly.is_empty() {
            monthly_age(
                plan,
                &scratch.birth[..m],
                &mut scratch.cover[..m],
                &mut scratch.reasons[..m],
            );
        }
        first
    }

    /// The money of rows `lo..lo + m`, and every answer written to `out`: loops the
    /// compiler vectorises (eligibility and reasons in one, fills of the unpaid
    /// answers), the sectors, then the paid rows' money in place.
    fn pay(&self, columns: &Columns<'_>, lo: usize, m: usize, out: &mut Part<'_>) {
        let (policy, plan) = (self.policy, self.plan);
        let rows = lo..lo + m;
        let reasons = &self.scratch.reasons[..m];
        let slot = &self.scratch.slot[..m];
        let cover = &self.scratch.cover[..m];
        let every_month = self.scratch.every_month;
        for ((e, o), r) in out.eligible[rows.clone()]
            .iter_mut()
            .zip(&mut out.reasons[rows.clone()])
            .zip(reasons)
        {
            *e = *r == 0;
            *o = ReasonSet::from_bits(*r as u32);
        }
        for (o, s) in out.sector[rows.clone()].iter_mut().zip(slot) {
            *o = plan.slots[usize::from(*s)].sector;
        }
        out.funding_source[rows.clone()].fill(None);
        out.monthly_contribution[rows.clone()].fill(0);
        out.months[rows.clone()].fill(0);
        out.covered_months[rows.clone()].fill(0);
        out.total_cost[rows.clone()].fill(0);
        out.waiting_position[rows].fill(None);
        for (j, r) in reasons.iter().enumerate() {
            if *r != 0 {
                continue;
            }
            let s = &plan.slots[usize::from(slot[j])];
            if let (Some(sector), Some(source)) = (s.sector, s.source) {
                let bill = plan.bill(sector, source).expect("a funded slot has a bill");
                let i = lo + j;
                let set = if every_month { plan.all } else { cover[j] };
                (out.monthly_contribution[i], out.total_cost[i]) =
                    bill.cost(policy, income_at(columns, i), set);
                out.funding_source[i] = Some(source);
                out.months[i] = set.count_ones();
                out.covered_months[i] = set;
            }
        }
    }
}

/// Row `i`'s declared income as the money path reads it.
pub(crate) fn income_at(columns: &Columns<'_>, i: usize) -> Income {
    match &columns.declared_income {
        None => Income::Absent,
        Some(Amounts::Int64 { values, validity }) => {
            if validity.as_ref().is_none_or(|v| v.get(i)) {
                Income::Whole(values[i])
            } else {
                Income::Absent
            }
        }
        Some(c) => Income::of(c.cell(i).value()),
    }
}

fn sex_code(text: &str) -> u8 {
    match Sex::parse(text) {
        None => SEX_INVALID,
        Some(Sex::Male) => SEX_MALE,
        Some(Sex::Female) => SEX_FEMALE,
    }
}

fn regency(policy: &Policy, text: &str) -> u64 {
    if same_place(text, &policy.regency) {
        0
    } else {
        bit(ReasonCode::OutsideRegion)
    }
}

fn district(policy: &Policy, text: &str) -> u64 {
    let listed = |list: &[String]| list.iter().any(|x| same_place(text, x));
    if (!policy.include.is_empty() && !listed(&policy.include)) || listed(&policy.exclude) {
        bit(ReasonCode::DistrictExcluded)
    } else {
        0
    }
}

/// Birth days of rows `lo..lo + out.len()`, with [`ABSENT`] and [`UNREADABLE`].
fn birth(column: Option<&Dates<'_>>, lo: usize, out: &mut [i32]) {
    let read = |d: i32| {
        if (FIRST_DAY..=LAST_DAY).contains(&d) {
            d
        } else {
            UNREADABLE
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
        Some(c) => c.each_day(lo, out.len(), |j, cell| {
            out[j] = match cell {
                Cell::Absent => ABSENT,
                Cell::Invalid => UNREADABLE,
                Cell::Value(d) => read(d),
            };
        }),
    }
}

/// `invalid_value` for the incomes of rows `lo..lo + r.len()` that cannot be read.
fn income(column: Option<&Amounts<'_>>, lo: usize, r: &mut [u64]) {
    match column {
        None => {}
        Some(Amounts::Int64 {
            values,
            validity: None,
        }) => {
            for (r, v) in r.iter_mut().zip(&values[lo..]) {
                *r |= if crate::limits::declared_income_i64_ok(*v) {
                    0
                } else {
                    INVALID | INVALID_INCOME
                };
            }
        }
        Some(c) => {
            for (j, r) in r.iter_mut().enumerate() {
                if matches!(c.cell(lo + j), Cell::Invalid) {
                    *r |= INVALID | INVALID_INCOME;
                }
            }
        }
    }
}

/// Membership and welfare decile of rows `lo..lo + r.len()`.
fn welfare(c: &Columns<'_>, exclude: bool, max: Option<u8>, lo: usize, r: &mut [u64]) {
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
                    Cell::Invalid => *r |= INVALID | INVALID_MEMBER,
                    Cell::Value(true) if exclude => *r |= member,
                    _ => {}
                }
            }
        }
    }
    let above = bit(ReasonCode::DecileAboveMaximum);
    let judge = |cell: Cell<u8>| match cell {
        Cell::Invalid => INVALID | INVALID_DECILE,
        Cell::Absent if max.is_some() => MISSING | MISSING_DECILE,
        Cell::Value(d) if max.is_some_and(|m| d > m) => above,
        _ => 0,
    };
    match &c.welfare_decile {
        None => {
            if max.is_some() {
                for r in r.iter_mut() {
                    *r |= MISSING | MISSING_DECILE;
                }
            }
        }
        Some(Ints::Int64 {
            values,
            validity: None,
        }) => {
            let values = &values[lo..lo + r.len()];
            for (r, v) in r.iter_mut().zip(values) {
                let cell = crate::worker::decile(*v).map_or(Cell::Invalid, Cell::Value);
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

/// DTSEN registration of rows `lo..lo + r.len()`: the `dtsen` cell when it is given,
/// else a known welfare decile (deciles come from DTSEN). Under `require_dtsen` a row
/// registered by neither is `not_in_dtsen` when the cell says no and `missing_field`
/// (`dtsen`) when nothing says; an unreadable cell is `invalid_value` whatever the
/// policy.
fn dtsen(c: &Columns<'_>, require: bool, lo: usize, r: &mut [u64]) {
    let Some(flags) = &c.dtsen else {
        if require {
            for (j, r) in r.iter_mut().enumerate() {
                if !decile_known(c, lo + j) {
                    *r |= MISSING | MISSING_DTSEN;
                }
            }
        }
        return;
    };
    for (j, r) in r.iter_mut().enumerate() {
        *r |= match flags.cell(lo + j) {
            Cell::Invalid => INVALID | INVALID_DTSEN,
            Cell::Value(false) if require => bit(ReasonCode::NotInDtsen),
            Cell::Absent if require && !decile_known(c, lo + j) => MISSING | MISSING_DTSEN,
            _ => 0,
        };
    }
}

/// Whether row `i` holds a readable welfare decile.
fn decile_known(c: &Columns<'_>, i: usize) -> bool {
    c.welfare_decile
        .as_ref()
        .is_some_and(|d| matches!(d.cell(i), Cell::Value(_)))
}

/// `flag` on the rows `lo..lo + r.len()` whose bit is set.
fn bits(values: &Bitmap<'_>, lo: usize, r: &mut [u64], flag: u64) {
    let first = values.offset + lo;
    let bytes = values.bits.get(first / 8..(first + r.len()).div_ceil(8));
    match bytes {
        // Rows starting on a byte: eight rows per byte, each half of it looked up in a
        // table of the flags of four rows, no addressing per row.
        Some(bytes) if first.is_multiple_of(8) => {
            let nibbles: [[u64; 4]; 16] = std::array::from_fn(|n| {
                std::array::from_fn(|t| if n >> t & 1 == 1 { flag } else { 0 })
            });
            let whole = r.len() / 8 * 8;
            let (head, tail) = r.split_at_mut(whole);
            for (r, byte) in head.chunks_exact_mut(8).zip(bytes) {
                let low = &nibbles[usize::from(byte & 15)];
                let high = &nibbles[usize::from(byte >> 4)];
                for t in 0..4 {
                    r[t] |= low[t];
                    r[t + 4] |= high[t];
                }
            }
            for (t, r) in tail.iter_mut().enumerate() {
                *r |= if values.get(lo + whole + t) { flag } else { 0 };
            }
        }
        _ => {
            for (j, r) in r.iter_mut().enumerate() {
                *r |= if values.get(lo + j) { flag } else { 0 };
            }
        }
    }
}

/// The NIK's own checks; a birth date taken from the NIK where none is declared.
fn identity(
    policy: &Policy,
    plan: &Plan,
    column: Option<&Strings<'_>>,
    lo: usize,
    rows: usize,
    scratch: &mut Scratch,
) {
    let require = policy.spec.eligibility.require_nik;
    let missing = if require { MISSING | MISSING_NIK } else { 0 };
    let Some(column) = column else {
        if missing != 0 {
            for r in &mut scratch.reasons[..rows] {
                *r |= missing;
            }
        }
        return;
    };
    let first_day = plan.first_day();
    for j in 0..rows {
        let cell = column.get(lo + j);
        let text = cell.as_deref().map(str::trim).unwrap_or_default();
        let r = &mut scratch.reasons[j];
        if text.is_empty() {
            *r |= missing;
            continue;
        }
        let parsed = Nik::parse_trimmed(text);
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
        } else if declared != UNREADABLE {
            let (year, month, day) = civil_from_days(declared);
            if !nik.matches_birth(year, month, day) {
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
fn age(w: &AgeWindow, birth: &[i32], r: &mut [u64]) {
    let latest = w.latest.unwrap_or(i32::MAX);
    let earliest = w.earliest.unwrap_or(i32::MIN);
    let start = w.start;
    let below = bit(ReasonCode::AgeBelowMinimum);
    let above = bit(ReasonCode::AgeAboveMaximum);
    for (r, &b) in r.iter_mut().zip(birth) {
        let absent = b == ABSENT;
        let unreadable = b == UNREADABLE;
        let value = !absent && !unreadable;
        let late = value && b > start;
        let judged = value && !late;
        *r |= if absent {
            MISSING | MISSING_BIRTH_DATE
        } else {
            0
        } | if unreadable {
            INVALID | INVALID_BIRTH_DATE
        } else {
            0
        } | if late { INVALID | BORN_AFTER_START } else { 0 }
            | if judged && b > latest { below } else { 0 }
            | if judged && b < earliest { above } else { 0 };
    }
}

/// A month cell read: [`ABSENT`], [`UNREADABLE`], or the month's
/// [`YearMonth::index`](crate::YearMonth::index).
fn month_code(text: &str) -> i32 {
    crate::worker::parse_month(text).map_or(UNREADABLE, crate::YearMonth::index)
}

/// The months of rows `lo..lo + cover.len()` by their own cover (`cover_from`,
/// `cover_to`, each defaulting to the coverage's end): `invalid_value` for a month
/// that cannot be read, `cover_reversed` for a first month after the last,
/// `cover_outside_coverage` for a cover reaching outside the policy's months or
/// holding none of them.
fn own_cover(
    plan: &Plan,
    columns: &Columns<'_>,
    memo: &mut Memo<i32>,
    lo: usize,
    cover: &mut [MonthSet],
    r: &mut [u64],
) {
    cover.fill(plan.all);
    if columns.cover_from.is_none() && columns.cover_to.is_none() {
        return;
    }
    let mut from = vec![ABSENT; cover.len()];
    let mut to = vec![ABSENT; cover.len()];
    let m = cover.len();
    memo.each(
        columns.cover_from.as_ref(),
        lo,
        m,
        from.iter_mut(),
        month_code,
        |o, v| {
            *o = v;
        },
    );
    memo.each(
        columns.cover_to.as_ref(),
        lo,
        m,
        to.iter_mut(),
        month_code,
        |o, v| {
            *o = v;
        },
    );
    let index = &plan.month_index;
    let (first, last) = (index[0], index[index.len() - 1]);
    for (j, (c, r)) in cover.iter_mut().zip(r.iter_mut()).enumerate() {
        let (f, t) = (from[j], to[j]);
        if f == UNREADABLE || t == UNREADABLE {
            *r |= if f == UNREADABLE {
                INVALID | INVALID_COVER_FROM
            } else {
                0
            } | if t == UNREADABLE {
                INVALID | INVALID_COVER_TO
            } else {
                0
            };
            *c = 0;
            continue;
        }
        if f != ABSENT && t != ABSENT && f > t {
            *r |= bit(ReasonCode::CoverReversed);
            *c = 0;
            continue;
        }
        let f = if f == ABSENT { first } else { f };
        let t = if t == ABSENT { last } else { t };
        let mut set = 0;
        for (i, m) in index.iter().enumerate() {
            if (f..=t).contains(m) {
                set |= 1 << i;
            }
        }
        if f < first || t > last || set == 0 {
            *r |= bit(ReasonCode::CoverOutsideCoverage);
            set = 0;
        }
        *c = set;
    }
}

/// With `rule = "monthly"`: each row's months kept where the age on the month's first
/// day is within the band; a row left with none is below or above the band.
fn monthly_age(plan: &Plan, birth: &[i32], cover: &mut [MonthSet], r: &mut [u64]) {
    let start = plan.window.start;
    for ((c, r), &b) in cover.iter_mut().zip(r.iter_mut()).zip(birth) {
        if b == ABSENT || b == UNREADABLE || b > start || *c == 0 {
            continue;
        }
        let (mut kept, mut below, mut above) = (0, false, false);
        for m in super::bill::each_month(*c) {
            let w = &plan.monthly[m];
            let young = w.latest.is_some_and(|l| b > l);
            let old = w.earliest.is_some_and(|e| b < e);
            below |= young;
            above |= old;
            if !young && !old {
                kept |= 1 << m;
            }
        }
        if kept == 0 {
            *r |= if below {
                bit(ReasonCode::AgeBelowMinimum)
            } else {
                0
            } | if above {
                bit(ReasonCode::AgeAboveMaximum)
            } else {
                0
            };
        }
        *c = kept;
    }
}
