// History: an instance's timeline, comparing two versions (swap, deep link), a deleted instance
// and its re-created namesake, the fleet feed's filters (in the URL, surviving a reload) and an
// export that holds exactly the filtered rows.
import { readFileSync } from "node:fs";
import { csvRecordCount } from "../lib/csv.mjs";
import { eventually, expect } from "../lib/harness.mjs";
import { assertEqual, expectUrlParam, pickOption, rows } from "../lib/ui.mjs";

export const name = "history";

const totalText = (page) => page.getByTestId("history-total").innerText();

async function expectTotal(page, n) {
  const want = `${n} matching change${n === 1 ? "" : "s"}`;
  await eventually(async () => (await totalText(page)).startsWith(want), `history total should be "${want}"`);
  await eventually(async () => (await rows(page).count()) === n, `${n} rows shown`);
}

export async function register(g, env) {
  const { api, baseUrl } = env;
  let page;
  let a;
  let deletedB;

  g.step("seed changes; the timeline shows each with typed summaries, newest first", async () => {
    a = await api.create({ name: "hist-a", replicas: 1, description: "serves chat traffic" });
    await api.update(a.id, { replicas: 3 });
    await api.update(a.id, { status: "inactive" });
    await api.update(a.id, { description: "serves batch traffic" });
    await api.update(a.id, { replicas: 2, priority: "high" });
    deletedB = await api.create({ name: "hist-b" });
    assertEqual((await api.call("DELETE", `/instances/${deletedB.id}`)).status, 200, "delete hist-b");
    await api.create({ name: "hist-b", replicas: 2 });
    const c = await api.create({ name: "other-c", cluster_name: "gpu-z" });
    await api.update(c.id, { status: "error" });

    page = await env.newPage();
    await page.goto(`${baseUrl}/instances/${a.id}`);
    const timeline = page.getByRole("list", { name: /History/ });
    await eventually(async () => (await timeline.getByRole("listitem").count()) === 5, "five timeline entries");
    const texts = await timeline.getByRole("listitem").allTextContents();
    expect(texts[0].includes("v5") && texts[0].includes("(−1)"), `newest entry: ${texts[0]}`);
    expect(texts[1].includes("added: batch") && texts[1].includes("removed: chat"), `word diff entry: ${texts[1]}`);
    expect(texts[4].includes("Created hist-a"), `oldest entry is the create: ${texts[4]}`);
    await env.shot(page, "timeline");
  });

  g.step("select two entries, compare, swap, and reload the deep link", async () => {
    await page.getByRole("checkbox", { name: "Select version 1 (create) for comparison" }).check();
    await page.getByRole("checkbox", { name: "Select version 5 (update) for comparison" }).check();
    await page.getByRole("button", { name: /Compare selected/ }).click();
    await page.waitForURL(/\/compare\?from=\d+&to=\d+$/);
    const { from, to } = Object.fromEntries(new URL(page.url()).searchParams);
    const changed = page.getByRole("table", { name: "4 changed fields" });
    await changed.waitFor();
    const fields = await changed.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => tr.dataset.field));
    assertEqual(fields, ["replicas", "status", "priority", "description"], "changed fields in spec order");
    await page.getByRole("button", { name: /unchanged fields/ }).waitFor();
    await env.shot(page, "compare");
    await page.getByRole("button", { name: /Swap from and to/ }).click();
    await expectUrlParam(page, "from", to);
    await expectUrlParam(page, "to", from);
    await page.reload();
    await page.getByRole("heading", { name: "From: version 5" }).waitFor();
    await page.getByRole("table", { name: "4 changed fields" }).waitFor();
  });

  g.step("a deleted instance shows its last state and leads to every instance that had its name", async () => {
    await page.goto(`${baseUrl}/instances/${deletedB.id}`);
    await page.getByRole("heading", { name: "hist-b (deleted)", level: 1 }).waitFor();
    await page.getByRole("heading", { name: "Last state" }).waitFor();
    await page.getByRole("link", { name: "Other instances that had the name “hist-b”" }).click();
    await expectUrlParam(page, "q", "hist-b");
    await expectTotal(page, 3);
    const ops = await rows(page).locator("[data-operation]").evaluateAll((tags) => tags.map((t) => t.dataset.operation));
    assertEqual(ops, ["create", "delete", "create"], "re-create, delete, create of the same name");
  });

  g.step("fleet filters (operation, field, date preset, text) narrow the list and survive a reload", async () => {
    await page.goto(`${baseUrl}/history`);
    await expectTotal(page, 10);
    await pickOption(page, "Filter by operation", "update");
    await expectUrlParam(page, "operation_type", "update");
    await expectTotal(page, 5);
    await pickOption(page, "Filter by changed field", "status");
    await expectUrlParam(page, "field", "status");
    await expectTotal(page, 2);
    await pickOption(page, "Time range", "Last hour");
    await expectUrlParam(page, "range", "1h");
    await expectTotal(page, 2);
    await page.getByRole("searchbox", { name: "Search history" }).fill("hist");
    await expectUrlParam(page, "q", "hist");
    await expectTotal(page, 1);
    await env.shot(page, "fleet-filtered");
    await page.reload();
    await expectTotal(page, 1);
    await eventually(async () => (await page.locator('.ant-select:has([aria-label="Filter by operation"])').innerText()).includes("update"), "operation filter restored");
    assertEqual(await page.getByRole("searchbox", { name: "Search history" }).inputValue(), "hist", "search box restored");
  });

  g.step("export downloads exactly the rows the filters match (all of them, not one page)", async () => {
    await page.goto(`${baseUrl}/history?operation_type=update`);
    await expectTotal(page, 5);
    await page.getByRole("button", { name: "Export the matching history records" }).click();
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("menuitem", { name: "CSV" }).click()]);
    expect(/^iims-history-.*\.csv$/.test(download.suggestedFilename()), `file name ${download.suggestedFilename()}`);
    const text = readFileSync(await download.path(), "utf8");
    assertEqual(csvRecordCount(text), 5, "CSV records (header excluded)");
  });
}
