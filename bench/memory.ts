/**
 * Bench 5: provider RSS after 1,000 and 10,000 ReadDataSource calls (50 secrets each) on one process, read from
 * /proc/<pid>/status, against the RSS right after the handshake.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { encode } from "@msgpack/msgpack";
import { launchProvider, ProviderClient } from "../provider/codersecrets/client";
import { installProvider } from "../provider/codersecrets/install/mirror";
import { manifestConfigObject } from "../provider/codersecrets/schema";
import { BenchRow, round } from "./measure";
import { benchSecretValue, SECRET_BYTES } from "./secret-values";

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

export async function memoryBench(reads = 10_000): Promise<BenchRow[]> {
  if (!fs.existsSync("/proc/self/status")) return [];
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "bench-rss-"));
  const installed = await installProvider({ dir: root });
  const launched = await launchProvider({ command: [installed.executable] });
  const client = new ProviderClient(launched);
  try {
    const secret = Array.from({ length: 50 }, (_, i) => ({ env_name: `S_${i}`, file_path: null, value: benchSecretValue(i, SECRET_BYTES) }));
    const config = { msgpack: Buffer.from(encode(manifestConfigObject(secret))) };
    const pid = launched.child.pid!;
    const start = rssMb(pid);
    // The first figure is taken after 1,000 reads, or after all of them in a shorter run (the tests run 20).
    const checkpoint = Math.min(1000, Math.ceil(reads / 10) * 10);
    let atCheckpoint = 0;
    for (let done = 0; done < reads; done += 10) {
      await Promise.all(Array.from({ length: 10 }, () => client.rpc("ReadDataSource", { type_name: "codersecrets_manifest", config })));
      if (done + 10 === checkpoint) atCheckpoint = rssMb(pid);
    }
    const end = rssMb(pid);
    return [
      {
        bench: "memory", case: `provider RSS after ${checkpoint.toLocaleString("en")} reads (50 secrets, 10 at a time)`, value: round(atCheckpoint, 1), unit: "MB",
        baselineName: "RSS after the handshake", baseline: round(start, 1), ratio: round(atCheckpoint / start), goal: "< 100 MB", met: atCheckpoint < 100,
      },
      {
        bench: "memory", case: `provider RSS after ${reads.toLocaleString("en")} reads`, value: round(end, 1), unit: "MB",
        baselineName: `RSS after ${checkpoint.toLocaleString("en")} reads`, baseline: round(atCheckpoint, 1), ratio: round(end / atCheckpoint),
        goal: `no growth from ${checkpoint.toLocaleString("en")} to ${reads.toLocaleString("en")} reads (≤ 1.10×, GC noise)`, met: end / atCheckpoint <= 1.1,
      },
    ];
  } finally {
    await client.shutdown().catch(() => undefined);
    client.close();
    launched.kill();
    fs.rmSync(root, { recursive: true, force: true });
  }
}
