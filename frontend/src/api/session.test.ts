// The tab's credentials: kept in session storage, one epoch per identity, and a 401 handled once
// per identity (late or repeated refusals, and /me's own, change nothing more: no sign-in loop).
import { describe, expect, it, vi } from "vitest";
import { memoryStorage } from "../test/memoryStorage";
import { Session, socketProtocols } from "./session";

describe("session", () => {
  it("keeps a token in storage across a reload and forgets it on sign-out", () => {
    const storage = memoryStorage();
    const session = new Session(storage);
    expect(session.token).toBeNull();
    const listener = vi.fn();
    session.subscribe(listener);
    expect(session.signIn("iims_abc")).toBe(1);
    expect(storage.items.get("iims.token")).toBe("iims_abc");
    expect(new Session(storage).token).toBe("iims_abc");
    session.signOut();
    expect(storage.items.has("iims.token")).toBe(false);
    expect(session.snapshot).toEqual({ token: null, notice: null, epoch: 2 });
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it("drops a refused token once, with the server's message", () => {
    const session = new Session(memoryStorage());
    session.signIn("iims_old");
    const sent = { epoch: session.epoch, token: "iims_old" };
    session.reject(sent, "this token has been revoked", false);
    expect(session.snapshot).toEqual({ token: null, notice: "this token has been revoked", epoch: 2 });
    // Nine more answers of the same burst, and /me asked again without a token: nothing changes.
    for (let i = 0; i < 9; i += 1) session.reject(sent, "this token has been revoked", false);
    session.reject({ epoch: session.epoch, token: null }, "authentication required", true);
    expect(session.epoch).toBe(2);
  });

  it("ignores a refused sign-in attempt and answers to an earlier identity", () => {
    const session = new Session(memoryStorage());
    session.reject({ epoch: 0, token: "iims_typo" }, "unknown token", true);
    expect(session.epoch).toBe(0);
    session.signIn("iims_new");
    session.reject({ epoch: 0, token: null }, "authentication required", false);
    expect(session.snapshot).toMatchObject({ token: "iims_new", epoch: 1 });
  });

  it("without a token, a refused request re-checks who the caller is once (an SSO proxy stopped vouching)", () => {
    const session = new Session(memoryStorage());
    session.reject({ epoch: 0, token: null }, "authentication required: sign in through the SSO proxy", false);
    expect(session.snapshot).toEqual({ token: null, notice: "authentication required: sign in through the SSO proxy", epoch: 1 });
    session.reject({ epoch: 1, token: null }, "authentication required", true);
    expect(session.epoch).toBe(1);
  });

  it("offers the token as a WebSocket subprotocol beside iims, never in the URL", () => {
    expect(socketProtocols("iims_abc")).toEqual(["iims", "bearer.iims_abc"]);
    expect(socketProtocols(null)).toBeUndefined();
  });
});
