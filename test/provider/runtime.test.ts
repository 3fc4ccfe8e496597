/** ProviderRuntime's once-per-process hook before the first read (serve.ts pins the young generation there). */
import { readDataSource } from "../../provider/codersecrets/handlers/read-data-source";
import { silentLogger } from "../../provider/codersecrets/log";
import { ProviderRuntime, ProviderStoppedError } from "../../provider/codersecrets/runtime";

describe("ProviderRuntime.onFirstRead", () => {
  test("runs once, after the first ReadDataSource has returned, not before, whatever the reads return", async () => {
    let calls = 0;
    const runtime = new ProviderRuntime({ log: silentLogger, version: "0.0.0", onFirstRead: () => calls++ });
    expect(calls).toBe(0);
    const ctx = { runtime, signal: new AbortController().signal };
    // An unknown type name: the read fails with a diagnostic, and still counts as the process's first read.
    const first = await readDataSource({ type_name: "codersecrets_nope", config: { msgpack: Buffer.alloc(0) } }, ctx);
    expect(first.diagnostics?.length).toBeGreaterThan(0);
    expect(calls).toBe(0); // the reply goes first
    await readDataSource({ type_name: "codersecrets_nope", config: { msgpack: Buffer.alloc(0) } }, ctx);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toBe(1);
    await readDataSource({ type_name: "codersecrets_nope", config: { msgpack: Buffer.alloc(0) } }, ctx);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toBe(1);
  });

  test("no hook: reads work as before", async () => {
    const runtime = new ProviderRuntime({ log: silentLogger, version: "0.0.0" });
    const r = await readDataSource({ type_name: "codersecrets_nope", config: { msgpack: Buffer.alloc(0) } }, { runtime, signal: new AbortController().signal });
    expect(r.diagnostics?.length).toBeGreaterThan(0);
  });
});

describe("ProviderRuntime.openCall (one call's abort signal)", () => {
  test("StopProvider aborts a running call, with a ProviderStoppedError", () => {
    const runtime = new ProviderRuntime({ log: silentLogger, version: "0.0.0" });
    const call = runtime.openCall();
    expect(call.signal.aborted).toBe(false);
    runtime.stop();
    expect(call.signal.aborted).toBe(true);
    expect(call.signal.reason).toBeInstanceOf(ProviderStoppedError);
  });

  test("a client cancel aborts a running call; after done() neither cancel nor stop aborts it", () => {
    const runtime = new ProviderRuntime({ log: silentLogger, version: "0.0.0" });
    const running = runtime.openCall();
    running.cancel();
    expect(running.signal.aborted).toBe(true);
    const finished = runtime.openCall();
    finished.done();
    finished.cancel();
    runtime.stop();
    expect(finished.signal.aborted).toBe(false);
  });

  test("a call opened after a stop is not aborted by it", () => {
    const runtime = new ProviderRuntime({ log: silentLogger, version: "0.0.0" });
    runtime.stop();
    expect(runtime.openCall().signal.aborted).toBe(false);
  });

  test("100 open calls: all aborted by one stop, none left held after they are done", () => {
    const runtime = new ProviderRuntime({ log: silentLogger, version: "0.0.0" });
    const calls = Array.from({ length: 100 }, () => runtime.openCall());
    calls.slice(0, 50).forEach((c) => c.done());
    runtime.stop();
    expect(calls.filter((c) => c.signal.aborted)).toHaveLength(50);
    expect(calls.slice(0, 50).some((c) => c.signal.aborted)).toBe(false);
  });
});
