import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { baseServer, json } from "../test/fakeServer";
import { renderApp } from "../test/renderApp";

describe("connection indicator", () => {
  it("says Connected when /health answers ok", async () => {
    renderApp(baseServer(), "/instances");
    expect(await screen.findByRole("status", { name: "Connection: Connected" })).toBeInTheDocument();
  });

  it("says the database is unavailable on a 503", async () => {
    const server = baseServer().on("GET", /^\/health$/, () =>
      json(503, { status: "unavailable", version: "t", database: { engine: "postgresql", error: "connection refused" } }),
    );
    renderApp(server, "/instances");
    expect(await screen.findByRole("status", { name: "Connection: Database unavailable" })).toBeInTheDocument();
  });

  it("says Offline when the server cannot be reached", async () => {
    const server = baseServer();
    const fetch = server.fetch;
    server.fetch = async (request: Request) => {
      if (new URL(request.url).pathname === "/api/health") throw new TypeError("Failed to fetch");
      return fetch(request);
    };
    renderApp(server, "/instances");
    expect(await screen.findByRole("status", { name: "Connection: Offline" })).toBeInTheDocument();
  });
});
