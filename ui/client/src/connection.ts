// One open thread in one tab: a snapshot, then one event stream that survives everything the
// network does to it — reconnecting with Last-Event-ID, with backoff and jitter, at once when the
// browser comes back online or a hidden tab becomes visible, and refetching the snapshot on a gap.

import { ParleyError, type ParleyApi } from "./api.js";
import type { Environment } from "./environment.js";
import { SseParser } from "./sse.js";
import { ThreadState } from "./state.js";
import { isThreadEvent, type ChatEvent, type EphemeralEvent, type QueuedRun } from "./types.js";

/** The truth about the connection, for the UI to show. */
export type ConnectionStatus =
  | { status: "connecting" }
  | { status: "connected" }
  | { status: "reconnecting"; attempt: number; retryInMs: number }
  | { status: "offline" }
  | { status: "closed"; reason: "closed" | "not_found" };

export interface ConnectionOptions {
  /** First retry delay; doubles per attempt. Default 500 ms. */
  initialRetryMs?: number;
  /** Longest retry delay. Default 15 s. */
  maxRetryMs?: number;
  /** With no bytes for this long (keep-alives come every 15 s) the stream is presumed dead. Default 45 s. */
  staleAfterMs?: number;
}

type Listener = () => void;

export class ThreadConnection {
  private stateValue: ThreadState | undefined;
  private statusValue: ConnectionStatus = { status: "connecting" };
  private readonly listeners = new Set<Listener>();
  private readonly ephemeralListeners = new Set<(event: EphemeralEvent) => void>();
  private readonly unsubscribe: (() => void)[] = [];
  private abort: AbortController | undefined;
  private wake: (() => void) | undefined;
  private running = false;
  private closed = false;
  private needsSnapshot = true;
  private immediate = false;
  private attempt = 0;
  private lastByteAt = 0;
  private watchdog: unknown;
  private readonly options: Required<ConnectionOptions>;

  constructor(
    readonly threadId: string,
    private readonly api: ParleyApi,
    private readonly env: Environment,
    options: ConnectionOptions = {},
  ) {
    this.options = { initialRetryMs: 500, maxRetryMs: 15_000, staleAfterMs: 45_000, ...options };
  }

  get state(): ThreadState | undefined {
    return this.stateValue;
  }

  get status(): ConnectionStatus {
    return this.statusValue;
  }

  /** Called on every change of state or status. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Toasts, presence and window messages, live only. */
  onEphemeral(listener: (event: EphemeralEvent) => void): () => void {
    this.ephemeralListeners.add(listener);
    return () => this.ephemeralListeners.delete(listener);
  }

  start(): void {
    if (this.running || this.closed) return;
    this.running = true;
    this.unsubscribe.push(
      this.env.on("online", () => this.reconnectNow()),
      this.env.on("offline", () => this.goOffline()),
      // Mobile browsers kill the sockets of background tabs without telling anyone.
      this.env.on("visible", () => this.reconnectNow()),
    );
    void this.loop();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const off of this.unsubscribe.splice(0)) off();
    this.abort?.abort();
    this.wake?.();
    this.env.clearTimeout(this.watchdog);
    this.setStatus({ status: "closed", reason: "closed" });
  }

  /** Shows a run the client just queued (from a command's answer) until its run.started arrives. */
  noteQueued(run: QueuedRun): void {
    if (this.stateValue) {
      this.stateValue = this.stateValue.withQueued(run);
      this.emit();
    }
  }

  /**
   * Resolves once the thread's chat start has finished or is waiting for the user (an ask), or after
   * `timeoutMs` at the latest, so a slow or broken chat start never holds a message for long.
   */
  chatStarted(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (this.closed || (this.stateValue && !this.stateValue.chatStarting)) finish();
      };
      const off = this.subscribe(check);
      const timer = this.env.setTimeout(finish, timeoutMs);
      const env = this.env;
      function finish() {
        off();
        env.clearTimeout(timer);
        resolve();
      }
      check();
    });
  }

  /** Drops the stream and reconnects at once, keeping what the client has. */
  reconnectNow(): void {
    if (this.closed) return;
    this.immediate = true;
    this.abort?.abort();
    this.wake?.();
  }

  private goOffline(): void {
    this.abort?.abort();
    this.setStatus({ status: "offline" });
  }

  private async loop(): Promise<void> {
    while (!this.closed) {
      try {
        if (!this.env.isOnline()) {
          this.setStatus({ status: "offline" });
          await this.sleep(this.options.maxRetryMs);
          continue;
        }
        if (this.needsSnapshot || !this.stateValue) {
          const snapshot = await this.api.getThread(this.threadId);
          this.stateValue = ThreadState.fromSnapshot(snapshot);
          this.needsSnapshot = false;
          this.emit();
        }
        await this.stream();
        // The server ended the stream (it dropped a slow reader, or the session ended): resume.
        this.attempt = Math.min(this.attempt + 1, 3);
      } catch (error) {
        if (this.closed) return;
        if (error instanceof ParleyError && error.status === 404) {
          this.closed = true;
          this.setStatus({ status: "closed", reason: "not_found" });
          return;
        }
        this.attempt++;
      }
      if (this.closed) return;
      if (this.immediate) {
        this.immediate = false;
        this.attempt = 0;
        continue;
      }
      if (this.attempt > 0 && this.env.isOnline()) {
        const delay = this.backoff();
        this.setStatus({ status: "reconnecting", attempt: this.attempt, retryInMs: delay });
        await this.sleep(delay);
      }
    }
  }

  private async stream(): Promise<void> {
    const abort = new AbortController();
    this.abort = abort;
    if (this.statusValue.status === "offline") this.setStatus({ status: "reconnecting", attempt: this.attempt, retryInMs: 0 });
    const response = await this.api.openEvents(this.threadId, this.stateValue!.lastSeq, abort.signal);
    if (!response.body) throw new ParleyError(0, "network_error", "The event stream has no body.");
    this.setStatus({ status: "connected" });
    this.attempt = 0;
    this.touch(abort);
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    const parser = new SseParser();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        this.touch(abort);
        for (const frame of parser.push(decoder.decode(value, { stream: true }))) {
          if (!frame.data || this.handle(JSON.parse(frame.data) as ChatEvent)) continue;
          // A gap or a resync: refetch the snapshot and subscribe from its lastSeq.
          this.needsSnapshot = true;
          abort.abort();
          return;
        }
      }
    } catch (error) {
      if (abort.signal.aborted) return;
      throw error;
    } finally {
      this.env.clearTimeout(this.watchdog);
      reader.releaseLock();
    }
  }

  /** Applies one event; false when the client must resync. */
  private handle(event: ChatEvent): boolean {
    if (isThreadEvent(event)) {
      const [next, result] = this.stateValue!.apply(event);
      if (result === "gap") return false;
      if (result === "applied") {
        this.stateValue = next;
        this.emit();
      }
      return true;
    }
    if (event.type === "resync") return false;
    for (const listener of this.ephemeralListeners) listener(event);
    return true;
  }

  private touch(abort: AbortController): void {
    this.lastByteAt = this.env.now();
    this.env.clearTimeout(this.watchdog);
    this.watchdog = this.env.setTimeout(() => {
      if (this.env.now() - this.lastByteAt >= this.options.staleAfterMs) abort.abort();
    }, this.options.staleAfterMs);
  }

  private backoff(): number {
    const base = Math.min(this.options.maxRetryMs, this.options.initialRetryMs * 2 ** (this.attempt - 1));
    // Full jitter on the upper half: reconnecting clients spread out instead of stampeding.
    return Math.round(base * (0.5 + this.env.random() * 0.5));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const handle = this.env.setTimeout(done, ms);
      this.wake = done;
      const env = this.env;
      function done() {
        env.clearTimeout(handle);
        resolve();
      }
    });
  }

  private setStatus(status: ConnectionStatus): void {
    if (this.statusValue.status === "closed") return;
    if (JSON.stringify(status) === JSON.stringify(this.statusValue)) return;
    this.statusValue = status;
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}
