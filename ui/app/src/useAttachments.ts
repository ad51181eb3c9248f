import { useCallback, useMemo, useRef, useState } from "react";
import { checkFile, ParleyError, type FileRef, type UploadFeature } from "@parley/client";

/** A file the user is attaching to the next message: uploading, uploaded, or refused (with why). */
export interface PendingAttachment {
  key: string;
  name: string;
  size: number;
  status: "uploading" | "done" | "error";
  file?: FileRef;
  error?: string;
}

export interface Attachments {
  items: readonly PendingAttachment[];
  /** The uploaded files, ready to send. */
  ready: readonly FileRef[];
  /** Whether an upload is still in flight (the message waits for it). */
  uploading: boolean;
  enabled: boolean;
  add(files: readonly File[]): void;
  remove(key: string): void;
  clear(): void;
}

let nextKey = 1;

/**
 * The composer's attachments: each file is checked against the limits (count, size), then uploaded
 * at once; a refusal (the server's explanation, or the local check's) stays on its chip until removed.
 */
export function useAttachments(limits: UploadFeature | null, upload: (file: File, signal: AbortSignal) => Promise<FileRef>): Attachments {
  const [items, setItems] = useState<PendingAttachment[]>([]);
  const current = useRef(items);
  current.current = items;
  const controllers = useRef(new Map<string, AbortController>());

  const update = useCallback((key: string, change: Partial<PendingAttachment>) => {
    setItems((list) => list.map((a) => (a.key === key ? { ...a, ...change } : a)));
  }, []);

  const add = useCallback((files: readonly File[]) => {
    let counted = current.current.filter((a) => a.status !== "error").length;
    const added: PendingAttachment[] = [];
    for (const file of files) {
      const key = `att${nextKey++}`;
      const name = file.name || "pasted file";
      const refusal = checkFile({ name, size: file.size }, limits, counted);
      if (refusal) {
        added.push({ key, name, size: file.size, status: "error", error: refusal });
        continue;
      }
      counted++;
      added.push({ key, name, size: file.size, status: "uploading" });
      const controller = new AbortController();
      controllers.current.set(key, controller);
      const named = file.name ? file : new File([file], name, { type: file.type });
      upload(named, controller.signal).then(
        (ref) => update(key, { status: "done", file: ref, name: ref.name, size: ref.size }),
        (error: unknown) => {
          if (!controller.signal.aborted) update(key, { status: "error", error: error instanceof ParleyError ? error.message : "The file could not be uploaded." });
        },
      ).finally(() => controllers.current.delete(key));
    }
    if (added.length > 0) {
      current.current = [...current.current, ...added];
      setItems((list) => [...list, ...added]);
    }
  }, [limits, upload, update]);

  const remove = useCallback((key: string) => {
    controllers.current.get(key)?.abort();
    current.current = current.current.filter((a) => a.key !== key);
    setItems((list) => list.filter((a) => a.key !== key));
  }, []);

  const clear = useCallback(() => {
    for (const controller of controllers.current.values()) controller.abort();
    controllers.current.clear();
    current.current = [];
    setItems([]);
  }, []);

  return useMemo(() => ({
    items,
    ready: items.flatMap((a) => (a.status === "done" && a.file ? [a.file] : [])),
    uploading: items.some((a) => a.status === "uploading"),
    enabled: !!limits?.enabled,
    add,
    remove,
    clear,
  }), [items, limits, add, remove, clear]);
}
