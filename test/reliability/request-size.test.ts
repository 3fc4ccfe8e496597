/**
 * The provider's gRPC receive limit (provider/codersecrets/manifest/request-size.ts) against real requests through the
 * project's protocol client: the largest configuration within Coder's per-secret limits is answered, a request past
 * the limit is refused by the transport without reaching a handler, and hostile msgpack inside the limit is answered
 * with a diagnostic; the server keeps serving after each.
 */
import { encode } from "@msgpack/msgpack";
import { LIMITS } from "../../lib/core";
import { MAX_REQUEST_BYTES } from "../../provider/codersecrets/manifest/request-size";
import type { DiagnosticsResponse, ReadDataSourceResponse } from "../../provider/codersecrets/protocol/messages";
import { manifestConfig, randomCanary, summarize } from "../provider/client/client";
import { providerSession } from "../support/provider-session";

jest.setTimeout(120000);
const DS = "codersecrets_manifest";
const CANARY = randomCanary();

describe("gRPC receive limit and hostile requests (protocol client)", () => {
  const session = providerSession();

  it("the largest configuration within Coder's per-secret limits fits, with its set-total finding as a diagnostic", async () => {
    const blocks = Array.from({ length: LIMITS.maxSecrets }, (_, i) => ({
      env_name: `E${i}_`.padEnd(LIMITS.envNameMaxBytes, "X"),
      file_path: `/${i}/`.padEnd(LIMITS.filePathMaxBytes, "p"),
      value: `${CANARY}${i}`.padEnd(LIMITS.valueMaxBytes, "v"),
    }));
    const config = Buffer.from(encode(manifestConfig(blocks, "/home/coder")));
    expect(config.length).toBeGreaterThan(1_400_000);
    expect(config.length).toBeLessThan(MAX_REQUEST_BYTES);
    const res = await session.client().rpc<ReadDataSourceResponse>("ReadDataSource", { type_name: DS, config: { msgpack: config } });
    expect(summarize(res.diagnostics).map((d) => d.summary)).toContain("Secrets too large");
    expect(JSON.stringify(summarize(res.diagnostics))).not.toContain(CANARY);
  });

  it("a request past the limit is refused by the transport (RESOURCE_EXHAUSTED), and the server keeps serving", async () => {
    const config = Buffer.alloc(MAX_REQUEST_BYTES + 1, 0x91);
    await expect(session.client().rpc("ValidateDataResourceConfig", { type_name: DS, config: { msgpack: config } })).rejects.toMatchObject({ code: 8 });
    await expect(session.client().rpc("GetMetadata")).resolves.toBeDefined();
  });

  it("2 MB of nested arrays inside the limit is one error diagnostic from both data source RPCs", async () => {
    const config = Buffer.alloc(MAX_REQUEST_BYTES - 1024, 0x91);
    for (const rpc of ["ValidateDataResourceConfig", "ReadDataSource"]) {
      const res = await session.client().rpc<DiagnosticsResponse>(rpc, { type_name: DS, config: { msgpack: config } });
      expect(summarize(res.diagnostics).map((d) => [d.severity, d.summary])).toEqual([[1, "Invalid configuration encoding"]]);
      expect(summarize(res.diagnostics)[0].detail).toMatch(/byte 65: nested deeper than 64 levels/);
    }
  });
});
