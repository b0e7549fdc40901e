//! A policy compiled for the kernel, once, when the policy is compiled: the age band
//! as a window of birth days, each sector's reasons and bill.

use jiff::civil::Date;

use super::bill::SectorBill;
use super::calendar::{date_from_days, days_from_date};
use super::kernel::{MISSING_SECTOR, bit};
use crate::policy::{AgeRule, Policy};
use crate::reason::ReasonCode;
use crate::sector::SectorId;
use crate::worker::age_on;

/// Sector codes in the kernel's scratch array: no sector given, one the taxonomy does
/// not know, and the first known one.
pub(crate) const NO_SECTOR: u16 = 0;
pub(crate) const UNKNOWN_SECTOR: u16 = 1;
pub(crate) const FIRST_SECTOR: u16 = 2;

/// What a sector code means for a row.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SectorSlot {
    /// `missing_field`, `unknown_sector`, `sector_not_covered` or `no_funding_source`.
    pub(crate) reasons: u64,
    pub(crate) sector: Option<SectorId>,
    /// The source that pays for the sector when it is covered and funded.
    pub(crate) source: Option<u8>,
}

/// Birth-date windows equivalent to the age band: `age >= min` on the day it is
/// measured iff born on or before `latest`; `age <= max` iff born on or after
/// `earliest`. Found with [`age_on`] itself, so the windows cannot drift from it.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct AgeWindow {
    /// Days since 1970-01-01.
    pub(crate) latest: Option<i32>,
    /// Days since 1970-01-01.
    pub(crate) earliest: Option<i32>,
    /// The first day of coverage, in days: later birth dates are invalid.
    pub(crate) start: i32,
}

/// The policy, compiled for the kernel.
#[derive(Debug, Clone, Default)]
pub(crate) struct Plan {
    pub(crate) window: AgeWindow,
    /// Per sector, per source: the bill, where the source may pay for the sector.
    pub(crate) bills: Vec<Vec<Option<SectorBill>>>,
    /// The slot of each sector code: [`NO_SECTOR`], [`UNKNOWN_SECTOR`], then
    /// `FIRST_SECTOR + id` for each sector id.
    pub(crate) slots: Vec<SectorSlot>,
    /// Every covered month: bit `i` is `policy.months[i]`.
    pub(crate) all: u64,
    /// Each covered month as [`YearMonth::index`], for a worker's own cover.
    pub(crate) month_index: Vec<i32>,
    /// With `rule = "monthly"`, the age band's birth-day window on the first day of
    /// each covered month; empty otherwise.
    pub(crate) monthly: Vec<AgeWindow>,
}

/// A set of the policy's covered months, one bit per month (bit `i` is the policy's
/// month `i`): what a worker is covered and paid for.
pub(crate) type MonthSet = u64;

/// The set of the first `n` months.
pub(crate) fn first_months(n: usize) -> MonthSet {
    if n >= 64 { u64::MAX } else { (1u64 << n) - 1 }
}

impl Plan {
    pub(crate) fn new(policy: &Policy) -> Plan {
        let bills = policy.sector_bills();
        let mut slots = vec![
            SectorSlot {
                reasons: bit(ReasonCode::MissingField) | MISSING_SECTOR,
                sector: None,
                source: None,
            },
            SectorSlot {
                reasons: bit(ReasonCode::UnknownSector),
                sector: None,
                source: None,
            },
        ];
        slots.extend(policy.taxonomy.sectors().map(|(id, _)| {
            let covered = policy.covered.contains(id);
            let source = policy
                .source_for(id)
                .filter(|s| bills[id.index()][*s].is_some());
            let mut reasons = 0;
            if !covered {
                reasons |= bit(ReasonCode::SectorNotCovered);
            } else if source.is_none() {
                reasons |= bit(ReasonCode::NoFundingSource);
            }
            SectorSlot {
                reasons,
                sector: Some(id),
                source: source.map(|s| s as u8),
            }
        }));
        let monthly = match policy.spec.eligibility.age {
            Some(band) if band.rule == AgeRule::Monthly => policy
                .months
                .iter()
                .map(|m| band_window(band.min, band.max, m.first_day(), m.first_day()))
                .collect(),
            _ => Vec::new(),
        };
        Plan {
            window: age_window(policy),
            bills,
            slots,
            all: first_months(policy.months.len()),
            month_index: policy.months.iter().map(|m| m.index()).collect(),
            monthly,
        }
    }

    /// The bill of a sector paid by a source.
    pub(crate) fn bill(&self, sector: SectorId, source: u8) -> Option<&SectorBill> {
        self.bills
            .get(sector.index())?
            .get(usize::from(source))?
            .as_ref()
    }

    /// The sector code of an occupation text (not blank).
    pub(crate) fn sector_code(policy: &Policy, text: &str) -> u16 {
        match policy.taxonomy.lookup(text) {
            None => UNKNOWN_SECTOR,
            Some(id) => FIRST_SECTOR + id.index() as u16,
        }
    }

    /// The first day of coverage.
    pub(crate) fn first_day(&self) -> Date {
        date_from_days(self.window.start).expect("coverage starts in range")
    }
}

fn boundary(on: Date, pred: impl Fn(Date) -> bool) -> Date {
    // The last date d in [on - 200 years, on + 1 day] with pred(d) true, for a
    // predicate that is true then false as d grows.
    let days = |d: Date| days_from_date(d);
    let mut lo = days(on) - 200 * 366;
    let mut hi = days(on) + 1;
    let at = |n: i64| date_from_days(n as i32).expect("within range");
    while lo < hi {
        let mid = lo + (hi - lo + 1) / 2;
        if pred(at(mid)) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    at(lo)
}

/// The day each bound of the age band is measured on: (minimum, maximum).
pub(crate) fn age_days(policy: &Policy) -> (Date, Date) {
    let first = policy.months[0].first_day();
    let last = policy.months[policy.months.len() - 1].last_day();
    match policy.spec.eligibility.age.map(|a| (a.rule, a.date)) {
        Some((AgeRule::Throughout, _)) => (first, last),
        Some((AgeRule::OnDate, Some(on))) => (on, on),
        // Month by month: the row's own months say (see the explanation).
        _ => (first, first),
    }
}

fn age_window(policy: &Policy) -> AgeWindow {
    let first = policy.months[0].first_day();
    let start = days_from_date(first) as i32;
    let Some(band) = policy
        .spec
        .eligibility
        .age
        .filter(|a| a.rule != AgeRule::Monthly)
    else {
        // No band, or one judged month by month (`Plan::monthly`).
        return AgeWindow {
            latest: None,
            earliest: None,
            start,
        };
    };
    let (min_on, max_on) = age_days(policy);
    AgeWindow {
        start,
        ..band_window(band.min, band.max, min_on, max_on)
    }
}

/// The birth-day window of an age band measured on `min_on` (minimum) and `max_on`
/// (maximum).
fn band_window(min: Option<u32>, max: Option<u32>, min_on: Date, max_on: Date) -> AgeWindow {
    let day = |d: Date| days_from_date(d) as i32;
    AgeWindow {
        start: day(min_on),
        latest: min.map(|min| day(boundary(min_on, |b| age_on(b, min_on) >= min as i32))),
        earliest: max.map(|max| day(boundary(max_on, |b| age_on(b, max_on) > max as i32)) + 1),
    }
}
