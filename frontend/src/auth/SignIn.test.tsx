// Signing in with an API token: nothing renders before GET /me; a server that wants tokens gets
// the sign-in screen, a refused token gets the server's reason at the field, an accepted one is
// sent on every request (and offered to the event stream) and kept in session storage only.
// A 401 later (the token was revoked) goes back to the sign-in screen, once.
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Me } from "../api/types";
import { baseServer, bearerOf, json, tokenAuthServer, tokenMe, unauthorized } from "../test/fakeServer";
import { fakeSockets, ready } from "../test/fakeSocket";
import { renderApp } from "../test/renderApp";

const EDITOR_SECRET = `iims_${"e".repeat(43)}`;
const editor = tokenMe("editor", { actor: "ci-editor" });

/** jsdom matches no media query, so the app lays out as on a phone: who you are is in the nav drawer. */
async function whoAmI(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole("button", { name: "Open navigation" }));
  return screen.findByTestId("who-am-i");
}

function signInForm() {
  const heading = screen.getByRole("heading", { name: "Sign in to IIMS", level: 1 });
  const input = screen.getByLabelText("API token");
  return { heading, input, button: screen.getByRole("button", { name: "Sign in" }) };
}

describe("sign-in with an API token", () => {
  it("shows the sign-in screen when the server wants a token, with how to get one", async () => {
    const server = tokenAuthServer(new Map());
    renderApp(server, "/instances");
    expect(await screen.findByRole("heading", { name: "Sign in to IIMS" })).toBeInTheDocument();
    const { input } = signInForm();
    expect(input).toHaveAttribute("type", "password");
    expect(input).toHaveAccessibleName("API token");
    expect(screen.getByText("iims token create --name NAME --role admin")).toBeInTheDocument();
    expect(screen.getByText("authentication required: send an API token (Authorization: Bearer iims_…)")).toBeInTheDocument();
    // Nothing of the app asked the server for data behind the sign-in screen.
    expect(server.requestsTo("GET", /^\/instances$/)).toHaveLength(0);
  });

  it("shows the server's refusal at the field, then signs in and sends the token on every request", async () => {
    const tokens = new Map<string, Me>([[EDITOR_SECRET, editor]]);
    const server = tokenAuthServer(tokens).on("GET", /^\/instances$/, (req) => (bearerOf(req) === EDITOR_SECRET ? json(200, [], { "X-Total-Count": "0" }) : unauthorized()));
    const sockets = fakeSockets();
    const { storage } = renderApp(server, "/instances", { liveSocket: sockets.create });
    const user = userEvent.setup();
    await screen.findByRole("heading", { name: "Sign in to IIMS" });

    await user.type(signInForm().input, "iims_wrong");
    await user.click(signInForm().button);
    const refusal = await screen.findByText("unknown token");
    expect(refusal.closest(".ant-form-item")).toContainElement(screen.getByLabelText("API token"));
    expect(storage.items.size).toBe(0);

    await user.clear(signInForm().input);
    await user.type(signInForm().input, ` ${EDITOR_SECRET} `);
    // (Before sign-in the app may already probe the public /health; from sign-in on, every request
    // carries the token.)
    const signedInFrom = server.requests.length;
    await user.click(signInForm().button);
    expect(await screen.findByRole("heading", { name: "Instances", level: 1 })).toBeInTheDocument();
    const who = await whoAmI(user);
    expect(who).toHaveTextContent("Signed in as ci-editoreditor");
    await waitFor(() => expect(server.requestsTo("GET", /^\/instances$/).length).toBeGreaterThan(0));
    const afterSignIn = server.requests.slice(signedInFrom);
    expect(afterSignIn.some((r) => r.url.pathname.endsWith("/health"))).toBe(true);
    for (const request of afterSignIn) expect(bearerOf(request)).toBe(EDITOR_SECRET);
    expect(storage.items.get("iims.token")).toBe(EDITOR_SECRET);
    // The event stream gets the token as a subprotocol, not in its URL.
    await waitFor(() => expect(sockets.opened.length).toBeGreaterThan(0));
    expect(sockets.latest().protocols).toEqual(["iims", `bearer.${EDITOR_SECRET}`]);
    expect(sockets.latest().url).not.toContain(EDITOR_SECRET);
  });

  it("signs out: forgets the token and shows the sign-in screen", async () => {
    const server = tokenAuthServer(new Map([[EDITOR_SECRET, editor]]));
    const { storage } = renderApp(server, "/", { token: EDITOR_SECRET });
    const user = userEvent.setup();
    await user.click(within(await whoAmI(user)).getByRole("button", { name: "Sign out" }));
    expect(await screen.findByRole("heading", { name: "Sign in to IIMS" })).toBeInTheDocument();
    expect(storage.items.size).toBe(0);
  });

  it("a token refused later (revoked) leads back to sign-in with the server's message, without a loop", async () => {
    const tokens = new Map<string, Me>([[EDITOR_SECRET, editor]]);
    let revoked = false;
    const server = tokenAuthServer(tokens).on("GET", /^\/instances$/, () =>
      revoked ? unauthorized("this token has been revoked") : json(200, [], { "X-Total-Count": "0" }),
    );
    const { router } = renderApp(server, "/instances", { token: EDITOR_SECRET });
    await screen.findByRole("heading", { name: "Instances", level: 1 });
    revoked = true;
    tokens.delete(EDITOR_SECRET);
    await act(() => router.navigate("/instances?q=again"));
    expect(await screen.findByRole("heading", { name: "Sign in to IIMS" })).toBeInTheDocument();
    expect(screen.getByText("You were signed out")).toBeInTheDocument();
    expect(screen.getByText("this token has been revoked")).toBeInTheDocument();
    const meCalls = server.requestsTo("GET", /^\/me$/).length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.requestsTo("GET", /^\/me$/).length).toBe(meCalls);
    expect(meCalls).toBeLessThanOrEqual(3);
  });

  it("a stream closed with 1008 (token revoked) makes the app ask who it is, and sign out on 401", async () => {
    const tokens = new Map<string, Me>([[EDITOR_SECRET, editor]]);
    const sockets = fakeSockets();
    renderApp(tokenAuthServer(tokens), "/", { token: EDITOR_SECRET, liveSocket: sockets.create });
    await screen.findByRole("heading", { name: "Dashboard", level: 1 });
    await waitFor(() => expect(sockets.opened.length).toBeGreaterThan(0));
    act(() => sockets.latest().send(ready(1)));
    tokens.delete(EDITOR_SECRET);
    act(() => sockets.latest().drop(1008, "token revoked"));
    expect(await screen.findByRole("heading", { name: "Sign in to IIMS" })).toBeInTheDocument();
    expect(screen.getByText("unknown token")).toBeInTheDocument();
  });
});

describe("other access modes", () => {
  it("behind an SSO proxy there is no sign-in: the header says who the proxy vouched for", async () => {
    const proxyUser: Me = { actor: "alice", kind: "proxy", role: "editor", email: "alice@example.com", auth_mode: "proxy", require_reason: false };
    renderApp(baseServer(proxyUser), "/");
    const who = await whoAmI(userEvent.setup());
    expect(who).toHaveTextContent("alice");
    expect(who).toHaveAttribute("title", "Signed in through the SSO proxy as alice@example.com");
    expect(within(who).queryByRole("button", { name: "Sign out" })).not.toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "Sign in to IIMS" })).not.toBeInTheDocument();
  });

  it("with access control off everyone is an anonymous admin, and nothing asks for a token", async () => {
    renderApp(baseServer(), "/");
    expect(await whoAmI(userEvent.setup())).toHaveTextContent("anonymous");
    expect(screen.queryByRole("button", { name: "Sign out" })).not.toBeInTheDocument();
  });

  it("says so when the server cannot be reached at start-up, with a retry", async () => {
    const server = baseServer().on("GET", /^\/me$/, () => json(503, { error: { type: "ServiceUnavailable", message: "the database is unavailable; retry shortly" } }));
    renderApp(server, "/");
    expect(await screen.findByRole("heading", { name: "IIMS cannot be reached" })).toBeInTheDocument();
    expect(screen.getByText("the database is unavailable; retry shortly")).toBeInTheDocument();
    server.on("GET", /^\/me$/, () => json(200, tokenMe("viewer")));
    await userEvent.setup().click(screen.getByRole("button", { name: "Retry" }));
    expect(await screen.findByRole("heading", { name: "Dashboard", level: 1 })).toBeInTheDocument();
  });

  it("is accessible while loading: a status says what is happening", async () => {
    let answer: (response: Response) => void = () => {};
    const server = baseServer().on("GET", /^\/me$/, () => new Promise<Response>((resolve) => (answer = resolve)));
    renderApp(server, "/");
    expect(await screen.findByRole("status")).toHaveTextContent("Loading IIMS…");
    answer(json(200, tokenMe("viewer")));
    expect(await screen.findByRole("heading", { name: "Dashboard", level: 1 })).toBeInTheDocument();
  });
});
