// Live updates over GET /api/events: changes made elsewhere (here: the API, as another user or a
// script would) appear in an open table and on an open instance timeline without a reload,
// highlighted, with a toast on the instance page; a delete turns the page into its deleted view.
import { eventually, expect } from "../lib/harness.mjs";
import { expectToast, rows, waitForTableIdle } from "../lib/ui.mjs";

export const name = "live";

const live = (page) => page.getByRole("status", { name: "Live updates: Live" });

export async function register(g, env) {
  const { api, baseUrl } = env;
  let table;
  let detail;
  let instance;

  g.step("two tabs (table and instance page) connect to the live stream", async () => {
    instance = await api.create({ name: "live-a", replicas: 1, status: "active" });
    await api.create({ name: "live-b" });
    table = await env.newPage();
    await table.goto(`${baseUrl}/instances?sort=name`);
    await waitForTableIdle(table);
    detail = await env.newPage();
    await detail.goto(`${baseUrl}/instances/${instance.id}`);
    await detail.getByRole("heading", { name: "live-a", level: 1 }).waitFor();
    await detail.getByRole("list", { name: /History/ }).getByRole("listitem").first().waitFor();
    await live(table).waitFor();
    await live(detail).waitFor();
  });

  g.step("a change made elsewhere shows in the table and on the timeline, highlighted, with a toast", async () => {
    await api.update(instance.id, { replicas: 5, status: "inactive" });
    const row = rows(table).filter({ hasText: "live-a" });
    await row.getByRole("button", { name: /^Status of live-a: inactive/ }).waitFor();
    expect(/\b5\b/.test(await row.innerText()), "replicas 5 in the row");
    await eventually(async () => /live-flash/.test((await row.getAttribute("class")) ?? ""), "the changed row flashes");
    await env.shot(table, "table-flash");

    const timeline = detail.getByRole("list", { name: /History/ });
    const newest = timeline.getByRole("listitem").first();
    await eventually(async () => (await newest.textContent()).includes("(+4)"), "newest timeline entry shows replicas 1 → 5 (+4)");
    expect((await newest.textContent()).includes("v2"), "the entry is version 2");
    await expectToast(detail, "“live-a” was changed by someone else: Replicas 1 → 5 (+4), Status active → inactive");
    expect((await detail.locator("[data-flash=true]").count()) >= 2, "changed fields are highlighted on the detail page");
    await env.shot(detail, "detail-live-change");
  });

  g.step("a new instance created elsewhere appears in the open table", async () => {
    await api.create({ name: "live-c" });
    await table.getByRole("link", { name: "live-c", exact: true }).waitFor();
  });

  g.step("a delete elsewhere turns the open instance page into its deleted view", async () => {
    const res = await api.call("DELETE", `/instances/${instance.id}`);
    expect(res.status === 200, `delete → ${res.status}`);
    await detail.getByRole("heading", { name: "live-a (deleted)", level: 1 }).waitFor();
    await expectToast(detail, "“live-a” was deleted by someone else");
    await detail.getByRole("list", { name: /History/ }).getByText("Deleted (last state").first().waitFor();
    await eventually(async () => !(await table.getByRole("link", { name: "live-a", exact: true }).count()), "row removed from the table");
  });
}
