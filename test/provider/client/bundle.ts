/**
 * Builds the provider bundle from the sources once per test process (esbuild, ~100 ms), the same way
 * install-provider does, so protocol tests need no `npm run build`.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { bundleProvider } from "../../../provider/codersecrets/install/bundle";

let built: string | undefined;

export function providerBundle(): string {
  if (built && fs.existsSync(built)) return built;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "codersecrets-test-bundle-"));
  const file = path.join(dir, "provider.js");
  bundleProvider(file);
  built = file;
  return file;
}
