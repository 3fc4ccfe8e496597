/**
 * Milliseconds since the process started, for the provider's start-up phases and RPC timings. The same origin as
 * `performance.now()`, but `performance` is a lazily loaded global: its first use loads node's perf_hooks
 * modules, on each of Terraform's launches (bench/README.md). `process.uptime()` reads the same clock without them.
 * In boot/ because the boot entry, which esbuild bundles on its own, reads it first.
 */
export function processMs(): number {
  return process.uptime() * 1000;
}
