// Uploads a recording's chunks while it is being recorded: strictly in order, one request in flight,
// the others queued. The first refusal stops the upload; end() then rejects with it.

import type { ParleyApi } from "./api.js";

interface Chunk {
  data: Blob;
  elapsedMs: number;
}

export class AudioUpload {
  private readonly queue: Chunk[] = [];
  private sending: Promise<void> | null = null;
  private failure: unknown = null;
  private ended = false;

  constructor(
    private readonly api: ParleyApi,
    readonly threadId: string,
    readonly streamId: string,
    /** Called once, with the first error, so the recorder can stop. */
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** Bytes handed to push() so far. */
  bytes = 0;

  /** Queues a chunk; it is sent after every chunk before it. Empty chunks are skipped. */
  push(data: Blob, elapsedMs: number): void {
    if (this.ended || this.failure !== null || data.size === 0) return;
    this.bytes += data.size;
    this.queue.push({ data, elapsedMs });
    this.pump();
  }

  /** Waits for every queued chunk, then ends the stream; rejects with the first error. */
  async end(): Promise<{ runId: string; queued: boolean }> {
    this.ended = true;
    while (this.sending) await this.sending;
    if (this.failure !== null) throw this.failure;
    return this.api.endAudio(this.threadId, this.streamId);
  }

  private pump(): void {
    if (this.sending || this.queue.length === 0 || this.failure !== null) return;
    const chunk = this.queue.shift()!;
    this.sending = this.api.sendAudioChunk(this.threadId, this.streamId, chunk.data, chunk.elapsedMs).then(
      () => {
        this.sending = null;
        this.pump();
      },
      (error: unknown) => {
        this.sending = null;
        this.failure = error;
        this.queue.length = 0;
        this.onError(error);
      },
    );
  }
}
