// An incremental parser of text/event-stream, as the HTML standard defines it, for streams read
// with fetch (EventSource cannot send our Last-Event-ID on the first request nor back off with jitter).

export interface SseFrame {
  id?: string;
  event?: string;
  data: string;
}

export class SseParser {
  private buffer = "";
  private data: string[] = [];
  private id: string | undefined;
  private event: string | undefined;
  private sawField = false;

  /** Feeds a chunk of text; returns the frames it completed. */
  push(chunk: string): SseFrame[] {
    this.buffer += chunk;
    const frames: SseFrame[] = [];
    let start = 0;
    for (;;) {
      const lf = this.buffer.indexOf("\n", start);
      const cr = this.buffer.indexOf("\r", start);
      let end: number;
      let next: number;
      if (cr >= 0 && (lf < 0 || cr < lf)) {
        // A CR at the very end may be the first half of CRLF: wait for more.
        if (cr === this.buffer.length - 1) break;
        end = cr;
        next = this.buffer[cr + 1] === "\n" ? cr + 2 : cr + 1;
      } else if (lf >= 0) {
        end = lf;
        next = lf + 1;
      } else {
        break;
      }
      const frame = this.line(this.buffer.slice(start, end));
      if (frame) frames.push(frame);
      start = next;
    }
    this.buffer = this.buffer.slice(start);
    return frames;
  }

  private line(line: string): SseFrame | undefined {
    if (line === "") {
      if (!this.sawField) return undefined;
      const frame: SseFrame = { data: this.data.join("\n") };
      if (this.id !== undefined) frame.id = this.id;
      if (this.event !== undefined) frame.event = this.event;
      this.data = [];
      this.id = undefined;
      this.event = undefined;
      this.sawField = false;
      return this.data.length === 0 && frame.data === "" && frame.id === undefined ? undefined : frame;
    }
    if (line.startsWith(":")) return undefined; // a comment (keep-alive)
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    switch (field) {
      case "data":
        this.data.push(value);
        this.sawField = true;
        break;
      case "id":
        if (!value.includes("\0")) this.id = value;
        this.sawField = true;
        break;
      case "event":
        this.event = value;
        this.sawField = true;
        break;
      default:
        break; // "retry" and unknown fields are ignored
    }
    return undefined;
  }
}
