import { describe, expect, it } from "vitest";
import { ABORT_WINDOW_MS, Aborted, ExecutionQueue } from "../../../src/course/kernel/queue.js";

const fail = () => Promise.reject(new Error("cell failed"));
const settle = <T>(p: Promise<T>) => p.then((v) => ({ ok: v }), (e: Error) => ({ err: e instanceof Aborted ? "aborted" : e.message }));

describe("the execution queue", () => {
  it("runs cells one at a time, in the order they arrived", async () => {
    const q = new ExecutionQueue();
    const order: string[] = [];
    const slow = q.run(async () => { await new Promise((r) => setTimeout(r, 20)); order.push("a"); return 1; }, () => true);
    const fast = q.run(async () => { order.push("b"); return 2; }, () => true);
    expect(await Promise.all([slow, fast])).toEqual([1, 2]);
    expect(order).toEqual(["a", "b"]);
  });

  it("aborts what waits behind a failure and what arrives within the window, then runs again", async () => {
    let now = 0;
    const q = new ExecutionQueue(() => now);
    const first = settle(q.run(fail, () => true));
    const queued = settle(q.run(async () => "ran", () => true));
    expect(await first).toEqual({ err: "cell failed" });
    expect(await queued).toEqual({ err: "aborted" });
    now += ABORT_WINDOW_MS - 1;
    expect(await settle(q.run(async () => "ran", () => true))).toEqual({ err: "aborted" });
    now += 2;
    expect(await settle(q.run(async () => "ran", () => true))).toEqual({ ok: "ran" });
  });

  it("aborts nothing after a failure whose request said stop_on_error: false", async () => {
    const q = new ExecutionQueue(() => 0);
    const first = settle(q.run(fail, () => false));
    const next = settle(q.run(async () => "ran", () => true));
    expect(await first).toEqual({ err: "cell failed" });
    expect(await next).toEqual({ ok: "ran" });
  });
});
