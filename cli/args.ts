import { UsageError } from "./io";

/** A command's options: `string` takes a value (`--home DIR` or `--home=DIR`), `boolean` takes none. */
export type OptionSpec = { readonly [name: string]: "string" | "boolean" };

export type OptionValues<S extends OptionSpec> = { -readonly [K in keyof S]?: S[K] extends "string" ? string : boolean };

export interface ArgSpec<S extends OptionSpec> {
  readonly options: S;
  /** Names of the positional arguments, in order, all required (`["DIR"]`). @default - none */
  readonly positionals?: readonly string[];
  /** Options that are refused with a reason and a fix (an old spelling): option name → message. @default - none */
  readonly refused?: { readonly [name: string]: string };
}

export interface ParsedArgs<S extends OptionSpec> {
  readonly options: OptionValues<S>;
  readonly positionals: readonly string[];
}

/**
 * The one parser of every subcommand, so a usage error reads the same everywhere (the wording lives in
 * `UsageError`'s factories). `--` ends the options; a later value of a repeated option wins.
 */
export function parseCommandArgs<S extends OptionSpec>(argv: readonly string[], spec: ArgSpec<S>): ParsedArgs<S> {
  const options: Record<string, string | boolean> = {};
  const positionals: string[] = [];
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (onlyPositionals || !arg.startsWith("-") || arg === "-") {
      positionals.push(arg);
      continue;
    }
    if (arg === "--") {
      onlyPositionals = true;
      continue;
    }
    const eq = arg.indexOf("=");
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    const name = flag.replace(/^--?/, "");
    const refusal = spec.refused?.[name];
    if (refusal !== undefined && flag.startsWith("--")) throw UsageError.refusedOption(flag, refusal);
    const kind = flag.startsWith("--") && Object.prototype.hasOwnProperty.call(spec.options, name) ? spec.options[name] : undefined;
    if (kind === undefined) throw UsageError.unknownOption(flag);
    if (kind === "boolean") {
      if (eq !== -1) throw UsageError.unexpectedValue(flag);
      options[name] = true;
    } else if (eq !== -1) {
      options[name] = arg.slice(eq + 1);
    } else {
      const value = argv[i + 1];
      if (value === undefined || (value.startsWith("-") && value !== "-")) throw UsageError.missingValue(flag);
      options[name] = value;
      i++;
    }
  }
  const wanted = spec.positionals ?? [];
  if (positionals.length > wanted.length) throw UsageError.unexpectedArgument(positionals[wanted.length]!);
  if (positionals.length < wanted.length) throw UsageError.missingArgument(wanted[positionals.length]!);
  return { options: options as OptionValues<S>, positionals };
}
