//! **iuran** decides who qualifies for a regency-funded BPJS Ketenagakerjaan
//! contribution subsidy and what it costs — to the rupiah, with the reason for every
//! answer.
//!
//! Indonesian regencies pay the JKK + JKM contributions (Rp 16,800 per worker per month
//! in 2025) of vulnerable informal workers from the tobacco-excise revenue share
//! (DBHCHT), the APBD, village budgets or company CSR. Each programme has its own rules
//! (age band, sectors, domicile, welfare decile, months of cover, funding sources) and
//! the rates change by regulation. This crate turns a programme's [`Policy`] and a
//! worker (or a whole [`Roster`]) into [`Decision`]s: eligible or not, every
//! [`Reason`] in Indonesian and English, and the cost broken down by month and
//! programme with the legal reference of every rate.
//!
//! ```
//! # #[cfg(all(feature = "toml", feature = "csv"))] {
//! use iuran::{Policy, Roster};
//!
//! let policy = Policy::from_toml(r#"
//!     id = "tegal-2025"
//!     name = "Kab. Tegal 2025"
//!     regency = "3328"
//!     fiscal_year = 2025
//!     coverage = { start = "2025-09", months = 4 }
//!     eligibility = { groups = ["tobacco", "agriculture", "fisheries"] }
//!
//!     [[funding]]
//!     id = "dbhcht"
//!     kind = "DBHCHT"
//!     groups = ["tobacco", "agriculture"]
//!
//!     [[funding]]
//!     id = "apbd"
//!     kind = "APBD"
//!     sectors = ["fisher"]
//! "#)?;
//!
//! let roster = Roster::from_csv(b"\
//! nik,birth_date,regency,sector
//! 3328011203700001,1970-03-12,3328,Petani Tembakau
//! 3328015003800002,1980-03-10,3328,nelayan
//! 3328011203700003,1970-03-12,3376,petani padi
//! ")?;
//! let result = policy.evaluate_roster(&roster)?;
//! assert_eq!(result.summary.eligible, 2);
//! assert_eq!(result.summary.total_cost.to_string(), "134400"); // 2 × 16,800 × 4
//! assert_eq!(result.decisions[2].reason_codes(), "outside_region");
//! # }
//! # Ok::<(), iuran::Error>(())
//! ```
//!
//! The modules are named after the domain: [`policy`], [`rates`], [`sector`],
//! [`nik`], [`worker`], [`reason`], [`decision`], [`roster`], [`summary`],
//! [`money`], [`month`]; what-ifs in [`scenario`] and [`compare`], audit records in
//! [`audit`]. `DESIGN.md` at the repository root answers the "why"
//! questions.
//!
//! # Cargo features
//!
//! All on by default. Without them (`default-features = false`) the crate is the
//! domain alone — policies built in code ([`PolicySpec`]) or read from JSON, the
//! built-in rates and taxonomy, workers, decisions, the column kernel ([`batch`]) and
//! planning — on `serde`, `serde_json`, `thiserror`, `rust_decimal` and `jiff`.
//!
//! | feature | adds | brings |
//! | --- | --- | --- |
//! | `csv` | [`Roster::from_csv`], [`Policy::evaluate_file`] (streaming), a decided roster written as CSV | csv |
//! | `xlsx` | [`Roster::from_xlsx`] and `.xlsx` in [`Policy::evaluate_file`] | calamine, zip |
//! | `toml` | policies, scenarios, rate tables and taxonomies written in TOML | toml |
//! | `audit` | the [`audit`] module (also turns on `csv` and `toml`) | sha2 |
//!
//! A format recognised by its file name or content whose feature is off is an
//! [`Error::Unsupported`] naming the feature, never a wrong parse.
//!
//! # Stability
//!
//! From 0.2 the public API follows semantic versioning (checked against the last
//! release by `cargo semver-checks`). Stable, changed only with a new minor version
//! while below 1.0:
//!
//! - every public item's name, signature and meaning; the serialised form of every
//!   type (JSON field names, money as decimal strings, months as `YYYY-MM`);
//! - reason codes ([`ReasonCode::as_str`]) and error codes ([`Error::code`]): a code
//!   never changes meaning;
//! - decisions: the same policy, rates and worker give the same decision and cost.
//!
//! What may grow in any release, so match with a wildcard arm and build these types
//! from their constructors or `Default`, not from struct literals:
//!
//! - enums marked `#[non_exhaustive]`: new [`ReasonCode`]s (new policy rules), new
//!   [`Error`] kinds, new programmes, funding kinds and other policy options;
//! - result structs marked `#[non_exhaustive]` ([`Decision`], [`Summary`],
//!   [`Evaluation`], [`RosterReport`], planning and comparison results …): new fields;
//! - new optional policy fields (an old policy file reads the same), new rate rows in
//!   the built-in table when a regulation changes (the table's `version` says which).
//!
//! Messages (the Indonesian and English text of a reason or error) are for people and
//! may be reworded; programs should read the codes.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod allocation;
#[cfg(feature = "audit")]
pub mod audit;
pub mod batch;
pub mod benefits;
pub mod compare;
mod cost;
pub mod decision;
pub mod error;
mod explain;
pub mod format;
pub mod limits;
pub mod lint;
pub mod money;
pub mod month;
pub mod nik;
pub mod occupation;
pub mod partition;
pub mod planning;
pub mod policy;
pub mod quality;
pub mod rates;
pub mod reason;
pub mod region;
pub mod roadmap;
pub mod roster;
pub mod scenario;
pub mod sector;
pub mod summary;
pub mod worker;
#[cfg(feature = "xlsx")]
mod xlsx;

pub use decision::{Charge, Decision};
pub use error::Error;
pub use lint::Lint;
pub use month::YearMonth;
pub use nik::Nik;
pub use planning::{Capacity, Requirement, Schedule, WorkerCost};
pub use policy::{Policy, PolicySpec};
pub use quality::QualityReport;
pub use rates::{Programme, RateTable};
pub use reason::{Lang, Reason, ReasonCode, ReasonSet};
pub use roadmap::{Roadmap, RoadmapInput};
#[cfg(feature = "csv")]
pub use roster::RosterFile;
#[cfg(feature = "csv")]
pub use roster::{ColumnsReport, Progress};
pub use roster::{Evaluation, Example, Roster, RosterReport, RowView};
pub use scenario::Scenario;
pub use sector::Taxonomy;
pub use summary::{Summary, Totals};
pub use worker::{Record, Sex, Worker};

/// The README's Rust code blocks, run as doc tests so they cannot rot (they read TOML
/// policies and CSV rosters).
#[cfg(all(doctest, feature = "toml", feature = "csv"))]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
