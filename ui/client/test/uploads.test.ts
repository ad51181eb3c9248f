import { describe, expect, it } from "vitest";
import { ParleyApi, ParleyError } from "../src/api.js";
import { ParleyClient } from "../src/client.js";
import type { Environment } from "../src/environment.js";
import { acceptsFile, checkFile, formatBytes, isImage } from "../src/uploads.js";
import { FakeClock, FakeServer, MemoryStorage, settle } from "./fakes.js";

const limits = { enabled: true, maxFileBytes: 1024 * 1024, maxFiles: 2, accept: ["image/*", "text/plain"] };

function recordingEnvironment(respond: (url: string, init: RequestInit) => Response): { env: Environment; calls: { url: string; init: RequestInit }[] } {
  const calls: { url: string; init: RequestInit }[] = [];
  const env = {
    fetch: (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return Promise.resolve(respond(url, init));
    },
  } as unknown as Environment;
  return { env, calls };
}

describe("uploads", () => {
  it("formats sizes for people", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(20 * 1024 * 1024)).toBe("20 MB");
  });

  it("refuses too many or too large files before uploading, and leaves the type to the server", () => {
    expect(checkFile({ name: "a.png", size: 10 }, limits, 0)).toBeNull();
    expect(checkFile({ name: "a.png", size: 10 }, limits, 2)).toMatch(/At most 2 files/);
    expect(checkFile({ name: "big.png", size: limits.maxFileBytes + 1 }, limits, 0)).toBe("big.png is larger than the limit of 1 MB.");
    expect(checkFile({ name: "page.html", size: 10 }, limits, 0)).toBeNull();
    expect(checkFile({ name: "a.png", size: 10 }, { ...limits, enabled: false }, 0)).toMatch(/does not accept/);
  });

  it("matches accept lists by type or extension", () => {
    expect(acceptsFile({ name: "a.png", type: "image/png" }, limits.accept)).toBe(true);
    expect(acceptsFile({ name: "notes.txt", type: "" }, limits.accept)).toBe(true);
    expect(acceptsFile({ name: "doc.pdf", type: "application/pdf" }, limits.accept)).toBe(false);
    expect(isImage({ mime: "image/png" })).toBe(true);
    expect(isImage({ mime: "image/svg+xml" })).toBe(false);
  });

  it("uploads the bytes as multipart with threadId first, and returns the file ref", async () => {
    const ref = { id: "fil_1", name: "a.txt", mime: "text/plain", size: 5, url: "/api/files/fil_1" };
    const { env, calls } = recordingEnvironment(() => Response.json(ref, { status: 201 }));

    const uploaded = await new ParleyApi(env).uploadFile("thr_1", new Blob(["hello"], { type: "text/plain" }), "a.txt");

    expect(uploaded).toEqual(ref);
    expect(calls[0]!.url).toBe("/api/files");
    const form = calls[0]!.init.body as FormData;
    expect([...form.keys()]).toEqual(["threadId", "file"]);
    expect(form.get("threadId")).toBe("thr_1");
    expect((form.get("file") as File).name).toBe("a.txt");
    expect(new Headers(calls[0]!.init.headers).has("Content-Type")).toBe(false);
  });

  it("surfaces the server's explanation of a refused upload", async () => {
    const { env } = recordingEnvironment(() =>
      Response.json({ status: 413, code: "payload_too_large", detail: "The file is larger than the limit of 20 MB.", field: "file" }, { status: 413 }));

    const refused = await new ParleyApi(env).uploadFile("thr_1", new Blob(["x"]), "big.bin").catch((e: unknown) => e);

    expect(refused).toBeInstanceOf(ParleyError);
    expect((refused as ParleyError).code).toBe("payload_too_large");
    expect((refused as ParleyError).message).toBe("The file is larger than the limit of 20 MB.");
  });

  it("keeps attachments in the outbox across a reload and sends only their ids, once", async () => {
    const clock = new FakeClock();
    const storage = new MemoryStorage();
    const server = new FakeServer(clock, storage);
    const bodies: unknown[] = [];
    server.messageHandler = (body) => {
      bodies.push(body);
      return Response.json({ item: { id: "itm_u" }, runId: "run_1", queued: false }, { status: 202 });
    };
    const file = { id: "fil_1", name: "a.png", mime: "image/png", size: 3, url: "/api/files/fil_1" };

    server.signal("offline");
    const first = new ParleyClient({ environment: server.environment() });
    const entry = first.send("thr_1", "", undefined, [file]);
    await settle();
    first.dispose();

    const second = new ParleyClient({ environment: server.environment() });
    expect(second.outbox.pending("thr_1")[0]!.attachments).toEqual([file]);
    server.signal("online");
    await settle();
    await second.flush();

    expect(bodies).toEqual([{ clientId: entry.clientId, content: "", attachments: ["fil_1"] }]);
    second.dispose();
  });
});
