import { useState } from "react";
import type { AssistantMessageItem, ChatAction } from "@parley/client";

/** The action buttons under an assistant message; a removed action disappears with the item's update. */
export function MessageActions({ item, onAction }: { item: AssistantMessageItem; onAction: (item: AssistantMessageItem, action: ChatAction) => Promise<void> }) {
  const [busy, setBusy] = useState<string | null>(null);
  const actions = item.actions ?? [];
  if (actions.length === 0 || item.status === "in_progress") return null;
  const click = (action: ChatAction) => {
    setBusy(action.id);
    onAction(item, action).finally(() => setBusy(null));
  };
  return (
    <div className="message-actions" role="group" aria-label="Actions">
      {actions.map((action) => (
        <ActionButton key={action.id} action={action} disabled={busy === action.id} onClick={() => click(action)} />
      ))}
    </div>
  );
}

export function ActionButton({ action, disabled, onClick }: { action: ChatAction; disabled: boolean; onClick: () => void }) {
  return (
    <button type="button" className="action-button" title={action.tooltip} disabled={disabled} onClick={onClick} data-action={action.name}>
      {action.icon && <span className="action-icon" aria-hidden="true">{iconOf(action.icon)}</span>}
      {action.label}
    </button>
  );
}

// A few common icon names as symbols; anything else shows nothing rather than a broken image.
const icons: Record<string, string> = {
  "thumbs-up": "👍", "thumbs-down": "👎", check: "✓", x: "✕", refresh: "↻", copy: "⧉", download: "⤓", star: "★", info: "ℹ", play: "▶",
};

function iconOf(name: string): string {
  return icons[name] ?? "•";
}
