/**
 * Carrying the base64 manifest in the environment. Linux limits one environment string (`NAME=value` plus its NUL)
 * to 128 KiB (MAX_ARG_STRLEN): a longer variable makes every exec of the workspace's shells and scripts fail with
 * E2BIG. So the manifest is split: `NAME` holds the first chunk, `NAME_2`, `NAME_3`, … the rest; readers concatenate
 * until the first unset or empty one. Both injectors (Node and the sh delivery script) read it this way.
 */
import { CAPS, capProblem } from "./caps";
import { ManifestDecodeError } from "./manifest";
import { printable } from "./secret";

/** Linux MAX_ARG_STRLEN: the most bytes one `NAME=value\0` environment string may have. */
export const MAX_ENV_STRING_BYTES = 128 * 1024;

/** Chunk size used by `splitManifestEnv`: well under the limit, whatever the name. */
export const MANIFEST_ENV_CHUNK_CHARS = 120 * 1024;

/** Env chunks a manifest of at most CAPS.maxManifestTextChars needs at the standard chunk size (26): the most a reader joins. */
export const MAX_MANIFEST_ENV_CHUNKS = Math.ceil(CAPS.maxManifestTextChars / MANIFEST_ENV_CHUNK_CHARS);

/** The name of chunk `index` (0-based): `NAME`, `NAME_2`, `NAME_3`, … */
export function manifestEnvChunkName(name: string, index: number): string {
  return index === 0 ? name : `${name}_${index + 1}`;
}

/** Splits a base64 manifest into env vars (`NAME`, `NAME_2`, …), each below the per-string limit. */
export function splitManifestEnv(base64: string, name: string, chunkChars: number = MANIFEST_ENV_CHUNK_CHARS): Record<string, string> {
  const out: Record<string, string> = { [name]: base64.slice(0, chunkChars) };
  for (let i = 1; i * chunkChars < base64.length; i++) {
    out[manifestEnvChunkName(name, i)] = base64.slice(i * chunkChars, (i + 1) * chunkChars);
  }
  return out;
}

/**
 * Joins `NAME`, `NAME_2`, … from an environment; `undefined` when `NAME` is not set. Reads at most `maxChunks` (the
 * cap a manifest under the size cap needs, caps.ts) and throws ManifestDecodeError when the chain goes on.
 */
export function readManifestEnv(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  maxChunks: number = MAX_MANIFEST_ENV_CHUNKS,
): string | undefined {
  const first = env[name];
  if (first === undefined) return undefined;
  const chunks = [first];
  for (let i = 1; ; i++) {
    const next = env[manifestEnvChunkName(name, i)];
    if (!next) return chunks.join("");
    if (i === maxChunks) {
      throw new ManifestDecodeError(`manifest: ${capProblem("env chunks", manifestEnvChunkName(printable(name), i), maxChunks)}`, { rule: "cap" });
    }
    chunks.push(next);
  }
}
