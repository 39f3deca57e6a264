// The live-updates client against a fake WebSocket and a fake clock: replay with `since` after
// a drop, back-off with jitter, `reset`, exactly-once delivery by history_id, and a connection
// declared dead after 60 s without any message (heartbeats come every 25 s).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeSockets, liveEvent, ready } from "../test/fakeSocket";
import { makeHistoryRecord, makeInstance } from "../test/fakeServer";
import { EventsClient, eventsUrl, SILENCE_TIMEOUT_MS, type LiveStatus } from "./events";
import type { LiveEvent } from "./types";

const event = (historyId: number) => liveEvent(makeHistoryRecord(makeInstance({ id: 7 }), { history_id: historyId }));

function setup(random = () => 0.5) {
  const sockets = fakeSockets();
  const events: number[] = [];
  const statuses: LiveStatus[] = [];
  const onReset = vi.fn();
  const client = new EventsClient({
    url: "ws://iims.test/api/events",
    createSocket: sockets.create,
    onEvent: (e: LiveEvent) => events.push(e.history_id),
    onReset,
    onStatus: (status) => statuses.push(status),
    random,
  });
  client.start();
  return { client, sockets, events, statuses, onReset };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("events client", () => {
  it("builds ws:// or wss:// from the page's origin", () => {
    expect(eventsUrl({ protocol: "http:", host: "iims:8000" })).toBe("ws://iims:8000/api/events");
    expect(eventsUrl({ protocol: "https:", host: "iims.example" })).toBe("wss://iims.example/api/events");
  });

  it("goes live on ready and reconnects with since=<last history id seen> after a drop", () => {
    const { sockets, events, statuses } = setup();
    expect(sockets.latest().since).toBeNull();
    sockets.latest().send(ready(40));
    sockets.latest().send(event(41));
    sockets.latest().send(event(42));
    expect(statuses.at(-1)).toBe("live");
    sockets.latest().drop(1008, "too slow");
    expect(statuses.at(-1)).toBe("reconnecting");
    vi.advanceTimersByTime(1000);
    expect(sockets.opened).toHaveLength(2);
    expect(sockets.latest().since).toBe(42);
    // The replay overlaps what was delivered: duplicates are dropped, order is kept.
    sockets.latest().send(event(42));
    sockets.latest().send(event(43));
    sockets.latest().send(ready(43));
    sockets.latest().send(event(43));
    expect(events).toEqual([41, 42, 43]);
  });

  it("without any change seen, resumes from the id the first ready announced", () => {
    const { sockets } = setup();
    sockets.latest().send(ready(900));
    sockets.latest().drop(1001, "going away");
    vi.advanceTimersByTime(1000);
    expect(sockets.latest().since).toBe(900);
  });

  it("backs off exponentially with jitter, capped, and starts over once live", () => {
    const { client, sockets } = setup(() => 0.999_999_999); // the top of the jitter range
    const delays = [1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => client.backoffMs(attempt));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    const low = new EventsClient({ url: "ws://x/api/events", createSocket: sockets.create, onEvent() {}, onReset() {}, onStatus() {}, random: () => 0 });
    expect(low.backoffMs(3)).toBe(2000); // never less than half the ceiling
    // Three failures in a row wait 1 s, 2 s, 4 s…
    sockets.latest().drop();
    vi.advanceTimersByTime(999);
    expect(sockets.opened).toHaveLength(1);
    vi.advanceTimersByTime(1);
    sockets.latest().drop();
    vi.advanceTimersByTime(1999);
    expect(sockets.opened).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets.opened).toHaveLength(3);
    // …and a successful connection resets the back-off.
    sockets.latest().send(ready(1));
    sockets.latest().drop();
    vi.advanceTimersByTime(1000);
    expect(sockets.opened).toHaveLength(4);
  });

  it("on reset asks for a reload and continues from the id it gives", () => {
    const { sockets, onReset, events } = setup();
    sockets.latest().send(ready(5));
    sockets.latest().send(event(6));
    sockets.latest().drop();
    vi.advanceTimersByTime(1000);
    sockets.latest().send({ type: "reset", last_history_id: 20_000 });
    expect(onReset).toHaveBeenCalledTimes(1);
    sockets.latest().send(event(19_999)); // already covered by the reload
    sockets.latest().send(event(20_001));
    expect(events).toEqual([6, 20_001]);
  });

  it("treats 60 s of silence as a dead connection; heartbeats keep it alive", () => {
    const { sockets } = setup();
    const first = sockets.latest();
    first.send(ready(1));
    vi.advanceTimersByTime(SILENCE_TIMEOUT_MS - 1000);
    first.send({ type: "heartbeat", last_history_id: 1 });
    vi.advanceTimersByTime(SILENCE_TIMEOUT_MS - 1000);
    expect(first.closedWith).toBeNull();
    vi.advanceTimersByTime(1000);
    expect(first.closedWith?.code).toBe(4000);
    vi.advanceTimersByTime(1000);
    expect(sockets.opened).toHaveLength(2);
    expect(sockets.latest().since).toBe(1);
    // Late messages from the abandoned socket are ignored.
    first.send(event(2));
    expect(sockets.opened).toHaveLength(2);
  });

  it("ignores garbage and stops cleanly", () => {
    const { client, sockets, events, statuses } = setup();
    sockets.latest().send("not json");
    sockets.latest().send(event(3));
    client.stop();
    expect(sockets.latest().closedWith?.code).toBe(1000);
    vi.advanceTimersByTime(120_000);
    expect(sockets.opened).toHaveLength(1);
    expect(events).toEqual([3]);
    expect(statuses.at(-1)).toBe("stopped");
  });

  it("tells its owner the close code the server ended a stream with (1008: e.g. a revoked token)", () => {
    const sockets = fakeSockets();
    const codes: number[] = [];
    const client = new EventsClient({ url: "ws://x/api/events", createSocket: sockets.create, onEvent() {}, onReset() {}, onStatus() {}, onServerClose: (code) => codes.push(code) });
    client.start();
    sockets.latest().send(ready(1));
    sockets.latest().drop(1008, "token revoked");
    expect(codes).toEqual([1008]);
    client.stop();
  });
});
