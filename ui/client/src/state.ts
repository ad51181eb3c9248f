// A thread as a client holds it: a snapshot, then events applied positionally. Pure logic, no I/O.

import type { ActiveRun, ChatItem, ItemField, QueuedRun, Snapshot, ThreadEvent, ThreadInfo } from "./types.js";

/** What applying an event did. A gap means the client missed something and must refetch the snapshot. */
export type ApplyResult = "applied" | "duplicate" | "gap";

/**
 * Immutable per change: every applied event produces new objects for what changed (the item, the
 * items array), and keeps the others, so a UI can skip everything that did not change by identity.
 */
export class ThreadState {
  private constructor(
    readonly thread: ThreadInfo,
    readonly items: readonly ChatItem[],
    readonly lastSeq: number,
    readonly activeRun: ActiveRun | null,
    readonly queued: readonly QueuedRun[],
  ) {}

  static fromSnapshot(snapshot: Snapshot): ThreadState {
    return new ThreadState(snapshot.thread, snapshot.items, snapshot.lastSeq, snapshot.activeRun ?? null, snapshot.queued ?? []);
  }

  /**
   * True while the thread's chat start is still to run or running and not waiting for the user:
   * a message sent now would land above the greeting.
   */
  get chatStarting(): boolean {
    const starting = this.activeRun?.trigger === "chat_start" || this.queued.some((q) => q.trigger === "chat_start");
    return starting && !this.items.some((i) => i.type === "ask" && i.status === "pending");
  }

  item(id: string): ChatItem | undefined {
    return this.items.find((i) => i.id === id);
  }

  /** A run the client learnt of from a command's answer, shown as queued until it starts. */
  withQueued(run: QueuedRun): ThreadState {
    if (this.activeRun?.runId === run.runId || this.queued.some((q) => q.runId === run.runId)) return this;
    return new ThreadState(this.thread, this.items, this.lastSeq, this.activeRun, [...this.queued, run]);
  }

  /**
   * Applies an event. Events at or below the last applied seq are duplicates (replays, merged
   * deltas) and change nothing; a delta whose offset is past the text this client has is a gap.
   */
  apply(event: ThreadEvent): [ThreadState, ApplyResult] {
    if (event.seq <= this.lastSeq) return [this, "duplicate"];
    let { thread, items, activeRun, queued } = this;
    switch (event.type) {
      case "thread.updated":
        thread = event.thread;
        break;
      case "run.started":
        activeRun = { runId: event.runId ?? "", trigger: event.trigger, allowCancel: event.allowCancel };
        queued = queued.filter((q) => q.runId !== event.runId);
        break;
      case "run.finished":
        if (activeRun?.runId === event.runId) activeRun = null;
        queued = queued.filter((q) => q.runId !== event.runId);
        break;
      case "item.added":
      case "item.updated":
        items = upsert(items, event.item);
        break;
      case "item.removed":
        items = items.filter((i) => i.id !== event.itemId);
        break;
      case "item.delta": {
        const index = items.findIndex((i) => i.id === event.itemId);
        if (index < 0) return [this, "gap"];
        const current = items[index]!;
        const text = textOf(current, event.field);
        if (text === undefined || event.offset > text.length) return [this, "gap"];
        // Appending at the end is the common case and stays O(1) (string ropes); a merged delta
        // that overlaps what is here rewrites from its offset, which is the same text.
        const next = event.offset === text.length ? text + event.text : text.slice(0, event.offset) + event.text;
        const copy = items.slice();
        copy[index] = withText(current, event.field, next);
        items = copy;
        break;
      }
    }
    return [new ThreadState(thread, items, event.seq, activeRun, queued), "applied"];
  }
}

function upsert(items: readonly ChatItem[], item: ChatItem): readonly ChatItem[] {
  const index = items.findIndex((i) => i.id === item.id);
  if (index < 0) return [...items, item];
  const copy = items.slice();
  copy[index] = item;
  return copy;
}

/** The text of a delta-capable field, or undefined when the item has no such field. */
export function textOf(item: ChatItem, field: ItemField): string | undefined {
  switch (item.type) {
    case "assistant_message":
    case "user_message":
    case "hidden_context":
      return field === "content" ? item.content ?? "" : undefined;
    case "ask":
      return field === "content" ? item.content : undefined;
    case "step":
      return field === "input" ? item.input ?? "" : field === "output" ? item.output ?? "" : undefined;
    default:
      return undefined;
  }
}

function withText(item: ChatItem, field: ItemField, text: string): ChatItem {
  if (item.type === "step") return field === "input" ? { ...item, input: text } : { ...item, output: text };
  return { ...item, content: text } as ChatItem;
}
