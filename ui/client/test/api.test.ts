import { describe, expect, it } from "vitest";
import { ParleyApi } from "../src/api.js";
import type { Environment } from "../src/environment.js";

interface Call {
  method: string;
  path: string;
  body: unknown;
  answer(status: number, body: unknown): void;
}

function environment(calls: Call[]): Environment {
  return {
    fetch: (input, init) =>
      new Promise<Response>((resolve) => {
        calls.push({
          method: init?.method ?? "GET",
          path: input,
          body: typeof init?.body === "string" ? JSON.parse(init.body) : undefined,
          answer: (status, body) => resolve(new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } })),
        });
      }),
    setTimeout: () => 0,
    clearTimeout: () => undefined,
    now: () => 0,
    random: () => 0.5,
    isOnline: () => true,
    on: () => () => undefined,
    storage: null,
  };
}

const thread = { id: "thr_1", createdAt: "t", updatedAt: "t" };

describe("ParleyApi", () => {
  it("sends nothing else until the first response (the identity cookie) arrived", async () => {
    const calls: Call[] = [];
    const api = new ParleyApi(environment(calls));

    const app = api.app();
    const created = api.createThread("c1", "Creative");
    await Promise.resolve();
    expect(calls.map((c) => c.path)).toEqual(["/api/app"]);

    calls[0]!.answer(200, { name: "x", profiles: [], starters: [], features: {}, auth: {} });
    await app;
    await new Promise((r) => setTimeout(r, 0));
    expect(calls.map((c) => c.path)).toEqual(["/api/app", "/api/threads"]);
    expect(calls[1]!.body).toEqual({ clientId: "c1", profile: "Creative" });
    calls[1]!.answer(201, { thread, lastSeq: 0 });
    expect((await created).id).toBe("thr_1");
  });

  it("puts settings values and returns the thread", async () => {
    const calls: Call[] = [];
    const api = new ParleyApi(environment(calls));
    const first = api.app();
    calls[0]!.answer(200, {});
    await first;

    const updated = api.updateSettings("thr_1", { model: "large" });
    await new Promise((r) => setTimeout(r, 0));
    expect(calls[1]).toMatchObject({ method: "PUT", path: "/api/threads/thr_1/settings", body: { values: { model: "large" } } });
    calls[1]!.answer(200, { thread: { ...thread, settings: { model: "large" } } });

    expect((await updated).settings).toEqual({ model: "large" });
  });

  it("reports a refused settings value with its field", async () => {
    const calls: Call[] = [];
    const api = new ParleyApi(environment(calls));
    const refused = api.updateSettings("thr_1", { model: "medium" });
    calls[0]!.answer(400, { status: 400, code: "validation_failed", detail: "Model must be one of the options.", field: "values.model" });

    await expect(refused).rejects.toMatchObject({ status: 400, code: "validation_failed", field: "values.model" });
  });
});
