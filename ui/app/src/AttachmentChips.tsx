import { formatBytes } from "@parley/client";
import type { PendingAttachment } from "./useAttachments.js";

/** The composer's pending attachments: name, size or progress, the refusal if any, and remove. */
export function AttachmentChips({ items, onRemove }: { items: readonly PendingAttachment[]; onRemove(key: string): void }) {
  if (items.length === 0) return null;
  return (
    <ul className="attachment-chips" aria-label="Attached files">
      {items.map((a) => (
        <li key={a.key} className={`chip chip-${a.status}`} data-testid="attachment-chip" data-status={a.status}>
          <span className="chip-name">{a.name}</span>
          {a.status === "uploading" && <span className="chip-progress" role="status">Uploading…</span>}
          {a.status === "done" && <span className="chip-size">{formatBytes(a.size)}</span>}
          {a.status === "error" && <span className="chip-error" role="alert">{a.error}</span>}
          <button type="button" className="chip-remove" onClick={() => onRemove(a.key)} aria-label={`Remove ${a.name}`}>×</button>
        </li>
      ))}
    </ul>
  );
}
