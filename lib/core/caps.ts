/**
 * Input caps: the most a reader of manifests (both injectors, `decode`, the bridge provider) accepts before it does any
 * per-entry work. They are not Coder's rules (rules.ts checks those and reports findings); they bound the work a
 * hostile or broken input can cause. Each sits a few times above the largest input that Coder's limits allow, so a
 * set slightly over those limits still decodes and gets its rule finding (`set.count`, `set.total_bytes`) instead of
 * a refusal.
 */
import { LIMITS } from "./rules";

/**
 * Framing and targets of one entry at their largest, in protobuf bytes: the field-19 tag (2) and length (3), env_name
 * tag, length and 256 bytes (259), file_path tag, length and 4096 bytes (4099), value tag and length (4).
 */
export const MAX_ENTRY_OVERHEAD_BYTES = 2 + 3 + 3 + LIMITS.envNameMaxBytes + 3 + LIMITS.filePathMaxBytes + 4;

/**
 * The largest manifest of 50 entries that each pass Coder's per-secret rules (a 24 KiB value each, so over the
 * 200 KiB set total, which is a finding, not a cap): 50 × (4367 + 24576) = 1447150 bytes.
 */
export const LARGEST_LEGAL_MANIFEST_BYTES = LIMITS.maxSecrets * (MAX_ENTRY_OVERHEAD_BYTES + LIMITS.valueMaxBytes);

export const CAPS = Object.freeze({
  /** Entries (WorkspaceSecret / `secret` blocks): four times Coder's 50 per user. */
  maxEntries: 4 * LIMITS.maxSecrets,
  /** Protobuf bytes of one manifest: 2 MiB, about 1.45 times {@link LARGEST_LEGAL_MANIFEST_BYTES}. */
  maxManifestBytes: 2 * 1024 * 1024,
  /**
   * Characters of a manifest's text form (base64, or the SDK JSON form): base64 of {@link CAPS.maxManifestBytes} is 4/3
   * of it; the rest leaves room for line breaks.
   */
  maxManifestTextChars: 3 * 1024 * 1024,
  /**
   * Nested unknown groups inside a manifest: Go's protowire.DefaultRecursionLimit, the depth past which the agent's
   * decoder fails too.
   */
  maxGroupDepth: 10_000,
  /**
   * Bytes of an injector's state file (lib/inject/state.ts), checked before it is read: the header line (27 bytes) and
   * four manifests' worth of entries (4 × maxEntries lines) of the longest line, a 64-digit hash, a space, the hex of a
   * path of up to twice Coder's 4096-byte file path (a home of that length in front) and a newline. The writers keep
   * under it by dropping carried entries (never this run's writes, which fit a quarter of it).
   */
  maxStateBytes: 27 + 4 * (4 * LIMITS.maxSecrets) * (64 + 1 + 2 * (2 * LIMITS.filePathMaxBytes) + 1),
});
// The env chunk cap follows from maxManifestTextChars and the chunk size: MAX_MANIFEST_ENV_CHUNKS in manifest-env.ts.

/** What {@link capProblem} is about. */
export type CapName = "entries" | "manifest bytes" | "manifest text" | "env chunks";

/**
 * The message for an input over a cap: what was counted, the cap, why it exists and the fix. Counts only, never
 * content. One wording for every reader.
 */
export function capProblem(
  what: CapName,
  got: number | string,
  cap: number,
  fix = "check that the input is the proto_base64 output of codersecrets_manifest",
): string {
  const why = `more than the ${cap} this tool reads (Coder allows ${LIMITS.maxSecrets} secrets and ${LIMITS.totalValueMaxBytes / 1024} KiB per user)`;
  switch (what) {
    case "entries":
      return `${got} secret entries, ${why}; ${fix}`;
    case "manifest bytes":
      return `${got} bytes of manifest, ${why}; ${fix}`;
    case "manifest text":
      return `${got} characters of manifest text, ${why}; ${fix}`;
    case "env chunks":
      return `the manifest continues past ${got} (${cap} env chunks at most: a manifest under the size cap needs no more); ${fix}`;
  }
}
