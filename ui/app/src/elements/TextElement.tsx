import { useMemo } from "react";
import type { ElementItem } from "@parley/client";
import { Markdown } from "../Markdown.js";

/** A code block, highlighted by language, through the same sanitising markdown path as messages. */
export function TextElement({ element }: { element: ElementItem }) {
  const content = typeof element.props?.["content"] === "string" ? element.props["content"] : "";
  const raw = element.props?.["language"];
  const language = typeof raw === "string" && /^[A-Za-z0-9_+#.-]{1,32}$/.test(raw) ? raw : "";
  const markdown = useMemo(() => {
    // A fence longer than any run of backticks in the text, so the text cannot close it.
    const longest = Math.max(2, ...Array.from(content.matchAll(/`+/g), (m) => m[0].length));
    const fence = "`".repeat(longest + 1);
    return `${fence}${language}\n${content}\n${fence}`;
  }, [content, language]);
  return <div className="element-text"><Markdown text={markdown} /></div>;
}
