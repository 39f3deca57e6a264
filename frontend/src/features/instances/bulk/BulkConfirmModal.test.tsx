// Bulk changes act on the explicit selection: a dry run previews each instance's change, then
// the same request is applied with the versions the user saw (a stale one fails with 412).
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { BulkRequest } from "../../../api/types";
import { baseServer, json, makeInstance } from "../../../test/fakeServer";
import { renderApp } from "../../../test/renderApp";

const a = makeInstance({ id: 1, name: "bulk-a", status: "active", version: 2 });
const b = makeInstance({ id: 2, name: "bulk-b", status: "inactive", version: 5 });
const c = makeInstance({ id: 3, name: "bulk-c", status: "active", version: 1 });

function bulkServer(onApply: (body: BulkRequest) => Response) {
  return baseServer()
    .on("GET", /^\/instances$/, () => json(200, [a, b, c], { "X-Total-Count": "3" }))
    .on("POST", /^\/instances\/bulk$/, (req) => {
      const body = req.body as BulkRequest;
      if (!body.dry_run) return onApply(body);
      return json(200, {
        action: "update",
        dry_run: true,
        changed_count: 1,
        unchanged_count: 1,
        items: [
          { id: 1, name: "bulk-a", changed: true, changes: { status: { old: "active", new: "inactive" } } },
          { id: 2, name: "bulk-b", changed: false, changes: {} },
        ],
      });
    });
}

async function selectAndSetInactive() {
  const user = userEvent.setup();
  await user.click(await screen.findByRole("checkbox", { name: "Select bulk-a" }));
  await user.click(screen.getByRole("checkbox", { name: "Select bulk-b" }));
  expect(screen.getByText("2 selected")).toBeInTheDocument();
  await user.click(screen.getByRole("button", { name: /Set status/ }));
  await user.click(await screen.findByRole("menuitem", { name: "inactive" }));
  const modal = (await screen.findByText("Set status to inactive: 2 instances")).closest(".ant-modal") as HTMLElement;
  return { user, modal };
}

describe("bulk status change", () => {
  it("previews with dry_run on exactly the selected ids and their versions", async () => {
    const server = bulkServer(() => json(500, {}));
    renderApp(server, "/instances");
    const { modal } = await selectAndSetInactive();
    expect(await within(modal).findByText("Status: active → inactive")).toBeInTheDocument();
    expect(within(modal).getByText("already set — no change")).toBeInTheDocument();
    const [preview] = server.requestsTo("POST", /^\/instances\/bulk$/);
    expect(preview?.body).toEqual({ action: "update", ids: [1, 2], patch: { status: "inactive" }, versions: { "1": 2, "2": 5 }, dry_run: true });
  });

  it("applies the previewed request for real and clears the selection", async () => {
    const server = bulkServer((body) =>
      json(200, { action: "update", dry_run: false, changed_count: 1, unchanged_count: 1, items: body.ids.map((id) => ({ id, name: `x${id}`, changed: id === 1, changes: {} })) }),
    );
    renderApp(server, "/instances");
    const { user, modal } = await selectAndSetInactive();
    await user.click(await within(modal).findByRole("button", { name: "Apply to 1" }));
    await screen.findByText("Updated 1 instance (1 already set)");
    const apply = server.requestsTo("POST", /^\/instances\/bulk$/)[1];
    expect(apply?.body).toEqual({ action: "update", ids: [1, 2], patch: { status: "inactive" }, versions: { "1": 2, "2": 5 }, dry_run: false });
    await waitFor(() => expect(screen.queryByText("2 selected")).not.toBeInTheDocument());
  });

  it("reports a stale selection (412) and says nothing was changed", async () => {
    const server = bulkServer(() =>
      json(412, { error: { type: "PreconditionFailed", message: "instance 2 has changed since version 5", details: { current_version: 6 } } }),
    );
    renderApp(server, "/instances");
    const { user, modal } = await selectAndSetInactive();
    await user.click(await within(modal).findByRole("button", { name: "Apply to 1" }));
    expect(await within(modal).findByText("Nothing was changed")).toBeInTheDocument();
    expect(within(modal).getByText("instance 2 has changed since version 5")).toBeInTheDocument();
    // The table is refetched so the user sees the current state.
    await waitFor(() => expect(server.requestsTo("GET", /^\/instances$/).length).toBeGreaterThan(1));
  });

  it("after a stale preview (412) the user can take the current versions and preview again", async () => {
    let bNow = b;
    const server = baseServer()
      .on("GET", /^\/instances$/, () => json(200, [a, bNow, c], { "X-Total-Count": "3" }))
      .on("POST", /^\/instances\/bulk$/, (req) => {
        const body = req.body as BulkRequest;
        if (body.versions?.["2"] !== bNow.version) {
          return json(412, { error: { type: "PreconditionFailed", message: "instance 2 has changed since version 5", details: { current_version: bNow.version } } });
        }
        return json(200, { action: "update", dry_run: true, changed_count: 2, unchanged_count: 0, items: [
          { id: 1, name: "bulk-a", changed: true, changes: { status: { old: "active", new: "inactive" } } },
          { id: 2, name: "bulk-b", changed: true, changes: { status: { old: "error", new: "inactive" } } },
        ] });
      });
    renderApp(server, "/instances");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("checkbox", { name: "Select bulk-a" }));
    await user.click(screen.getByRole("checkbox", { name: "Select bulk-b" }));
    bNow = { ...b, status: "error", version: 6 }; // someone else changes bulk-b meanwhile
    await user.click(screen.getByRole("button", { name: /Set status/ }));
    await user.click(await screen.findByRole("menuitem", { name: "inactive" }));
    const modal = (await screen.findByText("Set status to inactive: 2 instances")).closest(".ant-modal") as HTMLElement;
    expect(await within(modal).findByText("Some selected instances changed since you selected them")).toBeInTheDocument();
    // The table is refetched (bulk-b now at version 6); the user chooses to apply on top of it.
    await waitFor(() => expect(server.requestsTo("GET", /^\/instances$/).length).toBeGreaterThan(1));
    await user.click(within(modal).getByRole("button", { name: "Use current versions and preview again" }));
    expect(await within(modal).findByText("Status: error → inactive")).toBeInTheDocument();
    const previews = server.requestsTo("POST", /^\/instances\/bulk$/);
    expect(previews.at(-1)?.body).toMatchObject({ ids: [1, 2], versions: { "1": 2, "2": 6 }, dry_run: true });
  });
});
