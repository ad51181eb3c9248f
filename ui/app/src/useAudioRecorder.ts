import { useCallback, useEffect, useRef, useState } from "react";
import { AudioUpload, newClientId, ParleyError, type AudioFeature, type ParleyClient } from "@parley/client";

interface Recording {
  recorder: MediaRecorder;
  media: MediaStream;
  upload: AudioUpload;
  startedAt: number;
  timer: ReturnType<typeof setInterval>;
  failed: boolean;
}

const preferredTypes = ["audio/webm;codecs=opus", "audio/webm", "audio/ogg;codecs=opus", "audio/mp4"];

/**
 * Records from the microphone and streams the chunks to the thread while recording (every 250 ms,
 * one request at a time); stopping ends the stream, which runs the app's OnAudioEndAsync.
 */
export function useAudioRecorder(
  client: ParleyClient,
  feature: AudioFeature | undefined,
  ensureThread: () => Promise<string>,
  onError: (message: string) => void,
) {
  const [recording, setRecording] = useState(false);
  const [elapsedMs, setElapsedMs] = useState(0);
  const current = useRef<Recording | null>(null);
  const starting = useRef(false);

  const stop = useCallback(async () => {
    const r = current.current;
    if (!r) return;
    current.current = null;
    clearInterval(r.timer);
    setRecording(false);
    await new Promise<void>((resolve) => {
      if (r.recorder.state === "inactive") return resolve();
      r.recorder.addEventListener("stop", () => resolve(), { once: true });
      r.recorder.stop();
    });
    r.media.getTracks().forEach((t) => t.stop());
    try {
      await r.upload.end();
    } catch (error) {
      if (!r.failed) onError(messageOf(error));
    }
  }, [onError]);

  const start = useCallback(async () => {
    if (current.current || starting.current || !feature?.enabled) return;
    starting.current = true;
    let media: MediaStream | null = null;
    try {
      try {
        media = await navigator.mediaDevices.getUserMedia({ audio: true });
      } catch {
        onError("The microphone is not available.");
        return;
      }
      const preferred = preferredTypes.find((t) => MediaRecorder.isTypeSupported(t));
      const recorder = preferred ? new MediaRecorder(media, { mimeType: preferred }) : new MediaRecorder(media);
      const mimeType = recorder.mimeType || preferred || "audio/webm";
      const threadId = await ensureThread();
      const streamId = await client.api.startAudio(threadId, mimeType, newClientId({ now: () => Date.now(), random: () => Math.random() } as Parameters<typeof newClientId>[0]));
      const startedAt = Date.now();
      const r: Recording = {
        recorder,
        media,
        startedAt,
        failed: false,
        upload: new AudioUpload(client.api, threadId, streamId, (error) => {
          r.failed = true;
          onError(messageOf(error));
          void stop();
        }),
        timer: setInterval(() => {
          const elapsed = Date.now() - startedAt;
          setElapsedMs(elapsed);
          if (elapsed >= feature.maxStreamDurationMs - 1000) void stop();
        }, 200),
      };
      recorder.addEventListener("dataavailable", (e: BlobEvent) => r.upload.push(e.data, Date.now() - startedAt));
      current.current = r;
      media = null;
      recorder.start(250);
      setElapsedMs(0);
      setRecording(true);
    } catch (error) {
      onError(messageOf(error));
    } finally {
      media?.getTracks().forEach((t) => t.stop());
      starting.current = false;
    }
  }, [client, ensureThread, feature, onError, stop]);

  // Leaving the page (or the component) ends a recording in progress.
  useEffect(() => () => void stop(), [stop]);

  return { recording, elapsedMs, start, stop };
}

function messageOf(error: unknown): string {
  return error instanceof ParleyError ? error.message : "The recording could not be sent.";
}
