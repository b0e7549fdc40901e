// Type-checked (never run) with `tsc -p tests/types`: every public function and result
// of the package, used the way an app would, with the types written out.
import {
  Policy,
  parseRupiah,
  qualityReport,
  schoolLevels,
  taxonomy,
  version,
  type BenefitItem,
  type ChangeKind,
  type Comparison,
  type ScenarioChange,
  type ScenarioSide,
  type VariantResult,
  type BenefitQuery,
  type Capacity,
  type Illustration,
  type Payment,
  type QualityReport,
  type Requirement,
  type Roadmap,
  type RoadmapInput,
  type RoadmapYear,
  type Schedule,
  type SchoolLevel,
  type UnknownSector,
  type WorkerCost,
  type Charge,
  type Decision,
  type ErrorCode,
  type IuranError,
  type Lang,
  type Lint,
  type PolicySpec,
  type Programme,
  type Reason,
  type RosterColumnsResult,
  type RosterProgress,
  type RosterResult,
  type RowColumns,
  type TypedRows,
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
const d: Decision = policy.evaluate(worker, { lang });
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
policy.evaluate(worker, { lang: "fr" });
// @ts-expect-error optional arguments are one options object
policy.evaluate(worker, "en");
// @ts-expect-error unknown option names are rejected
policy.evaluateRoster(csvBytes, { firstrows: 3 });

const result: RosterResult = policy.evaluateRoster(csvBytes, { lang: "id", firstRows: 20 });
const fromText: RosterResult = policy.evaluateRoster("nik,birth_date,regency,sector\n");
const csv: string = result.csv;
const summary: Summary = result.summary;
const rowsCount: number = summary.rows;
const byReason: Record<string, number> = summary.byReason;
const sourceTotal: SourceTotal | undefined = summary.byFundingSource["dbhcht"];
const byMonth: string | undefined = summary.byMonth["2025-09"];
const columns: RowColumns = result.rows;
const line: Uint32Array = columns.line;
const flags: Uint8Array = columns.eligible;
const costs: string[] = columns.totalCost;
const sources: (string | null)[] = columns.fundingSource;
const explained: RowDecision[] = result.firstRows;
const typed: RosterColumnsResult = policy.evaluateRosterColumns(csvBytes, { lang: "en", firstRows: 5 }, (p: RosterProgress) => {
  const share: number = p.fraction;
  const expected: number | null = p.expectedRows;
  return share + (expected ?? 0) + p.pass + p.passes + p.rows;
});
const typedRows: TypedRows = typed.rows;
const withoutProgress: RosterColumnsResult = policy.evaluateRosterColumns("nik,birth_date,regency,sector\n");
const totals: BigInt64Array = typedRows.totalCost;
const reasonKeys: Uint32Array = typedRows.reasons;
const reasonSet: string[] | undefined = typedRows.reasonSets[reasonKeys[0] ?? 0];
const fundingName: string | null | undefined = typedRows.fundingSources[typedRows.fundingSource[0] ?? 0];
const waitingKeys: Uint32Array = typedRows.waitingPosition;
const outputFile: string = policy.evaluateRosterCsv("nik,birth_date,regency,sector\n");
// @ts-expect-error money is whole rupiah as bigint, never a number
const notNumber: number = typedRows.totalCost[0];
const example: RowDecision | undefined = result.examples["already_member"];
const name: string | undefined = explained[0]?.record.name;

const lints: Lint[] = policy.lint({ lang: "en" });
const lintField: string | undefined = lints[0]?.field;
const spec: PolicySpec = policy.spec();
const budget: string | undefined = spec.funding[0]?.budget;
const fiscalYear: number = spec.fiscal_year;
const covered: string[] = policy.months();

const tax: Taxonomy = taxonomy({ lang: "id" });
const sectorName: string | undefined = tax.sectors[0]?.name;
const group: string | undefined = tax.sectors[0]?.group;

try {
  Policy.fromToml("id =");
} catch (e) {
  const err = e as IuranError;
  const errCode: ErrorCode = err.code;
  const planningCode: ErrorCode = "argument";
  void planningCode;
  const field: string | undefined = err.field;
  const lineNo: number | undefined = err.line;
  const n: "IuranError" = err.name;
  void [errCode, field, lineNo, n];
}

void [v, eligible, code, message, age, monthly, total, months, source, sector, programme, amount, wrong];
void [fromText, csv, rowsCount, byReason, sourceTotal, byMonth, line, flags, costs, sources, example, name];
void [lintField, budget, fiscalYear, covered, sectorName, group];

// Planning: money in and out as strings, counts as numbers.
const cap: Capacity = policy.capacity("2.090.000.000", { source: "dbhcht" });
const capNoSource: Capacity = policy.capacity("2090000000");
const capSector: Capacity = policy.capacity("1000000", { sector: "ojol" });
const perWorker: WorkerCost = cap.cost;
const perWorkerTotal: string = perWorker.total;
const pricedSector: string | null = perWorker.sector;
const covers: number = cap.workers;
const left: string = cap.unspent;
// @ts-expect-error a budget is text, never a JavaScript number
policy.capacity(2090000000);
const need: Requirement = policy.requirement(1000, { source: "apbd" });
const needBudget: string = need.budget;
const needMonth: string | undefined = need.byMonth["2025-09"];
const plan: Schedule = policy.schedule(result.summary, { tranches: 3 });
const tranche: Payment | undefined = plan.tranches[0];
const due: string | undefined = tranche?.due;
const bySource: string | undefined = tranche?.bySource["dbhcht"];
const input: RoadmapInput = { baselineYear: 2025, baselinePercent: "26.30", workforce: 400000, targetYear: 2045, targetPercent: "83.29", path: "constant_growth" };
const roadmap: Roadmap = policy.roadmap(input);
const year: RoadmapYear | undefined = roadmap.years[1];
const coverage: string | undefined = year?.coveragePercent;
const echoed: RoadmapInput = roadmap.input;
// @ts-expect-error percentages are decimal strings
policy.roadmap({ ...input, targetPercent: 83.29 });
// @ts-expect-error only the two paths
policy.roadmap({ ...input, path: "exponential" });
const query: BenefitQuery = { workAccident: false, month: 2, children: ["sd"] };
const family: Illustration = policy.benefits(query, { lang: "en" });
const item: BenefitItem | undefined = family.items[0];
const itemAmount: string | undefined = item?.amount;
const notes: string[] = family.notes;
// @ts-expect-error the month is a number
policy.benefits({ workAccident: false, month: "2" });
const levels: SchoolLevel[] = schoolLevels({ lang: "id" });
const levelCode: string | undefined = levels[0]?.code;
const report: QualityReport = qualityReport(csvBytes, "2025-11-22");
const missingNik: number[] | undefined = report.missing["nik"];
const dupes: number[][] = report.duplicateNiks;
const unknown: UnknownSector | undefined = report.unknownSectors[0];
const over120: number[] = report.ageOver120;
const fromText2: QualityReport = qualityReport("nik,birth_date,regency,sector\n", "2025-11-22");
const amountText: string | undefined = parseRupiah("Rp 1.500.000");

void [capNoSource, capSector, perWorkerTotal, pricedSector, covers, left, needBudget, needMonth, due, bySource];
void [coverage, echoed, itemAmount, notes, levelCode, missingNik, dupes, unknown, over120, fromText2, amountText];

// What-if scenarios: money as strings, counts as numbers, change kinds as a union.
const comparison: Comparison = policy.compare(["name = 'x'\n[set]\ncoverage.months = 6\n"], csvBytes, { maxChanges: 10 });
const firstVariant: VariantResult | undefined = comparison.variants[0];
const deltaCost: string | undefined = firstVariant?.delta.totalCost;
const fundedDelta: number | undefined = firstVariant?.delta.funded;
const baseCost: string = comparison.base.totalCost;
const perSector: string | undefined = comparison.base.bySector["fisher"]?.cost;
const change: ScenarioChange | undefined = firstVariant?.changes[0];
const kind: ChangeKind | undefined = change?.kind;
const side: ScenarioSide | undefined = change?.variant;
const status: "funded" | "waiting" | "ineligible" | undefined = side?.status;
const counted: number | undefined = firstVariant?.changeCounts.cost_changed;
// @ts-expect-error money is a string, never a number
const wrong: number = comparison.base.totalCost;
void [deltaCost, fundedDelta, baseCost, perSector, kind, status, counted, wrong];
