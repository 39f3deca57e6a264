// Locators and actions shared by the scenarios, expressed through accessible names where the
// UI gives them (which is itself part of what the tests check).
import { eventually, expect } from "./harness.mjs";

export const rows = (page) => page.locator(".ant-table-tbody tr.ant-table-row");
// Overlays are found by their accessible names (antd labels dialogs with their titles).
export const drawer = (page) => page.getByRole("dialog", { name: /^(New instance|Edit “)/ });
export const conflictDialog = (page) => page.getByRole("dialog", { name: /was changed by someone else/ });
export const bulkDialog = (page) => page.getByRole("dialog", { name: /^(Set status|Set priority|Delete)[^:]*: \d+ instances?$/ });

/**
 * Waits until the editor drawer has finished closing. Its close animation ends by handing focus
 * back to the control that opened it, which would blur (and close) a Select opened meanwhile, and
 * reopening the shared drawer mid-animation races its own teardown.
 */
export async function drawerClosed(page) {
  await eventually(async () => (await page.locator(".ant-drawer-content-wrapper:visible").count()) === 0, "drawer should finish closing");
  await page.waitForTimeout(100);
}

export async function rowNames(page) {
  return rows(page).locator("td a[href^='/instances/']").allInnerTexts();
}

export async function waitForTableIdle(page) {
  await page.locator(".ant-table-wrapper").waitFor();
  await eventually(async () => (await page.locator(".ant-spin-spinning").count()) === 0, "table still loading", 8000);
}

/** Picks `value` in an antd Select identified by its accessible name. */
export async function pickOption(page, selectName, value) {
  await page.locator(`.ant-select:has([role=combobox][aria-label="${selectName}"])`).click();
  await page.locator(`.ant-select-dropdown .ant-select-item-option[title="${value}"]:visible`).click();
  await page.keyboard.press("Escape");
}

export async function fillInstanceForm(page, fields) {
  const d = drawer(page);
  for (const [label, value] of Object.entries(fields)) {
    const input = d.getByLabel(label, { exact: true });
    if (label === "Status" || label === "Priority") {
      await d.locator(`.ant-select:has(#${label.toLowerCase()})`).click();
      await page.locator(`.ant-select-dropdown .ant-select-item-option[title="${value}"]:visible`).click();
    } else {
      await input.fill(String(value));
    }
  }
}

export async function expectToast(page, text, timeout = 8000) {
  await page.getByText(text, { exact: false }).first().waitFor({ timeout });
}

export async function expectUrlParam(page, key, value) {
  await eventually(() => new URL(page.url()).searchParams.getAll(key).join(",") === value, `URL ${key} should be "${value}" (url ${page.url()})`);
}

export function assertEqual(actual, expected, what) {
  expect(JSON.stringify(actual) === JSON.stringify(expected), `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}
