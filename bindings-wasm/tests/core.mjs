// The Rust core's own answer for a policy and a roster, through the `iuran` command-line
// program: what the binding must reproduce exactly. Computed at test time, never copied.
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** `iuran evaluate --json`: the summary as the core computes it. */
export function coreSummary(policy, roster) {
  const out = execFileSync(
    "cargo",
    ["run", "--quiet", "-p", "iuran-cli", "--", "evaluate", "--policy", policy, "--roster", roster, "--json"],
    { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 26 },
  );
  return JSON.parse(out);
}

/** The first 1-based line of a CSV whose `column` satisfies `pred`. */
export function firstLine(csvText, column, pred) {
  const lines = csvText.split("\n");
  const col = lines[0].split(",").indexOf(column);
  const i = lines.findIndex((l, i) => i > 0 && pred(l.split(",")[col]));
  return i + 1;
}
