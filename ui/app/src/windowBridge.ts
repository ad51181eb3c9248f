// The bridge between the page that embeds the chat in an iframe and the app on the server:
// messages the parent posts (from an allowed origin) go to the current thread's OnWindowMessageAsync;
// window.message events of the open thread are posted to the parent, addressed to each allowed origin.

/** True when a message from `origin` may reach the app: the UI's own origin, or one configured. */
export function isAllowedOrigin(origin: string, ownOrigin: string, configured: readonly string[]): boolean {
  return origin === ownOrigin || configured.includes("*") || configured.includes(origin);
}

/** Where replies go: the UI's own origin and the configured ones; "*" only when configured. */
export function targetOrigins(ownOrigin: string, configured: readonly string[]): string[] {
  return configured.includes("*") ? ["*"] : [...new Set([ownOrigin, ...configured])];
}

export interface WindowBridge {
  /** Posts data the app sent (a window.message event) to the parent window. */
  forward(data: unknown): void;
  /** Stops listening. */
  stop(): void;
}

/**
 * Listens to the parent's messages when the UI is embedded (the parent is another window); a
 * message whose source is not the parent, or whose origin is not allowed, is ignored.
 */
export function startWindowBridge(options: {
  self: Window;
  origins: readonly string[];
  deliver(data: unknown): void;
}): WindowBridge {
  const { self, origins, deliver } = options;
  const parent = self.parent;
  const own = self.location.origin;
  if (parent === self) return { forward: () => undefined, stop: () => undefined };

  const onMessage = (event: MessageEvent) => {
    if (event.source !== parent || !isAllowedOrigin(event.origin, own, origins)) return;
    deliver(event.data);
  };
  self.addEventListener("message", onMessage);
  return {
    forward(data) {
      for (const origin of targetOrigins(own, origins)) {
        try {
          parent.postMessage(data, origin);
        } catch {
          // The parent is on another origin than this target: the browser refuses, and that is the point.
        }
      }
    },
    stop: () => self.removeEventListener("message", onMessage),
  };
}
