import { memo, useMemo, type MouseEvent } from "react";
import { renderMarkdown, splitBlocks } from "./markdown.js";

/** One markdown block, rendered once per distinct text. */
const Block = memo(function Block({ text }: { text: string }) {
  const html = useMemo(() => renderMarkdown(text), [text]);
  return <div className="md-block" dangerouslySetInnerHTML={{ __html: html }} />;
});

/** Markdown, sanitised; a streaming text re-renders only its last block. */
export function Markdown({ text }: { text: string }) {
  const blocks = useMemo(() => splitBlocks(text), [text]);
  return (
    <div className="markdown" onClick={copyCode}>
      {blocks.map((block, i) => (
        <Block key={i} text={block} />
      ))}
    </div>
  );
}

function copyCode(event: MouseEvent<HTMLDivElement>): void {
  const button = (event.target as HTMLElement).closest<HTMLButtonElement>("button[data-copy]");
  const code = button?.closest(".code-block")?.querySelector("code")?.textContent;
  if (!button || code == null) return;
  void navigator.clipboard?.writeText(code).then(() => {
    button.textContent = "Copied";
    setTimeout(() => (button.textContent = "Copy"), 1500);
  });
}
