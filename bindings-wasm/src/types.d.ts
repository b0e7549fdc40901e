/** A BPJS Ketenagakerjaan programme. */
export type Programme = "JKK" | "JKM" | "JHT";

/** The `code` of an {@link IuranError}. */
export type ErrorCode =
  | "policy_syntax"
  | "policy_field"
  | "scenario"
  | "audit"
  | "data"
  | "roster"
  | "argument"
  | "io"
  | "invalid_argument"
  | "internal";

/** How a worker's outcome changes between the base policy and a scenario. */
export type ChangeKind =
  | "newly_eligible"
  | "no_longer_eligible"
  | "funded_to_waiting"
  | "waiting_to_funded"
  | "cost_changed"
  | "source_changed";

/**
 * What every function throws: a plain `Error` with `name === "IuranError"`, a stable
 * `code`, and `field` / `line` when they apply. "Not eligible" is never an error.
 */
export interface IuranError extends Error {
  name: "IuranError";
  code: ErrorCode;
  /**
   * Policy field (`coverage.months`), roster column, or argument concerned (`budget`,
   * `sector`, `tranches`, `targetYear`, …).
   */
  field?: string;
  /** 1-based line of a roster file. */
  line?: number;
}

/** A policy file as written (the same schema in TOML and JSON; docs/policy.md). */
export interface PolicySpec {
  id: string;
  name: string;
  regency: string;
  fiscal_year: number;
  /** The regency's whole DBHCHT allocation, rupiah as a decimal string. */
  dbhcht_allocation?: string;
  coverage: PolicyCoverage;
  eligibility: PolicyEligibility;
  funding: PolicyFunding[];
  /** Occupations added to the sector taxonomy. */
  occupation?: PolicyOccupation[];
}

/** An occupation added to the sector taxonomy: a new sector, or aliases for one. */
export interface PolicyOccupation {
  code: string;
  group?: string;
  name_id?: string;
  name_en?: string;
  aliases?: string[];
}

/** What is bought, for which months. */
export interface PolicyCoverage {
  /** First contribution month, `YYYY-MM` (with `months`; absent with `blocks`). */
  start?: string;
  months?: number;
  /** Runs of months, in calendar order, instead of `start` and `months`. */
  blocks?: PolicyCoverageBlock[];
  programmes: Programme[];
  income: "minimum" | "declared" | "fixed";
  /** Rupiah as a decimal string, with `income = "fixed"`. */
  income_amount?: string;
}

/** One run of consecutive covered months. */
export interface PolicyCoverageBlock {
  /** First month of the run, `YYYY-MM`. */
  start: string;
  months: number;
}

/** Who qualifies. */
export interface PolicyEligibility {
  age?: PolicyAgeBand;
  sectors?: string[];
  groups?: string[];
  districts?: PolicyDistricts;
  exclude_active_members: boolean;
  max_welfare_decile?: number;
  /** Only workers registered in DTSEN (a `dtsen` cell, or a known decile). */
  require_dtsen?: boolean;
}

/** An age band in completed years, bounds inclusive. */
export interface PolicyAgeBand {
  min?: number;
  max?: number;
  rule: "at_start" | "throughout" | "on_date" | "monthly";
  /** With `rule = "on_date"`: the day the age is measured on, `YYYY-MM-DD`. */
  date?: string;
}

/** District include and exclude lists. */
export interface PolicyDistricts {
  include?: string[];
  exclude?: string[];
}

/** One funding source. */
export interface PolicyFunding {
  id: string;
  kind: "DBHCHT" | "APBD" | "APBDes" | "CSR" | "other";
  name?: string;
  public_payer?: boolean;
  sectors?: string[];
  groups?: string[];
  /** Budget ceiling, rupiah as a decimal string. */
  budget?: string;
  /** The most workers this source pays for. */
  max_workers?: number;
}

/**
 * Where a coverage roadmap starts and where it must arrive (`policy.roadmap`).
 * Percentages are decimal strings (`"26.30"`) or whole numbers, never fractions as
 * JavaScript numbers; the core reads every field and fills in its defaults.
 */
export interface RoadmapInput {
  /** Year of the baseline. */
  baselineYear: number;
  /** Coverage in the baseline year, percent (give this or `baselineMembers`). */
  baselinePercent?: string;
  /** Active members in the baseline year (give this or `baselinePercent`). */
  baselineMembers?: number;
  /** Potential workforce in the baseline year. */
  workforce: number;
  /** Annual growth of the workforce, percent (may be negative; the core's default 0). */
  workforceGrowthPercent?: string;
  /** Target year. */
  targetYear: number;
  /** Target coverage, percent. */
  targetPercent: string;
  /** The same points every year (`linear`, the core's default) or the same factor. */
  path?: "linear" | "constant_growth";
  /** Share of the members gained since the baseline that the regency pays for, percent. */
  subsidySharePercent?: string;
  /** Funding source that pays (the core's default: the policy's first). */
  source?: string;
  /** Sector priced, when the source's workers cost differently by sector. */
  sector?: string;
}

/** The event a benefit illustration is for (`policy.benefits`). */
export interface BenefitQuery {
  /** A work accident (JKK) or not (JKM). */
  workAccident: boolean;
  /** The month of coverage the death happens in, 1 = the first covered month. */
  month: number;
  /** School levels of the children, eldest first (`schoolLevels()` codes). */
  children?: string[];
}
