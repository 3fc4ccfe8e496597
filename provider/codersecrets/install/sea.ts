/**
 * `--standalone`: a Node single-executable application (bundle → `node --experimental-sea-config` blob → a copy of
 * this `node` → postject with Node's sentinel fuse). ~100 MB, needs nothing on the host.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { bundleProvider } from "./bundle";

export const SEA_SENTINEL_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

export class StandaloneBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StandaloneBuildError";
  }
}

interface PostjectApi {
  inject(filename: string, resourceName: string, resourceData: Buffer, options: { sentinelFuse: string; machoSegmentName?: string }): Promise<void>;
}

export async function buildStandaloneExecutable(outfile: string, nodeBinary: string = process.execPath): Promise<void> {
  let postject: PostjectApi;
  try {
    postject = require("postject") as PostjectApi;
  } catch {
    throw new StandaloneBuildError("postject is not installed (npm install --include=dev)");
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "codersecrets-sea-"));
  try {
    const bundle = path.join(work, "provider.js");
    const blob = path.join(work, "provider.blob");
    bundleProvider(bundle);
    const config = { main: bundle, output: blob, disableExperimentalSEAWarning: true, useCodeCache: true };
    fs.writeFileSync(path.join(work, "sea-config.json"), JSON.stringify(config));
    execFileSync(nodeBinary, ["--experimental-sea-config", path.join(work, "sea-config.json")], { cwd: work, stdio: ["ignore", "ignore", "pipe"] });
    const tmpExe = path.join(work, "provider.exe");
    fs.copyFileSync(nodeBinary, tmpExe);
    fs.chmodSync(tmpExe, 0o755);
    await postject.inject(tmpExe, "NODE_SEA_BLOB", fs.readFileSync(blob), {
      sentinelFuse: SEA_SENTINEL_FUSE,
      ...(process.platform === "darwin" ? { machoSegmentName: "NODE_SEA" } : {}),
    });
    fs.copyFileSync(tmpExe, outfile);
    fs.chmodSync(outfile, 0o755);
  } catch (err) {
    if (err instanceof StandaloneBuildError) throw err;
    throw new StandaloneBuildError(`building the single executable failed: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
