// The exact source text of one value inside a JSON document, found by its path of keys
// and array indexes. The golden runner hands a case's `policy.json` to `Policy.fromJson`
// as written, so that a number keeps its form (`1.5e9` is a float, as in Rust's
// `serde_json::Value`; `JSON.stringify` would print it as an integer).

/** The text of the value at `path` (keys and indexes) in the JSON `text`. */
export function rawJson(text, path) {
  let i = 0;
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i])) i++;
  };
  const string = () => {
    const start = i++;
    while (text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i));
  };
  // Skip one value; returns [start, end) of its text.
  const value = (want) => {
    ws();
    const start = i;
    if (want.length === 0) {
      skip();
      return [start, i];
    }
    const [head, ...rest] = want;
    if (text[i] === "{") {
      i++;
      for (;;) {
        ws();
        if (text[i] === "}") break;
        const key = string();
        ws();
        i++; // ':'
        if (key === head) return value(rest);
        skip();
        ws();
        if (text[i] === ",") i++;
      }
    } else if (text[i] === "[") {
      i++;
      for (let n = 0; ; n++) {
        ws();
        if (text[i] === "]") break;
        if (n === head) return value(rest);
        skip();
        ws();
        if (text[i] === ",") i++;
      }
    }
    throw new Error(`no value at ${JSON.stringify(path)}`);
  };
  const skip = () => {
    ws();
    const c = text[i];
    if (c === '"') return void string();
    if (c === "{" || c === "[") {
      const close = c === "{" ? "}" : "]";
      i++;
      for (;;) {
        ws();
        if (text[i] === close) {
          i++;
          return;
        }
        if (c === "{") {
          string();
          ws();
          i++; // ':'
        }
        skip();
        ws();
        if (text[i] === ",") i++;
      }
    }
    while (i < text.length && !",}] \t\n\r".includes(text[i])) i++;
  };
  const [start, end] = value(path);
  return text.slice(start, end);
}
