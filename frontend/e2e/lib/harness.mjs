// A tiny step runner: each step is one reported test. Steps of a group share a server and a
// browser context and run in order; after a failure the rest of that group is reported failed
// (they depend on the state the failed step should have produced).
import AxeBuilder from "@axe-core/playwright";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

export class Group {
  constructor(name) {
    this.name = name;
    this.steps = [];
    /** When true, a failed step does not stop the later ones (they share no state). */
    this.independent = false;
  }
  step(title, fn) {
    this.steps.push({ title, fn });
    return this;
  }
}

export function expect(condition, message) {
  if (!condition) throw new Error(message);
}

export async function screenshot(page, artefactDir, name) {
  mkdirSync(artefactDir, { recursive: true });
  await page.screenshot({ path: join(artefactDir, `${name}.png`), fullPage: true });
}

/**
 * Runs axe (WCAG 2 A + AA) and throws on any serious or critical violation. `include` limits the
 * scan to an overlay when the page behind it was already checked (much faster).
 */
export async function assertAccessible(page, label, include) {
  let builder = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]);
  if (include) builder = builder.include(include);
  const results = await builder.analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  if (bad.length > 0) {
    const detail = bad
      .map((v) => `  [${v.impact}] ${v.id}: ${v.help}\n${v.nodes.slice(0, 3).map((n) => `      ${n.target.join(" ")} — ${n.failureSummary?.split("\n").slice(0, 2).join(" ")}`).join("\n")}`)
      .join("\n");
    throw new Error(`axe found ${bad.length} serious/critical violation(s) on ${label}:\n${detail}`);
  }
  return results.violations.length;
}

/** Waits until `fn` returns truthy (polling), or throws with `message`. */
export async function eventually(fn, message, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await fn();
      if (last) return last;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${message} (last value: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
}
