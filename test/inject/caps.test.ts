/**
 * Both injectors refuse a manifest over the entry cap (lib/core/caps.ts) before any per-entry work, with the same
 * count in the message, and accept one at the cap. Env-only entries, so the accepted run writes only its (empty) state
 * file and the refused one leaves it as it was.
 */
import * as fs from "fs";
import { CAPS, encodeManifestBase64, secret } from "../../lib/core";
import { RUNNERS, listTree, tempRoot } from "./harness";

jest.setTimeout(120_000);

const manifest = (n: number) => encodeManifestBase64(Array.from({ length: n }, (_, i) => secret({ envName: `CAP_${i}` }, `CANARY-cap-${i}`)));

describe.each(RUNNERS)("%s: the entry cap", (_name, run) => {
  test(`${CAPS.maxEntries} entries are read; ${CAPS.maxEntries + 1} are refused as bad input, nothing written, no value printed`, async () => {
    const home = tempRoot();
    try {
      const at = await run(manifest(CAPS.maxEntries), { home });
      expect(at.code).toBe(0);
      const over = await run(manifest(CAPS.maxEntries + 1), { home });
      expect(over.code).toBe(2);
      expect(over.stderr).toContain(`at least ${CAPS.maxEntries + 1} secret entries, more than the ${CAPS.maxEntries} this tool reads`);
      expect(`${at.stdout}${at.stderr}${over.stdout}${over.stderr}`).not.toContain("CANARY-cap");
      expect(listTree(home)).toEqual([".local", ".local/state", ".local/state/cdktf-coder-secrets", ".local/state/cdktf-coder-secrets/CODER_SECRETS_MANIFEST.state"]);
      expect(fs.readFileSync(`${home}/.local/state/cdktf-coder-secrets/CODER_SECRETS_MANIFEST.state`, "utf8")).toBe("cdktf-coder-secrets state 1\n");
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
