// Renders every formula of the site in one process, at build time.
// stdin:  [{"tex": "...", "display": true}, ...]
// stdout: [{"html": "..."} or {"error": "..."}, ...] in the same order.
// argv[2]: the folder of Debian's katex package (/usr/share/nodejs/katex).
"use strict";
const katex = require(process.argv[2] || "katex");

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const formulas = JSON.parse(input);
  const results = formulas.map(({ tex, display }) => {
    try {
      return { html: katex.renderToString(tex, { displayMode: display, throwOnError: true, output: "htmlAndMathml" }) };
    } catch (error) {
      return { error: String(error.message || error).replace(/^KaTeX parse error: /, "") };
    }
  });
  process.stdout.write(JSON.stringify(results));
});
