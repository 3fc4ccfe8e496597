/** ProviderRuntime's once-per-process hook before the first read (serve.ts pins the young generation there). */
import { readDataSource } from "../../provider/codersecrets/handlers/read-data-source";
import { silentLogger } from "../../provider/codersecrets/log";
import { ProviderRuntime, ProviderStoppedError } from "../../provider/codersecrets/runtime";

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

describe("callSignal (one call's abort signal)", () => {
  // Imported here: server.ts pulls in grpc-js, which the tests above do not need.
  const { callSignal } = require("../../provider/codersecrets/server") as typeof import("../../provider/codersecrets/server");

  test("StopProvider aborts a running call, with the runtime's reason", () => {
    const runtime = new ProviderRuntime({ log: silentLogger, version: "0.0.0" });
    const call = callSignal(runtime.stopSignal);
    expect(call.signal.aborted).toBe(false);
    runtime.stop();
    expect(call.signal.aborted).toBe(true);
    expect(call.signal.reason).toBeInstanceOf(ProviderStoppedError);
  });

  test("a client cancel aborts a running call; after done() neither cancel nor stop aborts it", () => {
    const runtime = new ProviderRuntime({ log: silentLogger, version: "0.0.0" });
    const running = callSignal(runtime.stopSignal);
    running.cancel();
    expect(running.signal.aborted).toBe(true);
    const finished = callSignal(runtime.stopSignal);
    finished.done();
    finished.cancel();
    runtime.stop();
    expect(finished.signal.aborted).toBe(false);
  });

  test("a call started after a stop is not aborted by it (each stop has its own signal)", () => {
    const runtime = new ProviderRuntime({ log: silentLogger, version: "0.0.0" });
    runtime.stop();
    expect(callSignal(runtime.stopSignal).signal.aborted).toBe(false);
  });
});
