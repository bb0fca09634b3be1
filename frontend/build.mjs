// Compiles GOV.UK Frontend's Sass with our settings and copies its JavaScript next to ours.
// Output goes to frontend/build/ (not committed), which Django's staticfiles collects.
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "build");
const govuk = join(here, "..", "node_modules", "govuk-frontend", "dist", "govuk");

mkdirSync(join(out, "css"), { recursive: true });
mkdirSync(join(out, "js"), { recursive: true });

const result = sass.compile(join(here, "scss", "main.scss"), {
  style: "compressed",
  importers: [new sass.NodePackageImporter()],
  quietDeps: true,
  silenceDeprecations: ["import"],
});
if (result.css.includes("GDS Transport")) {
  throw new Error("The compiled CSS names the GDS Transport typeface; it must not.");
}
writeFileSync(join(out, "css", "main.css"), result.css);
copyFileSync(join(govuk, "govuk-frontend.min.js"), join(out, "js", "govuk-frontend.min.js"));
copyFileSync(join(here, "js", "app.mjs"), join(out, "js", "app.mjs"));
console.log(`Built ${result.css.length} bytes of CSS into ${out}`);
