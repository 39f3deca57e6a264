// Bundle budget: what a first visit must download before the app can render, gzipped.
// "Initial" is exactly what index.html asks for up front (the entry script, its modulepreloads and
// stylesheets); route chunks loaded later are listed separately so a page that grows shows up too.
// Fails (exit 1) when the initial JavaScript exceeds the budget (BUNDLE_BUDGET_KB, default 350).
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const dist = resolve(dirname(fileURLToPath(import.meta.url)), "../../internal/web/dist");
const budgetKB = Number(process.env.BUNDLE_BUDGET_KB ?? 350);
const html = readFileSync(join(dist, "index.html"), "utf8");

// Every asset index.html references by src/href; the module graph's static imports are all
// preloaded by Vite, so this is the complete initial download.
const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
const gzipKB = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length / 1024;
const sum = (files) => files.reduce((total, file) => total + gzipKB(file), 0);

const initialJs = initial.filter((f) => f.endsWith(".js"));
const initialCss = initial.filter((f) => f.endsWith(".css"));
const lazy = readdirSync(join(dist, "assets"))
  .map((f) => `assets/${f}`)
  .filter((f) => f.endsWith(".js") && !initial.includes(f));

const jsKB = sum(initialJs);
console.log(`initial JS  ${jsKB.toFixed(1)} KB gzipped in ${initialJs.length} files (budget ${budgetKB} KB)`);
console.log(`initial CSS ${sum(initialCss).toFixed(1)} KB gzipped`);
console.log(`lazy chunks ${sum(lazy).toFixed(1)} KB gzipped in ${lazy.length} files; largest:`);
for (const file of lazy.sort((a, b) => gzipKB(b) - gzipKB(a)).slice(0, 5)) {
  console.log(`  ${gzipKB(file).toFixed(1).padStart(7)} KB  ${file}`);
}
if (initialJs.length === 0) {
  console.error("no initial script found in index.html: was the app built?");
  process.exit(1);
}
if (jsKB > budgetKB) {
  console.error(`initial JS is over budget by ${(jsKB - budgetKB).toFixed(1)} KB: split a route or a heavy dependency into a lazy chunk`);
  process.exit(1);
}
