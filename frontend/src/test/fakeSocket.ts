// A fake WebSocket at the boundary of the live-updates client: tests play the server's part
// (send ready / events / heartbeats, close the connection) and inspect what the client did.
import type { SocketLike } from "../api/events";
import type { ControlMessage, HistoryRecord, LiveEvent } from "../api/types";

export class FakeSocket implements SocketLike {
  onopen: WebSocket["onopen"] = null;
  onmessage: WebSocket["onmessage"] = null;
  onclose: WebSocket["onclose"] = null;
  onerror: WebSocket["onerror"] = null;
  closedWith: { code?: number; reason?: string } | null = null;

  /** `protocols`: the subprotocols offered (where a browser carries the API token). */
  constructor(
    readonly url: string,
    readonly protocols?: string[],
  ) {}

  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
  }

  /** The server sends one JSON message. */
  send(message: LiveEvent | ControlMessage | string): void {
    const data = typeof message === "string" ? message : JSON.stringify(message);
    this.onmessage?.call(this as unknown as WebSocket, new MessageEvent("message", { data }));
  }

  /** The server (or the network) closes the connection. */
  drop(code = 1006, reason = ""): void {
    this.onclose?.call(this as unknown as WebSocket, new CloseEvent("close", { code, reason }));
  }

  /** The `since` query parameter this socket connected with (null without one). */
  get since(): number | null {
    const value = new URL(this.url).searchParams.get("since");
    return value === null ? null : Number(value);
  }
}

/** A socket factory that remembers every socket it opened. */
export function fakeSockets() {
  const opened: FakeSocket[] = [];
  return {
    opened,
    create: (url: string, protocols?: string[]): SocketLike => {
      const socket = new FakeSocket(url, protocols);
      opened.push(socket);
      return socket;
    },
    latest(): FakeSocket {
      const socket = opened[opened.length - 1];
      if (!socket) throw new Error("no socket opened yet");
      return socket;
    },
  };
}

export function liveEvent(record: HistoryRecord): LiveEvent {
  const type = record.operation_type === "create" ? "instance.created" : record.operation_type === "delete" ? "instance.deleted" : "instance.updated";
  return { type, history_id: record.history_id, instance_id: record.original_id, at: record.operation_timestamp, changes: record.changes, record };
}

export const ready = (last: number): ControlMessage => ({ type: "ready", last_history_id: last });
