/** ProviderRuntime's once-per-process hook before the first read (serve.ts pins the young generation there). */
import { readDataSource } from "../../provider/codersecrets/handlers/read-data-source";
import { silentLogger } from "../../provider/codersecrets/log";
import { ProviderRuntime } from "../../provider/codersecrets/runtime";

describe("ProviderRuntime.onFirstRead", () => {
  test("runs once, at the first ReadDataSource, not before, whatever the reads return", async () => {
    let calls = 0;
    const runtime = new ProviderRuntime({ log: silentLogger, version: "0.0.0", onFirstRead: () => calls++ });
    expect(calls).toBe(0);
    const ctx = { runtime, signal: new AbortController().signal };
    // An unknown type name: the read fails with a diagnostic, and still counts as the process's first read.
    const first = await readDataSource({ type_name: "codersecrets_nope", config: { msgpack: Buffer.alloc(0) } }, ctx);
    expect(first.diagnostics?.length).toBeGreaterThan(0);
    await readDataSource({ type_name: "codersecrets_nope", config: { msgpack: Buffer.alloc(0) } }, ctx);
    expect(calls).toBe(1);
  });

  test("no hook: reads work as before", async () => {
    const runtime = new ProviderRuntime({ log: silentLogger, version: "0.0.0" });
    const r = await readDataSource({ type_name: "codersecrets_nope", config: { msgpack: Buffer.alloc(0) } }, { runtime, signal: new AbortController().signal });
    expect(r.diagnostics?.length).toBeGreaterThan(0);
  });
});
