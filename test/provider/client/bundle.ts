/**
 * Builds the provider bundle from the sources once per test file (esbuild, ~100 ms), the same way install-provider
 * does, so protocol tests need no `npm run build`. Removed after the file's tests.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { bundleProvider } from "../../../provider/codersecrets/install/bundle";

let built: { dir: string; file: string } | undefined;

export async function providerBundle(): Promise<string> {
  if (built && fs.existsSync(built.file)) return built.file;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "codersecrets-test-bundle-"));
  const file = path.join(dir, "provider.js");
  await bundleProvider(file);
  built = { dir, file };
  return file;
}

afterAll(() => {
  if (built) fs.rmSync(built.dir, { recursive: true, force: true });
  built = undefined;
});
