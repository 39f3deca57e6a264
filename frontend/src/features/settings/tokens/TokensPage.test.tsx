// Settings → API tokens: the list, making a token (its secret shown once, with a copy button and
// a warning), the server's 409/422 at the field they name, and revoking behind a confirmation.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { ApiToken, TokenCreate } from "../../../api/types";
import { baseServer, json, makeToken, tokenMe } from "../../../test/fakeServer";
import { renderApp } from "../../../test/renderApp";

const SECRET = `iims_${"s".repeat(43)}`;
const mine = makeToken({ id: 1, name: "root-admin", role: "admin", last_used_at: "2026-01-02T00:00:00Z" });
const deployer = makeToken({ id: 2, name: "ci-deployer", role: "editor", expires_at: "2027-06-30T00:00:00Z" });
const gone = makeToken({ id: 3, name: "old-bot", state: "revoked", revoked_at: "2026-01-03T00:00:00Z" });

function server(tokens: ApiToken[]) {
  return baseServer(tokenMe("admin", { actor: "root-admin", token: mine }))
    .on("GET", /^\/tokens$/, () => json(200, tokens))
    .on("POST", /^\/tokens$/, (req) => {
      const body = req.body as TokenCreate;
      if (body.name === "ci-deployer") {
        return json(409, { error: { type: "Conflict", message: 'a token named "ci-deployer" already exists (revoked tokens keep their names)', details: { field: "name" } } });
      }
      const token = makeToken({ id: 9, name: body.name, role: body.role, expires_at: body.expires_at ?? null, created_by: "root-admin" });
      tokens.push(token);
      return json(201, { token, secret: SECRET }, { Location: "/api/tokens/9" });
    })
    .on("DELETE", /^\/tokens\/2$/, () => json(200, { ...deployer, state: "revoked", revoked_at: "2026-02-01T00:00:00Z" }));
}

async function tokenTable() {
  return screen.findByRole("table", { name: "API tokens" });
}

describe("API tokens page", () => {
  it("lists every token, revoked ones included, and marks the one in use", async () => {
    renderApp(server([mine, deployer, gone]), "/settings/tokens", { token: "iims_x" });
    expect(await screen.findByRole("heading", { name: "API tokens", level: 1 })).toBeInTheDocument();
    const table = await tokenTable();
    await within(table).findByText("ci-deployer");
    const headers = within(table).getAllByRole("columnheader").map((th) => th.textContent);
    expect(headers).toEqual(["Name", "Role", "State", "Prefix", "Created by", "Created", "Expires", "Last used", "Actions"]);
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows[0]).toHaveTextContent("root-admin (you)admin");
    expect(rows[1]).toHaveTextContent("iims_Ab2…");
    expect(rows[2]).toHaveTextContent("revoked");
    expect(within(rows[2]!).queryByRole("button")).not.toBeInTheDocument();
  });

  it("says so when there is none yet", async () => {
    renderApp(server([]), "/settings/tokens", { token: "iims_x" });
    expect(await screen.findByText("No API tokens yet: make one above.")).toBeInTheDocument();
  });

  it("makes a token and shows its secret once, with a copy button and a warning", async () => {
    const fake = server([mine]);
    renderApp(fake, "/settings/tokens", { token: "iims_x" });
    const user = userEvent.setup(); // (also gives the page a clipboard the test can read)
    await user.type(await screen.findByLabelText("Name"), "grafana");
    await user.click(screen.getByRole("combobox", { name: "Expires" }));
    await user.click(await screen.findByTitle("Never"));
    await user.click(screen.getByRole("button", { name: "Create token" }));
    const dialog = await screen.findByRole("dialog");
    expect(dialog).toHaveTextContent("Token “grafana” made");
    expect(within(dialog).getByText("Copy the secret now: you will not see it again.")).toBeInTheDocument();
    expect(within(dialog).getByLabelText("Secret")).toHaveValue(SECRET);
    expect(fake.requestsTo("POST", /^\/tokens$/)[0]?.body).toEqual({ name: "grafana", role: "viewer" });
    await user.click(within(dialog).getByRole("button", { name: "Copy secret" }));
    expect(await navigator.clipboard.readText()).toBe(SECRET);
    expect(await within(dialog).findByRole("button", { name: "Copied" })).toBeInTheDocument();
    await user.click(within(dialog).getByRole("button", { name: "Done" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(document.body.innerHTML).not.toContain(SECRET);
    expect(await within(await tokenTable()).findByText("grafana")).toBeInTheDocument();
  });

  it("sends a preset expiry as an instant in the future", async () => {
    const fake = server([mine]);
    renderApp(fake, "/settings/tokens", { token: "iims_x" });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Name"), "ci:nightly");
    await user.click(screen.getByRole("button", { name: "Create token" }));
    await screen.findByRole("dialog");
    const body = fake.requestsTo("POST", /^\/tokens$/)[0]?.body as TokenCreate;
    const days = (Date.parse(body.expires_at ?? "") - Date.now()) / (24 * 3600_000);
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThan(90.1);
  });

  it("shows a taken name (409) and a name the client refuses at the Name field", async () => {
    const fake = server([mine, deployer]);
    renderApp(fake, "/settings/tokens", { token: "iims_x" });
    const user = userEvent.setup();
    const name = await screen.findByLabelText("Name");
    await user.type(name, "bad name");
    await user.click(screen.getByRole("button", { name: "Create token" }));
    const refused = await screen.findByText("Letters, digits and . _ @ : / - only, starting with a letter or digit");
    expect(refused.closest(".ant-form-item")).toContainElement(name);
    expect(fake.requestsTo("POST", /^\/tokens$/)).toHaveLength(0);
    await user.clear(name);
    await user.type(name, "ci-deployer");
    await user.click(screen.getByRole("button", { name: "Create token" }));
    const taken = await screen.findByText('a token named "ci-deployer" already exists (revoked tokens keep their names)');
    expect(taken.closest(".ant-form-item")).toContainElement(name);
  });

  it("revokes a token after a confirmation", async () => {
    const fake = server([mine, deployer]);
    renderApp(fake, "/settings/tokens", { token: "iims_x" });
    const user = userEvent.setup();
    const table = await tokenTable();
    await user.click(await within(table).findByRole("button", { name: "Revoke ci-deployer" }));
    const confirm = await screen.findByRole("dialog");
    expect(confirm).toHaveTextContent("Revoke token “ci-deployer”?");
    await user.click(within(confirm).getByRole("button", { name: "Revoke" }));
    await screen.findByText("Revoked “ci-deployer”");
    expect(fake.requestsTo("DELETE", /^\/tokens\/2$/)).toHaveLength(1);
  });

  it("warns before an admin revokes the token they are signed in with", async () => {
    renderApp(server([mine]), "/settings/tokens", { token: "iims_x" });
    const user = userEvent.setup();
    await user.click(await within(await tokenTable()).findByRole("button", { name: "Revoke root-admin" }));
    expect(await screen.findByText("This is the token you are signed in with: you will be signed out.")).toBeInTheDocument();
  });
});
