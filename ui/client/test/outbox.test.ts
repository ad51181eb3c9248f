import { describe, expect, it } from "vitest";
import { ParleyClient } from "../src/client.js";
import { FakeClock, FakeServer, MemoryStorage, settle } from "./fakes.js";

describe("Outbox", () => {
  it("keeps a message typed offline across a reload and delivers it exactly once when back", async () => {
    const clock = new FakeClock();
    const storage = new MemoryStorage();
    const server = new FakeServer(clock, storage);
    const received = new Map<string, number>();
    server.messageHandler = (body) => {
      received.set(body.clientId, (received.get(body.clientId) ?? 0) + 1);
      return Response.json({ item: { id: "itm_u" }, runId: "run_1", queued: false }, { status: 202 });
    };

    server.signal("offline");
    const first = new ParleyClient({ environment: server.environment() });
    const entry = first.send("thr_1", "sent while offline");
    await settle();
    expect(first.outbox.pending("thr_1")).toHaveLength(1);
    expect(received.size).toBe(0);

    // A reload: the page is gone, a new client starts on the same storage, still offline.
    first.dispose();
    const second = new ParleyClient({ environment: server.environment() });
    expect(second.outbox.pending("thr_1").map((e) => e.clientId)).toEqual([entry.clientId]);

    server.signal("online");
    await settle();
    await second.flush();

    expect(received.get(entry.clientId)).toBe(1);
    expect(second.outbox.pending("thr_1")).toHaveLength(0);
    expect(new ParleyClient({ environment: server.environment() }).outbox.pending("thr_1")).toHaveLength(0);
  });

  it("resends with the same clientId when the answer was lost, so the server dedupes", async () => {
    const clock = new FakeClock();
    const server = new FakeServer(clock);
    const seen: string[] = [];
    let fail = true;
    server.messageHandler = (body) => {
      seen.push(body.clientId);
      if (fail) {
        fail = false;
        return Response.json({ status: 503, code: "store_unavailable", detail: "later" }, { status: 503 });
      }
      return Response.json({ item: { id: "itm_u" }, runId: "run_1", queued: true }, { status: 202 });
    };
    const client = new ParleyClient({ environment: server.environment() });

    client.send("thr_1", "hello");
    await settle();
    await client.flush();

    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe(seen[1]);
    expect(client.outbox.pending("thr_1")).toHaveLength(0);
  });

  it("marks a refused message as failed and does not resend it", async () => {
    const clock = new FakeClock();
    const server = new FakeServer(clock);
    let calls = 0;
    server.messageHandler = () => {
      calls++;
      return Response.json({ status: 413, code: "payload_too_large", detail: "too long" }, { status: 413 });
    };
    const client = new ParleyClient({ environment: server.environment() });

    client.send("thr_1", "x".repeat(10));
    await settle();
    await client.flush();

    expect(calls).toBe(1);
    expect(client.outbox.pending("thr_1")[0]?.error).toEqual({ code: "payload_too_large", message: "too long" });
  });
});
