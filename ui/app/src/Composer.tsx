import { useEffect, useRef, useState, type ClipboardEvent, type FormEvent, type KeyboardEvent, type ReactNode } from "react";
import type { AskItem, FileRef, SlashCommand } from "@parley/client";
import { AppIcon } from "./AppIcon.js";
import { AttachmentChips } from "./AttachmentChips.js";
import { CommandMenu, matchCommands } from "./CommandMenu.js";
import { StopSquare } from "./Icons.js";
import type { Attachments } from "./useAttachments.js";

interface ComposerProps {
  /** A pending text ask: Enter answers it instead of sending a message. */
  ask: AskItem | null;
  canStop: boolean;
  busy: boolean;
  queued: number;
  disabled: boolean;
  onSend(text: string, files: readonly FileRef[], command?: string): void;
  /** The files attached to the next message; absent when uploads are off. */
  attachments?: Attachments;
  onAnswer(ask: AskItem, text: string): void;
  onStop(): void;
  /** Extra controls beside Send (the microphone). */
  tools?: ReactNode;
  /** The app's slash commands, offered when the message starts with "/". Default none. */
  commands?: readonly SlashCommand[];
}

/** Enter sends, Shift+Enter is a new line; Stop while the active run allows it. */
export function Composer({ ask, canStop, busy, queued, disabled, onSend, onAnswer, onStop, attachments, tools, commands = [] }: ComposerProps) {
  const [text, setText] = useState("");
  const [command, setCommand] = useState<SlashCommand | null>(null);
  const [menuIndex, setMenuIndex] = useState(0);
  const [menuClosed, setMenuClosed] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const canAttach = !ask && !!attachments?.enabled;
  const files = canAttach ? attachments.ready : [];
  const waiting = canAttach && attachments.uploading;
  const matches = ask || command || menuClosed ? null : matchCommands(commands, text);

  const pick = (chosen: SlashCommand) => {
    setCommand(chosen);
    setText("");
    setMenuIndex(0);
    input.current?.focus();
  };

  useEffect(() => input.current?.focus(), [ask?.id]);

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const value = text.trim();
    if ((!value && files.length === 0) || disabled || waiting) return;
    if (ask) onAnswer(ask, value);
    else onSend(value, files, command?.id);
    setText("");
    setCommand(null);
    if (!ask) attachments?.clear();
  };

  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const pasted = Array.from(event.clipboardData.files);
    if (!canAttach || pasted.length === 0) return;
    // Files (a screenshot, copied files) become attachments; pasted text still goes into the box.
    if (!event.clipboardData.types.includes("text/plain")) event.preventDefault();
    attachments.add(pasted);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (matches) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        const step = event.key === "ArrowDown" ? 1 : -1;
        setMenuIndex((i) => (matches.length === 0 ? 0 : (i + step + matches.length) % matches.length));
        return;
      }
      if ((event.key === "Enter" || event.key === "Tab") && matches.length > 0) {
        event.preventDefault();
        pick(matches[Math.min(menuIndex, matches.length - 1)]!);
        return;
      }
      if (event.key === "Escape") {
        event.preventDefault();
        setMenuClosed(true);
        return;
      }
    }
    if (event.key === "Backspace" && command && text === "") {
      setCommand(null);
      return;
    }
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
      {matches && <CommandMenu commands={matches} active={Math.min(menuIndex, Math.max(0, matches.length - 1))} onPick={pick} />}
      {canAttach && <AttachmentChips items={attachments.items} onRemove={attachments.remove} />}
      <div className="composer-row">
        {canAttach && (
          <>
            <button type="button" className="attach" onClick={() => picker.current?.click()} disabled={disabled} aria-label="Attach files" title="Attach files">
              <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true"><path d="M21.44 11.05l-9.19 9.19a6 6 0 0 1-8.49-8.49l9.19-9.19a4 4 0 0 1 5.66 5.66l-9.2 9.19a2 2 0 0 1-2.83-2.83l8.49-8.48" /></svg>
            </button>
            <input
              ref={picker}
              type="file"
              multiple
              hidden
              data-testid="file-input"
              onChange={(e) => {
                attachments.add(Array.from(e.target.files ?? []));
                e.target.value = "";
              }}
            />
          </>
        )}
        {command && !ask && (
          <span className="chip command-chip" data-testid="command-chip">
            <AppIcon icon={command.icon} />/{command.id}
            <button type="button" aria-label={`Remove command ${command.id}`} onClick={() => setCommand(null)}>×</button>
          </span>
        )}
        <textarea
          ref={input}
          value={text}
          rows={1}
          placeholder={ask ? "Type your answer…" : busy ? "Type a message (it will wait for the current reply)…" : "Type a message…"}
          aria-label={ask ? "Your answer" : "Message"}
          disabled={disabled}
          onChange={(e) => {
            setText(e.target.value);
            setMenuClosed(false);
            setMenuIndex(0);
          }}
          aria-controls={matches ? "command-menu" : undefined}
          aria-activedescendant={matches?.[menuIndex] ? `command-${matches[menuIndex].id}` : undefined}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
        />
        {tools}
        {canStop ? (
          <button type="button" className="stop" onClick={onStop} aria-label="Stop"><StopSquare /> Stop</button>
        ) : null}
        <button type="submit" className="send" disabled={disabled || waiting || (text.trim() === "" && files.length === 0)} aria-label={ask ? "Send answer" : "Send"}>
          {ask ? "Answer" : "Send"}
        </button>
      </div>
    </form>
  );
}
