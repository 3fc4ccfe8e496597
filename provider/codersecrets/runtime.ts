/** Per-process provider state shared by the RPC handlers: configuration, the stop signal, the logger. */
import type { Logger } from "./log";

/** Work was aborted by StopProvider (Terraform's Ctrl-C) or by the client cancelling the call. */
export class ProviderStoppedError extends Error {
  constructor() {
    super("the provider was stopped (StopProvider) or the call was cancelled before the work finished");
    this.name = "ProviderStoppedError";
  }
}

export interface RuntimeOptions {
  readonly log: Logger;
  readonly version: string;
  /** Testing only: an abortable delay before each ReadDataSource, to exercise StopProvider. */
  readonly readDelayMs?: number;
  /**
   * Called once, before the first ReadDataSource: reads are what carries secrets and grows the heap, and 2 of
   * Terraform's 3 launches per plan never read, so per-process work that only long reading processes need goes
   * here (serve.ts pins the young generation, heap.ts). @default nothing
   */
  readonly onFirstRead?: () => void;
}

export class ProviderRuntime {
  readonly log: Logger;
  readonly version: string;
  readonly readDelayMs: number;
  terraformVersion: string | undefined;
  configured = false;
  private stopController = new AbortController();
  private onFirstRead: (() => void) | undefined;

  constructor(options: RuntimeOptions) {
    this.log = options.log;
    this.version = options.version;
    this.readDelayMs = options.readDelayMs ?? 0;
    this.onFirstRead = options.onFirstRead;
  }

  /** The ReadDataSource handler calls this first; runs {@link RuntimeOptions.onFirstRead} the first time only. */
  beginRead(): void {
    const hook = this.onFirstRead;
    this.onFirstRead = undefined;
    hook?.();
  }

  /** Aborted by the next StopProvider; calls started after it get a fresh signal. */
  get stopSignal(): AbortSignal {
    return this.stopController.signal;
  }

  /** Aborts all work in flight; returns how many handlers were listening. */
  stop(): void {
    const old = this.stopController;
    this.stopController = new AbortController();
    old.abort(new ProviderStoppedError());
  }
}

export interface CallContext {
  readonly runtime: ProviderRuntime;
  /** Aborted on StopProvider or when the client cancels this call. */
  readonly signal: AbortSignal;
}

export function throwIfStopped(signal: AbortSignal): void {
  if (signal.aborted) throw new ProviderStoppedError();
}

export function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new ProviderStoppedError());
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new ProviderStoppedError());
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
