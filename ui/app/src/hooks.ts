import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from "react";
import type { ParleyClient, ThreadConnection } from "@parley/client";

/** The connection to a thread for as long as the component shows it; one per thread per tab. */
export function useThreadConnection(client: ParleyClient, threadId: string | null): ThreadConnection | null {
  const [connection, setConnection] = useState<ThreadConnection | null>(null);
  useEffect(() => {
    if (!threadId) {
      setConnection(null);
      return;
    }
    const c = client.connect(threadId);
    setConnection(c);
    return () => client.release(threadId);
  }, [client, threadId]);
  return connection;
}

/** Re-renders when the connection's state or status changes (at most once per animation frame). */
export function useConnectionSnapshot(connection: ThreadConnection | null) {
  const subscribe = useCallback((notify: () => void) => {
    if (!connection) return () => undefined;
    let frame = 0;
    const off = connection.subscribe(() => {
      // Tokens arrive faster than a screen refreshes: coalesce them into one render per frame.
      if (frame === 0) frame = requestAnimationFrame(() => {
        frame = 0;
        notify();
      });
    });
    return () => {
      off();
      if (frame !== 0) cancelAnimationFrame(frame);
    };
  }, [connection]);
  const state = useSyncExternalStore(subscribe, () => connection?.state);
  const status = useSyncExternalStore(subscribe, () => connection?.status);
  return { state, status };
}

/** The thread's unsent messages; re-renders when the outbox changes. */
export function useOutbox(client: ParleyClient, threadId: string | null) {
  const all = useSyncExternalStore(
    (notify) => client.outbox.subscribe(notify),
    () => client.outbox.all,
  );
  return useMemo(() => all.filter((e) => e.threadId === threadId), [all, threadId]);
}
