// Exact addition of decimal strings (money as the package returns it), with BigInt:
// tests never turn money into a JavaScript number.

function parts(text) {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new Error(`not a decimal string: ${JSON.stringify(text)}`);
  return { sign: m[1], whole: m[2], frac: m[3] || "" };
}

/** `a + b`, both decimal strings; the result has no trailing zeros after the point. */
export function addDecimal(a, b) {
  const x = parts(a);
  const y = parts(b);
  const scale = Math.max(x.frac.length, y.frac.length);
  const big = (p) => BigInt(`${p.sign}${p.whole}${p.frac.padEnd(scale, "0")}`);
  const sum = big(x) + big(y);
  if (scale === 0) return sum.toString();
  const neg = sum < 0n;
  const digits = (neg ? -sum : sum).toString().padStart(scale + 1, "0");
  const whole = digits.slice(0, -scale);
  const frac = digits.slice(-scale).replace(/0+$/, "");
  return `${neg ? "-" : ""}${whole}${frac ? `.${frac}` : ""}`;
}
