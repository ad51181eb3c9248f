// Markdown to safe HTML: marked for the syntax, highlight.js for code, DOMPurify for everything
// that comes out — no script, no event handlers, no javascript: links, whatever the text says.

import DOMPurify from "dompurify";
import hljs from "highlight.js/lib/common";
import { Marked, type Tokens } from "marked";

const marked = new Marked({
  gfm: true,
  breaks: false,
  renderer: {
    code({ text, lang }: Tokens.Code): string {
      const language = (lang ?? "").trim().split(/\s+/)[0] ?? "";
      const highlighted = language && hljs.getLanguage(language)
        ? hljs.highlight(text, { language, ignoreIllegals: true }).value
        : escapeHtml(text);
      const label = language ? `<span class="code-lang">${escapeHtml(language)}</span>` : "";
      return `<div class="code-block"><div class="code-bar">${label}<button type="button" class="copy" data-copy="" aria-label="Copy code">Copy</button></div><pre><code class="hljs">${highlighted}</code></pre></div>`;
    },
  },
});

DOMPurify.addHook("afterSanitizeAttributes", (node) => {
  if (node.tagName === "A") {
    node.setAttribute("target", "_blank");
    node.setAttribute("rel", "noopener noreferrer nofollow");
  }
});

/** Renders markdown to sanitised HTML. */
export function renderMarkdown(text: string): string {
  const html = marked.parse(text, { async: false });
  return DOMPurify.sanitize(html, {
    FORBID_TAGS: ["style", "form", "input", "textarea", "select", "iframe", "object", "embed"],
    FORBID_ATTR: ["style"],
  });
}

/**
 * Splits markdown into blocks at blank lines outside code fences. Every block but the last is
 * final while a reply streams, so a UI renders each once and re-renders only the last.
 */
export function splitBlocks(text: string): string[] {
  const blocks: string[] = [];
  let start = 0;
  let fence: string | null = null;
  let pos = 0;
  while (pos <= text.length) {
    const end = text.indexOf("\n", pos);
    const lineEnd = end < 0 ? text.length : end;
    const line = text.slice(pos, lineEnd);
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker) {
      // A fence closes with the same character, at least as long as it opened.
      if (fence === null) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = null;
    } else if (fence === null && line.trim() === "" && lineEnd > start) {
      const block = text.slice(start, lineEnd);
      if (block.trim() !== "") blocks.push(block);
      start = lineEnd + 1;
    }
    if (end < 0) break;
    pos = end + 1;
  }
  const rest = text.slice(start);
  if (rest.trim() !== "" || blocks.length === 0) blocks.push(rest);
  return blocks;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
