import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import type { ChatItem, ElementItem } from "@parley/client";
import { routes } from "../routes.js";
import { ElementView } from "./ElementView.js";

interface ElementHost {
  openSide(elementId: string): void;
  openPage(elementId: string): void;
  pageHref(elementId: string): string;
}

const HostContext = createContext<ElementHost | null>(null);

/**
 * Where side and page elements open: a side panel beside the conversation, and a full-page view at
 * "<base>t/{thread}/e/{element}" (a route, so it survives a reload). Both show the element's current
 * state, so an update (a task list progressing) shows there too.
 */
export function ElementHostProvider({ threadId, items, children }: { threadId: string; items: readonly ChatItem[]; children: ReactNode }) {
  const [side, setSide] = useState<string | null>(null);
  const [page, setPage] = useState<string | null>(() => routes.element());

  useEffect(() => {
    const onPop = () => setPage(routes.element());
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);

  useEffect(() => setSide(null), [threadId]);

  const openPage = useCallback((elementId: string) => {
    routes.goElement(threadId, elementId);
    setPage(elementId);
  }, [threadId]);

  const closePage = () => {
    routes.goElement(threadId, null);
    setPage(null);
  };

  const host = useMemo<ElementHost>(() => ({ openSide: setSide, openPage, pageHref: (id) => routes.elementHref(threadId, id) }), [openPage, threadId]);
  const find = (id: string | null) => (id ? items.find((i): i is ElementItem => i.type === "element" && i.id === id) ?? null : null);
  const sideElement = find(side);
  const pageElement = find(page);

  return (
    <HostContext.Provider value={host}>
      {children}
      {sideElement && (
        <aside className="element-panel" aria-label={`Side panel: ${sideElement.name}`} data-testid="element-panel">
          <div className="element-panel-bar">
            <span>{sideElement.name}</span>
            <button type="button" aria-label="Close the side panel" onClick={() => setSide(null)}>×</button>
          </div>
          <ElementView element={sideElement} />
        </aside>
      )}
      {page && (
        <section className="element-page" aria-label={`Page: ${pageElement?.name ?? "element"}`} data-testid="element-page">
          <div className="element-page-bar">
            <button type="button" onClick={closePage}>← Back to the chat</button>
            <span>{pageElement?.name}</span>
          </div>
          {pageElement ? <ElementView element={pageElement} /> : <p className="element-missing">This element does not exist (any more).</p>}
        </section>
      )}
    </HostContext.Provider>
  );
}

/** An element where its display mode puts it: inline, or a link that opens it beside or on a page. */
export function ElementSlot({ element }: { element: ElementItem }) {
  const host = useContext(HostContext);
  if (element.display === "side" && host) {
    return (
      <button type="button" className="element-link" data-testid="element-link" data-display="side" onClick={() => host.openSide(element.id)}>
        {element.name}
      </button>
    );
  }
  if (element.display === "page" && host) {
    return (
      <a
        className="element-link"
        data-testid="element-link"
        data-display="page"
        href={host.pageHref(element.id)}
        onClick={(e) => {
          if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
          e.preventDefault();
          host.openPage(element.id);
        }}
      >
        {element.name}
      </a>
    );
  }
  return <ElementView element={element} />;
}
