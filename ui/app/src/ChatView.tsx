import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { ChatItem, OutboxEntry, ThreadState } from "@parley/client";
import { ElementHostProvider } from "./elements/ElementHost.js";
import { ArrowDown } from "./Icons.js";
import { ItemView, PendingBubble, type ItemActions } from "./ItemView.js";

interface ChatViewProps {
  state: ThreadState;
  pending: readonly OutboxEntry[];
  actions: ItemActions;
}

/** The conversation: follows the stream unless the reader scrolled up, then offers a jump back. */
export function ChatView({ state, pending, actions }: ChatViewProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [atBottom, setAtBottom] = useState(true);
  const followRef = useRef(true);

  const { top, nested } = useMemo(() => layout(state.items), [state.items]);
  const unsent = pending.filter((p) => !state.items.some((i) => i.type === "user_message" && i.clientId === p.clientId));

  const onScroll = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    const bottom = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
    followRef.current = bottom;
    setAtBottom(bottom);
  }, []);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && followRef.current) el.scrollTop = el.scrollHeight;
  });

  const jump = () => {
    const el = scroller.current;
    if (!el) return;
    followRef.current = true;
    el.scrollTop = el.scrollHeight;
    setAtBottom(true);
  };

  useEffect(() => {
    followRef.current = true;
    setAtBottom(true);
  }, [state.thread.id]);

  return (
    <ElementHostProvider threadId={state.thread.id} items={state.items}>
    <div className="chat-scroll" ref={scroller} onScroll={onScroll}>
      <div className="messages" role="log" aria-label="Conversation" aria-live="polite" aria-relevant="additions">
        {top.map((item) => (
          <ItemView key={item.id} item={item} nested={nested} actions={actions} />
        ))}
        {unsent.map((p) => (
          <PendingBubble key={p.clientId} content={p.content} attachments={p.attachments} status={p.error ? `Not sent: ${p.error.message}` : "Sending…"} command={p.command} />
        ))}
      </div>
      {!atBottom && (
        <button type="button" className="jump" onClick={jump} aria-label="Jump to latest">
          <ArrowDown /> Jump to latest
        </button>
      )}
    </div>
    </ElementHostProvider>
  );
}

/** Top-level items, and the items nested in each step. */
function layout(items: readonly ChatItem[]) {
  const steps = new Set(items.filter((i) => i.type === "step").map((i) => i.id));
  // Elements attached to a message (or a step) render with it.
  const hosts = new Set(items.filter((i) => i.type === "assistant_message" || i.type === "step").map((i) => i.id));
  const nested = new Map<string, ChatItem[]>();
  const top: ChatItem[] = [];
  for (const item of items) {
    if (item.type === "hidden_context") continue;
    const host = item.type === "element" && item.forItemId && hosts.has(item.forItemId) ? item.forItemId : null;
    if (host) {
      const list = nested.get(host) ?? [];
      list.push(item);
      nested.set(host, list);
    } else if (item.parentId && steps.has(item.parentId)) {
      const list = nested.get(item.parentId) ?? [];
      list.push(item);
      nested.set(item.parentId, list);
    } else {
      top.push(item);
    }
  }
  return { top, nested };
}
