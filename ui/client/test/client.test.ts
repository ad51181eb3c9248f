import { describe, expect, it } from "vitest";
import { ParleyClient } from "../src/client.js";
import type { Snapshot } from "../src/types.js";
import { FakeClock, FakeServer, settle } from "./fakes.js";

const at = "t";
const base = { threadId: "thr_1", at };
const fresh: Snapshot = {
  thread: { id: "thr_1", createdAt: at, updatedAt: at },
  items: [],
  lastSeq: 0,
  activeRun: null,
  queued: [{ runId: "run_start", trigger: "chat_start" }],
};

function setup(holdMs?: number) {
  const clock = new FakeClock();
  const server = new FakeServer(clock, undefined, fresh);
  const options: ConstructorParameters<typeof ParleyClient>[0] = { environment: server.environment() };
  if (holdMs !== undefined) options.chatStartHoldMs = holdMs;
  const client = new ParleyClient(options);
  const posted = () => server.requests.filter((r) => r.method === "POST" && r.path.endsWith("/messages"));
  return { clock, server, client, posted };
}

describe("ParleyClient.createThread", () => {
  it("holds the first message until the chat start finished, so the greeting comes first", async () => {
    const { clock, server, client, posted } = setup();
    const thread = await client.createThread();
    client.send(thread.id, "hi");
    await clock.advance(0);
    expect(posted()).toHaveLength(0);
    expect(client.outbox.pending("thr_1").map((e) => e.content)).toEqual(["hi"]);

    server.append({ ...base, seq: 1, type: "run.started", runId: "run_start", trigger: "chat_start", allowCancel: true });
    server.append({ ...base, seq: 2, type: "item.added", item: { type: "assistant_message", id: "itm_g", status: "completed", createdAt: at, content: "hello" } });
    await settle();
    expect(posted()).toHaveLength(0);
    server.append({ ...base, seq: 3, type: "run.finished", runId: "run_start", status: "completed" });
    await settle();

    expect(posted().map((r) => (r.body as { content: string }).content)).toEqual(["hi"]);
    expect(client.outbox.pending("thr_1")).toHaveLength(0);
    client.dispose();
  });

  it("sends anyway after the hold time when the chat start takes too long", async () => {
    const { clock, server, client, posted } = setup(2000);
    const thread = await client.createThread();
    client.send(thread.id, "hi");
    server.append({ ...base, seq: 1, type: "run.started", runId: "run_start", trigger: "chat_start", allowCancel: true });
    await clock.advance(1999);
    expect(posted()).toHaveLength(0);

    await clock.advance(1);

    expect(posted()).toHaveLength(1);
    client.dispose();
  });

  it("releases the message when the chat start waits for the user's answer", async () => {
    const { clock, server, client, posted } = setup();
    const thread = await client.createThread();
    client.send(thread.id, "hi");
    server.append({ ...base, seq: 1, type: "run.started", runId: "run_start", trigger: "chat_start", allowCancel: true });
    await clock.advance(0);
    expect(posted()).toHaveLength(0);

    server.append({ ...base, seq: 2, type: "item.added", item: { type: "ask", id: "itm_a", status: "pending", createdAt: at, kind: "text", content: "Name?" } });
    await settle();

    expect(posted()).toHaveLength(1);
    client.dispose();
  });

  it("does not hold messages to threads it did not just create", async () => {
    const { clock, client, posted } = setup();
    client.send("thr_1", "hi");
    await clock.advance(0);

    expect(posted()).toHaveLength(1);
    client.dispose();
  });
});
