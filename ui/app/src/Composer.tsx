import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from "react";
import type { AskItem } from "@parley/client";
import { StopSquare } from "./Icons.js";

interface ComposerProps {
  /** A pending text ask: Enter answers it instead of sending a message. */
  ask: AskItem | null;
  canStop: boolean;
  busy: boolean;
  queued: number;
  disabled: boolean;
  onSend(text: string): void;
  onAnswer(ask: AskItem, text: string): void;
  onStop(): void;
  /** Extra controls beside Send (the microphone). */
  tools?: ReactNode;
}

/** Enter sends, Shift+Enter is a new line; Stop while the active run allows it. */
export function Composer({ ask, canStop, busy, queued, disabled, onSend, onAnswer, onStop, tools }: ComposerProps) {
  const [text, setText] = useState("");
  const input = useRef<HTMLTextAreaElement>(null);

  useEffect(() => input.current?.focus(), [ask?.id]);

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const value = text.trim();
    if (!value || disabled) return;
    if (ask) onAnswer(ask, value);
    else onSend(value);
    setText("");
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <form className="composer" onSubmit={submit} aria-label={ask ? "Answer the question" : "Send a message"}>
      {ask && (
        <div className="answering" data-testid="answering">
          Answering: <span>{ask.content}</span>
        </div>
      )}
      {queued > 0 && <div className="queued" data-testid="queued">{queued === 1 ? "1 message" : `${queued} messages`} waiting for the current reply</div>}
      <div className="composer-row">
        <textarea
          ref={input}
          value={text}
          rows={1}
          placeholder={ask ? "Type your answer…" : busy ? "Type a message (it will wait for the current reply)…" : "Type a message…"}
          aria-label={ask ? "Your answer" : "Message"}
          disabled={disabled}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
        />
        {tools}
        {canStop ? (
          <button type="button" className="stop" onClick={onStop} aria-label="Stop"><StopSquare /> Stop</button>
        ) : null}
        <button type="submit" className="send" disabled={disabled || text.trim() === ""} aria-label={ask ? "Send answer" : "Send"}>
          {ask ? "Answer" : "Send"}
        </button>
      </div>
    </form>
  );
}
