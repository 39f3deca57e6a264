// axe (WCAG 2 A + AA) on every page and on the main overlays, in light and dark themes.
// Any serious or critical violation fails the step.
import { assertAccessible, eventually } from "../lib/harness.mjs";
import { drawer, waitForTableIdle } from "../lib/ui.mjs";

export const name = "a11y";

export async function register(g, env) {
  const { baseUrl, api } = env;
  g.independent = true;
  let id;
  let historyId;
  let lastHistoryId;

  g.step("seed", async () => {
    const a = await api.create({ name: "a11y-a", status: "error", priority: "critical", description: "axe" });
    await api.create({ name: "a11y-b", status: "pending", priority: "high" });
    await api.update(a.id, { replicas: 3 });
    id = a.id;
    historyId = id;
    lastHistoryId = (await api.call("GET", `/instances/${id}/history?limit=1`)).json.items[0].history_id;
  });

  for (const theme of ["light", "dark"]) {
    const pages = [
      ["dashboard", "/", async (p) => p.getByRole("heading", { name: "Recently changed" }).waitFor()],
      ["instances", "/instances", async (p) => waitForTableIdle(p)],
      ["instances (none match)", "/instances?q=no-such-instance-anywhere", async (p) => p.getByText("No instances match").waitFor()],
      ["detail with timeline", () => `/instances/${id}`, async (p) => p.getByRole("list", { name: /History/ }).getByRole("listitem").nth(1).waitFor()],
      ["compare", () => `/instances/${id}/compare?to=${lastHistoryId}`, async (p) => p.getByRole("table", { name: /changed field/ }).waitFor()],
      ["history", "/history", async (p) => p.locator(".ant-table-row").first().waitFor()],
      ["history-filtered", () => `/history?instance_id=${historyId}&field=replicas&field=status&range=custom`, async (p) => p.locator(".ant-table-row").first().waitFor()],
      ["history-by-provenance", "/history?actor=anonymous&via=api&request_id=none-such", async (p) => p.getByText("No changes match").waitFor()],
      ["tokens (none yet)", "/settings/tokens", async (p) => p.getByText("No API tokens yet: make one above.").waitFor()],
      ["not-found", "/no/such/page", async (p) => p.getByRole("heading", { name: "Page not found" }).waitFor()],
      ["missing-instance", "/instances/999999", async (p) => p.getByText("not found").first().waitFor()],
    ];
    let page;
    for (const [index, [label, path, ready]] of pages.entries()) {
      g.step(`${theme}: ${label} has no serious/critical axe violations`, async () => {
        const url = typeof path === "function" ? path() : path;
        if (index === 0) {
          page = await env.newPage({ colorScheme: theme });
          await page.goto(`${baseUrl}${url}`);
        } else {
          // Client-side navigation, as a user moves through the app (and much faster than reloading).
          await page.evaluate((to) => {
            window.history.pushState({}, "", to);
            window.dispatchEvent(new PopStateEvent("popstate"));
          }, url);
        }
        await ready(page);
        await page.mouse.move(0, 0);
        await page.waitForTimeout(250); // let antd's motion settle so axe sees final colours
        await env.shot(page, `${theme}-${label}`);
        await assertAccessible(page, `${label} (${theme})`);
      });
    }
    g.step(`${theme}: create drawer, shortcut sheet and delete dialog are accessible`, async () => {
      const page = await env.newPage({ colorScheme: theme });
      await page.goto(`${baseUrl}/instances`);
      await waitForTableIdle(page);
      await page.getByRole("button", { name: "Create instance" }).click();
      await drawer(page).waitFor();
      await drawer(page).getByRole("button", { name: "Create", exact: true }).click(); // show the validation state
      await drawer(page).getByText("Name is required", { exact: true }).waitFor();
      await page.mouse.move(0, 0);
      await page.waitForTimeout(250);
      await env.shot(page, `${theme}-drawer`);
      await assertAccessible(page, `create drawer (${theme})`, ".ant-drawer-open");
      await page.keyboard.press("Escape");
      await eventually(async () => (await page.locator(".ant-drawer-open").count()) === 0, "drawer closed");
      await page.keyboard.press("?");
      await page.getByRole("dialog", { name: "Keyboard shortcuts" }).waitFor();
      await page.waitForTimeout(300);
      await assertAccessible(page, `shortcut sheet (${theme})`, ".ant-modal-wrap");
      await page.keyboard.press("Escape");
      await page.getByRole("button", { name: "Delete a11y-b" }).click();
      await page.getByRole("dialog").filter({ hasText: "Delete instance" }).waitFor();
      await page.waitForTimeout(300);
      await assertAccessible(page, `delete dialog (${theme})`, ".ant-modal-wrap");
      await page.context().close();
    });
  }

  g.step("API docs (Swagger UI at /docs/) has no serious/critical axe violations, also with an operation open", async () => {
    const page = await env.newPage();
    await page.goto(`${baseUrl}/docs/`);
    await page.locator(".swagger-ui .info .title").waitFor();
    await assertAccessible(page, "API docs");
    await page.locator(".opblock-summary-control").first().click();
    await page.locator(".opblock.is-open .parameters").first().waitFor();
    await page.waitForTimeout(250);
    await env.shot(page, "docs");
    await assertAccessible(page, "API docs with an operation expanded");
  });
}
