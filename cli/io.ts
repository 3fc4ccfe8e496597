/** What a subcommand may touch: injected so tests run commands in-process with captured streams. */
export interface CliIo {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
}

/** A subcommand module: `cli/commands/<name>.ts` exports `command`. Exit codes: 0 ok, 1 partial failure, 2 bad input. */
export interface Command {
  /** The text of `--help` (the one-line summary is in command-table.ts). */
  readonly usage: string;
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

/**
 * Bad command-line input. `main` prints it on stderr as `cdktf-coder-secrets <cmd>: <message>` and a line pointing at
 * `--help`, with exit code 2. The factories hold the one wording of each kind of usage error.
 */
export class UsageError extends Error {
  public static unknownOption(flag: string): UsageError {
    return new UsageError(`unknown option ${flag}`);
  }

  public static unknownCommand(name: string): UsageError {
    return new UsageError(`unknown command "${name}"`);
  }

  public static missingCommand(): UsageError {
    return new UsageError("missing command");
  }

  public static missingValue(flag: string): UsageError {
    return new UsageError(`option ${flag} needs a value`);
  }

  public static missingOption(flag: string): UsageError {
    return new UsageError(`missing option ${flag}`);
  }

  public static unexpectedValue(flag: string): UsageError {
    return new UsageError(`option ${flag} takes no value`);
  }

  public static missingArgument(name: string): UsageError {
    return new UsageError(`missing argument ${name}`);
  }

  public static unexpectedArgument(arg: string): UsageError {
    return new UsageError(`unexpected argument "${arg}"`);
  }

  public static conflictingOptions(a: string, b: string): UsageError {
    return new UsageError(`options ${a} and ${b} cannot be used together; use one`);
  }

  public static refusedOption(flag: string, reason: string): UsageError {
    return new UsageError(`option ${flag} is refused: ${reason}`);
  }

  public static invalidValue(flag: string, problem: string): UsageError {
    return new UsageError(`option ${flag}: ${problem}`);
  }

  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export function processIo(): CliIo {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
}

export async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}
