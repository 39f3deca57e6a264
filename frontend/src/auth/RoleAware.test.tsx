// The UI offers only what the caller's role allows: a viewer sees no create button, no edit or
// delete actions, no inline editors, no selection for bulk changes and no shortcut that opens
// the editor; editors do; only admins see Settings → API tokens.
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { baseServer, historyPage, json, makeHistoryRecord, makeInstance, tokenMe } from "../test/fakeServer";
import { renderApp } from "../test/renderApp";

const instance = makeInstance({ id: 4, name: "ro-4", replicas: 2, status: "active", priority: "high" });

function server(role: "viewer" | "editor" | "admin") {
  return baseServer(tokenMe(role))
    .on("GET", /^\/instances$/, () => json(200, [instance], { "X-Total-Count": "1" }))
    .on("GET", /^\/instances\/4$/, () => json(200, instance, { ETag: '"1"' }))
    .on("GET", /^\/instances\/4\/history$/, () => json(200, historyPage([makeHistoryRecord(instance)])));
}

async function openNavigation(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole("button", { name: "Open navigation" }));
  return screen.findByRole("navigation", { name: "Main" });
}

describe("a viewer", () => {
  it("sees the instances without any control that changes them", async () => {
    renderApp(server("viewer"), "/instances", { token: "iims_v" });
    const list = await screen.findByRole("list", { name: "Instances" });
    expect(within(list).getByRole("link", { name: "ro-4" })).toBeInTheDocument();
    expect(within(list).getByText("high")).toBeInTheDocument();
    for (const name of ["Create instance", "Edit ro-4", "Delete ro-4", "Edit replicas of ro-4", /^Status of ro-4/, /^Priority of ro-4/]) {
      expect(screen.queryByRole("button", { name })).not.toBeInTheDocument();
    }
    expect(screen.queryByRole("checkbox", { name: "Select ro-4" })).not.toBeInTheDocument();
  });

  it("gets no Edit or Delete on the instance page, and `n` opens nothing", async () => {
    renderApp(server("viewer"), "/instances/4", { token: "iims_v" });
    expect(await screen.findByRole("heading", { name: "ro-4", level: 1 })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Edit/ })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Delete/ })).not.toBeInTheDocument();
    const user = userEvent.setup();
    await user.keyboard("n");
    // The drawer is loaded lazily: give it the time to appear before saying it did not.
    await expect(screen.findByRole("dialog", {}, { timeout: 500 })).rejects.toThrow();
    await user.keyboard("?");
    const sheet = await screen.findByRole("dialog");
    expect(within(sheet).queryByText("New instance")).not.toBeInTheDocument();
  });

  it("has no Settings section in the navigation, and the tokens page says it is for admins", async () => {
    renderApp(server("viewer"), "/settings/tokens", { token: "iims_v" });
    expect(await screen.findByRole("heading", { name: "Only admins manage API tokens" })).toBeInTheDocument();
    const nav = await openNavigation(userEvent.setup());
    expect(within(nav).queryByRole("link", { name: "API tokens" })).not.toBeInTheDocument();
  });
});

describe("an editor", () => {
  it("gets the create button, row actions, inline editors and selection, but no token settings", async () => {
    renderApp(server("editor"), "/instances", { token: "iims_e" });
    const card = within(await screen.findByRole("list", { name: "Instances" })).getByRole("listitem");
    // (One role query, names read from aria-label: each accessible-name query costs seconds in jsdom.)
    const buttons = within(card)
      .getAllByRole("button")
      .map((button) => button.getAttribute("aria-label"));
    expect(buttons).toEqual(expect.arrayContaining(["Edit ro-4", "Delete ro-4", "Edit replicas of ro-4", "Status of ro-4: active. Change", "Priority of ro-4: high. Change"]));
    expect(within(card).getByRole("checkbox", { name: "Select ro-4" })).toBeInTheDocument();
    expect(within(screen.getByRole("banner")).getByRole("button", { name: "Create instance" })).toBeInTheDocument();
    const nav = await openNavigation(userEvent.setup());
    expect(within(nav).queryByRole("link", { name: "API tokens" })).not.toBeInTheDocument();
  });
});

describe("an admin", () => {
  it("finds Settings → API tokens in the navigation", async () => {
    renderApp(server("admin"), "/", { token: "iims_a" });
    const nav = await openNavigation(userEvent.setup());
    expect(within(nav).getByText("Settings")).toBeInTheDocument();
    expect(within(nav).getByRole("link", { name: "API tokens" })).toHaveAttribute("href", "/settings/tokens");
  });
});
