// A phone-sized viewport (390×844): the table becomes a card list with touch-sized targets.
import { assertAccessible, eventually, expect } from "../lib/harness.mjs";
import { expectToast } from "../lib/ui.mjs";

export const name = "mobile";

export async function register(g, env) {
  const { baseUrl, api } = env;
  let page;

  g.step("instances render as cards, not a table", async () => {
    for (let i = 1; i <= 3; i += 1) await api.create({ name: `phone-${i}`, status: "active" });
    page = await env.newPage({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    await page.goto(`${baseUrl}/instances`);
    await page.getByRole("list", { name: "Instances" }).waitFor();
    expect((await page.locator(".ant-table").count()) === 0, "no table below 768 px");
    expect((await page.getByRole("list", { name: "Instances" }).getByRole("listitem").count()) === 3, "three cards");
    await env.shot(page, "cards");
  });

  g.step("card actions are touch-sized (at least 44×44 px)", async () => {
    const targets = [
      page.getByRole("button", { name: "Edit phone-1" }),
      page.getByRole("button", { name: "Delete phone-1" }),
      page.getByRole("button", { name: "Open navigation" }),
      page.getByRole("button", { name: /^Status of phone-1:/ }),
      page.getByRole("button", { name: /^Priority of phone-1:/ }),
      page.getByRole("button", { name: "Edit replicas of phone-1" }),
      page.locator("li", { hasText: "phone-1" }).locator("label.touch-checkbox"),
    ];
    for (const target of targets) {
      const box = await target.boundingBox();
      expect(box && box.width >= 44 && box.height >= 44, `target too small: ${JSON.stringify(box)}`);
    }
  });

  g.step("the sort picker replaces the column headers and writes the sort to the URL", async () => {
    await page.locator(".ant-select:has([aria-label='Sort by'])").tap();
    await page.locator(".ant-select-dropdown .ant-select-item-option[title='Name Z–A']:visible").tap();
    await eventually(() => new URL(page.url()).searchParams.get("sort") === "-name", `URL sort should be -name (url ${page.url()})`);
    await eventually(
      async () => (await page.getByRole("list", { name: "Instances" }).getByRole("link", { name: /^phone-/ }).allInnerTexts()).join() === "phone-3,phone-2,phone-1",
      "cards sorted by name descending",
    );
  });

  g.step("inline status change works on a card", async () => {
    await page.getByRole("button", { name: /^Status of phone-2: active/ }).tap();
    await page.getByRole("menuitem", { name: "inactive" }).tap();
    await expectToast(page, "Saved “phone-2”");
    await eventually(async () => (await api.byName("phone-2")).status === "inactive", "saved from a card");
  });

  g.step("navigation drawer works and pages have no serious axe violations on mobile", async () => {
    await page.getByRole("button", { name: "Open navigation" }).tap();
    await page.getByRole("link", { name: "Dashboard" }).tap();
    await page.waitForURL(`${baseUrl}/`);
    await page.getByRole("heading", { name: "Recently changed" }).waitFor();
    await page.waitForTimeout(300);
    await env.shot(page, "dashboard");
    await assertAccessible(page, "dashboard (mobile)");
    await page.goto(`${baseUrl}/instances`);
    await page.getByRole("list", { name: "Instances" }).waitFor();
    await page.waitForTimeout(300);
    await assertAccessible(page, "instances (mobile)");
  });

  g.step("instance page (timeline) and fleet history fit a phone screen without sideways scrolling", async () => {
    const phone = await api.byName("phone-1");
    await api.update(phone.id, { replicas: 3, description: "a longer description that has to wrap on a phone" });
    for (const path of [`/instances/${phone.id}`, "/history?field=replicas&range=24h"]) {
      await page.goto(`${baseUrl}${path}`);
      await page.getByRole("heading", { level: 1 }).first().waitFor();
      await page.locator(".timeline-entry, .feed-card").first().waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow <= 1, `${path} is ${overflow}px wider than the screen`);
      await env.shot(page, path.startsWith("/history") ? "history" : "timeline");
    }
    await assertAccessible(page, "fleet history (mobile)");
  });
}
