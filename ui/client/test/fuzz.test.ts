import { describe, expect, it } from "vitest";
import { ThreadState } from "../src/state.js";
import type { ChatItem, Snapshot, ThreadEvent } from "../src/types.js";

// Random duplicates, merges and reorderings of a recorded stream: the client must always end up
// with exactly the server's state, refetching the snapshot when it detects a gap.

const at = "2026-01-01T00:00:00.000Z";
const empty: Snapshot = { thread: { id: "thr_1", createdAt: at, updatedAt: at }, items: [], lastSeq: 0, activeRun: null, queued: [] };

function prng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

type WithoutEnvelope<T> = T extends unknown ? Omit<T, "seq" | "threadId" | "at"> : never;

/** A recorded stream as a server would produce it: runs with streamed replies and steps. */
function record(random: () => number): ThreadEvent[] {
  const events: ThreadEvent[] = [];
  let seq = 0;
  const push = (e: WithoutEnvelope<ThreadEvent>) => events.push({ ...e, seq: ++seq, threadId: "thr_1", at } as ThreadEvent);
  const words = ["hello ", "wörld ", "🙂 ", "code\n", "```js\n", "x = 1;\n", "```\n", "— ", "日本語 ", "", "a"];
  for (let run = 0; run < 1 + Math.floor(random() * 4); run++) {
    const runId = `run_${run}`;
    push({ type: "run.started", runId, trigger: "message", allowCancel: true });
    const message: ChatItem = { type: "assistant_message", id: `itm_m${run}`, status: "in_progress", createdAt: at, runId, content: "" };
    const step: ChatItem = { type: "step", id: `itm_s${run}`, status: "in_progress", createdAt: at, runId, name: "tool", output: "" };
    push({ type: "item.added", runId, item: step });
    push({ type: "item.added", runId, item: message });
    let content = "";
    let output = "";
    for (let i = 0; i < 20 + Math.floor(random() * 200); i++) {
      const text = words[Math.floor(random() * words.length)]!;
      if (random() < 0.2) {
        push({ type: "item.delta", runId, itemId: step.id, field: "output", offset: output.length, text });
        output += text;
      } else {
        push({ type: "item.delta", runId, itemId: message.id, field: "content", offset: content.length, text });
        content += text;
      }
    }
    push({ type: "item.updated", runId, item: { ...step, status: "completed", output } });
    if (random() < 0.3) push({ type: "item.removed", runId, itemId: step.id });
    push({ type: "item.updated", runId, item: { ...message, status: "completed", content } });
    if (run === 0) push({ type: "thread.updated", thread: { ...empty.thread, name: "Named" } });
    push({ type: "run.finished", runId, status: "completed" });
  }
  return events;
}

/** Merges runs of contiguous deltas of one item field, as the server's store does. */
function merge(events: ThreadEvent[], random: () => number): ThreadEvent[] {
  const out: ThreadEvent[] = [];
  for (const e of events) {
    const last = out[out.length - 1];
    if (e.type === "item.delta" && last?.type === "item.delta" && last.itemId === e.itemId && last.field === e.field &&
        last.offset + last.text.length === e.offset && random() < 0.7) {
      out[out.length - 1] = { ...last, text: last.text + e.text, seq: e.seq };
    } else {
      out.push(e);
    }
  }
  return out;
}

function perturb(events: ThreadEvent[], random: () => number): ThreadEvent[] {
  let out = random() < 0.5 ? merge(events, random) : events.slice();
  const operations = Math.ceil(out.length / 10);
  for (let n = 0; n < operations; n++) {
    const op = random();
    const i = Math.floor(random() * out.length);
    if (op < 0.4) {
      // A duplicate, delivered again later (a replay overlapping what the client had).
      const j = i + Math.floor(random() * (out.length - i));
      out = [...out.slice(0, j), out[i]!, ...out.slice(j)];
    } else if (op < 0.7 && i + 1 < out.length) {
      // Two deltas of one item swapped.
      const a = out[i]!;
      const b = out[i + 1]!;
      if (a.type === "item.delta" && b.type === "item.delta" && a.itemId === b.itemId) {
        out[i] = b;
        out[i + 1] = a;
      }
    } else {
      // A replay from an earlier point: a suffix delivered twice.
      const from = Math.floor(random() * i);
      out = [...out.slice(0, i), ...merge(out.slice(from, i), random), ...out.slice(i)];
    }
  }
  return out;
}

function serverAt(events: ThreadEvent[], seq: number): ThreadState {
  let state = ThreadState.fromSnapshot(empty);
  for (const e of events.filter((x) => x.seq <= seq)) [state] = state.apply(e);
  return state;
}

describe("ThreadState under a hostile stream", () => {
  it("converges on the server's state for 500 random perturbations", () => {
    let gaps = 0;
    for (let trial = 0; trial < 500; trial++) {
      const random = prng(trial + 1);
      const recorded = record(random);
      const server = serverAt(recorded, Infinity);
      let client = ThreadState.fromSnapshot(empty);
      let seen = 0;
      for (const event of perturb(recorded, random)) {
        seen = Math.max(seen, event.seq);
        const [next, result] = client.apply(event);
        if (result === "gap") {
          gaps++;
          client = serverAt(recorded, seen); // refetch the snapshot
        } else {
          client = next;
        }
      }
      // The connection ends; a reconnect replays what is after the client's lastSeq.
      for (const e of recorded.filter((x) => x.seq > client.lastSeq)) [client] = client.apply(e);
      expect(client.lastSeq, `trial ${trial}`).toBe(server.lastSeq);
      expect(JSON.stringify(client.items), `trial ${trial}`).toBe(JSON.stringify(server.items));
      expect(client.thread).toEqual(server.thread);
      expect(client.activeRun).toEqual(server.activeRun);
    }
    expect(gaps).toBeGreaterThan(0);
  });
});
