// The caller's credentials in this tab: an API token (servers with AUTH=token), or nothing (access
// control off, or an SSO proxy that vouches for the browser). The token lives in memory and in
// sessionStorage, so it survives a reload but not the tab, and never appears in a URL or a log.
//
// Every change of identity (sign in, sign out, a token the server refused) starts a new `epoch`.
// Requests remember the epoch they were sent in, so a refusal that arrives late — an answer to
// an earlier identity, or ten requests failing at once — changes nothing a second time, and the
// app cannot bounce between the sign-in screen and its pages.
const STORAGE_KEY = "iims.token";

export interface SessionState {
  /** The API token sent as `Authorization: Bearer …` (null: none). */
  token: string | null;
  /** Why the app was signed out by the server (its 401 message), for the sign-in screen. */
  notice: string | null;
  epoch: number;
}

/** What a request was sent with, kept until its answer arrives. */
export interface SentWith {
  epoch: number;
  token: string | null;
}

type Listener = () => void;

/** The part of Web Storage the session uses (sessionStorage in the app, a stub in tests). */
export type TokenStorage = Pick<Storage, "getItem" | "setItem" | "removeItem">;

function readToken(storage: TokenStorage | null): string | null {
  try {
    return storage?.getItem(STORAGE_KEY) || null;
  } catch {
    return null; // storage disabled (privacy mode): memory only
  }
}

export class Session {
  private state: SessionState;
  private readonly listeners = new Set<Listener>();

  constructor(private readonly storage: TokenStorage | null) {
    this.state = { token: readToken(storage), notice: null, epoch: 0 };
  }

  /** The current state (a new object after every change, as useSyncExternalStore needs). */
  get snapshot(): SessionState {
    return this.state;
  }

  get token(): string | null {
    return this.state.token;
  }

  get epoch(): number {
    return this.state.epoch;
  }

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  /** Keeps a token the server has accepted; returns the new epoch. */
  signIn(token: string): number {
    this.store(token);
    return this.change({ token, notice: null });
  }

  signOut(): number {
    this.store(null);
    return this.change({ token: null, notice: null });
  }

  /**
   * The server answered 401 to a request sent with `sent`. A refused stored token is dropped
   * (the sign-in screen then says why); without a token (an SSO proxy that stopped vouching) the
   * identity is re-checked once. `fromMe`: the answer of GET /me itself, which the sign-in
   * screen shows as it is — reacting to it would ask /me again, and again.
   */
  reject(sent: SentWith, message: string, fromMe: boolean): void {
    if (sent.epoch !== this.state.epoch) return;
    if (this.state.token !== null) {
      if (sent.token !== this.state.token) return;
      this.store(null);
      this.change({ token: null, notice: message });
      return;
    }
    if (!fromMe && sent.token === null) this.change({ token: null, notice: message });
  }

  private change(next: Omit<SessionState, "epoch">): number {
    this.state = { ...next, epoch: this.state.epoch + 1 };
    for (const listener of [...this.listeners]) listener();
    return this.state.epoch;
  }

  private store(token: string | null): void {
    try {
      if (token === null) this.storage?.removeItem(STORAGE_KEY);
      else this.storage?.setItem(STORAGE_KEY, token);
    } catch {
      // storage disabled: the token stays in memory only
    }
  }
}

function browserStorage(): TokenStorage | null {
  try {
    return typeof window === "undefined" ? null : window.sessionStorage;
  } catch {
    return null;
  }
}

/** The session of this tab. */
export const appSession = new Session(browserStorage());

/** The `Authorization` value for a token. */
export function bearer(token: string): string {
  return `Bearer ${token}`;
}

/** The WebSocket subprotocols that carry a token (browsers cannot set headers on a socket). */
export function socketProtocols(token: string | null): string[] | undefined {
  return token ? ["iims", `bearer.${token}`] : undefined;
}
