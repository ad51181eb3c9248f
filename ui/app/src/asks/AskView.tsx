import { useRef, useState } from "react";
import { ParleyError, type AskItem, type ChatAction, type FileRef } from "@parley/client";
import { Markdown } from "../Markdown.js";
import { AskElementView } from "./AskElementView.js";
import { fileSrc } from "../elements/urls.js";
import { ActionButton } from "./MessageActions.js";

/** What an ask needs from the app: send an answer (rejects with the server's problem), upload a file. */
export interface AskHandlers {
  answer(ask: AskItem, body: { content?: string; actionId?: string; fileIds?: string[]; value?: unknown }): Promise<void>;
  uploadFile(file: File, signal?: AbortSignal): Promise<FileRef>;
}

const expiredSentences: Record<string, string> = {
  timeout: "This question expired: nobody answered it in time.",
  session_ended: "This question expired: the conversation's session ended before it was answered.",
  restarted: "This question expired: the server restarted before it was answered.",
};

/** An ask of any kind: its question, its control while pending, its answer or why it closed. */
export function AskView({ item, handlers }: { item: AskItem; handlers: AskHandlers }) {
  const kind = item.kind ?? "text";
  const pending = item.status === "pending";
  return (
    <>
      <div className="row assistant" data-testid="ask" data-kind={kind} data-status={item.status}>
        <div className="bubble assistant-bubble ask">
          {item.author && <div className="author">{item.author}</div>}
          <Markdown text={item.content} />
          {pending && kind === "action" && <ActionAsk item={item} handlers={handlers} />}
          {pending && kind === "file" && <FileAsk item={item} handlers={handlers} />}
          {pending && kind === "element" && <ElementAsk item={item} handlers={handlers} />}
          {pending && <span className="badge">Waiting for your answer</span>}
          {item.status === "expired" && (
            <p className="ask-closed" role="note">{expiredSentences[item.expiredReason ?? "timeout"] ?? "This question expired."}</p>
          )}
          {item.status === "cancelled" && <p className="ask-closed" role="note">This question was cancelled: the reply was stopped.</p>}
        </div>
      </div>
      {item.answer && <AnswerBubble item={item} />}
    </>
  );
}

function AnswerBubble({ item }: { item: AskItem }) {
  const answer = item.answer!;
  const chosen = answer.actionId ? item.actions?.find((a) => a.id === answer.actionId)?.label ?? answer.actionId : undefined;
  return (
    <div className="row user" data-testid="ask-answer">
      <div className="bubble user-bubble">
        {answer.content !== undefined && <p className="plain">{answer.content}</p>}
        {chosen !== undefined && <p className="plain">{chosen}</p>}
        {answer.files && (
          <ul className="answer-files">
            {answer.files.map((f) => <li key={f.id}>{fileSrc(f.url) ? <a href={fileSrc(f.url) ?? undefined} target="_blank" rel="noopener noreferrer">{f.name}</a> : f.name}</li>)}
          </ul>
        )}
        {answer.value !== undefined && <p className="plain">Submitted: <code>{short(answer.value)}</code></p>}
      </div>
    </div>
  );
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? "";
  return text.length > 120 ? text.slice(0, 119) + "…" : text;
}

/** Sends an answer; a refusal is shown (the server's words) and the ask stays answerable. */
function useAnswer(item: AskItem, handlers: AskHandlers) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const send = async (body: Parameters<AskHandlers["answer"]>[1]) => {
    setBusy(true);
    setError(null);
    try {
      await handlers.answer(item, body);
    } catch (e) {
      setError(e instanceof ParleyError ? e.message : "The answer could not be sent. Please try again.");
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, send };
}

function Refusal({ error }: { error: string | null }) {
  return error ? <p className="ask-error" role="alert">{error}</p> : null;
}

function ActionAsk({ item, handlers }: { item: AskItem; handlers: AskHandlers }) {
  const { busy, error, send } = useAnswer(item, handlers);
  return (
    <>
      <div className="message-actions" role="group" aria-label="Choices">
        {(item.actions ?? []).map((action: ChatAction) => (
          <ActionButton key={action.id} action={action} disabled={busy} onClick={() => void send({ actionId: action.id })} />
        ))}
      </div>
      <Refusal error={error} />
    </>
  );
}

function FileAsk({ item, handlers }: { item: AskItem; handlers: AskHandlers }) {
  const { busy, error, setError, send } = useAnswer(item, handlers);
  const [uploading, setUploading] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const maxFiles = item.maxFiles ?? 1;
  const maxSizeMb = item.maxSizeMb ?? 20;
  const accept = item.accept?.join(",");

  const upload = async (list: FileList | null) => {
    const files = [...(list ?? [])];
    if (files.length === 0) return;
    if (files.length > maxFiles) {
      setError(maxFiles === 1 ? "Choose one file." : `Choose at most ${maxFiles} files.`);
      return;
    }
    const large = files.find((f) => f.size > maxSizeMb * 1024 * 1024);
    if (large) {
      setError(`"${large.name}" is larger than ${maxSizeMb} MB.`);
      return;
    }
    setUploading(true);
    setError(null);
    try {
      const refs = await Promise.all(files.map((f) => handlers.uploadFile(f)));
      await send({ fileIds: refs.map((r) => r.id) });
    } catch (e) {
      setError(e instanceof ParleyError ? e.message : "The upload failed. Please try again.");
    } finally {
      setUploading(false);
      if (input.current) input.current.value = "";
    }
  };

  return (
    <div className="file-ask">
      <input
        ref={input}
        type="file"
        aria-label="Upload your answer"
        accept={accept}
        multiple={maxFiles > 1}
        disabled={busy || uploading}
        onChange={(e) => void upload(e.currentTarget.files)}
      />
      <span className="file-ask-hint">
        {maxFiles === 1 ? "One file" : `Up to ${maxFiles} files`}, at most {maxSizeMb} MB{accept ? ` (${item.accept!.join(", ")})` : ""}
        {uploading ? " — uploading…" : ""}
      </span>
      <Refusal error={error} />
    </div>
  );
}

function ElementAsk({ item, handlers }: { item: AskItem; handlers: AskHandlers }) {
  const { error, send } = useAnswer(item, handlers);
  if (!item.element) return null;
  return (
    <>
      <AskElementView askId={item.id} component={item.element.component} props={item.element.props} onSubmit={(value) => void send({ value })} />
      <Refusal error={error} />
    </>
  );
}
