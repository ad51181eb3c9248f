import { describe, expect, it } from "vitest";
import { AudioUpload } from "../src/audio.js";
import { ParleyError, type ParleyApi } from "../src/api.js";
import { settle } from "./fakes.js";

class FakeAudioApi {
  readonly sent: { elapsedMs: number; size: number }[] = [];
  inFlight = 0;
  maxInFlight = 0;
  ended = 0;
  pending: (() => void)[] = [];
  failAt = -1;

  sendAudioChunk(_threadId: string, _streamId: string, data: Blob, elapsedMs: number): Promise<void> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const index = this.sent.length;
    this.sent.push({ elapsedMs, size: data.size });
    return new Promise((resolve, reject) => {
      this.pending.push(() => {
        this.inFlight--;
        if (index === this.failAt) reject(new ParleyError(413, "payload_too_large", "too large"));
        else resolve();
      });
    });
  }

  endAudio(): Promise<{ runId: string; queued: boolean }> {
    this.ended++;
    return Promise.resolve({ runId: "run_1", queued: false });
  }

  async releaseAll(): Promise<void> {
    while (this.pending.length > 0) {
      this.pending.shift()!();
      await settle();
    }
  }
}

const upload = (api: FakeAudioApi, onError?: (e: unknown) => void) => new AudioUpload(api as unknown as ParleyApi, "thr_1", "aud_1", onError);

describe("AudioUpload", () => {
  it("sends chunks in order, one at a time, and ends after the last", async () => {
    const api = new FakeAudioApi();
    const up = upload(api);
    up.push(new Blob([new Uint8Array(3)]), 100);
    up.push(new Blob([new Uint8Array(0)]), 150);
    up.push(new Blob([new Uint8Array(2)]), 200);
    up.push(new Blob([new Uint8Array(1)]), 300);
    const ending = up.end();
    await settle();
    expect(api.ended).toBe(0);
    await api.releaseAll();

    await expect(ending).resolves.toEqual({ runId: "run_1", queued: false });
    expect(api.sent).toEqual([{ elapsedMs: 100, size: 3 }, { elapsedMs: 200, size: 2 }, { elapsedMs: 300, size: 1 }]);
    expect(api.maxInFlight).toBe(1);
    expect(api.ended).toBe(1);
    expect(up.bytes).toBe(6);
  });

  it("stops at the first refusal, reports it once, and end rejects with it", async () => {
    const api = new FakeAudioApi();
    api.failAt = 1;
    const errors: unknown[] = [];
    const up = upload(api, (e) => errors.push(e));
    up.push(new Blob([new Uint8Array(1)]), 1);
    up.push(new Blob([new Uint8Array(1)]), 2);
    up.push(new Blob([new Uint8Array(1)]), 3);
    await api.releaseAll();
    up.push(new Blob([new Uint8Array(1)]), 4);

    await expect(up.end()).rejects.toMatchObject({ code: "payload_too_large" });
    expect(api.sent.map((s) => s.elapsedMs)).toEqual([1, 2]);
    expect(errors).toHaveLength(1);
    expect(api.ended).toBe(0);
  });
});
