import { describe, expect, it } from "vitest";
import { SseParser } from "../src/sse.js";

describe("SseParser", () => {
  it("parses ids, data and skips comments", () => {
    const parser = new SseParser();
    const frames = parser.push(': connected\n\nid: 1\ndata: {"a":1}\n\n: keep-alive\n\ndata: {"b":2}\n\n');
    expect(frames).toEqual([{ id: "1", data: '{"a":1}' }, { data: '{"b":2}' }]);
  });

  it("reassembles frames split at every possible point", () => {
    const text = 'id: 7\r\ndata: line one\r\ndata: line two\r\n\r\nid: 8\ndata: x\n\n';
    for (let cut = 0; cut <= text.length; cut++) {
      const parser = new SseParser();
      const frames = [...parser.push(text.slice(0, cut)), ...parser.push(text.slice(cut))];
      expect(frames).toEqual([
        { id: "7", data: "line one\nline two" },
        { id: "8", data: "x" },
      ]);
    }
  });

  it("handles a lone CR as a line end and a missing space after the colon", () => {
    const parser = new SseParser();
    // A CR at the end of a chunk may be half of a CRLF, so the frame completes with the next byte.
    expect(parser.push("id:3\rdata:{}\r\r")).toEqual([]);
    expect(parser.push("data: next")).toEqual([{ id: "3", data: "{}" }]);
  });
});
