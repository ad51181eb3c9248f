// Plain HTTP commands and reads of the protocol. Errors are ParleyError with the problem's code.

import type { Environment } from "./environment.js";
import type { AnswerBody, AppInfo, AskItem, ChatItem, FileRef, Problem, QueuedRun, Snapshot, ThreadInfo, UserMessageItem } from "./types.js";

export class ParleyError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "ParleyError";
  }

  /** True when the same request may succeed later: the network, a 5xx, a 503, a 429. */
  get retryable(): boolean {
    return this.status === 0 || this.status >= 500 || this.status === 429 || this.status === 408;
  }
}

export interface MessageAccepted {
  item: UserMessageItem;
  runId: string;
  queued: boolean;
}

export interface ThreadPage {
  threads: ThreadInfo[];
  nextCursor: string | null;
}

export class ParleyApi {
  constructor(
    private readonly env: Environment,
    private readonly baseUrl = "",
  ) {}

  app(): Promise<AppInfo> {
    return this.json<AppInfo>("GET", "/api/app");
  }

  async createThread(clientId: string, profile?: string): Promise<ThreadInfo> {
    const body = profile === undefined ? { clientId } : { clientId, profile };
    return (await this.json<{ thread: ThreadInfo }>("POST", "/api/threads", body)).thread;
  }

  /** Changes chat settings values (validated by the server against the thread's schema). */
  async updateSettings(threadId: string, values: Record<string, unknown>): Promise<ThreadInfo> {
    return (await this.json<{ thread: ThreadInfo }>("PUT", `/api/threads/${encodeURIComponent(threadId)}/settings`, { values })).thread;
  }

  listThreads(options: { limit?: number; cursor?: string | null; q?: string } = {}): Promise<ThreadPage> {
    const query = new URLSearchParams();
    if (options.limit) query.set("limit", String(options.limit));
    if (options.cursor) query.set("cursor", options.cursor);
    if (options.q) query.set("q", options.q);
    const suffix = query.size > 0 ? `?${query.toString()}` : "";
    return this.json<ThreadPage>("GET", `/api/threads${suffix}`);
  }

  getThread(threadId: string): Promise<Snapshot> {
    return this.json<Snapshot>("GET", `/api/threads/${encodeURIComponent(threadId)}`);
  }

  async renameThread(threadId: string, name: string): Promise<ThreadInfo> {
    return (await this.json<{ thread: ThreadInfo }>("PATCH", `/api/threads/${encodeURIComponent(threadId)}`, { name })).thread;
  }

  async deleteThread(threadId: string): Promise<void> {
    await this.json<unknown>("DELETE", `/api/threads/${encodeURIComponent(threadId)}`);
  }

  sendMessage(threadId: string, message: { clientId: string; content: string; command?: string; attachments?: string[] }): Promise<MessageAccepted> {
    return this.json<MessageAccepted>("POST", `/api/threads/${encodeURIComponent(threadId)}/messages`, message);
  }

  async answer(threadId: string, itemId: string, answer: AnswerBody): Promise<AskItem> {
    const path = `/api/threads/${encodeURIComponent(threadId)}/asks/${encodeURIComponent(itemId)}/answer`;
    return (await this.json<{ item: AskItem }>("POST", path, answer)).item;
  }

  /** Clicks an action on a message: its handler runs as a run (202). */
  async runAction(threadId: string, clientId: string, itemId: string, actionId: string): Promise<QueuedRun> {
    const accepted = await this.json<{ runId: string; queued: boolean }>("POST", `/api/threads/${encodeURIComponent(threadId)}/actions`, { clientId, itemId, actionId });
    return { runId: accepted.runId, trigger: "action" };
  }

  stop(threadId: string, runId?: string): Promise<{ runId: string | null; status: string }> {
    return this.json("POST", `/api/threads/${encodeURIComponent(threadId)}/stop`, runId ? { runId } : {});
  }

  async retry(threadId: string, clientId: string, itemId: string): Promise<QueuedRun> {
    const accepted = await this.json<{ runId: string; queued: boolean }>("POST", `/api/threads/${encodeURIComponent(threadId)}/retry`, { clientId, itemId });
    return { runId: accepted.runId, trigger: "retry" };
  }

  async feedback(threadId: string, itemId: string, value: 1 | -1 | 0, comment?: string): Promise<ChatItem> {
    const body = comment === undefined ? { itemId, value } : { itemId, value, comment };
    return (await this.json<{ item: ChatItem }>("POST", `/api/threads/${encodeURIComponent(threadId)}/feedback`, body)).item;
  }

  async end(threadId: string): Promise<void> {
    await this.json<unknown>("POST", `/api/threads/${encodeURIComponent(threadId)}/end`, {});
  }

  /**
   * Uploads a file to a thread (`POST /api/files`): the bytes only, never a path or URL. The server
   * decides its type and enforces the limits (413 too large, 415 type not accepted: a ParleyError
   * whose message is the server's explanation).
   */
  async uploadFile(threadId: string, file: Blob, name: string, signal?: AbortSignal): Promise<FileRef> {
    const form = new FormData();
    form.append("threadId", threadId);
    form.append("file", file, name);
    const response = await this.send("POST", "/api/files", form, signal);
    return (await response.json()) as FileRef;
  }

  /** Delivers a message from the embedding page to the app (OnWindowMessageAsync). Ephemeral. */
  async postWindowMessage(threadId: string, data: unknown): Promise<void> {
    await this.send("POST", `/api/threads/${encodeURIComponent(threadId)}/window-messages`, { data });
  }

  /** Begins an audio stream; 409 audio_refused when the app refuses it. */
  async startAudio(threadId: string, mimeType: string, clientId?: string): Promise<string> {
    const body = clientId ? { mimeType, clientId } : { mimeType };
    return (await this.json<{ streamId: string }>("POST", `/api/threads/${encodeURIComponent(threadId)}/audio`, body)).streamId;
  }

  /** Sends one chunk of an audio stream (send them in order, one at a time). */
  async sendAudioChunk(threadId: string, streamId: string, data: Blob, elapsedMs: number): Promise<void> {
    await this.send("POST", `/api/threads/${encodeURIComponent(threadId)}/audio/${encodeURIComponent(streamId)}/chunks`, data, undefined, {
      "X-Elapsed-Ms": String(Math.max(0, Math.round(elapsedMs))),
    });
  }

  /** Ends an audio stream: the app's OnAudioEndAsync runs as a run. Idempotent. */
  endAudio(threadId: string, streamId: string): Promise<{ runId: string; queued: boolean }> {
    return this.json("POST", `/api/threads/${encodeURIComponent(threadId)}/audio/${encodeURIComponent(streamId)}/end`, {});
  }

  /** Opens the event stream after a seq (sent as Last-Event-ID). */
  async openEvents(threadId: string, lastEventId: number, signal: AbortSignal): Promise<Response> {
    const response = await this.send("GET", `/api/threads/${encodeURIComponent(threadId)}/events`, undefined, signal, {
      "Last-Event-ID": String(lastEventId),
      Accept: "text/event-stream",
    });
    return response;
  }

  private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.send(method, path, body);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  /**
   * Settles when the first request's response headers arrived. A new browser gets its anonymous
   * identity cookie from its first response; a request sent before then would be made as another new
   * user (and whichever Set-Cookie came last would win), so later requests wait for the first.
   */
  private identity: Promise<void> | null = null;

  private send(method: string, path: string, body?: unknown, signal?: AbortSignal, headers: Record<string, string> = {}): Promise<Response> {
    if (this.identity === null) {
      const first = this.sendNow(method, path, body, signal, headers);
      this.identity = first.then(() => undefined, () => undefined);
      return first;
    }
    return this.identity.then(() => this.sendNow(method, path, body, signal, headers));
  }

  private async sendNow(method: string, path: string, body?: unknown, signal?: AbortSignal, headers: Record<string, string> = {}): Promise<Response> {
    let response: Response;
    try {
      const init: RequestInit = { method, credentials: "same-origin", headers: { ...headers } };
      if (body instanceof FormData) {
        init.body = body; // the browser sets the multipart boundary
      } else if (body instanceof Blob) {
        init.body = body;
        (init.headers as Record<string, string>)["Content-Type"] = "application/octet-stream";
      } else if (body !== undefined) {
        init.body = JSON.stringify(body);
        (init.headers as Record<string, string>)["Content-Type"] = "application/json";
      }
      if (signal) init.signal = signal;
      response = await this.env.fetch(this.baseUrl + path, init);
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ParleyError(0, "network_error", "The server cannot be reached.");
    }
    if (!response.ok) throw await problemOf(response);
    return response;
  }
}

async function problemOf(response: Response): Promise<ParleyError> {
  try {
    const problem = (await response.json()) as Partial<Problem>;
    return new ParleyError(response.status, problem.code ?? "http_error", problem.detail ?? response.statusText, problem.field);
  } catch {
    return new ParleyError(response.status, "http_error", response.statusText || `HTTP ${response.status}`);
  }
}
