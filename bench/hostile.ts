/**
 * Hostile input against the caps (issue 17 items 4 and 8): each refused input is timed next to the legal input of
 * the same reader, in the same run. The refusals themselves are tested (test/core/manifest.test.ts,
 * test/reliability/msgpack-bounds.test.ts); this bench holds their cost to a small multiple of a legal call.
 */
import { encode } from "@msgpack/msgpack";
import { CAPS, decodeManifest, encodeManifest, ManifestDecodeError, secret } from "../lib/core";
import { decodeDynamicValue, DynamicValueError } from "../provider/codersecrets/cty/msgpack";
import { MAX_REQUEST_BYTES } from "../provider/codersecrets/manifest/request-size";
import { manifestConfigObject } from "../provider/codersecrets/schema";
import { BenchRow, round, timePair } from "./measure";
import { runStandalone } from "./report";
import { benchSecretValue } from "./secret-values";

const RATIO_GOAL = 10;

function refused(fn: () => unknown, kind: new (...args: never[]) => Error): () => void {
  return () => {
    try {
      fn();
    } catch (err) {
      if (err instanceof kind) return;
      throw err;
    }
    throw new Error("hostile input was accepted");
  };
}

function heapGrowthMb(fn: () => void, calls: number): number {
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  for (let i = 0; i < calls; i++) {
    fn();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  return round((peak - before) / 2 ** 20, 1);
}

export async function hostileBench(runs = 40): Promise<BenchRow[]> {
  const legalManifest = encodeManifest(Array.from({ length: 50 }, (_, i) => secret({ filePath: `~/s/${i}` }, benchSecretValue(i, 1024))));
  const one = encodeManifest([secret({ filePath: "~/x" }, "v")]);
  const repeated = Buffer.concat(Array.from({ length: 100_000 }, () => one));
  const legalConfig = Buffer.from(encode(manifestConfigObject(Array.from({ length: 50 }, (_, i) => ({ env_name: null, file_path: `~/s/${i}`, value: benchSecretValue(i, 1024) })), null)));
  const nested = Buffer.alloc(MAX_REQUEST_BYTES - 1024, 0x91);

  const rows: BenchRow[] = [];
  const pair = async (name: string, hostile: () => void, baselineName: string, baseline: () => void) => {
    const [h, b, ratio] = await timePair(hostile, baseline, runs, 3);
    rows.push({
      bench: "hostile",
      case: name,
      value: round(h.p50, 3),
      unit: "ms",
      baselineName,
      baseline: round(b.p50, 3),
      ratio: round(ratio.p50),
      goal: `≤ ${RATIO_GOAL}× the legal call`,
      met: ratio.p50 <= RATIO_GOAL,
      note: `heap growth over ${runs} calls: ${heapGrowthMb(hostile, runs)} MB`,
    });
  };
  await pair(
    `manifest: 100,000 repeated entries (${(repeated.length / 2 ** 20).toFixed(1)} MB), refused at ${CAPS.maxEntries} entries`,
    refused(() => decodeManifest(repeated), ManifestDecodeError),
    "decode of 50 legal 1 KiB entries",
    () => decodeManifest(legalManifest),
  );
  await pair(
    `msgpack: ${(nested.length / 2 ** 20).toFixed(1)} MB of nested arrays, refused at depth 65`,
    refused(() => decodeDynamicValue({ msgpack: nested }), DynamicValueError),
    "decode of a legal 50-secret config",
    () => decodeDynamicValue({ msgpack: legalConfig }),
  );
  return rows;
}

if (require.main === module) runStandalone(() => hostileBench());
