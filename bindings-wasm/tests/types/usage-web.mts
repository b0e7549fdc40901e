// The browser entry: the same API after `init()`.
import init, { Policy, type Decision } from "iuran-wasm/web";

await init();
const policy = Policy.fromToml("");
const d: Decision = policy.evaluate({ sector: "Petani Padi" });
void d;
