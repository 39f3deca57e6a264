// Offline basics with the real service worker: after one online visit the app shell and the last
// viewed list are cached; offline, a reload still shows the list, marked stale, with every write
// disabled. Nothing but the browser's network is switched off.
import { eventually, expect } from "../lib/harness.mjs";
import { rows, waitForTableIdle } from "../lib/ui.mjs";

export const name = "offline";

export async function register(g, env) {
  const { api, baseUrl } = env;
  let page;

  g.step("first visit installs the service worker and caches the shell and the list", async () => {
    await api.create({ name: "off-a", status: "active" });
    await api.create({ name: "off-b", status: "error" });
    page = await env.newPage({ serviceWorkers: "allow" });
    await page.goto(`${baseUrl}/instances?sort=name`);
    await waitForTableIdle(page);
    await eventually(() => page.evaluate(() => navigator.serviceWorker.controller !== null), "service worker controls the page", 15_000);
    // The worker refetches what is on screen once it takes control: wait until the list is cached.
    await eventually(
      () => page.evaluate(async () => (await (await caches.open("iims-api")).keys()).some((r) => r.url.includes("/api/instances?"))),
      "the instance list is in the API cache",
      15_000,
    );
  });

  g.step("offline, a reload shows the cached list marked stale, with writes disabled", async () => {
    await page.context().setOffline(true);
    await page.reload();
    await waitForTableIdle(page);
    await eventually(async () => (await rows(page).count()) === 2, "the cached list is shown");
    const banner = page.getByRole("status").filter({ hasText: /^Offline — showing data from \d{4}-\d\d-\d\d / });
    await banner.waitFor();
    expect(await page.getByRole("button", { name: "Create instance" }).isDisabled(), "Create is disabled");
    expect(await page.getByRole("button", { name: "Edit off-a" }).isDisabled(), "Edit is disabled");
    expect(await page.getByRole("button", { name: "Delete off-a" }).isDisabled(), "Delete is disabled");
    expect(await page.getByRole("button", { name: "Edit replicas of off-a" }).isDisabled(), "inline edit is disabled");
    expect(await page.getByRole("button", { name: /^Status of off-a/ }).isDisabled(), "inline status is disabled");
    await page.getByRole("status", { name: "Live updates: Offline" }).waitFor();
    await env.shot(page, "offline-list");
  });

  g.step("back online, the banner goes and writes are enabled again", async () => {
    await page.context().setOffline(false);
    await eventually(() => page.evaluate(() => navigator.onLine), "the browser is online");
    await page.getByRole("button", { name: "Refresh" }).click();
    await eventually(async () => !(await page.getByRole("button", { name: "Create instance" }).isDisabled()), "Create enabled again", 20_000);
    await eventually(async () => (await page.locator(".offline-banner").count()) === 0, "banner gone", 20_000);
    await page.getByRole("status", { name: "Live updates: Live" }).waitFor();
  });
}
