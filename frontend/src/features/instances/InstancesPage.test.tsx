// The table's view lives in the URL: the URL drives the API query, and UI changes write back to it.
import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { baseServer, json, makeInstance } from "../../test/fakeServer";
import { currentUrl, renderApp } from "../../test/renderApp";

function listRequests(server: ReturnType<typeof baseServer>) {
  return server.requestsTo("GET", /^\/instances$/).map((r) => r.url.searchParams);
}

describe("instances table ⇄ URL", () => {
  it("a shared link's filters, sort and page become the API query", async () => {
    const server = baseServer().on("GET", /^\/instances$/, () => json(200, [makeInstance({ name: "only-one" })], { "X-Total-Count": "301" }));
    renderApp(server, "/instances?status=error&status=pending&cluster=gpu-a&sort=name&size=20&page=3&q=llama");
    await screen.findByRole("link", { name: "only-one" });
    const params = listRequests(server).at(-1)!;
    expect(params.getAll("status")).toEqual(["error", "pending"]);
    expect(params.getAll("cluster_name")).toEqual(["gpu-a"]);
    expect(params.get("sort")).toBe("name");
    expect(params.get("q")).toBe("llama");
    expect(params.get("skip")).toBe("40");
    expect(params.get("limit")).toBe("20");
    // The total comes from X-Total-Count, not from the page length.
    expect(screen.getByText("41–60 of 301")).toBeInTheDocument();
  });

  it("search is debounced into the URL and the query, and restarts at page 1", async () => {
    const server = baseServer();
    const { router } = renderApp(server, "/instances?page=2");
    const user = userEvent.setup();
    const search = await screen.findByRole("searchbox", { name: "Search instances" });
    await user.type(search, "gpu-2");
    // Typing five characters must not make five requests.
    await waitFor(() => expect(currentUrl(router)).toBe("/instances?q=gpu-2"));
    await waitFor(() => expect(listRequests(server).at(-1)!.get("q")).toBe("gpu-2"));
    const queries = listRequests(server).map((p) => p.get("q"));
    expect(queries.filter((q) => q !== null)).toEqual(["gpu-2"]);
    expect(listRequests(server).at(-1)!.get("skip")).toBe("0");
  });

  it("choosing a filter writes it to the URL", async () => {
    const server = baseServer();
    const { router } = renderApp(server, "/instances");
    const user = userEvent.setup();
    const select = await screen.findByRole("combobox", { name: "Filter by priority" });
    await user.click(select);
    const option = await waitFor(() => {
      const el = document.querySelector<HTMLElement>('.ant-select-item-option[title="critical"]');
      if (!el) throw new Error("option not rendered yet");
      return el;
    });
    await user.click(option);
    await waitFor(() => expect(currentUrl(router)).toBe("/instances?priority=critical"));
    await waitFor(() => expect(listRequests(server).at(-1)!.getAll("priority")).toEqual(["critical"]));
  });

  it("back/forward (URL change from outside) updates the view", async () => {
    const server = baseServer();
    const { router } = renderApp(server, "/instances?status=active");
    await screen.findByRole("searchbox", { name: "Search instances" });
    await act(() => router.navigate("/instances?status=inactive&q=abc"));
    await waitFor(() => expect(listRequests(server).at(-1)!.getAll("status")).toEqual(["inactive"]));
    expect(screen.getByRole("searchbox", { name: "Search instances" })).toHaveValue("abc");
  });

  it("past the last page it links to the real last page instead of showing a clamped pager", async () => {
    const server = baseServer().on("GET", /^\/instances$/, () => json(200, [], { "X-Total-Count": "59" }));
    const { router } = renderApp(server, "/instances?page=9");
    const user = userEvent.setup();
    await user.click(await screen.findByText("Go to page 2"));
    await waitFor(() => expect(currentUrl(router)).toBe("/instances?page=2"));
  });

  it("past the last page shows no pager pretending to be on another page", async () => {
    const server = baseServer().on("GET", /^\/instances$/, () => json(200, [], { "X-Total-Count": "59" }));
    renderApp(server, "/instances?page=9");
    await screen.findByText("This page is past the end.", { exact: false });
    expect(screen.queryByText("51–59 of 59")).not.toBeInTheDocument();
  });
});
