import { useState, type FormEvent } from "react";
import type { AssistantMessageItem } from "@parley/client";
import { ThumbDown, ThumbUp } from "./Icons.js";

interface FeedbackBarProps {
  item: AssistantMessageItem;
  onRate(value: 1 | -1 | 0, comment?: string): void;
}

/**
 * Thumbs on a finished reply. A thumb rates at once and opens an optional comment box (Submit sends
 * the rating again with the comment, Cancel keeps the rating alone); the stored comment is shown.
 */
export function FeedbackBar({ item, onRate }: FeedbackBarProps) {
  const stored = item.metadata?.["feedback"] as { value?: number; comment?: string } | undefined;
  const value = stored?.value ?? 0;
  const [open, setOpen] = useState<1 | -1 | null>(null);
  const [comment, setComment] = useState("");

  const thumb = (pressed: 1 | -1) => {
    if (value === pressed) {
      onRate(0);
      setOpen(null);
      return;
    }
    onRate(pressed);
    setComment(stored?.comment ?? "");
    setOpen(pressed);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (open === null) return;
    const text = comment.trim();
    onRate(open, text === "" ? undefined : text);
    setOpen(null);
  };

  return (
    <>
      <div className="feedback" role="group" aria-label="Rate this reply">
        <button type="button" aria-label="Good reply" aria-pressed={value === 1} onClick={() => thumb(1)}><ThumbUp /></button>
        <button type="button" aria-label="Bad reply" aria-pressed={value === -1} onClick={() => thumb(-1)}><ThumbDown /></button>
      </div>
      {open !== null ? (
        <form className="feedback-comment" onSubmit={submit} aria-label="Feedback comment">
          <textarea
            aria-label="Comment on this reply (optional)"
            placeholder="What was good or bad about this reply? (optional)"
            maxLength={2000}
            value={comment}
            autoFocus
            onChange={(e) => setComment(e.target.value)}
            onKeyDown={(e) => e.key === "Escape" && setOpen(null)}
          />
          <div className="feedback-buttons">
            <button type="button" onClick={() => setOpen(null)}>Cancel</button>
            <button type="submit" className="primary">Submit feedback</button>
          </div>
        </form>
      ) : (
        value !== 0 && stored?.comment && <p className="feedback-note" data-testid="feedback-comment">“{stored.comment}”</p>
      )}
    </>
  );
}
