/**
 * Temp files in flight are removed on SIGTERM, SIGINT and SIGHUP. The injector writes synchronously, so a signal's
 * listener runs only once the current run has returned (every temp file renamed or removed by then); the listener
 * still removes whatever is tracked, then delivers the signal again with its default action (or to the listeners the
 * host application installed). Only SIGKILL (or a crash of the process) can leave a temp file behind.
 */
import * as fs from "node:fs";

const SIGNALS: readonly NodeJS.Signals[] = ["SIGTERM", "SIGINT", "SIGHUP"];
const live = new Set<string>();
let installed = false;

function removeLive(): void {
  for (const p of live) {
    try {
      fs.unlinkSync(p);
    } catch {
      /* already renamed or removed */
    }
  }
  live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  removeLive();
  for (const s of SIGNALS) process.removeListener(s, onSignal);
  installed = false;
  // With no other listener, Node restores the default action: the process ends by this signal, as it would have.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

/** Registers a temp file about to be created; installs the listeners on first use. */
export function trackTempFile(path: string): void {
  if (!installed) {
    for (const s of SIGNALS) process.on(s, onSignal);
    installed = true;
  }
  live.add(path);
}

/** The temp file was renamed or removed. */
export function forgetTempFile(path: string): void {
  live.delete(path);
}
