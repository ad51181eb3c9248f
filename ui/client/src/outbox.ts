// Messages the user sent that the server has not acknowledged yet. Kept in storage, so a message
// typed while offline survives a reload, and resent with its clientId, so it is delivered exactly once.

import { ParleyError, type MessageAccepted, type ParleyApi } from "./api.js";
import type { KeyValueStorage } from "./environment.js";
import type { FileRef } from "./types.js";

export interface OutboxEntry {
  clientId: string;
  threadId: string;
  content: string;
  command?: string;
  /** Files uploaded for the message; only their ids are sent. */
  attachments?: FileRef[];
  createdAt: number;
  /** Set when the server refused the message (not a network problem): it will not be resent. */
  error?: { code: string; message: string };
}

const Key = "parley.outbox.v1";

export class Outbox {
  private entries: OutboxEntry[];
  private readonly listeners = new Set<() => void>();
  private flushing: Promise<void> | undefined;

  constructor(private readonly storage: KeyValueStorage | null) {
    this.entries = load(storage);
  }

  /** Every unsent message, oldest first; a new array whenever anything changes. */
  get all(): readonly OutboxEntry[] {
    return this.entries;
  }

  /** The unsent messages of a thread, oldest first. */
  pending(threadId: string): readonly OutboxEntry[] {
    return this.entries.filter((e) => e.threadId === threadId);
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  add(entry: OutboxEntry): void {
    this.entries = [...this.entries, entry];
    this.save();
  }

  discard(clientId: string): void {
    this.entries = this.entries.filter((e) => e.clientId !== clientId);
    this.save();
  }

  /**
   * Sends what is pending, in order, one at a time (so the server sees them in the order typed).
   * Stops at the first network failure and keeps the rest for the next flush. Entries of a thread
   * that `held` names stay, in order, for a later flush.
   */
  flush(api: ParleyApi, onAccepted?: (entry: OutboxEntry, accepted: MessageAccepted) => void, held?: (threadId: string) => boolean): Promise<void> {
    this.flushing ??= this.flushOnce(api, onAccepted, held).finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async flushOnce(api: ParleyApi, onAccepted?: (entry: OutboxEntry, accepted: MessageAccepted) => void, held?: (threadId: string) => boolean): Promise<void> {
    for (const entry of this.entries.filter((e) => !e.error)) {
      if (held?.(entry.threadId)) continue; // its thread is not ready; later entries of that thread wait too
      try {
        const message: { clientId: string; content: string; command?: string; attachments?: string[] } = { clientId: entry.clientId, content: entry.content };
        if (entry.command) message.command = entry.command;
        if (entry.attachments?.length) message.attachments = entry.attachments.map((a) => a.id);
        const accepted = await api.sendMessage(entry.threadId, message);
        this.entries = this.entries.filter((e) => e.clientId !== entry.clientId);
        this.save();
        onAccepted?.(entry, accepted);
      } catch (error) {
        if (error instanceof ParleyError && !error.retryable) {
          this.entries = this.entries.map((e) => (e.clientId === entry.clientId ? { ...e, error: { code: error.code, message: error.message } } : e));
          this.save();
          continue;
        }
        return; // offline or the server is unwell: try again on the next flush
      }
    }
  }

  private save(): void {
    try {
      this.storage?.setItem(Key, JSON.stringify(this.entries));
    } catch {
      // Storage full or disabled: the outbox still works for this page's lifetime.
    }
    for (const listener of this.listeners) listener();
  }
}

function load(storage: KeyValueStorage | null): OutboxEntry[] {
  try {
    const raw = storage?.getItem(Key);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? (parsed as OutboxEntry[]).filter((e) => typeof e?.clientId === "string" && typeof e.content === "string") : [];
  } catch {
    return [];
  }
}
