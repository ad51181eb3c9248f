import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import type { AskItem, SlashCommand } from "@parley/client";
import { AppIcon } from "./AppIcon.js";
import { CommandMenu, matchCommands } from "./CommandMenu.js";
import { StopSquare } from "./Icons.js";

interface ComposerProps {
  /** A pending text ask: Enter answers it instead of sending a message. */
  ask: AskItem | null;
  canStop: boolean;
  busy: boolean;
  queued: number;
  disabled: boolean;
  onSend(text: string, command?: string): void;
  onAnswer(ask: AskItem, text: string): void;
  onStop(): void;
  /** The app's slash commands, offered when the message starts with "/". Default none. */
  commands?: readonly SlashCommand[];
}

/** Enter sends, Shift+Enter is a new line; Stop while the active run allows it. */
export function Composer({ ask, canStop, busy, queued, disabled, onSend, onAnswer, onStop, commands = [] }: ComposerProps) {
  const [text, setText] = useState("");
  const [command, setCommand] = useState<SlashCommand | null>(null);
  const [menuIndex, setMenuIndex] = useState(0);
  const [menuClosed, setMenuClosed] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);
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
    if (!value || disabled) return;
    if (ask) onAnswer(ask, value);
    else onSend(value, command?.id);
    setText("");
    setCommand(null);
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
      <div className="composer-row">
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
        />
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
