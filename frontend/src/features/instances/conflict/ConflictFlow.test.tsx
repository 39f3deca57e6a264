// Editing with If-Match: a 412 opens the conflict dialog showing what changed meanwhile; the user
// either overwrites deliberately (with the new ETag, sending only their own change) or reloads.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { baseServer, json, makeInstance } from "../../../test/fakeServer";
import { renderApp } from "../../../test/renderApp";

const opened = makeInstance({ id: 42, name: "llama-conflict", replicas: 2, status: "active", version: 3 });
const theirs = { ...opened, status: "error" as const, version: 4 };

function serverWithConflict() {
  let putCount = 0;
  const server = baseServer()
    .on("GET", /^\/instances$/, () => json(200, [opened], { "X-Total-Count": "1" }))
    .on("GET", /^\/instances\/42$/, () => json(200, theirs, { ETag: '"4"' }))
    .on("PUT", /^\/instances\/42$/, (req) => {
      putCount += 1;
      if (req.headers.get("If-Match") !== '"4"') {
        return json(412, {
          error: { type: "PreconditionFailed", message: 'instance 42 has changed since version "3" (now "4")', details: { current_etag: '"4"', current_version: 4 } },
        });
      }
      return json(200, { ...theirs, ...(req.body as object), version: 5 });
    });
  return { server, puts: () => putCount };
}

async function editReplicasTo(value: string) {
  const user = userEvent.setup();
  await user.click(await screen.findByRole("button", { name: "Edit llama-conflict" }));
  const drawer = await screen.findByRole("dialog");
  const replicas = within(drawer).getByLabelText("Replicas");
  await user.clear(replicas);
  await user.type(replicas, value);
  await user.click(within(drawer).getByRole("button", { name: "Save" }));
  const conflict = await screen.findByText("“llama-conflict” was changed by someone else");
  return { user, drawer, conflict: conflict.closest(".ant-modal") as HTMLElement };
}

describe("conflict on save (412)", () => {
  it("sends If-Match with the version the user opened, then shows what changed meanwhile", async () => {
    const { server } = serverWithConflict();
    renderApp(server, "/instances");
    const { conflict } = await editReplicasTo("5");
    const [put] = server.requestsTo("PUT", /^\/instances\/42$/);
    expect(put?.headers.get("If-Match")).toBe('"3"');
    expect(put?.body).toEqual({ replicas: 5 });
    expect(await within(conflict).findByText("You edited version 3; the server now has version 4.")).toBeInTheDocument();
    const statusRow = within(conflict).getByText("Status").closest("tr") as HTMLElement;
    expect(statusRow).toHaveTextContent("active");
    expect(statusRow).toHaveTextContent("error");
    expect(statusRow).toHaveTextContent("(unchanged)");
    const replicasRow = within(conflict).getByText("Replicas").closest("tr") as HTMLElement;
    expect(replicasRow).toHaveTextContent("5");
  });

  it("overwrite resends only the user's change with the current ETag", async () => {
    const { server, puts } = serverWithConflict();
    renderApp(server, "/instances");
    const { user, conflict } = await editReplicasTo("6");
    await within(conflict).findByText("You edited version 3; the server now has version 4.");
    await user.click(within(conflict).getByRole("button", { name: "Overwrite with my changes" }));
    await screen.findByText("Saved “llama-conflict” over the newer version");
    expect(puts()).toBe(2);
    const second = server.requestsTo("PUT", /^\/instances\/42$/)[1];
    expect(second?.headers.get("If-Match")).toBe('"4"');
    expect(second?.body).toEqual({ replicas: 6 });
  });

  it("reload discards the user's change and shows the current values in the form", async () => {
    const { server, puts } = serverWithConflict();
    renderApp(server, "/instances");
    const { user, drawer, conflict } = await editReplicasTo("9");
    await within(conflict).findByText("You edited version 3; the server now has version 4.");
    await user.click(within(conflict).getByRole("button", { name: "Reload latest (discard mine)" }));
    await waitFor(() => expect(within(drawer).getByLabelText("Replicas")).toHaveValue("2"));
    expect(within(drawer).getByText("Editing version 4")).toBeInTheDocument();
    expect(puts()).toBe(1);
  });
});
