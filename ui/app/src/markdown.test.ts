// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { renderMarkdown, splitBlocks } from "./markdown.js";

const doc = [
  "# Title",
  "",
  "Intro paragraph with **bold**.",
  "",
  "```python",
  "def f():",
  "",
  "    return 1",
  "```",
  "",
  "- a",
  "- b",
  "",
  "| x | y |",
  "|---|---|",
  "| 1 | 2 |",
  "",
  "The end.",
].join("\n");

describe("splitBlocks", () => {
  it("splits at blank lines but never inside a code fence", () => {
    const blocks = splitBlocks(doc);
    expect(blocks).toHaveLength(6);
    expect(blocks[2]?.trimEnd()).toBe("```python\ndef f():\n\n    return 1\n```");
  });

  it("keeps every finished block stable while the text streams in", () => {
    const final = splitBlocks(doc);
    for (let n = 1; n <= doc.length; n++) {
      const blocks = splitBlocks(doc.slice(0, n));
      // All blocks but the last are final: a UI renders them once.
      for (let i = 0; i < blocks.length - 1; i++) expect(blocks[i], `prefix ${n}`).toBe(final[i]);
    }
  });
});

describe("renderMarkdown", () => {
  it("removes scripts, handlers and javascript links", () => {
    const html = renderMarkdown(
      '<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\n[x](javascript:alert(3))\n\n<a href="javascript:alert(4)">y</a>\n\n<div style="color:red" onclick="alert(5)">z</div>',
    );
    expect(html).not.toMatch(/<script|onerror|onclick|javascript:|style=/i);
  });

  it("opens links in a new tab without an opener", () => {
    expect(renderMarkdown("[site](https://example.com)")).toContain('rel="noopener noreferrer nofollow"');
  });

  it("highlights code and adds a copy button, escaping what is in the code", () => {
    const html = renderMarkdown("```js\nconst a = '<b>';\n```");
    expect(html).toContain("hljs-keyword");
    expect(html).toContain("data-copy");
    expect(html).toContain("&lt;b&gt;");
  });
});
