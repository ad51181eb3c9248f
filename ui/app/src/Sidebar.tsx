import { useCallback, useEffect, useState } from "react";
import type { ParleyClient, ThreadInfo } from "@parley/client";
import { Close, Pencil, Trash } from "./Icons.js";

interface SidebarProps {
  client: ParleyClient;
  currentId: string | null;
  /** Changes when the current thread's name or activity changed, so the list refreshes. */
  version: string;
  open: boolean;
  onSelect(id: string): void;
  onNew(): void;
  onDeleted(id: string): void;
  onClose(): void;
}

/** The user's threads, newest first, paged; search, new chat, rename and delete. */
export function Sidebar({ client, currentId, version, open, onSelect, onNew, onDeleted, onClose }: SidebarProps) {
  const [threads, setThreads] = useState<ThreadInfo[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [query, setQuery] = useState("");
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async (q: string, after: string | null) => {
    try {
      const page = await client.api.listThreads({ limit: 30, cursor: after, q });
      setThreads((current) => (after ? [...current, ...page.threads] : page.threads));
      setCursor(page.nextCursor);
      setError(null);
    } catch {
      setError("Could not load your chats.");
    }
  }, [client]);

  useEffect(() => {
    const timer = setTimeout(() => void load(query, null), query ? 250 : 0);
    return () => clearTimeout(timer);
  }, [load, query, version]);

  const rename = async (thread: ThreadInfo, name: string) => {
    setEditing(null);
    if (!name.trim() || name === thread.name) return;
    const updated = await client.api.renameThread(thread.id, name.trim());
    setThreads((list) => list.map((t) => (t.id === updated.id ? updated : t)));
  };

  const remove = async (thread: ThreadInfo) => {
    if (!confirm(`Delete "${thread.name ?? "New chat"}"?`)) return;
    await client.api.deleteThread(thread.id);
    setThreads((list) => list.filter((t) => t.id !== thread.id));
    onDeleted(thread.id);
  };

  return (
    <nav className={`sidebar${open ? " open" : ""}`} aria-label="Chats">
      <div className="sidebar-head">
        <button type="button" className="new-chat" onClick={onNew}>+ New chat</button>
        <button type="button" className="close-sidebar" onClick={onClose} aria-label="Close the list of chats"><Close /></button>
      </div>
      <input className="search" type="search" placeholder="Search chats" aria-label="Search chats" value={query} onChange={(e) => setQuery(e.target.value)} />
      {error && <div className="sidebar-error" role="alert">{error}</div>}
      <ul className="thread-list">
        {threads.map((thread) => (
          <li key={thread.id} className={thread.id === currentId ? "current" : ""}>
            {editing === thread.id ? (
              <input
                className="rename"
                aria-label="Chat name"
                defaultValue={thread.name ?? ""}
                autoFocus
                onBlur={(e) => void rename(thread, e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === "Enter") void rename(thread, e.currentTarget.value);
                  if (e.key === "Escape") setEditing(null);
                }}
              />
            ) : (
              <button type="button" className="thread-link" onClick={() => onSelect(thread.id)} aria-current={thread.id === currentId ? "page" : undefined}>
                {thread.name ?? "New chat"}
              </button>
            )}
            <span className="thread-tools">
              <button type="button" aria-label={`Rename ${thread.name ?? "New chat"}`} onClick={() => setEditing(thread.id)}><Pencil /></button>
              <button type="button" aria-label={`Delete ${thread.name ?? "New chat"}`} onClick={() => void remove(thread)}><Trash /></button>
            </span>
          </li>
        ))}
      </ul>
      {cursor && <button type="button" className="more" onClick={() => void load(query, cursor)}>Load more</button>}
    </nav>
  );
}
