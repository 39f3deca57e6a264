// Every write dialog asks why: optional or required as the server says (GET /me). The reason goes
// in the body (create, update, bulk) or the X-Change-Reason header (delete), every write says
// X-IIMS-Via: web, a server 422 about the reason lands at the field, and a resubmission after a
// conflict keeps the reason. Inline edits ask only when the server requires a reason.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { BulkRequest, Me } from "../../../api/types";
import { anonymousAdmin, baseServer, json, makeInstance } from "../../../test/fakeServer";
import { renderApp } from "../../../test/renderApp";

const requiring: Me = { ...anonymousAdmin, require_reason: true };
const row = makeInstance({ id: 3, name: "why-3", replicas: 2, version: 4 });
const reasonRequired422 = (field: string, where: "body" | "header") =>
  json(422, {
    error: {
      type: "ValidationError",
      message: "request validation failed: 1 error",
      details: { errors: [{ in: where, field, message: "is required: this server records why every change is made (REQUIRE_REASON)" }] },
    },
  });

function server(me: Me = anonymousAdmin) {
  return baseServer(me)
    .on("GET", /^\/instances$/, () => json(200, [row], { "X-Total-Count": "1" }))
    .on("GET", /^\/instances\/3$/, () => json(200, row, { ETag: '"4"' }));
}

async function openEdit(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole("button", { name: "Edit why-3" }));
  return screen.findByRole("dialog");
}

describe("reason in the create/edit drawer", () => {
  it("is optional by default, and sent in the body with via=web", async () => {
    const fake = server().on("PUT", /^\/instances\/3$/, (req) => json(200, { ...row, ...(req.body as object), version: 5 }));
    renderApp(fake, "/instances");
    const user = userEvent.setup();
    const drawer = await openEdit(user);
    const reason = within(drawer).getByLabelText("Reason (optional)");
    expect(reason).not.toBeRequired();
    expect(within(drawer).getByText("0 / 500")).toBeInTheDocument();
    await user.clear(within(drawer).getByLabelText("Replicas"));
    await user.type(within(drawer).getByLabelText("Replicas"), "6");
    await user.type(reason, "INC-7: más réplicas");
    expect(within(drawer).getByText("19 / 500")).toBeInTheDocument();
    await user.click(within(drawer).getByRole("button", { name: "Save" }));
    await screen.findByText("Saved “why-3”");
    const [put] = fake.requestsTo("PUT", /^\/instances\/3$/);
    expect(put?.body).toEqual({ replicas: 6, reason: "INC-7: más réplicas" });
    expect(put?.headers.get("X-IIMS-Via")).toBe("web");
  });

  it("when the server requires one, is marked required and refuses to send without it", async () => {
    const fake = server(requiring);
    renderApp(fake, "/instances");
    const user = userEvent.setup();
    const drawer = await openEdit(user);
    const reason = within(drawer).getByLabelText("Reason");
    expect(reason).toHaveAttribute("aria-required", "true");
    await user.type(within(drawer).getByLabelText("Model version"), "-2");
    await user.click(within(drawer).getByRole("button", { name: "Save" }));
    const message = await within(drawer).findByText("Give a reason: this server records why every change is made");
    expect(message.closest(".ant-form-item")).toContainElement(reason);
    expect(fake.requestsTo("PUT", /^\/instances\/3$/)).toHaveLength(0);
  });

  it("shows the server's 422 about the reason at the field", async () => {
    const fake = server().on("POST", /^\/instances$/, () => reasonRequired422("reason", "body"));
    renderApp(fake, "/instances");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Create instance" }));
    const drawer = await screen.findByRole("dialog");
    for (const [label, value] of [["Name", "n"], ["Model name", "m"], ["Cluster name", "c"], ["Image tag", "t"]] as const) {
      await user.type(within(drawer).getByLabelText(label), value);
    }
    await user.click(within(drawer).getByRole("button", { name: "Create" }));
    const message = await within(drawer).findByText(/is required: this server records why/);
    expect(message.closest(".ant-form-item")).toContainElement(within(drawer).getByLabelText("Reason (optional)"));
  });

  it("keeps the reason when a conflict (412) is resolved by overwriting", async () => {
    const theirs = { ...row, status: "error" as const, version: 5 };
    const fake = server()
      .on("GET", /^\/instances\/3$/, () => json(200, theirs, { ETag: '"5"' }))
      .on("PUT", /^\/instances\/3$/, (req) =>
        req.headers.get("If-Match") === '"5"'
          ? json(200, { ...theirs, ...(req.body as object), version: 6 })
          : json(412, { error: { type: "PreconditionFailed", message: "changed", details: { current_version: 5 } } }),
      );
    renderApp(fake, "/instances");
    const user = userEvent.setup();
    const drawer = await openEdit(user);
    await user.clear(within(drawer).getByLabelText("Replicas"));
    await user.type(within(drawer).getByLabelText("Replicas"), "9");
    await user.type(within(drawer).getByLabelText("Reason (optional)"), "load test");
    await user.click(within(drawer).getByRole("button", { name: "Save" }));
    const conflict = (await screen.findByText("“why-3” was changed by someone else")).closest(".ant-modal") as HTMLElement;
    expect(within(conflict).getByText("load test")).toBeInTheDocument();
    await within(conflict).findByText("You edited version 4; the server now has version 5.");
    await user.click(within(conflict).getByRole("button", { name: "Overwrite with my changes" }));
    await screen.findByText("Saved “why-3” over the newer version");
    const puts = fake.requestsTo("PUT", /^\/instances\/3$/);
    expect(puts.map((put) => put.body)).toEqual([{ replicas: 9, reason: "load test" }, { replicas: 9, reason: "load test" }]);
  });
});

describe("reason when deleting", () => {
  it("travels in the X-Change-Reason header, encoded when it is not plain ASCII", async () => {
    const fake = server().on("DELETE", /^\/instances\/3$/, () => json(200, { message: "Instance deleted successfully" }));
    renderApp(fake, "/instances");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Delete why-3" }));
    const dialog = await screen.findByRole("dialog");
    expect(dialog).toHaveTextContent("Delete instance “why-3”?");
    await user.type(within(dialog).getByLabelText("Reason (optional)"), "décommissionné");
    await user.click(within(dialog).getByRole("button", { name: "Delete" }));
    await screen.findByText("Deleted “why-3”");
    const [request] = fake.requestsTo("DELETE", /^\/instances\/3$/);
    expect(request?.headers.get("X-Change-Reason")).toBe("UTF-8''d%C3%A9commissionn%C3%A9");
    expect(request?.headers.get("X-IIMS-Via")).toBe("web");
    expect(request?.headers.get("If-Match")).toBe('"4"');
  });

  it("shows the server's 422 about the reason header at the field and keeps the dialog open", async () => {
    const fake = server().on("DELETE", /^\/instances\/3$/, () => reasonRequired422("X-Change-Reason", "header"));
    renderApp(fake, "/instances");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Delete why-3" }));
    const dialog = await screen.findByRole("dialog");
    await user.click(within(dialog).getByRole("button", { name: "Delete" }));
    const message = await within(dialog).findByText(/is required: this server records why/);
    const reason = within(dialog).getByLabelText("Reason (optional)");
    expect(reason).toHaveAttribute("aria-invalid", "true");
    expect(reason).toHaveAccessibleDescription(message.textContent ?? "");
  });
});

describe("reason in a bulk change", () => {
  it("is sent once with the real request (not the dry run), and required when the server says so", async () => {
    const fake = server(requiring).on("POST", /^\/instances\/bulk$/, (req) => {
      const body = req.body as BulkRequest;
      return json(200, { action: "update", dry_run: body.dry_run, changed_count: 1, unchanged_count: 0, items: [{ id: 3, name: "why-3", changed: true, changes: { status: { old: "active", new: "inactive" } } }] });
    });
    renderApp(fake, "/instances");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("checkbox", { name: "Select why-3" }));
    await user.click(screen.getByRole("button", { name: /Set status/ }));
    await user.click(await screen.findByRole("menuitem", { name: "inactive" }));
    const modal = (await screen.findByText("Set status to inactive: 1 instance")).closest(".ant-modal") as HTMLElement;
    const apply = await within(modal).findByRole("button", { name: "Apply to 1" });
    await user.click(apply);
    expect(await within(modal).findByText("Give a reason: this server records why every change is made")).toBeInTheDocument();
    expect(fake.requestsTo("POST", /^\/instances\/bulk$/)).toHaveLength(1);
    await user.type(within(modal).getByLabelText("Reason"), "INC-4711: drain");
    await user.click(apply);
    await screen.findByText("Updated 1 instance");
    const [preview, real] = fake.requestsTo("POST", /^\/instances\/bulk$/).map((r) => r.body as BulkRequest);
    expect(preview?.reason).toBeUndefined();
    expect(real).toMatchObject({ dry_run: false, reason: "INC-4711: drain" });
  });
});

describe("reason for an inline edit", () => {
  it("is not asked for when optional", async () => {
    const fake = server().on("PUT", /^\/instances\/3$/, (req) => json(200, { ...row, ...(req.body as object), version: 5 }));
    renderApp(fake, "/instances");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: /^Status of why-3/ }));
    await user.click(await screen.findByRole("menuitem", { name: "pending" }));
    await waitFor(() => expect(fake.requestsTo("PUT", /^\/instances\/3$/)).toHaveLength(1));
    expect(fake.requestsTo("PUT", /^\/instances\/3$/)[0]?.body).toEqual({ status: "pending" });
  });

  it("is asked for before sending when the server requires one; cancelling sends nothing", async () => {
    const fake = server(requiring).on("PUT", /^\/instances\/3$/, (req) => json(200, { ...row, ...(req.body as object), version: 5 }));
    renderApp(fake, "/instances");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: /^Status of why-3/ }));
    await user.click(await screen.findByRole("menuitem", { name: "pending" }));
    let prompt = await screen.findByRole("dialog");
    expect(prompt).toHaveTextContent("Why change “why-3”?");
    expect(prompt).toHaveTextContent("Status: active → pending");
    await user.click(within(prompt).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(fake.requestsTo("PUT", /^\/instances\/3$/)).toHaveLength(0);

    await user.click(screen.getByRole("button", { name: /^Status of why-3/ }));
    await user.click(await screen.findByRole("menuitem", { name: "pending" }));
    prompt = await screen.findByRole("dialog");
    await user.click(within(prompt).getByRole("button", { name: "Save" }));
    expect(await within(prompt).findByText("Give a reason: this server records why every change is made")).toBeInTheDocument();
    await user.type(within(prompt).getByLabelText("Reason"), "stuck rollout");
    await user.click(within(prompt).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(fake.requestsTo("PUT", /^\/instances\/3$/)).toHaveLength(1));
    expect(fake.requestsTo("PUT", /^\/instances\/3$/)[0]?.body).toEqual({ status: "pending", reason: "stuck rollout" });
  });
});
