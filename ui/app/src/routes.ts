// Threads live at "<base>t/<id>"; the base is the page's <base href>, where the server mounted the chat.

function basePath(): string {
  return new URL(document.baseURI).pathname;
}

export const routes = {
  current(): string | null {
    const path = window.location.pathname;
    const base = basePath();
    const rest = path.startsWith(base) ? path.slice(base.length) : "";
    const match = /^t\/([A-Za-z0-9_-]+)(?:\/e\/[A-Za-z0-9_-]+)?\/?$/.exec(rest);
    return match?.[1] ?? null;
  },
  go(threadId: string | null): void {
    const target = threadId ? `${basePath()}t/${threadId}` : basePath();
    if (window.location.pathname !== target) window.history.pushState(null, "", target);
  },
  /** The element shown on a page of its own ("<base>t/{thread}/e/{element}"), if any. */
  element(): string | null {
    const base = basePath();
    const path = window.location.pathname;
    const rest = path.startsWith(base) ? path.slice(base.length) : "";
    return /^t\/[A-Za-z0-9_-]+\/e\/([A-Za-z0-9_-]+)\/?$/.exec(rest)?.[1] ?? null;
  },
  elementHref(threadId: string, elementId: string): string {
    return `${basePath()}t/${threadId}/e/${elementId}`;
  },
  goElement(threadId: string, elementId: string | null): void {
    const target = elementId ? routes.elementHref(threadId, elementId) : `${basePath()}t/${threadId}`;
    if (window.location.pathname !== target) window.history.pushState(null, "", target);
  },
  listen(onChange: (threadId: string | null) => void): () => void {
    const handler = () => onChange(routes.current());
    window.addEventListener("popstate", handler);
    return () => window.removeEventListener("popstate", handler);
  },
};
