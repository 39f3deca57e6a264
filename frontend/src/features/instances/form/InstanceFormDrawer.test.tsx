// The create form: client-side rules derived from the spec, and server 422/409 answers mapped
// onto the right fields. Requests go through the real client to a fake server.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { baseServer, json, makeInstance } from "../../../test/fakeServer";
import { renderApp } from "../../../test/renderApp";

async function openCreateForm() {
  const user = userEvent.setup();
  await user.click(await screen.findByRole("button", { name: "Create instance" }));
  // (antd's ids are the constant "test-id" under NODE_ENV=test, so dialogs are found by their
  // content here; the e2e run checks their accessible names in a real browser.)
  const dialog = await screen.findByRole("dialog");
  expect(dialog).toHaveTextContent("New instance");
  return { user, dialog };
}

async function fillRequired(user: ReturnType<typeof userEvent.setup>, dialog: HTMLElement, name = "llama-a") {
  await user.type(within(dialog).getByLabelText("Name"), name);
  await user.type(within(dialog).getByLabelText("Model name"), "llama-7b");
  await user.type(within(dialog).getByLabelText("Cluster name"), "gpu-1");
  await user.type(within(dialog).getByLabelText("Image tag"), "llama:7b");
}

describe("create instance form", () => {
  it("labels every field as the issue specifies and pre-fills the spec's defaults", async () => {
    renderApp(baseServer(), "/instances");
    const { dialog } = await openCreateForm();
    for (const label of ["Name", "Model name", "Model version", "Cluster name", "Image tag", "Replicas", "PP", "CP", "TP", "Status", "Priority", "Description"]) {
      expect(within(dialog).getByLabelText(label)).toBeInTheDocument();
    }
    expect(within(dialog).getByLabelText("Model version")).toHaveValue("latest");
    expect(within(dialog).getByLabelText("CP")).toHaveValue("8");
    expect(within(dialog).getByLabelText("Replicas")).toHaveValue("1");
  });

  it("blocks invalid input on the client with messages on the fields, sending nothing", async () => {
    const server = baseServer();
    renderApp(server, "/instances");
    const { user, dialog } = await openCreateForm();
    const replicas = within(dialog).getByLabelText("Replicas");
    await user.clear(replicas);
    await user.type(replicas, "101");
    await user.type(within(dialog).getByLabelText("Model version"), "x".repeat(60));
    await user.click(within(dialog).getByRole("button", { name: "Create" }));
    expect(await within(dialog).findByText("Name is required")).toBeInTheDocument();
    // antd validates each field on its own promise: the messages do not all land in one render.
    expect(await within(dialog).findByText("Replicas must be a whole number from 1 to 100")).toBeInTheDocument();
    expect(await within(dialog).findByText("Model version must be at most 50 characters")).toBeInTheDocument();
    expect(server.requestsTo("POST", /^\/instances$/)).toHaveLength(0);
  });

  it("posts the form and closes on success", async () => {
    const server = baseServer().on("POST", /^\/instances$/, (req) => json(201, makeInstance({ ...(req.body as object), id: 7 })));
    renderApp(server, "/instances");
    const { user, dialog } = await openCreateForm();
    await fillRequired(user, dialog);
    await user.click(within(dialog).getByRole("button", { name: "Create" }));
    await screen.findByText("Created “llama-a”");
    const [post] = server.requestsTo("POST", /^\/instances$/);
    expect(post?.body).toEqual({
      name: "llama-a",
      model_name: "llama-7b",
      model_version: "latest",
      cluster_name: "gpu-1",
      image_tag: "llama:7b",
      replicas: 1,
      pp: 1,
      cp: 8,
      tp: 1,
      status: "active",
      priority: "medium",
    });
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
  });

  it("shows a server 422 on the field it names and keeps the drawer open", async () => {
    const server = baseServer().on("POST", /^\/instances$/, () =>
      json(422, {
        error: {
          type: "ValidationError",
          message: "request validation failed: 1 error",
          details: { errors: [{ in: "body", field: "image_tag", message: "must not contain spaces" }] },
        },
      }),
    );
    renderApp(server, "/instances");
    const { user, dialog } = await openCreateForm();
    await fillRequired(user, dialog);
    await user.click(within(dialog).getByRole("button", { name: "Create" }));
    const message = await within(dialog).findByText("must not contain spaces");
    // The message sits in the Image tag form item, not somewhere generic.
    expect(message.closest(".ant-form-item")).toContainElement(within(dialog).getByLabelText("Image tag"));
    expect(screen.getByRole("dialog")).toHaveTextContent("New instance");
  });

  it("shows a 409 duplicate name on the Name field", async () => {
    const server = baseServer().on("POST", /^\/instances$/, () =>
      json(409, { error: { type: "Conflict", message: 'an instance named "llama-a" already exists', details: { field: "name", existing_id: 1 } } }),
    );
    renderApp(server, "/instances");
    const { user, dialog } = await openCreateForm();
    await fillRequired(user, dialog);
    await user.click(within(dialog).getByRole("button", { name: "Create" }));
    const message = await within(dialog).findByText('an instance named "llama-a" already exists');
    expect(message.closest(".ant-form-item")).toContainElement(within(dialog).getByLabelText("Name"));
  });
});
