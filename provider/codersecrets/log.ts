/**
 * stderr logging in hclog's JSON line format, which go-plugin parses and re-emits under Terraform's TF_LOG
 * (`provider.terraform-provider-codersecrets_v…: message: key=value`). Level from TF_LOG_PROVIDER, else TF_LOG.
 *
 * Never log a secret value, at any level: log RPC names, counts, sizes, targets at most.
 */

export type LogLevel = "trace" | "debug" | "info" | "warn" | "error";
const ORDER: Record<LogLevel | "off", number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4, off: 5 };

export type LogFields = Readonly<Record<string, string | number | boolean>>;

export interface Logger {
  readonly level: LogLevel | "off";
  enabled(level: LogLevel): boolean;
  trace(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** TF_LOG_PROVIDER wins over TF_LOG; `JSON` means trace; any other non-empty value means trace (as Terraform does). */
export function levelFromEnv(env: NodeJS.ProcessEnv, fallback: LogLevel | "off"): LogLevel | "off" {
  const raw = (env.TF_LOG_PROVIDER || env.TF_LOG || "").trim().toLowerCase();
  if (raw === "") return fallback;
  if (raw === "json") return "trace";
  if (raw in ORDER) return raw as LogLevel | "off";
  return "trace";
}

/** hclog's timestamp layout: microseconds and a zone (`2006-01-02T15:04:05.000000Z07:00`); 3 digits are not parsed. */
export function hclogTimestamp(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

export function createLogger(
  write: (line: string) => void,
  level: LogLevel | "off",
  module = "codersecrets",
  now: () => Date = () => new Date(),
): Logger {
  const threshold = ORDER[level];
  const emit = (lvl: LogLevel, message: string, fields?: LogFields): void => {
    if (ORDER[lvl] < threshold) return;
    const entry: Record<string, string | number | boolean> = {
      "@level": lvl,
      "@message": message,
      "@module": module,
      "@timestamp": hclogTimestamp(now()),
    };
    if (fields) for (const [k, v] of Object.entries(fields)) if (!k.startsWith("@")) entry[k] = v;
    write(`${JSON.stringify(entry)}\n`);
  };
  return {
    level,
    enabled: (lvl) => ORDER[lvl] >= threshold,
    trace: (m, f) => emit("trace", m, f),
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
  };
}

export const silentLogger: Logger = createLogger(() => undefined, "off");
