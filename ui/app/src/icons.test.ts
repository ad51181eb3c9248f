import { describe, expect, it } from "vitest";
import { iconKind } from "./icons.js";

const builtIn = (name: string) => name === "search";

describe("iconKind", () => {
  it("accepts built-in names, app-relative URLs and short text", () => {
    expect(iconKind("search", builtIn)).toBe("builtin");
    expect(iconKind("/icons/pen.svg", builtIn)).toBe("url");
    expect(iconKind("⚡", builtIn)).toBe("text");
    expect(iconKind("AI", builtIn)).toBe("text");
  });

  it("refuses schemes, protocol-relative URLs and long text", () => {
    for (const icon of ["javascript:alert(1)", "https://evil.example/x.png", "data:image/svg+xml,<svg>", "//evil.example/x.png", "/\\evil.example", "JaVaScRiPt:x", "a much longer label"]) {
      expect(iconKind(icon, builtIn)).toBeNull();
    }
    expect(iconKind(undefined, builtIn)).toBeNull();
    expect(iconKind("", builtIn)).toBeNull();
  });
});
