// The client of GET /api/events (a WebSocket). One instance serves the whole app. It keeps the
// last history id it delivered and reconnects with `since=<that id>`, so nothing committed while
// it was away is missed; the server replays in order, and anything at or below that id (a replay
// overlapping what was already seen) is dropped, so every change is delivered exactly once.
// No React here: the socket and the clock are injected, which is what the unit tests fake.
import type { ControlMessage, LiveEvent } from "./types";

export type LiveStatus = "connecting" | "live" | "reconnecting" | "stopped";

/** The part of the browser WebSocket this client uses (tests pass a fake). */
export type SocketLike = Pick<WebSocket, "onopen" | "onmessage" | "onclose" | "onerror" | "close">;

export interface EventsClientOptions {
  /** `ws(s)://<origin>/api/events`, without the query. */
  url: string;
  createSocket: (url: string) => SocketLike;
  /** Each committed change, once, in history_id order. */
  onEvent: (event: LiveEvent) => void;
  /** The server could not replay what was missed: every cached view must be reloaded. */
  onReset: () => void;
  onStatus: (status: LiveStatus, detail: { attempt: number; retryInMs?: number }) => void;
  /** The server closed the stream (before the client reconnects); 1008 also means a revoked token. */
  onServerClose?: (code: number) => void;
  /** No message for this long (heartbeats come every 25 s) means the connection is dead. */
  silenceTimeoutMs?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** [0, 1); injectable so tests get a fixed jitter. */
  random?: () => number;
}

export const SILENCE_TIMEOUT_MS = 60_000;
const INITIAL_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 30_000;
/** The server's "policy violation": a client too slow to keep up, or a token revoked or expired. */
export const CLOSE_POLICY = 1008;
/** Closed by us: a heartbeat timeout (4000–4999 are application codes). */
const CLOSE_SILENT = 4000;

function isEvent(message: LiveEvent | ControlMessage): message is LiveEvent {
  return message.type.startsWith("instance.");
}

export class EventsClient {
  private readonly options: Required<Omit<EventsClientOptions, "url" | "createSocket" | "onEvent" | "onReset" | "onStatus" | "onServerClose">> &
    EventsClientOptions;
  private socket: SocketLike | null = null;
  private lastSeen: number | null = null;
  private attempt = 0;
  private stopped = true;
  private silenceTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: EventsClientOptions) {
    this.options = {
      silenceTimeoutMs: SILENCE_TIMEOUT_MS,
      initialBackoffMs: INITIAL_BACKOFF_MS,
      maxBackoffMs: MAX_BACKOFF_MS,
      random: Math.random,
      ...options,
    };
  }

  /** The newest history id delivered (null before the first `ready`). */
  get lastHistoryId(): number | null {
    return this.lastSeen;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.dropSocket(1000, "client stopped");
    this.options.onStatus("stopped", { attempt: this.attempt });
  }

  /** Skip the back-off wait (e.g. the browser just came back online). */
  reconnectNow(): void {
    if (this.stopped || this.socket) return;
    clearTimeout(this.retryTimer);
    this.connect();
  }

  /** Delay before reconnect attempt `attempt` (1-based): exponential, capped, with jitter. */
  backoffMs(attempt: number): number {
    const { initialBackoffMs, maxBackoffMs, random } = this.options;
    const ceiling = Math.min(maxBackoffMs, initialBackoffMs * 2 ** Math.max(0, attempt - 1));
    // "Equal jitter": at least half the ceiling, so a fleet of tabs never retries in lockstep
    // but none hammers the server right after an outage.
    return Math.round(ceiling / 2 + (random() * ceiling) / 2);
  }

  private connect(): void {
    const query = this.lastSeen === null ? "" : `?since=${this.lastSeen}`;
    this.options.onStatus(this.attempt === 0 ? "connecting" : "reconnecting", { attempt: this.attempt });
    const socket = this.options.createSocket(`${this.options.url}${query}`);
    this.socket = socket;
    socket.onmessage = (message) => {
      if (this.socket !== socket) return;
      this.armSilenceTimer();
      this.handle(message.data);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.options.onServerClose?.(event.code);
      this.scheduleReconnect();
    };
    // An error is always followed by close; nothing to do here.
    socket.onerror = () => {};
    this.armSilenceTimer();
  }

  private handle(data: unknown): void {
    if (typeof data !== "string") return;
    let message: LiveEvent | ControlMessage;
    try {
      message = JSON.parse(data) as LiveEvent | ControlMessage;
    } catch {
      return; // not ours; ignore rather than drop the connection
    }
    if (isEvent(message)) {
      if (this.lastSeen !== null && message.history_id <= this.lastSeen) return;
      this.lastSeen = message.history_id;
      this.options.onEvent(message);
      return;
    }
    switch (message.type) {
      case "ready":
        // Without `since` the stream starts at the server's newest change: remember it so a
        // reconnect replays from there.
        if (this.lastSeen === null) this.lastSeen = message.last_history_id;
        this.attempt = 0;
        this.options.onStatus("live", { attempt: 0 });
        break;
      case "reset":
        // Too much was missed to replay: the caller reloads everything; go on from the newest id.
        this.lastSeen = message.last_history_id;
        this.attempt = 0;
        this.options.onReset();
        this.options.onStatus("live", { attempt: 0 });
        break;
      case "heartbeat":
        break;
    }
  }

  private armSilenceTimer(): void {
    clearTimeout(this.silenceTimer);
    this.silenceTimer = setTimeout(() => {
      // A half-open TCP connection may never fire `close`: give up on it ourselves.
      this.dropSocket(CLOSE_SILENT, "no heartbeat");
      this.scheduleReconnect();
    }, this.options.silenceTimeoutMs);
  }

  private dropSocket(code: number, reason: string): void {
    clearTimeout(this.silenceTimer);
    const socket = this.socket;
    this.socket = null;
    if (!socket) return;
    socket.onmessage = socket.onclose = socket.onerror = socket.onopen = null;
    try {
      socket.close(code, reason);
    } catch {
      // already closed
    }
  }

  private scheduleReconnect(): void {
    clearTimeout(this.silenceTimer);
    if (this.stopped) return;
    this.attempt += 1;
    const retryInMs = this.backoffMs(this.attempt);
    this.options.onStatus("reconnecting", { attempt: this.attempt, retryInMs });
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), retryInMs);
  }
}

/** `ws://` or `wss://` of the page's own origin (the server accepts same-origin sockets only). */
export function eventsUrl(location: Pick<Location, "protocol" | "host">): string {
  return `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/api/events`;
}
