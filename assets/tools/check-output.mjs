// Checks the built static files. Run by build.sh; exits non-zero on a problem.
//   node tools/check-output.mjs <static dir (hoanhap/web/static/hoanhap)>
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

const staticDir = resolve(process.argv[2]);
const cssPath = join(staticDir, "css", "hoanhap.css");
const css = readFileSync(cssPath, "utf8");
const problems = [];

if (/GDS Transport/i.test(css)) problems.push('CSS mentions "GDS Transport"');
if (/gds-transport|light-94a07e06a1|bold-b542beb274|light-f591b13f7d|bold-affa96571d/i.test(css))
  problems.push("CSS references a GDS Transport font file");
if (/govuk-crest|govuk-icon|favicon|opengraph/i.test(css)) problems.push("CSS references a GOV.UK (crown) image");
if (!css.includes("Be Vietnam Pro")) problems.push('CSS does not mention "Be Vietnam Pro"');
if (css.includes("sourceMappingURL")) problems.push("CSS has a source map reference");

const urls = [...css.matchAll(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g)].map((m) => m[2]);
for (const url of urls) {
  if (/^(data:|#)/.test(url)) continue;
  if (/^([a-z]+:)?\/\//i.test(url) || url.startsWith("/")) {
    problems.push(`CSS url() is not relative: ${url}`);
    continue;
  }
  const target = resolve(dirname(cssPath), url.split(/[?#]/)[0]);
  if (!target.startsWith(staticDir + "/") || !existsSync(target))
    problems.push(`CSS url() does not resolve to a shipped file: ${url}`);
}

const js = join(staticDir, "vendor", "govuk-frontend", "govuk-frontend.min.js");
const version = existsSync(js) ? (readFileSync(js, "utf8").match(/const version="([^"]+)"/) || [])[1] : undefined;
if (!version) problems.push(`${js} missing or has no version`);
for (const m of readFileSync(js, "utf8").matchAll(/sourceMappingURL=(\S+)/g))
  if (!existsSync(join(dirname(js), m[1]))) problems.push(`JS source map ${m[1]} not shipped`);

if (problems.length) {
  for (const p of problems) console.error(`check-output: ${p}`);
  process.exit(1);
}
console.log(
  `check-output: OK (${urls.length} url() references resolve, no GDS Transport, ` +
    `Be Vietnam Pro present, govuk-frontend.min.js ${version})`,
);
