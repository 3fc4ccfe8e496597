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

/** postject's CLI, run in a child process: its ELF library prints harmless warnings straight to fd 2. */
function postjectCli(): string {
  try {
    return path.join(path.dirname(require.resolve("postject")), "cli.js");
  } catch {
    throw new StandaloneBuildError("postject is not installed (npm install --include=dev)");
  }
}

function run(file: string, args: string[], what: string): void {
  try {
    execFileSync(file, args, { stdio: ["ignore", "pipe", "pipe"] });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim() ?? "";
    throw new StandaloneBuildError(`${what} failed${stderr ? `: ${stderr.split("\n").slice(-3).join(" / ")}` : ""}`);
  }
}

export async function buildStandaloneExecutable(outfile: string, nodeBinary: string = process.execPath): Promise<void> {
  const postject = postjectCli();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "codersecrets-sea-"));
  try {
    const bundle = path.join(work, "provider.js");
    const blob = path.join(work, "provider.blob");
    await bundleProvider(bundle);
    const config = { main: bundle, output: blob, disableExperimentalSEAWarning: true, useCodeCache: true };
    fs.writeFileSync(path.join(work, "sea-config.json"), JSON.stringify(config));
    run(nodeBinary, ["--experimental-sea-config", path.join(work, "sea-config.json")], "node --experimental-sea-config");
    const tmpExe = path.join(work, "provider.exe");
    fs.copyFileSync(nodeBinary, tmpExe);
    fs.chmodSync(tmpExe, 0o755);
    const macho = process.platform === "darwin" ? ["--macho-segment-name", "NODE_SEA"] : [];
    run(process.execPath, [postject, tmpExe, "NODE_SEA_BLOB", blob, "--sentinel-fuse", SEA_SENTINEL_FUSE, ...macho], "postject");
    fs.copyFileSync(tmpExe, outfile);
    fs.chmodSync(outfile, 0o755);
  } catch (err) {
    if (err instanceof StandaloneBuildError) throw err;
    throw new StandaloneBuildError(`building the single executable failed: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
