// End-to-end tests: the real IIMS binary (IIMS_BIN, default ../bin/iims) on a temporary SQLite
// database, driven by Debian's Chromium through playwright-core. Prints `N passed, M failed`
// last and exits non-zero on any failure. Screenshots go to <repo>/test-results/e2e/.
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { apiClient } from "./lib/api.mjs";
import { Group, screenshot } from "./lib/harness.mjs";
import { startServer } from "./lib/server.mjs";
import * as a11y from "./scenarios/a11y.mjs";
import * as auth from "./scenarios/auth.mjs";
import * as crud from "./scenarios/crud.mjs";
import * as docs from "./scenarios/docs.mjs";
import * as history from "./scenarios/history.mjs";
import * as importing from "./scenarios/import.mjs";
import * as live from "./scenarios/live.mjs";
import * as offline from "./scenarios/offline.mjs";
import * as putback from "./scenarios/putback.mjs";
import * as keyboard from "./scenarios/keyboard.mjs";
import * as mobile from "./scenarios/mobile.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const binary = resolve(process.env.IIMS_BIN ?? resolve(here, "../../bin/iims"));
const artefactDir = resolve(here, "../../test-results/e2e");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const STEP_TIMEOUT_MS = 45_000;
const only = process.env.E2E_ONLY?.split(",");
// Groups run one after another by default. E2E_LANES=2 runs the axe-heavy a11y group beside the
// others (each group has its own server and contexts); on a busy 2-core machine that is not
// faster and makes keyboard focus timing-sensitive, so it is opt-in.
const LANES = [[a11y, offline, auth], [crud, live, history, putback, importing, keyboard, mobile, docs]];
const lanes = (process.env.E2E_LANES === "2" ? LANES : [[crud, live, history, putback, importing, keyboard, a11y, mobile, offline, auth, docs]])
  .map((lane) => lane.filter((m) => !only || only.includes(m.name)))
  .filter((lane) => lane.length > 0);

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

async function runGroup(browser, mod, results, log) {
  // A group may export `server` ({ env, tokens }): e.g. AUTH=token and the tokens to bootstrap.
  const server = await startServer(binary, artefactDir, mod.name, mod.server);
  const extraServers = [];
  const contexts = [];
  const pageErrors = [];
  const env = {
    baseUrl: server.baseUrl,
    api: apiClient(server.baseUrl),
    /** Token name → secret of the tokens the group's server was started with. */
    secrets: server.secrets,
    apiAs: (secret, baseUrl = server.baseUrl) => apiClient(baseUrl, secret),
    /** Another server for this group (other settings), stopped with the group's. */
    async startServer(label, options) {
      const extra = await startServer(binary, artefactDir, `${mod.name}-${label}`, options);
      extraServers.push(extra);
      return extra;
    },
    artefactDir,
    async newPage(options = {}) {
      // A fresh context per page (axe requires pages made by browser.newContext()).
      // Service workers are blocked unless a scenario asks for one (the offline group): a worker
      // per context would precache the whole app shell each time, for nothing.
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, serviceWorkers: "block", ...options });
      // Generous: CI shares 2 cores with other jobs; passing steps never wait this long.
      context.setDefaultTimeout(15_000);
      contexts.push(context);
      const page = await context.newPage();
      page.on("pageerror", (error) => pageErrors.push(`${page.url()}: ${error.message}`));
      return page;
    },
    shot: (page, name) => screenshot(page, artefactDir, `${mod.name}-${name}`),
  };
  const group = new Group(mod.name);
  await mod.register(group, env);
  let broken = false;
  for (const [index, step] of group.steps.entries()) {
    const title = `${mod.name} › ${step.title}`;
    if (broken) {
      results.push({ title, ok: false, error: "not run: an earlier step of this group failed" });
      continue;
    }
    const started = Date.now();
    const errorsBefore = pageErrors.length;
    try {
      await withTimeout(step.fn(), STEP_TIMEOUT_MS, title);
      if (pageErrors.length > errorsBefore) throw new Error(`uncaught page error(s): ${pageErrors.slice(errorsBefore).join(" | ")}`);
      results.push({ title, ok: true, ms: Date.now() - started });
      log(`  ✓ ${title} (${Date.now() - started} ms)`);
    } catch (error) {
      broken = !group.independent;
      results.push({ title, ok: false, error: error instanceof Error ? error.message : String(error) });
      log(`  ✗ ${title}\n      ${String(error instanceof Error ? error.message : error).split("\n").join("\n      ")}`);
      for (const [i, context] of contexts.entries()) {
        for (const [j, page] of context.pages().entries()) {
          await screenshot(page, artefactDir, `FAILED-${mod.name}-${index}-${i}-${j}`).catch(() => {});
          if (process.env.E2E_DEBUG) {
            const snapshot = await page.locator("body").ariaSnapshot().catch((e) => String(e));
            log(`      --- aria snapshot of page ${i}.${j} (${page.url()}) ---\n${snapshot.split("\n").map((l) => `      ${l}`).join("\n")}`);
          }
        }
      }
    }
  }
  for (const context of contexts) await context.close().catch(() => {});
  for (const extra of extraServers) await extra.stop();
  await server.stop();
}

async function main() {
  if (!existsSync(binary)) throw new Error(`IIMS binary not found at ${binary} (build it, or set IIMS_BIN)`);
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium)`);
  // Fresh artefacts per run: stale failure screenshots from an earlier run would mislead.
  rmSync(artefactDir, { recursive: true, force: true });
  mkdirSync(artefactDir, { recursive: true });
  const started = Date.now();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const results = [];
  const runLane = async (lane) => {
    for (const mod of lane) {
      // Buffer each group's lines and print them together, so parallel lanes do not interleave.
      const lines = [mod.name];
      const log = (line) => lines.push(line);
      try {
        await runGroup(browser, mod, results, log);
      } catch (error) {
        results.push({ title: `${mod.name} › set-up`, ok: false, error: String(error) });
        log(`  ✗ ${mod.name} set-up: ${error}`);
      }
      console.log(lines.join("\n"));
    }
  };
  try {
    await Promise.all(lanes.map(runLane));
  } finally {
    await browser.close();
  }
  const failed = results.filter((r) => !r.ok);
  if (failed.length) {
    console.log("\nFailures:");
    for (const f of failed) console.log(`  ✗ ${f.title}: ${f.error.split("\n")[0]}`);
  }
  console.log(`\ne2e finished in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${artefactDir}`);
  console.log(`${results.length - failed.length} passed, ${failed.length} failed`);
  process.exitCode = failed.length ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  console.log("0 passed, 1 failed");
  process.exitCode = 1;
});
