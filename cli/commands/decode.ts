import { readFileSync } from "node:fs";
import { decodeManifestBase64, describeTarget, fingerprint, fromSdkJson, hasTarget, ManifestDecodeError, ManifestSecret } from "../../lib/core";
import { parseCommandArgs } from "../args";
import { Command, readAll } from "../io";

const USAGE = `Usage: cdktf-coder-secrets decode [--file F] [--json]

Reads a manifest (the base64 \`proto_base64\` of codersecrets_manifest, or its \`json\` form) from F or stdin and
prints each entry's targets, byte size and sha256 fingerprint. Never prints a value.
  --file F   read from file F instead of stdin
  --json     print the summary as JSON
Exit codes: 0 decoded, 2 bad input.`;

export interface DecodedEntry {
  readonly index: number;
  readonly envName: string;
  readonly filePath: string;
  readonly bytes: number;
  readonly fingerprint: string;
}

/** The value-free view of a manifest. */
export function summarize(secrets: readonly ManifestSecret[]): DecodedEntry[] {
  return secrets.map((s, index) => ({ index, envName: s.envName, filePath: s.filePath, bytes: s.value.length, fingerprint: fingerprint(s.value) }));
}

/** Accepts the base64 protobuf form or the Go SDK JSON form (recognised by a leading `[`). */
export function parseManifestText(text: string): ManifestSecret[] {
  return text.trimStart().startsWith("[") ? fromSdkJson(text) : decodeManifestBase64(text);
}

export const command: Command = {
  usage: USAGE,
  async run(argv, io) {
    const { options: values } = parseCommandArgs(argv, { options: { file: "string", json: "boolean" } });
    let text: string;
    try {
      text = values.file !== undefined ? readFileSync(values.file, "utf8") : (await readAll(io.stdin)).toString("utf8");
    } catch (err) {
      io.stderr.write(`cdktf-coder-secrets decode: cannot read ${values.file ?? "stdin"}: ${(err as NodeJS.ErrnoException).code ?? "error"}\n`);
      return 2;
    }
    let entries: DecodedEntry[];
    try {
      entries = summarize(parseManifestText(text));
    } catch (err) {
      if (!(err instanceof ManifestDecodeError)) throw err;
      io.stderr.write(`cdktf-coder-secrets decode: ${err.message}\n`);
      return 2;
    }
    if (values.json) {
      io.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
      return 0;
    }
    for (const e of entries) {
      const target = hasTarget(e) ? describeTarget(e) : "(no target: the agent skips this entry)";
      io.stdout.write(`#${e.index}  ${target}  ${e.bytes} bytes  ${e.fingerprint}\n`);
    }
    // An entry with neither target is listed but not counted: the agent never delivers it.
    const delivered = entries.filter(hasTarget);
    const total = delivered.reduce((n, e) => n + e.bytes, 0);
    const untargeted = entries.length - delivered.length;
    const note = untargeted === 0 ? "" : `; ${untargeted} entr${untargeted === 1 ? "y" : "ies"} without a target (skipped by the agent)`;
    io.stdout.write(`${delivered.length} secret${delivered.length === 1 ? "" : "s"}, ${total} bytes${note}\n`);
    return 0;
  },
};
