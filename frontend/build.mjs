// Compiles src/coproduce.scss and copies GOV.UK Frontend's JavaScript into ../static/build/.
import { compile } from "sass";
import { mkdirSync, writeFileSync, copyFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "static", "build");
mkdirSync(join(out, "govuk"), { recursive: true });

const result = compile(join(here, "src", "coproduce.scss"), {
  loadPaths: [join(here, "node_modules")],
  style: "compressed",
  quietDeps: true,
});
// The crest belongs to government services only and coproduce never shows it: drop the rules that load it.
const css = result.css.replace(/[^{}]*\{[^{}]*govuk-crest\.svg[^{}]*\}/g, "");
writeFileSync(join(out, "coproduce.css"), css);

const dist = join(here, "node_modules", "govuk-frontend", "dist", "govuk");
copyFileSync(join(dist, "govuk-frontend.min.js"), join(out, "govuk", "govuk-frontend.min.js"));
console.log(`built ${join(out, "coproduce.css")} (${css.length} bytes)`);
