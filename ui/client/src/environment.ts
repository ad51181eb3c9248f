// What the client needs from its surroundings, injectable so tests control time, network and storage.

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export type EnvironmentSignal = "online" | "offline" | "visible";

export interface Environment {
  fetch(input: string, init?: RequestInit): Promise<Response>;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
  random(): number;
  isOnline(): boolean;
  /** Subscribes to a browser signal; returns the unsubscribe function. */
  on(signal: EnvironmentSignal, listener: () => void): () => void;
  storage: KeyValueStorage | null;
}

/** The real browser: window events, navigator.onLine, localStorage (when available). */
export function browserEnvironment(): Environment {
  const g = globalThis as typeof globalThis & { window?: Window; document?: Document; navigator?: Navigator };
  let storage: KeyValueStorage | null = null;
  try {
    storage = g.window?.localStorage ?? null;
  } catch {
    storage = null; // storage disabled (privacy mode): the outbox lives in memory only
  }
  return {
    fetch: (input, init) => g.fetch(input, init),
    setTimeout: (callback, ms) => g.setTimeout(callback, ms),
    clearTimeout: (handle) => g.clearTimeout(handle as ReturnType<typeof setTimeout>),
    now: () => Date.now(),
    random: () => Math.random(),
    isOnline: () => g.navigator?.onLine ?? true,
    on(signal, listener) {
      if (!g.window || !g.document) return () => undefined;
      if (signal === "visible") {
        const handler = () => {
          if (g.document!.visibilityState === "visible") listener();
        };
        g.document.addEventListener("visibilitychange", handler);
        return () => g.document!.removeEventListener("visibilitychange", handler);
      }
      g.window.addEventListener(signal, listener);
      return () => g.window!.removeEventListener(signal, listener);
    },
    storage,
  };
}
