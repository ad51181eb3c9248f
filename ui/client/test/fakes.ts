// A scripted Parley server and browser for tests: controllable time, network, visibility, storage.

import type { Environment, EnvironmentSignal, KeyValueStorage } from "../src/environment.js";
import { ThreadState } from "../src/state.js";
import type { ChatEvent, Snapshot, ThreadEvent } from "../src/types.js";

export class FakeClock {
  now = 0;
  private timers: { at: number; callback: () => void; id: number }[] = [];
  private nextId = 1;

  setTimeout(callback: () => void, ms: number): number {
    const id = this.nextId++;
    this.timers.push({ at: this.now + ms, callback, id });
    return id;
  }

  clearTimeout(id: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== id);
  }

  /** Moves time forward, running due timers and letting promises settle between them. */
  async advance(ms: number): Promise<void> {
    const target = this.now + ms;
    for (;;) {
      await settle();
      const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.now = due.at;
      due.callback();
    }
    this.now = target;
    await settle();
  }
}

export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

export class MemoryStorage implements KeyValueStorage {
  readonly data = new Map<string, string>();
  getItem(key: string) {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.data.set(key, value);
  }
  removeItem(key: string) {
    this.data.delete(key);
  }
}

interface OpenStream {
  threadId: string;
  controller: ReadableStreamDefaultController<Uint8Array>;
  lastEventId: number;
  closed: boolean;
}

/**
 * A thread's log on a fake server. Events are appended with their seq; a subscription replays what
 * is after its Last-Event-ID, then gets live events until dropped.
 */
export class FakeServer {
  readonly log: ThreadEvent[] = [];
  readonly streams: OpenStream[] = [];
  readonly requests: { method: string; path: string; headers: Record<string, string>; body?: unknown }[] = [];
  online = true;
  /** False makes every request fail while the browser still believes it is online (a dead Wi-Fi). */
  reachable = true;
  snapshotRequests = 0;
  private readonly signals = new Map<EnvironmentSignal, Set<() => void>>();
  messageHandler: ((body: { clientId: string; content: string }) => Response) | undefined;

  constructor(
    readonly clock: FakeClock,
    readonly storage: KeyValueStorage = new MemoryStorage(),
    readonly base: Snapshot = { thread: { id: "thr_1", createdAt: "t", updatedAt: "t" }, items: [], lastSeq: 0, activeRun: null, queued: [] },
  ) {}

  environment(random = () => 0.5): Environment {
    return {
      fetch: (input, init) => this.fetch(input, init),
      setTimeout: (callback, ms) => this.clock.setTimeout(callback, ms),
      clearTimeout: (handle) => this.clock.clearTimeout(handle),
      now: () => this.clock.now,
      random,
      isOnline: () => this.online,
      on: (signal, listener) => {
        let set = this.signals.get(signal);
        if (!set) this.signals.set(signal, (set = new Set()));
        set.add(listener);
        return () => set!.delete(listener);
      },
      storage: this.storage,
    };
  }

  signal(signal: EnvironmentSignal): void {
    if (signal === "offline") this.online = false;
    if (signal === "online") this.online = true;
    for (const listener of this.signals.get(signal) ?? []) listener();
  }

  /** The server's true state now. */
  state(): ThreadState {
    let state = ThreadState.fromSnapshot(this.base);
    for (const e of this.log) [state] = state.apply(e);
    return state;
  }

  append(event: ThreadEvent): void {
    this.log.push(event);
    for (const s of this.streams.filter((x) => !x.closed)) this.write(s, event);
  }

  sendEphemeral(event: ChatEvent): void {
    for (const s of this.streams.filter((x) => !x.closed)) s.controller.enqueue(new TextEncoder().encode(`data: ${JSON.stringify(event)}\n\n`));
  }

  /** Drops every open stream, as a network blip or the server dropping slow readers does. */
  dropStreams(error = true): void {
    for (const s of this.streams.filter((x) => !x.closed)) {
      s.closed = true;
      if (error) s.controller.error(new TypeError("network error"));
      else s.controller.close();
    }
  }

  get openStreams(): number {
    return this.streams.filter((s) => !s.closed).length;
  }

  private write(stream: OpenStream, event: ThreadEvent): void {
    stream.controller.enqueue(new TextEncoder().encode(`id: ${event.seq}\ndata: ${JSON.stringify(event)}\n\n`));
  }

  private async fetch(input: string, init?: RequestInit): Promise<Response> {
    const method = init?.method ?? "GET";
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const body = typeof init?.body === "string" ? (JSON.parse(init.body) as unknown) : undefined;
    this.requests.push({ method, path: input, headers, body });
    if (!this.online || !this.reachable) throw new TypeError("Failed to fetch");
    const path = input.split("?")[0]!;
    if (method === "GET" && path.endsWith("/events")) {
      const after = Number(headers["Last-Event-ID"] ?? 0);
      let stream!: OpenStream;
      const readable = new ReadableStream<Uint8Array>({
        start: (controller) => {
          stream = { threadId: "thr_1", controller, lastEventId: after, closed: false };
          this.streams.push(stream);
          controller.enqueue(new TextEncoder().encode(": connected\n\n"));
          for (const e of this.log.filter((x) => x.seq > after)) this.write(stream, e);
        },
        cancel: () => {
          stream.closed = true;
        },
      });
      init?.signal?.addEventListener("abort", () => {
        if (!stream.closed) {
          stream.closed = true;
          stream.controller.error(new DOMException("aborted", "AbortError"));
        }
      });
      return new Response(readable, { status: 200, headers: { "Content-Type": "text/event-stream" } });
    }
    if (method === "GET" && path.startsWith("/api/threads/")) {
      this.snapshotRequests++;
      const state = this.state();
      const snapshot: Snapshot = { thread: state.thread, items: [...state.items], lastSeq: state.lastSeq, activeRun: state.activeRun, queued: [...state.queued] };
      return Response.json(snapshot);
    }
    if (method === "POST" && path === "/api/threads") {
      return Response.json({ thread: this.base.thread }, { status: 201 });
    }
    if (method === "POST" && path.endsWith("/messages")) {
      return this.messageHandler?.(body as { clientId: string; content: string }) ?? Response.json({ item: {}, runId: "run_x", queued: false }, { status: 202 });
    }
    return Response.json({ status: 404, code: "not_found", detail: "no" }, { status: 404 });
  }
}
