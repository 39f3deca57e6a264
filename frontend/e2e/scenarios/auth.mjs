// Accountable changes with AUTH=token: the sign-in screen (a refused token shows the server's
// reason), an editor's change with a reason shown as who · via · why on the timeline and in the
// fleet feed (filtered by actor, by channel and by a clicked request id), a viewer without any
// edit control, an admin making a token (secret shown once) and revoking it — which signs out a
// tab using it — and, on a second server with REQUIRE_REASON=true, reasons required everywhere.
// axe runs on the sign-in screen, the tokens page and every reason dialog.
import { readFileSync } from "node:fs";
import { csvRecordCount } from "../lib/csv.mjs";
import { assertAccessible, eventually, expect } from "../lib/harness.mjs";
import { assertEqual, bulkDialog, drawer, drawerClosed, expectToast, expectUrlParam, fillInstanceForm, pickOption, rows, waitForTableIdle } from "../lib/ui.mjs";

export const name = "auth";
// Streams check their token every second (EVENTS_AUTH_RECHECK), so a revocation closes them fast.
export const server = { env: { AUTH: "token", EVENTS_AUTH_RECHECK: "1s" }, tokens: [{ name: "e2e-admin", role: "admin" }] };

const EDIT_REASON = "INC-42: scale up for the e2e launch";
const DELETE_REASON = "Ersetzt durch auth-c — nicht mehr gebraucht";
const BULK_REASON = "drain gpu-auth for maintenance";

const signInHeading = (page) => page.getByRole("heading", { name: "Sign in to IIMS", level: 1 });
const whoAmI = (page) => page.getByTestId("who-am-i");
const totalText = (page) => page.getByTestId("history-total").innerText();

async function settle(page) {
  await page.mouse.move(0, 0);
  await page.waitForTimeout(250); // antd's motion: axe must see the final colours
}

async function signIn(page, secret) {
  await signInHeading(page).waitFor();
  await page.getByLabel("API token", { exact: true }).fill(secret);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

async function expectTotal(page, n) {
  const want = `${n} matching change${n === 1 ? "" : "s"}`;
  await eventually(async () => (await totalText(page)).startsWith(want), `history total should be "${want}"`);
  await eventually(async () => (await rows(page).count()) === n, `${n} rows shown`);
}

/** Adds a value to an antd tags Select (free text) by typing it and pressing Enter. */
async function typeTag(page, label, value) {
  const box = page.getByRole("combobox", { name: label, exact: true });
  await box.click();
  await box.fill(value);
  await box.press("Enter");
  await page.keyboard.press("Escape");
}

export async function register(g, env) {
  const { baseUrl } = env;
  const admin = env.apiAs(env.secrets["e2e-admin"]);
  const secrets = {};
  const ids = {};
  let editorPage;
  let adminPage;
  let tempSecret;

  g.step("seed: the admin makes an editor and a viewer token through the API", async () => {
    for (const [tokenName, role] of [["e2e-editor", "editor"], ["e2e-viewer", "viewer"]]) {
      const res = await admin.call("POST", "/tokens", { name: tokenName, role });
      assertEqual(res.status, 201, `make ${tokenName}`);
      secrets[tokenName] = res.json.secret;
    }
    for (const name of ["auth-a", "auth-b", "auth-c", "auth-d"]) ids[name] = (await admin.create({ name, cluster_name: "gpu-auth", replicas: 1 })).id;
  });

  g.step("while /me loads a status says so; the sign-in screen asks for a token and shows the server's refusal (axe on all three)", async () => {
    editorPage = await env.newPage();
    // Hold /me back, so the loading state stays on screen for axe.
    let release = () => {};
    const held = new Promise((resolve) => (release = resolve));
    await editorPage.route("**/api/me", async (route) => {
      await held;
      await route.continue();
    });
    await editorPage.goto(`${baseUrl}/instances`);
    await editorPage.getByRole("status").filter({ hasText: "Loading IIMS…" }).waitFor();
    await assertAccessible(editorPage, "loading screen");
    // Released, the route lets every later /me through at once (unrouting while a held request is
    // still being handled races with playwright's own fallback).
    release();
    await signInHeading(editorPage).waitFor();
    const input = editorPage.getByLabel("API token", { exact: true });
    assertEqual(await input.getAttribute("type"), "password", "the token field is a password field");
    await editorPage.getByText("iims token create --name NAME --role admin").waitFor();
    await settle(editorPage);
    await env.shot(editorPage, "sign-in");
    await assertAccessible(editorPage, "sign-in screen");
    await signIn(editorPage, `iims_${"x".repeat(43)}`);
    await editorPage.locator(".ant-form-item-explain").getByText("unknown token").waitFor();
    await settle(editorPage);
    await assertAccessible(editorPage, "sign-in screen with a refused token");
  });

  g.step("an editor signs in: the header says who they are; the token stays in session storage, out of the URL", async () => {
    await signIn(editorPage, secrets["e2e-editor"]);
    await waitForTableIdle(editorPage);
    await eventually(async () => /e2e-editor\s*editor/.test(await whoAmI(editorPage).innerText()), "header shows actor and role");
    await whoAmI(editorPage).getByRole("button", { name: "Sign out" }).waitFor();
    const stored = await editorPage.evaluate(() => ({ session: sessionStorage.getItem("iims.token"), local: JSON.stringify(localStorage) }));
    assertEqual(stored.session, secrets["e2e-editor"], "token in session storage");
    expect(!stored.local.includes("iims_"), "nothing in local storage");
    expect(!editorPage.url().includes("iims_"), `token not in the URL: ${editorPage.url()}`);
    // The event stream accepted the token offered as a subprotocol.
    await editorPage.getByRole("status", { name: "Live updates: Live" }).waitFor();
  });

  g.step("an edit with a reason shows who · via · why on the instance's timeline", async () => {
    await editorPage.getByRole("button", { name: "Edit auth-a" }).click();
    await drawer(editorPage).waitFor();
    await fillInstanceForm(editorPage, { Replicas: 3, "Reason (optional)": EDIT_REASON });
    await drawer(editorPage).getByText(`${EDIT_REASON.length} / 500`).waitFor();
    await settle(editorPage);
    await assertAccessible(editorPage, "edit drawer with a reason", ".ant-drawer-open");
    await drawer(editorPage).getByRole("button", { name: "Save", exact: true }).click();
    await expectToast(editorPage, "Saved “auth-a”");
    await drawerClosed(editorPage);
    const [record] = (await admin.call("GET", `/instances/${ids["auth-a"]}/history?limit=1`)).json.items;
    assertEqual([record.actor, record.via, record.reason], ["e2e-editor", "web", EDIT_REASON], "provenance of the record");

    await editorPage.goto(`${baseUrl}/instances/${ids["auth-a"]}`);
    const newest = editorPage.getByRole("list", { name: /History/ }).getByRole("listitem").first();
    await eventually(async () => (await newest.innerText()).includes(EDIT_REASON), "newest timeline entry shows the reason");
    const text = await newest.innerText();
    expect(text.includes("e2e-editor") && text.includes("via web"), `timeline entry shows who and via: ${text}`);
    await env.shot(editorPage, "timeline-provenance");
  });

  g.step("a delete asks why (sent as an encoded header) and its dialog is accessible", async () => {
    await editorPage.goto(`${baseUrl}/instances?sort=name`);
    await waitForTableIdle(editorPage);
    await editorPage.getByRole("button", { name: "Delete auth-b" }).click();
    const dialog = editorPage.getByRole("dialog", { name: "Delete instance “auth-b”?" });
    await dialog.getByLabel("Reason (optional)").fill(DELETE_REASON);
    await settle(editorPage);
    await assertAccessible(editorPage, "delete dialog with a reason", ".ant-modal-wrap");
    await dialog.getByRole("button", { name: "Delete", exact: true }).click();
    await expectToast(editorPage, "Deleted “auth-b”");
    const [record] = (await admin.call("GET", `/history?instance_id=${ids["auth-b"]}&operation_type=delete`)).json.items;
    assertEqual([record.actor, record.reason], ["e2e-editor", DELETE_REASON], "the delete's reason, non-ASCII intact");
  });

  g.step("a bulk change carries one reason into every record it writes", async () => {
    await editorPage.getByRole("checkbox", { name: "Select auth-c" }).check();
    await editorPage.getByRole("checkbox", { name: "Select auth-d" }).check();
    await editorPage.getByRole("button", { name: "Set status" }).click();
    await editorPage.getByRole("menuitem", { name: "inactive" }).click();
    const dialog = bulkDialog(editorPage);
    await dialog.getByText("Status: active → inactive").first().waitFor();
    await dialog.getByLabel("Reason (optional)").fill(BULK_REASON);
    await settle(editorPage);
    await assertAccessible(editorPage, "bulk dialog with a reason", ".ant-modal-wrap");
    await dialog.getByRole("button", { name: "Apply to 2" }).click();
    await expectToast(editorPage, "Updated 2 instances");
    const items = (await admin.call("GET", `/history?q=${encodeURIComponent(BULK_REASON)}`)).json.items;
    assertEqual(items.length, 2, "two records found by their reason (q searches reasons)");
    expect(items[0].request_id && items[0].request_id === items[1].request_id, "one request id for the whole bulk change");
  });

  g.step("the fleet feed filters by actor and via, and a clicked request id shows everything that bulk change did", async () => {
    await editorPage.goto(`${baseUrl}/history`);
    await expectTotal(editorPage, 8);
    await typeTag(editorPage, "Actor", "e2e-editor");
    await expectUrlParam(editorPage, "actor", "e2e-editor");
    await expectTotal(editorPage, 4); // the edit, the delete, two bulk records
    await pickOption(editorPage, "Via", "web");
    await expectUrlParam(editorPage, "via", "web");
    await expectTotal(editorPage, 4);
    const row = rows(editorPage).filter({ has: editorPage.getByRole("link", { name: "auth-c", exact: true }) });
    expect((await row.innerText()).includes(BULK_REASON), "the row shows why");
    await settle(editorPage);
    await env.shot(editorPage, "feed-by-actor");
    await assertAccessible(editorPage, "fleet feed filtered by actor and via");
    await row.locator(".request-id a").click();
    await eventually(() => new URL(editorPage.url()).searchParams.has("request_id"), "request id filter in the URL");
    assertEqual(new URL(editorPage.url()).searchParams.getAll("actor"), [], "a request id shows everything it did, whoever");
    await expectTotal(editorPage, 2);
    const names = await rows(editorPage).locator("td a[href^='/instances/']:not([href*='/compare'])").allInnerTexts();
    assertEqual(names.sort(), ["auth-c", "auth-d"], "the bulk change's instances");
    // An export cannot be a plain link with a token: the app fetches it with the token and saves it.
    await editorPage.getByRole("button", { name: "Export the matching history records" }).click();
    const [download] = await Promise.all([editorPage.waitForEvent("download"), editorPage.getByRole("menuitem", { name: "CSV" }).click()]);
    expect(/^iims-history-.*\.csv$/.test(download.suggestedFilename()), `file name ${download.suggestedFilename()}`);
    assertEqual(csvRecordCount(readFileSync(await download.path(), "utf8")), 2, "exported records of the bulk change");
    // Clicking an actor in a row narrows the feed to their changes.
    await rows(editorPage).first().getByRole("link", { name: "e2e-editor", exact: true }).click();
    await expectUrlParam(editorPage, "actor", "e2e-editor");
  });

  g.step("a viewer sees no edit control anywhere", async () => {
    const page = await env.newPage();
    await page.goto(`${baseUrl}/instances?sort=name`);
    await signIn(page, secrets["e2e-viewer"]);
    await waitForTableIdle(page);
    await page.getByRole("link", { name: "auth-a", exact: true }).waitFor();
    await eventually(async () => /e2e-viewer\s*viewer/.test(await whoAmI(page).innerText()), "header shows the viewer");
    const absent = {
      "Create instance": page.getByRole("button", { name: "Create instance" }),
      "row actions": page.getByRole("button", { name: /^(Edit|Delete) auth-/ }),
      "inline editors": page.getByRole("button", { name: /^(Edit replicas of|Status of|Priority of) / }),
      "selection checkboxes": page.locator(".ant-table-selection-column"),
      "API tokens nav": page.getByRole("link", { name: "API tokens" }),
    };
    for (const [what, locator] of Object.entries(absent)) assertEqual(await locator.count(), 0, `${what} for a viewer`);
    await page.keyboard.press("n");
    await page.waitForTimeout(300);
    assertEqual(await page.locator(".ant-drawer-open").count(), 0, "n opens no editor");
    await page.goto(`${baseUrl}/instances/${ids["auth-a"]}`);
    await page.getByRole("heading", { name: "auth-a", level: 1 }).waitFor();
    assertEqual(await page.getByRole("button", { name: /Edit|Delete/ }).count(), 0, "no Edit or Delete on the instance page");
    await settle(page);
    await assertAccessible(page, "instance page for a viewer");
    await page.context().close();
  });

  g.step("an admin makes a token on Settings → API tokens; the secret is shown once", async () => {
    adminPage = await env.newPage();
    await adminPage.goto(`${baseUrl}/`);
    await signIn(adminPage, env.secrets["e2e-admin"]);
    // The list held back: the page while it loads must be accessible too.
    let release = () => {};
    const held = new Promise((resolve) => (release = resolve));
    await adminPage.route("**/api/tokens", async (route) => {
      await held;
      await route.continue();
    });
    await adminPage.getByRole("link", { name: "API tokens" }).click();
    await adminPage.getByRole("heading", { name: "API tokens", level: 1 }).waitFor();
    await adminPage.locator(".ant-table-wrapper .ant-spin-spinning").waitFor();
    await assertAccessible(adminPage, "tokens page while loading");
    release(); // (and later requests pass at once: see the first step)
    const table = adminPage.getByRole("table", { name: "API tokens" });
    await table.getByRole("cell", { name: "e2e-viewer", exact: true }).waitFor();
    await settle(adminPage);
    await env.shot(adminPage, "tokens");
    await assertAccessible(adminPage, "tokens page");
    await adminPage.getByLabel("Name", { exact: true }).fill("e2e-temp");
    // (The form's Select is labelled by its <label>, so it is found by its field id.)
    await adminPage.locator(".ant-select:has(#role)").click();
    await adminPage.locator('.ant-select-dropdown .ant-select-item-option[title^="editor:"]:visible').click();
    await adminPage.getByRole("button", { name: "Create token" }).click();
    const dialog = adminPage.getByRole("dialog", { name: "Token “e2e-temp” made" });
    await dialog.getByText("Copy the secret now: you will not see it again.").waitFor();
    tempSecret = await dialog.getByLabel("Secret", { exact: true }).inputValue();
    expect(/^iims_[A-Za-z0-9_-]{43}$/.test(tempSecret), `a secret is shown: ${tempSecret.slice(0, 8)}…`);
    await dialog.getByRole("button", { name: "Copy secret" }).waitFor();
    await settle(adminPage);
    await env.shot(adminPage, "token-secret");
    await assertAccessible(adminPage, "new token's secret dialog", ".ant-modal-wrap");
    await dialog.getByRole("button", { name: "Done" }).click();
    await eventually(async () => (await dialog.count()) === 0, "secret dialog closed");
    expect(!(await adminPage.content()).includes(tempSecret), "the secret is gone from the page");
    await table.getByRole("cell", { name: "e2e-temp", exact: true }).waitFor();
    const me = await env.apiAs(tempSecret).call("GET", "/me");
    assertEqual([me.status, me.json.actor, me.json.role], [200, "e2e-temp", "editor"], "the new token works");
    // The same name again: the server's 409 at the Name field.
    await adminPage.getByLabel("Name", { exact: true }).fill("e2e-temp");
    await adminPage.getByRole("button", { name: "Create token" }).click();
    await adminPage.locator(".ant-form-item-explain").getByText(/already exists/).waitFor();
  });

  g.step("revoking a token (after a confirmation) signs out a tab using it, with the server's reason", async () => {
    const tab = await env.newPage();
    await tab.goto(`${baseUrl}/instances`);
    await signIn(tab, tempSecret);
    await waitForTableIdle(tab);
    await tab.getByRole("status", { name: "Live updates: Live" }).waitFor();
    await adminPage.getByRole("button", { name: "Revoke e2e-temp" }).click();
    const confirm = adminPage.getByRole("dialog", { name: "Revoke token “e2e-temp”?" });
    await confirm.waitFor();
    await settle(adminPage);
    await assertAccessible(adminPage, "revoke confirmation", ".ant-modal-wrap");
    await confirm.getByRole("button", { name: "Revoke", exact: true }).click();
    await expectToast(adminPage, "Revoked “e2e-temp”");
    const row = adminPage.getByRole("row").filter({ hasText: "e2e-temp" });
    await row.locator("[data-state=revoked]").waitFor();
    await settle(adminPage);
    await assertAccessible(adminPage, "tokens page after a revoke");
    // The open stream is closed (1008) within the server's recheck interval, the app asks /me.
    // Within 5 s of the revocation: EVENTS_AUTH_RECHECK=1s reached the server (the default 10 s
    // ticks 6–8 s after it here).
    await signInHeading(tab).waitFor({ timeout: 5_000 });
    await tab.getByText("this token has been revoked").waitFor();
    assertEqual(await tab.evaluate(() => sessionStorage.getItem("iims.token")), null, "the refused token is forgotten");
    await tab.context().close();
  });

  g.step("signing out forgets the token and shows the sign-in screen", async () => {
    await whoAmI(adminPage).getByRole("button", { name: "Sign out" }).click();
    await signInHeading(adminPage).waitFor();
    assertEqual(await adminPage.evaluate(() => sessionStorage.getItem("iims.token")), null, "no token after sign-out");
  });

  g.step("REQUIRE_REASON=true: the drawer marks Reason required and refuses to send without one; inline edits ask", async () => {
    const strict = await env.startServer("reasons", { env: { AUTH: "token", REQUIRE_REASON: "true" }, tokens: [{ name: "e2e-strict", role: "editor" }] });
    const api = env.apiAs(strict.secrets["e2e-strict"], strict.baseUrl);
    const seeded = await api.call("POST", "/instances", { name: "strict-a", model_name: "m", cluster_name: "c", image_tag: "t", reason: "seed" });
    assertEqual(seeded.status, 201, "seed with a reason");
    assertEqual((await api.call("POST", "/instances", { name: "strict-x", model_name: "m", cluster_name: "c", image_tag: "t" })).status, 422, "no reason: 422");
    const page = await env.newPage();
    await page.goto(`${strict.baseUrl}/instances`);
    await signIn(page, strict.secrets["e2e-strict"]);
    await waitForTableIdle(page);
    await page.getByRole("button", { name: "Create instance" }).click();
    await drawer(page).waitFor();
    const reason = drawer(page).getByLabel("Reason", { exact: true });
    assertEqual(await reason.getAttribute("aria-required"), "true", "Reason is required");
    assertEqual(await drawer(page).getByText("(optional)").count(), 0, "not marked optional");
    await fillInstanceForm(page, { Name: "strict-b", "Model name": "m", "Cluster name": "c", "Image tag": "t" });
    await drawer(page).getByRole("button", { name: "Create", exact: true }).click();
    // (`has` is relative to each form item, so it names the field without the drawer around it.)
    const message = drawer(page).locator(".ant-form-item", { has: page.getByLabel("Reason", { exact: true }) }).getByText("Give a reason: this server records why every change is made");
    await message.waitFor();
    await settle(page);
    await env.shot(page, "reason-required");
    await assertAccessible(page, "drawer with a required reason left empty", ".ant-drawer-open");
    assertEqual((await api.call("GET", "/instances?name=strict-b")).json.length, 0, "nothing was sent");
    await reason.fill("e2e: REQUIRE_REASON");
    await drawer(page).getByRole("button", { name: "Create", exact: true }).click();
    await expectToast(page, "Created “strict-b”");
    await drawerClosed(page);

    await page.getByRole("button", { name: /^Status of strict-a: active/ }).click();
    await page.getByRole("menuitem", { name: "pending" }).click();
    const prompt = page.getByRole("dialog", { name: "Why change “strict-a”?" });
    await prompt.getByText("Status: active → pending").waitFor();
    await settle(page);
    await assertAccessible(page, "inline edit's reason prompt", ".ant-modal-wrap");
    await prompt.getByLabel("Reason", { exact: true }).fill("stuck rollout");
    await prompt.getByRole("button", { name: "Save", exact: true }).click();
    await expectToast(page, "Saved “strict-a”");
    const [record] = (await api.call("GET", `/instances/${seeded.json.id}/history?limit=1`)).json.items;
    assertEqual([record.reason, record.via, record.actor], ["stuck rollout", "web", "e2e-strict"], "inline edit's provenance");
  });
}
