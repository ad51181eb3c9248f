import { afterEach, describe, expect, it } from "vitest";
import { ParleyApi } from "../src/api.js";
import { ParleyClient } from "../src/client.js";
import { ThreadConnection } from "../src/connection.js";
import type { AssistantMessageItem, ThreadEvent } from "../src/types.js";
import { FakeClock, FakeServer, settle } from "./fakes.js";

const at = "t";
const base = { threadId: "thr_1", at };
let connection: ThreadConnection | undefined;

afterEach(() => connection?.close());

function setup(random = () => 0.5) {
  const clock = new FakeClock();
  const server = new FakeServer(clock);
  const env = server.environment(random);
  connection = new ThreadConnection("thr_1", new ParleyApi(env), env, { initialRetryMs: 1000, maxRetryMs: 8000 });
  return { clock, server, connection };
}

function streamReply(server: FakeServer, words: string[]) {
  let seq = server.log.length;
  let text = "";
  server.append({ ...base, seq: ++seq, type: "item.added", item: { type: "assistant_message", id: "itm_1", status: "in_progress", createdAt: at, content: "" } });
  for (const w of words) {
    server.append({ ...base, seq: ++seq, type: "item.delta", itemId: "itm_1", field: "content", offset: text.length, text: w } as ThreadEvent);
    text += w;
  }
  return text;
}

const content = (c: ThreadConnection) => (c.state?.item("itm_1") as AssistantMessageItem | undefined)?.content;

describe("ThreadConnection", () => {
  it("loads the snapshot, then streams after its lastSeq", async () => {
    const { server, connection, clock } = setup();
    streamReply(server, ["a", "b"]);
    connection.start();
    await clock.advance(0);
    server.append({ ...base, seq: 4, type: "item.delta", itemId: "itm_1", field: "content", offset: 2, text: "c" });
    await settle();

    expect(connection.status).toEqual({ status: "connected" });
    expect(content(connection)).toBe("abc");
    const events = server.requests.find((r) => r.path.endsWith("/events"))!;
    expect(events.headers["Last-Event-ID"]).toBe("3");
  });

  it("reconnects with Last-Event-ID after a drop, with backoff and jitter, and loses nothing", async () => {
    const { server, connection, clock } = setup(() => 0);
    connection.start();
    await clock.advance(0);
    streamReply(server, ["one ", "two "]);
    await settle();
    server.dropStreams();
    await settle();
    expect(connection.status).toEqual({ status: "reconnecting", attempt: 1, retryInMs: 500 });
    server.append({ ...base, seq: 4, type: "item.delta", itemId: "itm_1", field: "content", offset: 8, text: "three" });

    await clock.advance(499);
    expect(server.openStreams).toBe(0);
    await clock.advance(1);

    expect(connection.status).toEqual({ status: "connected" });
    expect(content(connection)).toBe("one two three");
    const reconnect = server.requests.filter((r) => r.path.endsWith("/events"))[1]!;
    expect(reconnect.headers["Last-Event-ID"]).toBe("3");
  });

  it("backs off exponentially with jitter while the server stays unreachable", async () => {
    const { server, connection, clock } = setup(() => 1);
    connection.start();
    await clock.advance(0);
    server.reachable = false;
    server.dropStreams();
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      await settle();
      const status = connection.status;
      if (status.status === "reconnecting") delays.push(status.retryInMs);
      await clock.advance(status.status === "reconnecting" ? status.retryInMs : 0);
    }
    expect(delays.slice(0, 4)).toEqual([1000, 2000, 4000, 8000]);
  });

  it("reconnects at once when the browser comes back online or the tab becomes visible", async () => {
    const { server, connection, clock } = setup();
    connection.start();
    await clock.advance(0);
    server.signal("offline");
    await settle();
    expect(connection.status).toEqual({ status: "offline" });

    server.signal("online");
    await settle();
    expect(connection.status).toEqual({ status: "connected" });

    const before = server.requests.filter((r) => r.path.endsWith("/events")).length;
    server.signal("visible");
    await settle();
    expect(server.requests.filter((r) => r.path.endsWith("/events")).length).toBe(before + 1);
    expect(server.openStreams).toBe(1);
    expect(connection.status).toEqual({ status: "connected" });
  });

  it("refetches the snapshot when a gap is detected or the server asks to resync", async () => {
    const { server, connection, clock } = setup();
    streamReply(server, ["a"]);
    connection.start();
    await clock.advance(0);
    const snapshots = server.snapshotRequests;

    // A delta that starts past what the client has: it missed something.
    server.log.push({ ...base, seq: 3, type: "item.delta", itemId: "itm_1", field: "content", offset: 1, text: "b" });
    server.append({ ...base, seq: 4, type: "item.delta", itemId: "itm_1", field: "content", offset: 2, text: "c" });
    await clock.advance(2000);
    expect(server.snapshotRequests).toBe(snapshots + 1);
    expect(content(connection)).toBe("abc");

    server.sendEphemeral({ ...base, type: "resync", reason: "ahead_of_log" });
    await clock.advance(2000);
    expect(server.snapshotRequests).toBe(snapshots + 2);
    expect(connection.status).toEqual({ status: "connected" });
  });

  it("closes for good when the thread is gone", async () => {
    const { server, connection, clock } = setup();
    connection.start();
    await clock.advance(0);
    // Replace the snapshot answer with a 404, as for a deleted thread.
    server.dropStreams();
    (server as unknown as { state: () => never }).state = () => {
      throw new Error("unused");
    };
    const api = connection as unknown as { api: { getThread: () => Promise<never> } };
    api.api.getThread = async () => {
      const { ParleyError } = await import("../src/api.js");
      throw new ParleyError(404, "thread_not_found", "gone");
    };
    connection.reconnectNow();
    (connection as unknown as { needsSnapshot: boolean }).needsSnapshot = true;
    await clock.advance(5000);
    expect(connection.status).toEqual({ status: "closed", reason: "not_found" });
  });

  it("presumes a silent stream dead after the stale timeout and reconnects", async () => {
    const { server, connection, clock } = setup();
    connection.start();
    await clock.advance(0);
    const before = server.requests.filter((r) => r.path.endsWith("/events")).length;
    await clock.advance(46_000);
    expect(server.requests.filter((r) => r.path.endsWith("/events")).length).toBeGreaterThan(before);
  });
});

describe("ParleyClient", () => {
  it("never opens two subscriptions for one thread in one tab", async () => {
    const clock = new FakeClock();
    const server = new FakeServer(clock);
    const client = new ParleyClient({ environment: server.environment() });
    const a = client.connect("thr_1");
    const b = client.connect("thr_1");
    await clock.advance(0);

    expect(a).toBe(b);
    expect(server.openStreams).toBe(1);
    client.release("thr_1");
    expect(server.openStreams).toBe(1);
    client.release("thr_1");
    await settle();
    expect(server.openStreams).toBe(0);
  });
});
