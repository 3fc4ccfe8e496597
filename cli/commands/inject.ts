import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { decodeManifestBase64, ManifestDecodeError, ManifestSecret } from "../../lib/core";
import { formatResult, formatStaleLines, formatSummary, InjectInputError, injectManifest, readManifestEnv, stateKeyProblem } from "../../lib/inject";
import { parseCommandArgs } from "../args";
import { Command, readAll, UsageError } from "../io";

const USAGE = `Usage: cdktf-coder-secrets inject [--manifest-file F | --manifest-env VAR] [--state-key KEY] [--home DIR] [--dry-run] [--write-env-file PATH]

Reads a manifest (the base64 \`proto_base64\` of codersecrets_manifest) from stdin, file F, or the environment
(VAR, continued in VAR_2, VAR_3, ... when split) and writes every file secret: only a leading ~/ is expanded, paths
are cleaned, missing directories are created 0700, files end 0600 (also when they existed), each is written to a
temp file and renamed (atomic), a symlink at the target is refused (never followed), and when two entries resolve
to one file the later wins (warned). Messages name targets, never values.
A state file ($XDG_STATE_HOME/cdktf-coder-secrets/KEY.state, else ~/.local/state/...; 0600; paths and SHA-256
hashes, no values) records the files written; a file an earlier run wrote that the manifest no longer holds is
removed while it is still that file (a regular file with the same content), else kept and reported.
  --manifest-file F   read the manifest from file F
  --manifest-env VAR  read the manifest from environment variable VAR (also the state key: the delivery script of
                      the same template shares the state)
  --state-key KEY     name the state KEY (an environment variable name); without it and without --manifest-env
                      no state is kept
  --home DIR          home directory for ~/ paths, absolute (default: $HOME; when unknown, empty or not
                      absolute, ~/ entries are skipped with a warning)
  --dry-run           say what would be written; write nothing
  --write-env-file PATH
                      also write env-targeted secrets to PATH as a 0600 dotenv file (load: set -a; . PATH; set +a);
                      names that change how Node, npm or the loading shell behave are refused (NODE_*, BASH_*, ...)
Exit codes: 0 all written, 1 some failed, 2 bad input (nothing written).`;

/**
 * `--env-file` was this option's first name. Node owns that flag: Node 20 takes `--env-file PATH` anywhere on its
 * command line, also after the script name, so the bin never saw it (exit 9 when PATH is missing), and when PATH
 * exists Node applies its NODE_OPTIONS line to the process that holds every secret.
 */
const OLD_ENV_FILE_FLAG =
  "Node reads `--env-file` on its own command line (Node 20 even after the script name: it fails when the file is missing " +
  "and applies a NODE_OPTIONS line from it to this process); use --write-env-file PATH";

function parseFlags(argv: readonly string[]) {
  return parseCommandArgs(argv, {
    options: { "manifest-file": "string", "manifest-env": "string", "state-key": "string", home: "string", "dry-run": "boolean", "write-env-file": "string" },
    refused: { "env-file": OLD_ENV_FILE_FLAG },
  }).options;
}

export const command: Command = {
  usage: USAGE,
  async run(argv, io) {
    const flags = parseFlags(argv);
    if (flags["manifest-file"] !== undefined && flags["manifest-env"] !== undefined) {
      throw UsageError.conflictingOptions("--manifest-file", "--manifest-env");
    }
    const stateKey = flags["state-key"] ?? flags["manifest-env"];
    const keyProblem = stateKey === undefined ? undefined : stateKeyProblem(stateKey);
    if (keyProblem !== undefined && flags["state-key"] !== undefined) throw UsageError.invalidValue("--state-key", keyProblem);
    const fail = (message: string): number => {
      io.stderr.write(`cdktf-coder-secrets inject: ${message}\n`);
      return 2;
    };

    let text: string;
    const envVar = flags["manifest-env"];
    if (envVar !== undefined) {
      let fromEnv: string | undefined;
      try {
        fromEnv = readManifestEnv(io.env, envVar);
      } catch (err) {
        if (err instanceof ManifestDecodeError) return fail(`${err.message}; nothing written`);
        throw err;
      }
      if (fromEnv === undefined) return fail(`environment variable ${envVar} is not set; nothing written`);
      text = fromEnv;
    } else {
      const file = flags["manifest-file"];
      try {
        text = file !== undefined ? readFileSync(file, "utf8") : (await readAll(io.stdin)).toString("utf8");
      } catch (err) {
        return fail(`cannot read ${file ?? "stdin"}: ${(err as NodeJS.ErrnoException).code ?? "error"}; nothing written`);
      }
    }

    let secrets: ManifestSecret[];
    try {
      secrets = decodeManifestBase64(text);
    } catch (err) {
      if (err instanceof ManifestDecodeError) return fail(`${err.message}; nothing written`);
      throw err;
    }

    // An empty or relative --home is an unknown home (as an empty or relative HOME is): ~/ entries are skipped, warned.
    const home = flags.home !== undefined ? flags.home : io.env.HOME;
    const dryRun = flags["dry-run"] ?? false;
    const envFile = flags["write-env-file"] !== undefined ? resolve(flags["write-env-file"]) : undefined;
    let report;
    try {
      const state = stateKey !== undefined && keyProblem === undefined ? { key: stateKey, xdgStateHome: io.env.XDG_STATE_HOME } : undefined;
      report = injectManifest(secrets, { homeDir: home, dryRun, envFile, state });
    } catch (err) {
      if (err instanceof InjectInputError) return fail(err.message);
      throw err;
    }
    for (const w of report.warnings) io.stderr.write(`cdktf-coder-secrets inject: warning: ${w}\n`);
    for (const r of report.results) {
      const line = `cdktf-coder-secrets inject: ${formatResult(r, dryRun)}\n`;
      if (r.action === "failed") io.stderr.write(line);
      else if (r.action === "written") io.stdout.write(line);
    }
    if (stateKey === undefined) io.stderr.write("cdktf-coder-secrets inject: warning: stale files are not tracked: the manifest came from a file or stdin (name its state with --state-key KEY)\n");
    else if (keyProblem !== undefined) io.stderr.write(`cdktf-coder-secrets inject: warning: stale files are not tracked: ${keyProblem}; name the state with --state-key KEY\n`);
    for (const { line, toStderr } of formatStaleLines(report.stale, dryRun)) (toStderr ? io.stderr : io.stdout).write(`cdktf-coder-secrets inject: ${line}\n`);
    io.stdout.write(`cdktf-coder-secrets inject: ${formatSummary(report)}\n`);
    return report.exitCode;
  },
};
