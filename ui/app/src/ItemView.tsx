import { memo, useState } from "react";
import type { AssistantMessageItem, ChatAction, ChatItem, ErrorItem, StepItem, UserMessageItem } from "@parley/client";
import type { FileRef } from "@parley/client";
import { AttachmentList } from "./AttachmentList.js";
import { AskView, type AskHandlers } from "./asks/AskView.js";
import { MessageActions } from "./asks/MessageActions.js";
import { FeedbackBar } from "./FeedbackBar.js";
import { Markdown } from "./Markdown.js";
import { ElementSlot } from "./elements/ElementHost.js";

export interface ItemActions extends AskHandlers {
  retry(item: ChatItem): void;
  feedback(item: ChatItem, value: 1 | -1 | 0, comment?: string): void;
  /** Clicks an action on a message; settles when the server accepted or refused it. */
  runAction(item: AssistantMessageItem, action: ChatAction): Promise<void>;
}

interface ItemProps {
  item: ChatItem;
  nested: ReadonlyMap<string, readonly ChatItem[]>;
  actions: ItemActions;
}

/** One item; re-renders only when its object (or, for a step, what is nested in it) changes. */
export const ItemView = memo(function ItemView({ item, nested, actions }: ItemProps) {
  switch (item.type) {
    case "user_message":
      return <UserBubble item={item} />;
    case "assistant_message":
      return <AssistantBubble item={item} actions={actions} attached={nested.get(item.id)} />;
    case "step":
      return <StepView item={item} nested={nested} actions={actions} />;
    case "ask":
      return <AskView item={item} handlers={actions} />;
    case "error":
      return <ErrorView item={item} actions={actions} />;
    case "element":
      return (
        <div className="row element-row">
          <ElementSlot element={item} />
        </div>
      );
    case "hidden_context":
      return null;
  }
}, sameItem);

function sameItem(prev: ItemProps, next: ItemProps): boolean {
  if (prev.item !== next.item || prev.actions !== next.actions) return false;
  if (prev.item.type !== "step" && prev.item.type !== "assistant_message") return true;
  const a = prev.nested.get(prev.item.id) ?? [];
  const b = next.nested.get(next.item.id) ?? [];
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function UserBubble({ item, pending }: { item: Pick<UserMessageItem, "content" | "id" | "attachments"> & { command?: string | undefined }; pending?: string }) {
  return (
    <div className="row user" data-testid="user-message">
      <div className={`bubble user-bubble${pending ? " pending" : ""}`}>
        {item.command && <span className="chip command-chip" data-testid="message-command">/{item.command}</span>}
        {item.content && <p className="plain">{item.content}</p>}
        <AttachmentList files={item.attachments} />
        {pending && <span className="badge">{pending}</span>}
      </div>
    </div>
  );
}

export function PendingBubble({ content, status, attachments, command }: { content: string; status: string; attachments?: FileRef[] | undefined; command?: string | undefined }) {
  return <UserBubble item={{ id: "", content, attachments: attachments ?? [], command }} pending={status} />;
}

const statusLabels: Partial<Record<string, string>> = {
  cancelled: "Stopped",
  failed: "Failed",
  interrupted: "Interrupted",
};

function AssistantBubble({ item, actions, attached }: { item: AssistantMessageItem; actions: ItemActions; attached?: readonly ChatItem[] | undefined }) {
  const streaming = item.status === "in_progress";
  const label = statusLabels[item.status];
  return (
    <div className="row assistant" data-testid="assistant-message" data-status={item.status} aria-busy={streaming}>
      <div className="bubble assistant-bubble">
        {item.author && <div className="author">{item.author}</div>}
        <Markdown text={item.content} />
        {streaming && <span className="cursor" aria-hidden="true" />}
        {label && <span className={`badge status-${item.status}`}>{label}</span>}
        {attached && attached.length > 0 && (
          <div className="message-elements">
            {attached.map((child) => child.type === "element" && <ElementSlot key={child.id} element={child} />)}
          </div>
        )}
        <MessageActions item={item} onAction={actions.runAction} />
        {item.status === "completed" && <FeedbackBar item={item} onRate={(value, comment) => actions.feedback(item, value, comment)} />}
      </div>
    </div>
  );
}

const kindLabels: Record<string, string> = {
  run: "Step", tool: "Tool", llm: "Model", retrieval: "Retrieval", embedding: "Embedding", rerank: "Rerank", other: "Step",
};

function StepView({ item, nested, actions }: ItemProps & { item: StepItem }) {
  const [open, setOpen] = useState(false);
  const children = nested.get(item.id) ?? [];
  const running = item.status === "in_progress";
  return (
    <div className="row step-row">
      <details className={`step status-${item.status}${item.isError ? " error" : ""}`} open={open} onToggle={(e) => setOpen(e.currentTarget.open)} data-testid="step">
        <summary>
          <span className="step-kind">{kindLabels[item.kind ?? "run"]}</span>
          <span className="step-name">{item.name}</span>
          <span className="step-status">{running ? <span className="spinner" aria-label="Running" /> : statusLabels[item.status] ?? duration(item)}</span>
        </summary>
        {open && (
          <div className="step-body">
            {item.input ? (<><div className="step-label">Input</div><pre>{item.input}</pre></>) : null}
            {item.output ? (<><div className="step-label">Output</div><pre>{item.output}</pre></>) : null}
            {children.map((child) => <ItemView key={child.id} item={child} nested={nested} actions={actions} />)}
          </div>
        )}
      </details>
    </div>
  );
}

function duration(step: StepItem): string {
  if (!step.startedAt || !step.endedAt) return "";
  const ms = Date.parse(step.endedAt) - Date.parse(step.startedAt);
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function ErrorView({ item, actions }: { item: ErrorItem; actions: ItemActions }) {
  return (
    <div className="row assistant">
      <div className="error-box" role="alert" data-testid="error">
        <span>{item.message}</span>
        {item.allowRetry && <button type="button" onClick={() => actions.retry(item)}>Retry</button>}
      </div>
    </div>
  );
}
