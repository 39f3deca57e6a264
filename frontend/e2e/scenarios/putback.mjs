// Undo and time travel from the web app alone: restore an earlier version from the timeline after
// reading its plan; undo a whole bulk change from the fleet feed (the plan lists every instance);
// restore a deleted instance; open the fleet as it was before a change — the old value shows,
// edits are gone, "what changed since" lists the change with its undo. axe runs on each dialog
// and view, including the plan while it loads and just after a change.
import { assertAccessible, eventually, expect } from "../lib/harness.mjs";
import { assertEqual, expectToast, rows, waitForTableIdle } from "../lib/ui.mjs";

export const name = "putback";

const planDialog = (page, title) => page.getByRole("dialog", { name: title });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function settle(page) {
  await page.mouse.move(0, 0);
  await page.waitForTimeout(300); // antd's motion: axe must see the final colours
}

export async function register(g, env) {
  const { baseUrl, api } = env;
  const ids = {};
  let before; // an instant before the bulk change and the scale-up

  g.step("seed: instances, then (a second later) a scale-up and a bulk change", async () => {
    for (const name of ["pb-a", "pb-b", "pb-c"]) ids[name] = (await api.create({ name, replicas: 1, status: "active", cluster_name: "gpu-pb" })).id;
    await sleep(1100);
    before = new Date().toISOString();
    await sleep(1100);
    await api.update(ids["pb-a"], { replicas: 4 });
    const bulk = await api.call("POST", "/instances/bulk", { action: "update", ids: [ids["pb-b"], ids["pb-c"]], patch: { status: "error" } }, { "X-Request-ID": "e2e-bulk-pb" });
    assertEqual(bulk.status, 200, "bulk change");
  });

  g.step("restore version 1 from the timeline: the plan shows replicas 4 → 1, applying writes a revert", async () => {
    const page = await env.newPage();
    await page.goto(`${baseUrl}/instances/${ids["pb-a"]}`);
    const timeline = page.getByRole("list", { name: /History/ });
    await timeline.getByRole("listitem").nth(1).waitFor();
    // The newest entry is the current version: only older ones offer a restore.
    assertEqual(await timeline.getByRole("listitem").first().getByRole("button", { name: "Restore this version" }).count(), 0, "no restore on the current version");
    await timeline.getByRole("listitem").nth(1).getByRole("button", { name: "Restore this version", exact: true }).click();
    const dialog = planDialog(page, "Restore version 1 of “pb-a”");
    await dialog.waitFor();
    await dialog.locator('[data-field="replicas"]').filter({ hasText: "4" }).waitFor();
    expect((await dialog.locator('[data-field="replicas"]').innerText()).includes("1"), "the plan puts replicas back to 1");
    await settle(page);
    await env.shot(page, "revert-plan");
    await assertAccessible(page, "revert plan", ".ant-modal-wrap");
    await dialog.getByLabel(/^Reason/).fill("e2e: the scale-up was a mistake");
    await dialog.getByRole("button", { name: "Restore", exact: true }).click();
    await expectToast(page, "“pb-a” is back to version 1");
    const now = await api.call("GET", `/instances/${ids["pb-a"]}`);
    assertEqual(now.json.replicas, 1, "replicas restored");
    const history = await api.call("GET", `/instances/${ids["pb-a"]}/history`);
    const [record] = history.json.items;
    const restored = history.json.items.find((r) => r.version === 1);
    assertEqual([record.operation_type, record.via, record.reason, record.reverted_from], ["update", "web", "e2e: the scale-up was a mistake", restored.history_id], "a revert record naming version 1's");
    const newest = timeline.getByRole("listitem").first().filter({ hasText: "v3" });
    await newest.waitFor();
    await newest.getByRole("link", { name: `Compare with the record it restored (#${restored.history_id})` }).waitFor();
    await page.waitForTimeout(600); // the new entry has slid in; its highlight is still on
    await assertAccessible(page, "timeline just after a restore (highlighted entry)");
    await page.context().close();
  });

  g.step("undo a bulk change from the fleet feed: every instance it touched in one plan", async () => {
    const page = await env.newPage();
    await page.goto(`${baseUrl}/history?request_id=e2e-bulk-pb`);
    await eventually(async () => (await rows(page).count()) === 2, "the bulk change's two records");
    await page.getByRole("button", { name: "Undo this whole request" }).click();
    const dialog = planDialog(page, "Undo request e2e-bulk-pb");
    await dialog.waitFor();
    const plan = dialog.getByRole("list", { name: "Plan" });
    await plan.getByRole("listitem").nth(1).waitFor();
    assertEqual(await plan.getByRole("listitem").count(), 2, "two instances in the plan");
    for (const name of ["pb-b", "pb-c"]) await plan.getByRole("listitem").filter({ hasText: name }).filter({ hasText: "put back" }).waitFor();
    await settle(page);
    await env.shot(page, "undo-plan");
    await assertAccessible(page, "undo plan", ".ant-modal-wrap");
    await dialog.getByRole("button", { name: "Undo", exact: true }).click();
    await expectToast(page, "Undone: 2 instances put back");
    for (const name of ["pb-b", "pb-c"]) assertEqual((await api.byName(name)).status, "active", `${name} back to active`);
    await page.context().close();
  });

  g.step("a conflicting undo is refused until the user chooses to overwrite", async () => {
    const res = await api.call("POST", "/instances/bulk", { action: "update", ids: [ids["pb-b"]], patch: { priority: "high" } }, { "X-Request-ID": "e2e-bulk-pb2" });
    assertEqual(res.status, 200, "second bulk change");
    await api.update(ids["pb-b"], { replicas: 2 }); // changed since the batch
    const page = await env.newPage();
    await page.goto(`${baseUrl}/history?request_id=e2e-bulk-pb2`);
    await rows(page).first().waitFor();
    await page.getByRole("button", { name: "Undo this whole request" }).click();
    const dialog = planDialog(page, "Undo request e2e-bulk-pb2");
    await dialog.getByText("1 instance has changed since").waitFor();
    const apply = dialog.getByRole("button", { name: "Undo anyway" });
    expect(await apply.isDisabled(), "cannot apply over a conflict without choosing to");
    await settle(page);
    await assertAccessible(page, "undo plan with a conflict", ".ant-modal-wrap");
    await dialog.getByRole("checkbox", { name: "Overwrite the later changes too" }).check();
    await apply.click();
    await expectToast(page, "Undone: 1 instance put back");
    assertEqual((await api.byName("pb-b")).priority, "medium", "priority undone despite the later change");
    await page.context().close();
  });

  g.step("restore a deleted instance from its page", async () => {
    const c = await api.byName("pb-c");
    const del = await api.call("DELETE", `/instances/${c.id}`, undefined, { "If-Match": `"${c.version}"` });
    assertEqual(del.status, 200, "deleted");
    const page = await env.newPage();
    await page.goto(`${baseUrl}/instances/${c.id}`);
    await page.getByRole("heading", { name: /pb-c\s*\(deleted\)/, level: 1 }).waitFor();
    await page.getByRole("button", { name: "Restore", exact: true }).click();
    const dialog = planDialog(page, "Restore “pb-c”");
    await dialog.getByRole("list", { name: "Plan" }).getByText("restored").waitFor();
    await settle(page);
    await assertAccessible(page, "restore plan", ".ant-modal-wrap");
    await dialog.getByRole("button", { name: "Restore", exact: true }).click();
    await expectToast(page, "“pb-c” is restored");
    await page.getByRole("heading", { name: "pb-c", level: 1, exact: true }).waitFor();
    assertEqual((await api.call("GET", `/instances/${c.id}`)).status, 200, "it exists again under its id");
    await page.context().close();
  });

  g.step("time travel: the table as it was before shows the old values, read-only, with what changed since", async () => {
    await api.update(ids["pb-a"], { replicas: 6 });
    const page = await env.newPage();
    await page.goto(`${baseUrl}/instances?cluster=gpu-pb`);
    await waitForTableIdle(page);
    await page.getByRole("button", { name: "Time travel", exact: true }).click();
    const picker = page.getByRole("dialog", { name: "Travel to a moment" });
    await picker.waitFor();
    await picker.getByRole("button", { name: "1 hour ago" }).waitFor();
    await picker.getByRole("slider", { name: "How long ago" }).waitFor();
    await settle(page);
    await assertAccessible(page, "time-travel picker", ".ant-modal-wrap");
    await picker.getByRole("button", { name: "Cancel" }).click();
    // The exact moment by deep link, as a shared link would carry it.
    await page.goto(`${baseUrl}/instances?cluster=gpu-pb&as_of=${encodeURIComponent(before)}`);
    await page.getByText(/The fleet as it was at/).waitFor();
    await waitForTableIdle(page);
    const row = rows(page).filter({ hasText: "pb-a" });
    await row.waitFor();
    expect(/\b1\b/.test(await row.locator("td").nth(await replicasColumn(page)).innerText()), "replicas as they were then (1)");
    assertEqual(await page.getByRole("button", { name: /^Edit pb-a$/ }).count(), 0, "no edit control in the past");
    assertEqual(await page.getByRole("button", { name: "Create instance" }).count(), 0, "no create in the past");
    assertEqual(await page.getByRole("checkbox", { name: "Select pb-a" }).count(), 0, "no selection in the past");
    const since = page.getByRole("list", { name: "What changed since then" });
    await since.getByRole("listitem").filter({ hasText: "pb-a" }).getByRole("link", { name: "Compare" }).waitFor();
    await since.getByRole("listitem").filter({ hasText: "pb-a" }).getByRole("button", { name: "Undo" }).waitFor();
    await settle(page);
    await env.shot(page, "time-travel");
    await assertAccessible(page, "instances as they were");
    // A change made now appears in "since then" live.
    await api.update(ids["pb-b"], { description: "changed while looking at the past" });
    await eventually(async () => (await since.getByRole("listitem").filter({ hasText: "pb-b" }).filter({ hasText: "changed while looking" }).count()) === 1, "since-then list updated live");
    await page.getByRole("button", { name: "Back to now" }).click();
    await eventually(async () => !page.url().includes("as_of="), "back to the present");
    await page.getByRole("button", { name: "Time travel", exact: true }).waitFor();
    await page.context().close();
  });

  g.step("the dashboard and the diff page at a moment are accessible, and the diff lists the change", async () => {
    const page = await env.newPage();
    await page.goto(`${baseUrl}/?as_of=${encodeURIComponent(before)}`);
    await page.getByText(/The fleet as it was at/).waitFor();
    await page.getByRole("list", { name: "What changed since then" }).getByRole("listitem").first().waitFor();
    await settle(page);
    await assertAccessible(page, "dashboard as it was");
    await page.goto(`${baseUrl}/history/diff?from=${encodeURIComponent(before)}`);
    await page.getByRole("heading", { name: "What changed", level: 1 }).waitFor();
    await page.getByRole("list", { name: "What changed" }).getByRole("listitem").filter({ hasText: "pb-a" }).waitFor();
    await settle(page);
    await assertAccessible(page, "diff page");
    await page.context().close();
  });
}

/** The index of the Replicas column among the row's cells. */
async function replicasColumn(page) {
  const headers = await page.locator(".ant-table-thead th").allInnerTexts();
  const index = headers.findIndex((text) => text.trim().startsWith("Replicas"));
  if (index < 0) throw new Error(`no Replicas column in ${JSON.stringify(headers)}`);
  return index;
}
