import { describe, expect, it } from "vitest";
import { isAllowedOrigin, targetOrigins } from "./windowBridge.js";

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
