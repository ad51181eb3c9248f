import { describe, expect, it } from "vitest";
import { ThreadState } from "../src/state.js";
import type { AssistantMessageItem, Snapshot, ThreadEvent } from "../src/types.js";

const at = "2026-01-01T00:00:00.000Z";
const snapshot: Snapshot = { thread: { id: "thr_1", createdAt: at, updatedAt: at }, items: [], lastSeq: 0, activeRun: null, queued: [] };
const message = (content = ""): AssistantMessageItem => ({ type: "assistant_message", id: "itm_1", status: "in_progress", createdAt: at, content, runId: "run_1" });
const base = { threadId: "thr_1", at };

function applyAll(state: ThreadState, events: ThreadEvent[]) {
  const results = [];
  for (const e of events) {
    const [next, result] = state.apply(e);
    state = next;
    results.push(result);
  }
  return { state, results };
}

describe("ThreadState", () => {
  it("applies positional deltas and ignores duplicates", () => {
    const { state, results } = applyAll(ThreadState.fromSnapshot(snapshot), [
      { ...base, seq: 1, type: "item.added", item: message() },
      { ...base, seq: 2, type: "item.delta", itemId: "itm_1", field: "content", offset: 0, text: "Hel" },
      { ...base, seq: 2, type: "item.delta", itemId: "itm_1", field: "content", offset: 0, text: "Hel" },
      { ...base, seq: 4, type: "item.delta", itemId: "itm_1", field: "content", offset: 0, text: "Hello" },
      { ...base, seq: 5, type: "item.delta", itemId: "itm_1", field: "content", offset: 5, text: "!" },
    ]);
    expect((state.item("itm_1") as AssistantMessageItem).content).toBe("Hello!");
    expect(results).toEqual(["applied", "applied", "duplicate", "applied", "applied"]);
    expect(state.lastSeq).toBe(5);
  });

  it("reports a gap when a delta starts past the text it has", () => {
    const { state, results } = applyAll(ThreadState.fromSnapshot(snapshot), [
      { ...base, seq: 1, type: "item.added", item: message("ab") },
      { ...base, seq: 3, type: "item.delta", itemId: "itm_1", field: "content", offset: 5, text: "x" },
      { ...base, seq: 4, type: "item.delta", itemId: "itm_9", field: "content", offset: 0, text: "x" },
    ]);
    expect(results).toEqual(["applied", "gap", "gap"]);
    expect(state.lastSeq).toBe(1);
  });

  it("tracks the active run and the queue", () => {
    let state = ThreadState.fromSnapshot(snapshot).withQueued({ runId: "run_2", trigger: "message" });
    [state] = state.apply({ ...base, seq: 1, type: "run.started", runId: "run_2", trigger: "message", allowCancel: true });
    expect(state.activeRun).toEqual({ runId: "run_2", trigger: "message", allowCancel: true });
    expect(state.queued).toEqual([]);
    [state] = state.apply({ ...base, seq: 2, type: "run.finished", runId: "run_2", status: "completed" });
    expect(state.activeRun).toBeNull();
  });

  it("changes only the objects that changed", () => {
    let state = ThreadState.fromSnapshot({ ...snapshot, items: [message("a"), { ...message("b"), id: "itm_2" }] });
    const before = state.items;
    [state] = state.apply({ ...base, seq: 1, type: "item.delta", itemId: "itm_2", field: "content", offset: 1, text: "c" });
    expect(state.items[0]).toBe(before[0]);
    expect(state.items[1]).not.toBe(before[1]);
    expect(state.items).not.toBe(before);
  });
});
