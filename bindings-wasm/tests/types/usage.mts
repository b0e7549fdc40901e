// Type-checked (never run) with `tsc -p tests/types`: every public function and result
// of the package, used the way an app would, with the types written out.
import {
  Policy,
  taxonomy,
  version,
  type Charge,
  type Decision,
  type ErrorCode,
  type IuranError,
  type Lang,
  type Lint,
  type PolicySpec,
  type Programme,
  type Reason,
  type RosterResult,
  type RowColumns,
  type RowDecision,
  type SourceTotal,
  type Summary,
  type Taxonomy,
  type WorkerRecord,
} from "iuran-wasm";

declare const policyText: string;
declare const csvBytes: Uint8Array;

const v: string = version();
const lang: Lang = "en";
const policy: Policy = Policy.fromToml(policyText);
const same: Policy = Policy.fromJson(JSON.stringify(policy.spec()));
same.free();

const worker: WorkerRecord = { nik: "3327010211700002", birthDate: "02-11-1970", regency: "3327", sector: "Petani Padi" };
const d: Decision = policy.evaluate(worker, lang);
const d2: Decision = policy.evaluate({});
const eligible: boolean = d.eligible;
const reasons: Reason[] = d.reasons;
const first: Reason | undefined = reasons[0];
const code: string | undefined = first?.code;
const message: string | undefined = first?.message;
const age: string | undefined = first?.context["age"];
const monthly: string = d.monthlyContribution;
const total: string = d.totalCost;
const months: number = d.months;
const source: string | null = d.fundingSource;
const sector: string | null = d2.sector;
const charges: Charge[] = d.breakdown;
const programme: Programme | undefined = charges[0]?.programme;
const amount: string | undefined = charges[0]?.amount;
// @ts-expect-error money is a string, never a number
const wrong: number = d.totalCost;
// @ts-expect-error workers are text: a decile is "2", not 2
policy.evaluate({ welfareDecile: 2 });
// @ts-expect-error unknown fields are rejected
policy.evaluate({ birth_date: "1970-11-02" });
// @ts-expect-error only "id" and "en"
policy.evaluate(worker, "fr");

const result: RosterResult = policy.evaluateRoster(csvBytes, "id", 20);
const fromText: RosterResult = policy.evaluateRoster("nik,birth_date,regency,sector\n");
const csv: string = result.csv;
const summary: Summary = result.summary;
const rowsCount: number = summary.rows;
const byReason: Record<string, number> = summary.byReason;
const bySource: SourceTotal | undefined = summary.byFundingSource["dbhcht"];
const byMonth: string | undefined = summary.byMonth["2025-09"];
const columns: RowColumns = result.rows;
const line: Uint32Array = columns.line;
const flags: Uint8Array = columns.eligible;
const costs: string[] = columns.totalCost;
const sources: (string | null)[] = columns.fundingSource;
const explained: RowDecision[] = result.firstRows;
const example: RowDecision | undefined = result.examples["already_member"];
const name: string | undefined = explained[0]?.record.name;

const lints: Lint[] = policy.lint("en");
const lintField: string | undefined = lints[0]?.field;
const spec: PolicySpec = policy.spec();
const budget: string | undefined = spec.funding[0]?.budget;
const fiscalYear: number = spec.fiscal_year;
const covered: string[] = policy.months();

const tax: Taxonomy = taxonomy("id");
const sectorName: string | undefined = tax.sectors[0]?.name;
const group: string | undefined = tax.sectors[0]?.group;

try {
  Policy.fromToml("id =");
} catch (e) {
  const err = e as IuranError;
  const errCode: ErrorCode = err.code;
  const field: string | undefined = err.field;
  const lineNo: number | undefined = err.line;
  const n: "IuranError" = err.name;
  void [errCode, field, lineNo, n];
}

void [v, eligible, code, message, age, monthly, total, months, source, sector, programme, amount, wrong];
void [fromText, csv, rowsCount, byReason, bySource, byMonth, line, flags, costs, sources, example, name];
void [lintField, budget, fiscalYear, covered, sectorName, group];
