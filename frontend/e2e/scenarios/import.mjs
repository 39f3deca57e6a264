// Import a spreadsheet from the browser: choose a CSV in the Import dialog, read the server's plan
// (which rows create, which update and how), give a reason and apply it; the history says it came
// via import, with the reason. A file with bad rows shows each problem with its line and cannot
// be applied. axe runs on the empty dialog, the plan and the problems.
import { Buffer } from "node:buffer";
import { assertAccessible, expect } from "../lib/harness.mjs";
import { assertEqual, expectToast, waitForTableIdle } from "../lib/ui.mjs";

export const name = "import";

const CSV = [
  "name,model_name,cluster_name,image_tag,replicas,status",
  "imp-new-1,llama-7b,gpu-imp,llama:7b,2,active",
  "imp-new-2,llama-7b,gpu-imp,llama:7b,1,pending",
  "imp-old,llama-7b,gpu-imp,llama:7b,6,active",
  "",
].join("\n");

const BAD_CSV = ["name,model_name,cluster_name,image_tag,replicas", "imp-bad-1,m,c,i,2", "imp-bad-2,m,c,i,many", "imp-bad-3,m,c,i,500", ""].join("\n");

async function settle(page) {
  await page.mouse.move(0, 0);
  await page.waitForTimeout(300); // antd's motion: axe must see the final colours
}

async function openImport(page, baseUrl) {
  await page.goto(`${baseUrl}/instances`);
  await waitForTableIdle(page);
  await page.getByRole("button", { name: "Import", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Import instances" });
  await dialog.waitFor();
  return dialog;
}

const choose = (page, name, text) => page.locator('.ant-modal input[type="file"]').setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(text) });

export async function register(g, env) {
  const { baseUrl, api } = env;

  g.step("seed: an instance the file will update", async () => {
    await api.create({ name: "imp-old", replicas: 1, cluster_name: "gpu-imp" });
  });

  g.step("import a CSV after reading its plan: 2 created, 1 updated, with the reason in the history", async () => {
    const page = await env.newPage();
    const dialog = await openImport(page, baseUrl);
    await settle(page);
    await assertAccessible(page, "import dialog, no file yet", ".ant-modal-wrap");
    assertEqual(await dialog.getByRole("button", { name: /^Import \d+ change/ }).isDisabled(), true, "nothing to import before a file");

    await choose(page, "fleet.csv", CSV);
    await dialog.getByText("Plan: 2 to create · 1 to update · 0 unchanged").waitFor();
    const plan = dialog.getByRole("table");
    await plan.getByRole("row", { name: /imp-old/ }).filter({ hasText: "Replicas: 1 → 6" }).waitFor();
    await plan.getByRole("row", { name: /imp-new-2/ }).filter({ hasText: "create" }).waitFor();
    expect((await api.byName("imp-new-1")) === undefined, "the plan wrote nothing");
    await settle(page);
    await env.shot(page, "import-plan");
    await assertAccessible(page, "import plan", ".ant-modal-wrap");

    await dialog.getByLabel(/^Reason/).fill("e2e: the spreadsheet from capacity planning");
    await dialog.getByRole("button", { name: "Import 3 changes", exact: true }).click();
    await expectToast(page, "Imported “fleet.csv”: 2 created · 1 updated · 0 unchanged");
    await dialog.waitFor({ state: "hidden" });
    assertEqual((await api.byName("imp-old")).replicas, 6, "imp-old updated");
    const created = await api.byName("imp-new-2");
    assertEqual(created.status, "pending", "imp-new-2 created");
    const history = await api.call("GET", `/instances/${created.id}/history?limit=1`);
    const record = history.json.items[0];
    assertEqual([record.operation_type, record.via, record.reason], ["create", "import", "e2e: the spreadsheet from capacity planning"], "the import's record");
    await page.getByRole("row", { name: /imp-new-1/ }).waitFor(); // the table shows the new rows
    await page.context().close();
  });

  g.step("a file over 1 MiB goes with upload progress (XMLHttpRequest) and still plans and imports as one", async () => {
    const rows = Array.from({ length: 12_000 }, (_, i) => `imp-big-${String(i).padStart(5, "0")},llama-7b,gpu-imp-big,llama:7b-${"x".repeat(60)},1`);
    const big = ["name,model_name,cluster_name,image_tag,replicas", ...rows, ""].join("\n");
    expect(big.length > 1024 * 1024, "the file is over 1 MiB");
    const page = await env.newPage();
    const dialog = await openImport(page, baseUrl);
    await choose(page, "big.csv", big);
    await dialog.getByText("Plan: 12,000 to create · 0 to update · 0 unchanged").waitFor({ timeout: 30_000 });
    await dialog.getByRole("button", { name: "Import 12000 changes", exact: true }).click();
    // 12,000 creates and their history records: seconds of work, more on a slow CI machine.
    await expectToast(page, "Imported “big.csv”: 12,000 created · 0 updated · 0 unchanged", 60_000);
    const listed = await api.call("GET", "/instances?cluster_name=gpu-imp-big&limit=1");
    assertEqual(listed.headers.get("x-total-count"), "12000", "every row imported");
    const record = (await api.call("GET", `/instances/${listed.json[0].id}/history?limit=1`)).json.items[0];
    // The app's own request id (ui-…) reached the server: the upload went through the client's middleware.
    expect(/^ui-[0-9a-f]{24}$/.test(record.request_id), `request id ${record.request_id} is the app's`);
    await page.context().close();
  });

  g.step("a file with bad rows names each problem with its line, and cannot be imported", async () => {
    const page = await env.newPage();
    const dialog = await openImport(page, baseUrl);
    await choose(page, "bad.csv", BAD_CSV);
    const problems = dialog.getByRole("alert").filter({ hasText: "2 problems in the file; nothing was imported" });
    await problems.waitFor();
    await problems.getByText(/^Line 3 · Replicas:/).waitFor();
    await problems.getByText(/^Line 4 · Replicas:/).waitFor();
    assertEqual(await dialog.getByRole("button", { name: /^Import \d+ change/ }).isDisabled(), true, "a refused file cannot be imported");
    expect((await api.byName("imp-bad-1")) === undefined, "nothing was written");
    await settle(page);
    await assertAccessible(page, "import problems", ".ant-modal-wrap");
    await page.context().close();
  });
}
