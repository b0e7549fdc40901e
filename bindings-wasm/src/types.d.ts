/** A BPJS Ketenagakerjaan programme. */
export type Programme = "JKK" | "JKM" | "JHT";

/** The `code` of an {@link IuranError}. */
export type ErrorCode =
  | "policy_syntax"
  | "policy_field"
  | "data"
  | "roster"
  | "io"
  | "invalid_argument"
  | "internal";

/**
 * What every function throws: a plain `Error` with `name === "IuranError"`, a stable
 * `code`, and `field` / `line` when they apply. "Not eligible" is never an error.
 */
export interface IuranError extends Error {
  name: "IuranError";
  code: ErrorCode;
  /** Policy field (`coverage.months`), roster column or argument concerned. */
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
  coverage: PolicyCoverage;
  eligibility: PolicyEligibility;
  funding: PolicyFunding[];
}

/** What is bought, for which months. */
export interface PolicyCoverage {
  /** First contribution month, `YYYY-MM`. */
  start: string;
  months: number;
  programmes: Programme[];
  income: "minimum" | "declared" | "fixed";
  /** Rupiah as a decimal string, with `income = "fixed"`. */
  income_amount?: string;
}

/** Who qualifies. */
export interface PolicyEligibility {
  age?: PolicyAgeBand;
  sectors?: string[];
  groups?: string[];
  districts?: PolicyDistricts;
  exclude_active_members: boolean;
  max_welfare_decile?: number;
}

/** An age band in completed years, bounds inclusive. */
export interface PolicyAgeBand {
  min?: number;
  max?: number;
  rule: "at_start" | "throughout";
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
}
