// Everything reachable without a mouse: global shortcuts, the create flow by keyboard only.
import { eventually, expect } from "../lib/harness.mjs";
import { drawer, expectToast } from "../lib/ui.mjs";

export const name = "keyboard";

const focusedName = (page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el ? (el.getAttribute("aria-label") ?? el.textContent ?? "").trim() : "";
  });

export async function register(g, env) {
  const { baseUrl, api } = env;
  let page;

  g.step("g i / g h / g d navigate", async () => {
    await api.create({ name: "kb-seed" });
    page = await env.newPage();
    await page.goto(`${baseUrl}/`);
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    await page.keyboard.press("g");
    await page.keyboard.press("i");
    await page.waitForURL(/\/instances$/);
    await page.keyboard.press("g");
    await page.keyboard.press("h");
    await page.waitForURL(/\/history$/);
    await page.keyboard.press("g");
    await page.keyboard.press("d");
    await page.waitForURL(`${baseUrl}/`);
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
  });

  g.step("/ focuses the search, from any page", async () => {
    await page.keyboard.press("/");
    await page.waitForURL(/\/instances/);
    await eventually(() => page.evaluate(() => document.activeElement?.id === "instance-search"), "search focused after /");
    await page.keyboard.type("kb-");
    await page.waitForURL(/q=kb-/);
    await page.keyboard.press("Escape");
  });

  g.step("? opens the shortcut sheet and Esc closes it", async () => {
    await page.keyboard.press("?");
    await page.getByRole("dialog", { name: "Keyboard shortcuts" }).waitFor();
    await env.shot(page, "shortcut-sheet");
    await page.keyboard.press("Escape");
    await eventually(async () => (await page.locator(".ant-modal-wrap:visible").count()) === 0, "sheet closed");
  });

  g.step("n opens the create drawer; the whole form works from the keyboard", async () => {
    await page.keyboard.press("n");
    await drawer(page).waitFor();
    await eventually(async () => (await focusedName(page)) === "" && (await page.evaluate(() => document.activeElement?.id)) === "name", "Name field focused");
    await page.keyboard.type("kb-created");
    await page.keyboard.press("Tab");
    await page.keyboard.type("llama-70b");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await page.keyboard.type("gpu-kb");
    await page.keyboard.press("Tab");
    await page.keyboard.type("llama:70b");
    await page.keyboard.press("Enter");
    await expectToast(page, "Created “kb-created”");
    const created = await api.byName("kb-created");
    expect(created?.model_name === "llama-70b" && created.cluster_name === "gpu-kb", `keyboard-created ${JSON.stringify(created)}`);
  });

  g.step("Tab reaches the Create instance button and Enter activates it; Esc closes the drawer", async () => {
    await page.goto(`${baseUrl}/instances`);
    await page.locator("body").click({ position: { x: 5, y: 500 } });
    let found = false;
    for (let i = 0; i < 40 && !found; i += 1) {
      await page.keyboard.press("Tab");
      found = (await focusedName(page)) === "Create instance";
    }
    expect(found, "Create instance reachable by Tab");
    await page.keyboard.press("Enter");
    await drawer(page).waitFor();
    await page.keyboard.press("Escape");
    await eventually(async () => (await page.locator(".ant-drawer-open").count()) === 0, "drawer closed by Esc");
  });

  g.step("inline status edit by keyboard", async () => {
    await page.getByRole("button", { name: /^Status of kb-seed: active/ }).focus();
    await page.keyboard.press("Enter");
    // The menu takes focus when it opens; then arrows move through it.
    const focusedItem = () => page.evaluate(() => (document.activeElement?.getAttribute("role") === "menuitem" ? document.activeElement.textContent?.trim() : null));
    await eventually(focusedItem, "menu item focused when the menu opens");
    for (let i = 0; i < 4 && (await focusedItem()) !== "pending"; i += 1) {
      const before = await focusedItem();
      await page.keyboard.press("ArrowDown");
      await eventually(async () => (await focusedItem()) !== before, "focus moves with ArrowDown");
    }
    expect((await focusedItem()) === "pending", "arrow keys reach 'pending'");
    await page.keyboard.press("Enter");
    await eventually(async () => (await api.byName("kb-seed")).status === "pending", "status set to pending by keyboard");
  });
}
