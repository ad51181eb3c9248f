// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { componentSrc, fileSrc, formatBytes } from "./urls.js";

describe("element urls", () => {
  it("uses only server-issued file urls", () => {
    expect(fileSrc("/api/files/fil_01abc")).toBe("/api/files/fil_01abc");
    for (const url of [
      undefined, "", "https://evil.example/x.png", "//evil.example/api/files/fil_1", "javascript:alert(1)",
      "data:image/png;base64,AAAA", "/api/files/fil_1/../../threads", "/api/files/fil_1?x=1", "/api/files/", "api/files/fil_1",
      "/api/files/fil_1#x", "blob:https://x/y",
    ]) {
      expect(fileSrc(url)).toBeNull();
    }
  });

  it("accepts only component names", () => {
    expect(componentSrc("Rating")).toBe("/elements/Rating");
    for (const name of ["../secret", "a/b", "", "9lives", "Rating.html", "%2e%2e", 3, null, "x".repeat(65)]) {
      expect(componentSrc(name)).toBeNull();
    }
  });

  it("formats byte counts", () => {
    expect(formatBytes(8)).toBe("8 B");
    expect(formatBytes(2048)).toBe("2 KB");
    expect(formatBytes(5 * 1024 * 1024)).toBe("5 MB");
    expect(formatBytes("8")).toBeNull();
  });
});
