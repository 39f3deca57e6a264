// The main flow on a desktop viewport: create → table → filter/search/sort → inline edit →
// validation errors → 409 duplicate → 412 conflict from a second tab → bulk → delete.
import { eventually, expect } from "../lib/harness.mjs";
import { assertEqual, bulkDialog, conflictDialog, drawer, drawerClosed, expectToast, expectUrlParam, fillInstanceForm, pickOption, rowNames, rows, waitForTableIdle } from "../lib/ui.mjs";

export const name = "crud";

export async function register(g, env) {
  const { api, baseUrl } = env;
  let page;

  g.step("seed instances through the API and open the table", async () => {
    await api.create({ name: "seed-a", status: "active", priority: "low", cluster_name: "gpu-a" });
    await api.create({ name: "seed-b", status: "active", priority: "medium", cluster_name: "gpu-a" });
    await api.create({ name: "seed-c", status: "error", priority: "high", cluster_name: "gpu-b" });
    await api.create({ name: "seed-d", status: "pending", priority: "critical", cluster_name: "gpu-b" });
    page = await env.newPage();
    await page.goto(`${baseUrl}/instances`);
    await waitForTableIdle(page);
    assertEqual((await rowNames(page)).length, 4, "rows after seeding");
  });

  g.step("create an instance with the form; it appears in the table", async () => {
    await page.getByRole("button", { name: "Create instance" }).click();
    await drawer(page).waitFor();
    await fillInstanceForm(page, {
      Name: "e2e-alpha",
      "Model name": "mistral-7b",
      "Cluster name": "gpu-e2e",
      "Image tag": "mistral:7b-v1",
      Replicas: 2,
      TP: 2,
      Priority: "high",
      Description: "made by the e2e test",
    });
    await env.shot(page, "create-form");
    await drawer(page).getByRole("button", { name: "Create", exact: true }).click();
    await expectToast(page, "Created “e2e-alpha”");
    await drawerClosed(page);
    await page.getByRole("link", { name: "e2e-alpha", exact: true }).waitFor();
    const created = await api.byName("e2e-alpha");
    expect(created && created.replicas === 2 && created.tp === 2 && created.priority === "high", `server state ${JSON.stringify(created)}`);
    await env.shot(page, "created");
  });

  g.step("filter by status puts the filter in the URL and the table follows", async () => {
    await pickOption(page, "Filter by status", "error");
    await expectUrlParam(page, "status", "error");
    await eventually(async () => JSON.stringify(await rowNames(page)) === JSON.stringify(["seed-c"]), "only seed-c should match status=error");
    await pickOption(page, "Filter by status", "pending");
    await expectUrlParam(page, "status", "error,pending");
    await eventually(async () => (await rowNames(page)).length === 2, "error + pending should give two rows");
    await page.getByRole("button", { name: "Clear filters" }).click();
    await expectUrlParam(page, "status", "");
  });

  g.step("debounced free-text search (q) narrows the table", async () => {
    await page.getByRole("searchbox", { name: "Search instances" }).fill("mistral");
    await expectUrlParam(page, "q", "mistral");
    await eventually(async () => JSON.stringify(await rowNames(page)) === JSON.stringify(["e2e-alpha"]), "search should find e2e-alpha by model name");
    await page.getByRole("searchbox", { name: "Search instances" }).fill("");
    await expectUrlParam(page, "q", "");
    await eventually(async () => (await rowNames(page)).length === 5, "all five rows back");
  });

  g.step("sorting by a column header is server-side and lives in the URL", async () => {
    await page.locator("th", { hasText: /^Name$/ }).click();
    await expectUrlParam(page, "sort", "name");
    const ascending = ["e2e-alpha", "seed-a", "seed-b", "seed-c", "seed-d"];
    await eventually(async () => JSON.stringify(await rowNames(page)) === JSON.stringify(ascending), "ascending name order");
    await waitForTableIdle(page);
    await page.locator("th", { hasText: /^Name$/ }).click();
    await expectUrlParam(page, "sort", "-name");
    await eventually(async () => JSON.stringify(await rowNames(page)) === JSON.stringify([...ascending].reverse()), "descending name order");
    await waitForTableIdle(page);
  });

  g.step("a shared link restores filters, sort and page", async () => {
    const other = await env.newPage();
    await other.goto(`${baseUrl}/instances?status=active&sort=-name&size=20`);
    await waitForTableIdle(other);
    await eventually(async () => JSON.stringify(await rowNames(other)) === JSON.stringify(["seed-b", "seed-a", "e2e-alpha"]), "shared link view");
    const selected = await other.locator(".ant-select-selection-item", { hasText: "active" }).count();
    expect(selected >= 1, "status filter shows 'active' as selected");
    await other.context().close();
  });

  g.step("inline edit of replicas, status and priority in the table", async () => {
    await page.getByRole("button", { name: "Edit replicas of e2e-alpha" }).click();
    const input = page.getByRole("spinbutton", { name: "Replicas of e2e-alpha" });
    await input.fill("5");
    await input.press("Enter");
    await expectToast(page, "Saved “e2e-alpha”");
    await eventually(async () => (await api.byName("e2e-alpha")).replicas === 5, "replicas saved as 5");

    await page.getByRole("button", { name: /^Status of e2e-alpha: active/ }).click();
    await page.getByRole("menuitem", { name: "inactive" }).click();
    await eventually(async () => (await api.byName("e2e-alpha")).status === "inactive", "status saved as inactive");
    await page.getByRole("button", { name: /^Priority of e2e-alpha: high/ }).click();
    await page.getByRole("menuitem", { name: "critical" }).click();
    await eventually(async () => (await api.byName("e2e-alpha")).priority === "critical", "priority saved as critical");
    await page.getByRole("button", { name: /^Priority of e2e-alpha: critical/ }).waitFor();
    await env.shot(page, "inline-edited");
  });

  g.step("edit form shows validation errors on the right fields and saves once fixed", async () => {
    await page.getByRole("button", { name: "Edit e2e-alpha" }).click();
    await drawer(page).waitFor();
    await fillInstanceForm(page, { Replicas: 500, Name: "" });
    await drawer(page).getByRole("button", { name: "Save", exact: true }).click();
    await drawer(page).getByText("Replicas must be a whole number from 1 to 100").waitFor();
    await drawer(page).getByText("Name is required", { exact: true }).waitFor();
    await env.shot(page, "validation-errors");
    await fillInstanceForm(page, { Replicas: 6, Name: "e2e-alpha" });
    await drawer(page).getByRole("button", { name: "Save", exact: true }).click();
    await expectToast(page, "Saved “e2e-alpha”");
    await drawerClosed(page);
    await eventually(async () => (await api.byName("e2e-alpha")).replicas === 6, "replicas saved as 6");
  });

  g.step("409 duplicate name is shown on the Name field", async () => {
    await page.getByRole("button", { name: "Create instance" }).click();
    await drawer(page).waitFor();
    await fillInstanceForm(page, { Name: "seed-a", "Model name": "m", "Cluster name": "c", "Image tag": "t" });
    await drawer(page).getByRole("button", { name: "Create", exact: true }).click();
    const nameItem = drawer(page).locator(".ant-form-item", { has: page.getByLabel("Name", { exact: true }) });
    await eventually(async () => /already exists/i.test(await nameItem.locator(".ant-form-item-explain").innerText()), "Name field should explain the duplicate");
    await env.shot(page, "duplicate-name");
    await page.keyboard.press("Escape");
    await eventually(async () => (await page.locator(".ant-drawer-open").count()) === 0, "drawer closes with Esc");
    await drawerClosed(page);
  });

  g.step("412: a change from a second tab is shown; the user overwrites deliberately", async () => {
    await page.getByRole("button", { name: "Edit e2e-alpha" }).click();
    await drawer(page).waitFor();
    // Second tab changes the same instance meanwhile.
    const tab2 = await env.newPage();
    await tab2.goto(`${baseUrl}/instances?q=e2e-alpha`);
    await tab2.getByRole("button", { name: /^Status of e2e-alpha: inactive/ }).click();
    await tab2.getByRole("menuitem", { name: "error" }).click();
    await expectToast(tab2, "Saved “e2e-alpha”");
    await tab2.context().close();
    // The open form is told, live, and keeps the version it opened (no silent If-Match advance).
    await drawer(page).getByText("Changed by someone else since you opened it").waitFor();
    await drawer(page).getByText("Editing version").waitFor();
    // First tab saves its own edit based on the old version.
    await fillInstanceForm(page, { Replicas: 7 });
    await drawer(page).getByRole("button", { name: "Save", exact: true }).click();
    const dialog = conflictDialog(page);
    await dialog.waitFor();
    await dialog.getByText("Now on server (v").waitFor();
    const rowsText = await dialog.locator("tbody").innerText();
    expect(/Status[\s\S]*inactive[\s\S]*error/.test(rowsText), `dialog should show status inactive → error, got: ${rowsText}`);
    expect(/Replicas[\s\S]*7/.test(rowsText), `dialog should show my replicas 7, got: ${rowsText}`);
    await env.shot(page, "conflict-dialog");
    await dialog.getByRole("button", { name: "Overwrite with my changes" }).click();
    await expectToast(page, "over the newer version");
    await drawerClosed(page);
    const after = await api.byName("e2e-alpha");
    expect(after.replicas === 7 && after.status === "error", `overwrite applies only my field: ${JSON.stringify(after)}`);
  });

  g.step("412: choosing reload shows the newest values in the form", async () => {
    await page.getByRole("button", { name: "Edit e2e-alpha" }).click();
    await drawer(page).waitFor();
    const current = await api.byName("e2e-alpha");
    await api.update(current.id, { model_version: "v9" });
    await fillInstanceForm(page, { Replicas: 8 });
    await drawer(page).getByRole("button", { name: "Save", exact: true }).click();
    await conflictDialog(page).getByRole("button", { name: "Reload latest (discard mine)" }).click();
    await eventually(async () => (await drawer(page).getByLabel("Model version", { exact: true }).inputValue()) === "v9", "form shows reloaded model version");
    assertEqual(await drawer(page).getByLabel("Replicas", { exact: true }).inputValue(), "7", "replicas reset to server value");
    await page.keyboard.press("Escape");
    await drawerClosed(page);
    assertEqual((await api.byName("e2e-alpha")).replicas, 7, "nothing was overwritten");
  });

  g.step("bulk status change previews with dry_run and applies with versions", async () => {
    await page.goto(`${baseUrl}/instances?sort=name`);
    await waitForTableIdle(page);
    await page.getByRole("checkbox", { name: "Select seed-a" }).check();
    await page.getByRole("checkbox", { name: "Select seed-b" }).check();
    await page.getByText("2 selected").waitFor();
    await page.getByRole("button", { name: "Set status" }).click();
    await page.getByRole("menuitem", { name: "inactive" }).click();
    const dialog = bulkDialog(page);
    await dialog.getByText("Status: active → inactive").first().waitFor();
    assertEqual(await dialog.getByText("Status: active → inactive").count(), 2, "preview lists both instances");
    await env.shot(page, "bulk-preview");
    await dialog.getByRole("button", { name: "Apply to 2" }).click();
    await expectToast(page, "Updated 2 instances");
    assertEqual([(await api.byName("seed-a")).status, (await api.byName("seed-b")).status], ["inactive", "inactive"], "bulk result");
    expect((await page.getByText("2 selected").count()) === 0, "selection cleared after apply");
  });

  g.step("bulk change of a row changed meanwhile fails with 412 and changes nothing", async () => {
    await page.getByRole("checkbox", { name: "Select seed-c" }).check();
    await page.getByRole("checkbox", { name: "Select seed-d" }).check();
    const c = await api.byName("seed-c");
    await api.update(c.id, { replicas: 3 });
    // The live update shows the change, but the selection keeps the version the user selected.
    await page.getByText("2 selected · 1 changed by someone else since you selected it").waitFor();
    await page.getByRole("button", { name: "Set priority" }).click();
    await page.getByRole("menuitem", { name: "low" }).click();
    await bulkDialog(page).getByText("changed since you selected them").waitFor();
    await env.shot(page, "bulk-stale");
    await bulkDialog(page).getByRole("button", { name: "Cancel" }).click();
    assertEqual((await api.byName("seed-d")).priority, "critical", "seed-d untouched");
    await page.getByRole("button", { name: "Clear selection" }).click();
  });

  g.step("delete asks for confirmation naming the instance", async () => {
    await page.getByRole("button", { name: "Delete e2e-alpha" }).click();
    const dialog = page.getByRole("dialog").filter({ hasText: "Delete instance “e2e-alpha”?" });
    await dialog.waitFor();
    await env.shot(page, "delete-confirm");
    await dialog.getByRole("button", { name: "Delete" }).click();
    await expectToast(page, "Deleted “e2e-alpha”");
    await eventually(async () => !(await rowNames(page)).includes("e2e-alpha"), "row removed");
    assertEqual(await api.byName("e2e-alpha"), undefined, "gone on the server");
  });

  g.step("export downloads every instance matching the current filters", async () => {
    await page.goto(`${baseUrl}/instances?status=inactive&sort=name`);
    await waitForTableIdle(page);
    await page.getByRole("button", { name: "Export the matching instances" }).click();
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("menuitem", { name: "CSV" }).click()]);
    const path = await download.path();
    const { readFileSync } = await import("node:fs");
    const lines = readFileSync(path, "utf8").trim().split(/\r?\n/);
    expect(lines[0].startsWith("id,name,"), `CSV header: ${lines[0]}`);
    const names = lines.slice(1).map((line) => line.split(",")[1]);
    assertEqual(names, ["seed-a", "seed-b"], "exported names (status=inactive, sorted by name)");
  });

  g.step("detail page shows fields, parallelism and the history timeline", async () => {
    const d = await api.byName("seed-d");
    await page.goto(`${baseUrl}/instances/${d.id}`);
    await page.getByRole("heading", { name: "seed-d", level: 1 }).waitFor();
    await page.getByText("1 × 8 × 1 = 8 GPUs per replica").waitFor();
    await page.getByRole("list", { name: /History/ }).getByRole("listitem").first().waitFor();
    await env.shot(page, "detail");
  });

  g.step("history page filters by operation type", async () => {
    await page.goto(`${baseUrl}/history`);
    await pickOption(page, "Filter by operation", "delete");
    await expectUrlParam(page, "operation_type", "delete");
    await eventually(async () => (await rows(page).count()) === 1, "exactly one delete record");
    await rows(page).first().getByText(/^Deleted \(last state:/).waitFor();
  });
}
