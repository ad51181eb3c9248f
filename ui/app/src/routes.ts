// Threads live at "<base>t/<id>"; the base is the page's <base href>, where the server mounted the chat.

function basePath(): string {
  return new URL(document.baseURI).pathname;
}

export const routes = {
  current(): string | null {
    const path = window.location.pathname;
    const base = basePath();
    const rest = path.startsWith(base) ? path.slice(base.length) : "";
    const match = /^t\/([A-Za-z0-9_-]+)\/?$/.exec(rest);
    return match?.[1] ?? null;
  },
  go(threadId: string | null): void {
    const target = threadId ? `${basePath()}t/${threadId}` : basePath();
    if (window.location.pathname !== target) window.history.pushState(null, "", target);
  },
  listen(onChange: (threadId: string | null) => void): () => void {
    const handler = () => onChange(routes.current());
    window.addEventListener("popstate", handler);
    return () => window.removeEventListener("popstate", handler);
  },
};
