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

const maxEarlyMessages = 100;

/**
 * Listens to the parent's messages as soon as it is created, when the UI is embedded (the parent is
 * another window); a message whose source is not the parent is ignored. Until the allowed origins are
 * known (`configure`, from GET /api/app) messages wait, so a host that posts on the iframe's load
 * event loses nothing; then a message from an origin that is not allowed is dropped.
 */
export class WindowBridge {
  private origins: readonly string[] | null = null;
  private early: MessageEvent[] = [];
  private readonly own: string;
  private readonly embedded: boolean;

  constructor(
    private readonly self: Window,
    private deliver: (data: unknown) => void = () => undefined,
  ) {
    this.own = self.location.origin;
    this.embedded = self.parent !== self;
    if (this.embedded) self.addEventListener("message", this.onMessage);
  }

  /**
   * Sets where accepted messages go (the app sets it once it can post them); call it before
   * `configure`, which releases the messages that waited. Returns a function that unsets it.
   */
  setDeliver(deliver: (data: unknown) => void): () => void {
    this.deliver = deliver;
    return () => {
      if (this.deliver === deliver) this.deliver = () => undefined;
    };
  }

  /** Sets the allowed origins besides the UI's own, and handles the messages that waited for them. */
  configure(origins: readonly string[]): void {
    this.origins = origins;
    const early = this.early;
    this.early = [];
    for (const event of early) this.accept(event);
  }

  /** Posts data the app sent (a window.message event) to the parent window; nothing until configured. */
  forward(data: unknown): void {
    if (!this.embedded || this.origins === null) return;
    for (const origin of targetOrigins(this.own, this.origins)) {
      try {
        this.self.parent.postMessage(data, origin);
      } catch {
        // The browser refuses a malformed target; a parent of another origin simply does not get it.
      }
    }
  }

  stop(): void {
    this.self.removeEventListener("message", this.onMessage);
  }

  private readonly onMessage = (event: MessageEvent) => {
    if (event.source !== this.self.parent) return;
    if (this.origins === null) {
      if (this.early.length < maxEarlyMessages) this.early.push(event);
      return;
    }
    this.accept(event);
  };

  private accept(event: MessageEvent): void {
    if (isAllowedOrigin(event.origin, this.own, this.origins ?? [])) this.deliver(event.data);
  }
}
