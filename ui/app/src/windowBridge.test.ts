import { describe, expect, it } from "vitest";
import { isAllowedOrigin, targetOrigins, WindowBridge } from "./windowBridge.js";

describe("window bridge origins", () => {
  it("allows the UI's own origin and configured ones only", () => {
    expect(isAllowedOrigin("https://chat.example", "https://chat.example", [])).toBe(true);
    expect(isAllowedOrigin("https://evil.example", "https://chat.example", [])).toBe(false);
    expect(isAllowedOrigin("https://host.example", "https://chat.example", ["https://host.example"])).toBe(true);
    expect(isAllowedOrigin("https://evil.example", "https://chat.example", ["https://host.example"])).toBe(false);
    expect(isAllowedOrigin("https://any.example", "https://chat.example", ["*"])).toBe(true);
  });

  it("addresses replies to known origins, never * unless configured", () => {
    expect(targetOrigins("https://chat.example", [])).toEqual(["https://chat.example"]);
    expect(targetOrigins("https://chat.example", ["https://host.example", "https://chat.example"])).toEqual(["https://chat.example", "https://host.example"]);
    expect(targetOrigins("https://chat.example", ["*"])).toEqual(["*"]);
  });
});

describe("WindowBridge", () => {
  function fakeWindows() {
    const listeners: ((e: MessageEvent) => void)[] = [];
    const posted: { data: unknown; origin: string }[] = [];
    const parent = { postMessage: (data: unknown, origin: string) => posted.push({ data, origin }) };
    const self = {
      parent,
      location: { origin: "https://chat.example" },
      addEventListener: (_: string, l: (e: MessageEvent) => void) => listeners.push(l),
      removeEventListener: () => listeners.splice(0),
    };
    const fire = (data: unknown, origin: string, source: unknown = parent) =>
      listeners.forEach((l) => l({ data, origin, source } as unknown as MessageEvent));
    return { self: self as unknown as Window, parent, posted, fire };
  }

  it("keeps the parent's early messages until the origins are known, then drops the foreign ones", () => {
    const w = fakeWindows();
    const delivered: unknown[] = [];
    const bridge = new WindowBridge(w.self, (d) => delivered.push(d));
    w.fire(1, "https://host.example");
    w.fire(2, "https://evil.example");
    w.fire(3, "https://host.example", {});
    expect(delivered).toEqual([]);

    bridge.configure(["https://host.example"]);
    w.fire(4, "https://chat.example");

    expect(delivered).toEqual([1, 4]);
  });

  it("forwards the app's messages to the parent, addressed to each allowed origin", () => {
    const w = fakeWindows();
    const bridge = new WindowBridge(w.self, () => undefined);
    bridge.forward("too early");
    bridge.configure(["https://host.example"]);
    bridge.forward({ kind: "pong" });

    expect(w.posted).toEqual([
      { data: { kind: "pong" }, origin: "https://chat.example" },
      { data: { kind: "pong" }, origin: "https://host.example" },
    ]);
  });
});
