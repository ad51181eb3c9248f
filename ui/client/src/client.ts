// The entry point: one API, one outbox, and at most one connection per thread in this tab.

import { ParleyApi } from "./api.js";
import { ThreadConnection, type ConnectionOptions } from "./connection.js";
import { browserEnvironment, type Environment } from "./environment.js";
import { Outbox, type OutboxEntry } from "./outbox.js";
import type { FileRef, ThreadInfo } from "./types.js";

export interface ParleyClientOptions {
  /** Where the server is; "" (the default) is the page's own origin. */
  baseUrl?: string;
  environment?: Environment;
  connection?: ConnectionOptions;
  /**
   * How long messages to a thread this client just created wait for its chat start (the greeting)
   * before they are sent anyway, in ms. Default 10,000.
   */
  chatStartHoldMs?: number;
}

export class ParleyClient {
  readonly api: ParleyApi;
  readonly outbox: Outbox;
  private readonly env: Environment;
  private readonly connections = new Map<string, { connection: ThreadConnection; users: number }>();
  private readonly starting = new Set<string>();
  private readonly options: ParleyClientOptions;
  private readonly offOnline: () => void;

  constructor(options: ParleyClientOptions = {}) {
    this.options = options;
    this.env = options.environment ?? browserEnvironment();
    this.api = new ParleyApi(this.env, options.baseUrl ?? "");
    this.outbox = new Outbox(this.env.storage);
    this.offOnline = this.env.on("online", () => void this.flush());
  }

  /** Stops everything: closes every connection and stops listening to the browser. */
  dispose(): void {
    this.offOnline();
    for (const { connection } of this.connections.values()) connection.close();
    this.connections.clear();
  }

  /**
   * Creates a thread. Messages sent to it wait (shown as pending in the outbox) until its chat start
   * has finished, so the app's greeting comes before the user's first message, as it would had the
   * user waited for it.
   */
  async createThread(profile?: string): Promise<ThreadInfo> {
    const thread = await this.api.createThread(newClientId(this.env), profile);
    this.starting.add(thread.id);
    const connection = this.connect(thread.id);
    void connection.chatStarted(this.options.chatStartHoldMs ?? 10_000).then(() => {
      this.starting.delete(thread.id);
      this.release(thread.id);
      void this.flush();
    });
    return thread;
  }

  /** The connection to a thread, started on first use; release it when done. Never two per thread. */
  connect(threadId: string): ThreadConnection {
    let entry = this.connections.get(threadId);
    if (!entry) {
      const connection = new ThreadConnection(threadId, this.api, this.env, this.options.connection);
      entry = { connection, users: 0 };
      this.connections.set(threadId, entry);
      connection.subscribe(() => {
        if (connection.status.status === "connected") void this.flush();
      });
      connection.start();
    }
    entry.users++;
    return entry.connection;
  }

  release(threadId: string): void {
    const entry = this.connections.get(threadId);
    if (!entry || --entry.users > 0) return;
    entry.connection.close();
    this.connections.delete(threadId);
  }

  /** Sends a message through the outbox: kept until the server acknowledged it, sent exactly once. */
  send(threadId: string, content: string, command?: string, attachments?: readonly FileRef[]): OutboxEntry {
    const entry: OutboxEntry = { clientId: newClientId(this.env), threadId, content, createdAt: this.env.now() };
    if (command) entry.command = command;
    if (attachments?.length) entry.attachments = [...attachments];
    this.outbox.add(entry);
    void this.flush();
    return entry;
  }

  flush(): Promise<void> {
    return this.outbox.flush(
      this.api,
      (entry, accepted) => {
        if (accepted.queued) {
          this.connections.get(entry.threadId)?.connection.noteQueued({ runId: accepted.runId, trigger: "message", itemId: accepted.item.id });
        }
      },
      (threadId) => this.starting.has(threadId),
    );
  }
}

/** A client id: time-ordered, random, URL-safe. */
export function newClientId(env: Environment): string {
  const random = Array.from({ length: 12 }, () => Math.floor(env.random() * 36).toString(36)).join("");
  return `c${env.now().toString(36)}${random}`;
}
