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
   * Called once, at the first ReadDataSource, once its reply is on its way (the check phase after it): reads are
   * what carries secrets and grows the heap, and 2 of Terraform's 3 launches per plan never read, so per-process
   * work that only long reading processes need goes here (serve.ts pins the young generation, heap.ts), off the
   * latency of the one read a plan makes. @default nothing
   */
  readonly onFirstRead?: () => void;
}

export class ProviderRuntime {
  readonly log: Logger;
  readonly version: string;
  readonly readDelayMs: number;
  terraformVersion: string | undefined;
  configured = false;
  private readonly calls = new Set<AbortController>();
  private onFirstRead: (() => void) | undefined;

  constructor(options: RuntimeOptions) {
    this.log = options.log;
    this.version = options.version;
    this.readDelayMs = options.readDelayMs ?? 0;
    this.onFirstRead = options.onFirstRead;
  }

  /** The ReadDataSource handler calls this first; schedules {@link RuntimeOptions.onFirstRead} the first time only. */
  beginRead(): void {
    const hook = this.onFirstRead;
    this.onFirstRead = undefined;
    if (hook) setImmediate(hook);
  }

  /**
   * A call's abort signal: aborted by the next StopProvider or by `cancel()` (the client cancelled), until
   * `done()`. Calls started after a StopProvider are not affected by it. The runtime holds the open calls in a
   * set instead of listening on one shared signal: no AbortSignal.any (weak references, a FinalizationRegistry)
   * and no listener count warnings under Terraform's 10 parallel reads; a bare abort() would build a
   * DOMException with a stack trace per call (grpc-js reports "cancelled" also after a call finished).
   */
  openCall(): CallLifetime {
    const controller = new AbortController();
    this.calls.add(controller);
    const done = (): void => {
      this.calls.delete(controller);
    };
    return {
      signal: controller.signal,
      cancel: () => {
        if (!this.calls.delete(controller)) return;
        controller.abort(CALL_CANCELLED);
      },
      done,
    };
  }

  /** Aborts all work in flight (StopProvider). */
  stop(): void {
    const reason = new ProviderStoppedError();
    const open = [...this.calls];
    this.calls.clear();
    for (const c of open) c.abort(reason);
  }
}

/** One call's signal and the two ways it ends (see ProviderRuntime.openCall). */
export interface CallLifetime {
  readonly signal: AbortSignal;
  /** The client cancelled: aborts the signal unless the call is already done. */
  readonly cancel: () => void;
  /** The handler finished: nothing aborts the signal afterwards. */
  readonly done: () => void;
}

/** The reason a call's signal carries when its client cancelled it (shared: an abort reason is never thrown). */
const CALL_CANCELLED = new ProviderStoppedError();

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
