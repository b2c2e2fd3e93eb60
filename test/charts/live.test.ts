import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { Channel, PublicDisplay, WriteDisplayData } from "../../src/charts/display.js";
import { liveTraining, progressLine } from "../../src/charts/live.js";

type Sent = { data: Record<string, unknown>; id?: string; update: boolean };

/**
 * A fake kernel on a fake clock: each step of "training" takes `stepMs`, each message the live
 * view sends costs `sendMs`. Nothing here depends on real time, so the throttle is tested exactly.
 */
function simulate(opts: { steps: number; stepMs: number; sendMs: number | ((n: number) => number); live?: object }) {
  let now = 0;
  const sent: Sent[] = [];
  const write: WriteDisplayData = (output, update) => {
    sent.push({ data: output.data, id: output.transient.display_id, update });
    now += typeof opts.sendMs === "function" ? opts.sendMs(sent.length) : opts.sendMs;
  };
  const channel: Channel = { writeDisplayData: write, print: () => {} };
  const live = liveTraining({ totalSteps: opts.steps, channel, clock: () => now, ...opts.live });
  for (let step = 0; step < opts.steps; step++) {
    now += opts.stepMs;
    live.onStep({ step, loss: 1 / (1 + step), elapsedMs: now, totalSteps: opts.steps });
  }
  return { live, sent, end: () => live.onEnd({ step: opts.steps - 1, loss: 1 / opts.steps, elapsedMs: now, totalSteps: opts.steps }) };
}

describe("liveTraining throttle", () => {
  test("cheap redraws: drawing stays under 5% of the time, and it does redraw", () => {
    const { live, sent } = simulate({ steps: 20_000, stepMs: 1, sendMs: 3 }); // 20 s of training
    const s = live.stats();
    expect(s.overhead).toBeLessThanOrEqual(0.05);
    expect(s.overhead).toBeCloseTo(s.drawMs / s.elapsedMs, 12);
    expect(s.redraws).toBeGreaterThan(10);
    // Each redraw costs 6 ms (two messages): 5% of ~20 s allows at most ~170 of them, and the
    // 250 ms floor allows ~80.
    expect(s.redraws).toBeLessThanOrEqual(Math.ceil(20_000 / 250) + 1);
    expect(sent).toHaveLength(2 * s.redraws);
  });

  test("costly redraws are made rarer, keeping the overhead under budget", () => {
    const { live } = simulate({ steps: 20_000, stepMs: 1, sendMs: 100 }); // a redraw costs 200 ms
    const s = live.stats();
    expect(s.overhead).toBeLessThanOrEqual(0.05);
    expect(s.redraws).toBeGreaterThan(0);
    expect(s.redraws).toBeLessThanOrEqual((0.05 * s.elapsedMs) / 200 + 1);
  });

  test("adapts when redraws get slower as the chart grows", () => {
    // The n-th message costs n/4 ms: later redraws are much slower than the first ones.
    const { live } = simulate({ steps: 30_000, stepMs: 1, sendMs: (n) => n / 4 });
    expect(live.stats().overhead).toBeLessThanOrEqual(0.05);
  });

  test("property: whatever training and drawing cost, the overhead stays within the budget", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 50, noNaN: true }), fc.double({ min: 0.05, max: 40, noNaN: true }), (stepMs, sendMs) => {
        const { live } = simulate({ steps: Math.ceil(20_000 / stepMs), stepMs, sendMs }); // 20 s of training
        expect(live.stats().overhead).toBeLessThanOrEqual(0.05);
        expect(live.stats().redraws).toBeGreaterThan(0);
      }),
      { numRuns: 25 },
    );
  });

  test("a tighter budget means fewer redraws", () => {
    const loose = simulate({ steps: 10_000, stepMs: 1, sendMs: 20 }).live.stats();
    const tight = simulate({ steps: 10_000, stepMs: 1, sendMs: 20, live: { budget: 0.01 } }).live.stats();
    expect(tight.overhead).toBeLessThanOrEqual(0.01);
    expect(tight.redraws).toBeLessThan(loose.redraws);
  });
});

describe("liveTraining display", () => {
  test("two areas redrawn in place (update_display_data), a full bundle at the end", async () => {
    const { live, sent, end } = simulate({ steps: 5_000, stepMs: 1, sendMs: 1 });
    const ids = [...new Set(sent.map((s) => s.id))];
    expect(ids).toHaveLength(2); // the progress line and the chart
    for (const id of ids) {
      const mine = sent.filter((s) => s.id === id);
      expect(mine[0].update).toBe(false);
      expect(mine.slice(1).every((s) => s.update)).toBe(true);
    }
    const [progressId, chartId] = ids;
    const progress = sent.filter((s) => s.id === progressId);
    expect(Object.keys(progress[0].data)).toEqual(["text/plain"]);
    expect(String(progress[progress.length - 1].data["text/plain"])).toMatch(/^step \d+\/5000 .* loss .* about [\d.]+ s left$/);
    // During training the chart is the spec and its summary: cheap, no SVG, never HTML.
    expect(Object.keys(sent.find((s) => s.id === chartId)!.data).sort()).toEqual(["application/vnd.vegalite.v5+json", "text/plain"]);

    const before = sent.length;
    await end();
    await live.done;
    const last = sent.slice(before);
    expect(last).toHaveLength(2);
    expect(last.every((s) => s.update)).toBe(true);
    const final = last.find((s) => s.id === chartId)!;
    expect(Object.keys(final.data).sort()).toEqual(["application/vnd.vegalite.v5+json", "image/svg+xml", "text/plain"]);
    expect(String(final.data["image/svg+xml"])).toContain("Training loss");
    expect(String(last.find((s) => s.id === progressId)!.data["text/plain"])).toMatch(/^step 5000\/5000 \[#{20}\] 100% .* done$/);
    expect(live.stats().finalRenderMs).toBeGreaterThanOrEqual(0);
  });

  test("records every `every` steps plus the last, for the chart and for later use", async () => {
    const { live, end } = simulate({ steps: 1_000, stepMs: 1, sendMs: 1, live: { every: 100 } });
    await end();
    expect(live.history.map((r) => r.step)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 999]);
    expect(live.history[1].loss).toBe(1 / 101);
  });

  test("a custom chart gets the recorded rows", () => {
    const seen: number[] = [];
    simulate({ steps: 2_000, stepMs: 1, sendMs: 1, live: { chart: (rows: unknown[]) => { seen.push(rows.length); return { mark: "point" }; } } });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  test("a chart that throws never stops training, and the end says why there is no chart", async () => {
    let run: ReturnType<typeof simulate> | undefined;
    expect(() => (run = simulate({ steps: 2_000, stepMs: 1, sendMs: 1, live: { chart: () => { throw new Error("bad chart"); } } }))).not.toThrow();
    await expect(run!.end()).resolves.toBeUndefined(); // never rejects: the loop does not await it
    const last = run!.sent[run!.sent.length - 1];
    expect(last.data["text/plain"]).toMatch(/The live chart could not be drawn: bad chart/);
  });

  test("the training loop's end report (steps taken, early stop) gives the right last point and count", async () => {
    let now = 0;
    const printed: string[] = [];
    const live = liveTraining({ totalSteps: 1_000, every: 50, channel: { print: (t) => printed.push(t) }, clock: () => now });
    for (let step = 0; step < 150; step++) {
      now += 1;
      live.onStep({ step, loss: 1, elapsedMs: now, totalSteps: 1_000, ...(step % 40 === 0 ? { accuracy: step / 200 } : {}) });
    }
    // fit's onEnd: `step` is the number of steps taken (150), the loss the last one.
    await live.onEnd({ step: 150, loss: 1, elapsedMs: now, totalSteps: 1_000 });
    expect(live.history.map((r) => r.step)).toEqual([0, 40, 50, 80, 100, 120, 149]);
    expect(live.history.filter((r) => r.accuracy !== undefined).map((r) => r.step)).toEqual([0, 40, 80, 120]);
    expect(printed[printed.length - 1]).toMatch(/^step 150\/1000 \[###-+\] 15% · loss 1 · done\n/);
  });

  test("public API only: one MIME type per redraw through tslab.newDisplay, the SVG at the end", async () => {
    let now = 0;
    const areas: { type: string; data: unknown }[][] = [];
    const channel: Channel = {
      newDisplay: () => {
        const mine: { type: string; data: unknown }[] = [];
        areas.push(mine);
        return { raw: (type, data) => { mine.push({ type, data }); } } satisfies PublicDisplay;
      },
      print: () => {},
    };
    const live = liveTraining({ totalSteps: 2_000, channel, clock: () => now });
    for (let step = 0; step < 2_000; step++) { now += 1; live.onStep({ step, loss: 1, elapsedMs: now, totalSteps: 2_000 }); }
    await live.onEnd({ step: 1_999, loss: 1, elapsedMs: now, totalSteps: 2_000 });
    expect(areas).toHaveLength(2);
    expect(areas[0].every((m) => m.type === "text/plain")).toBe(true);
    expect(areas[1].slice(0, -1).every((m) => m.type === "application/vnd.vegalite.v5+json")).toBe(true);
    expect(areas[1][areas[1].length - 1].type).toBe("image/svg+xml");
  });

  test("no kernel: progress lines are printed, at most one per 2 s, then the summary", async () => {
    let now = 0;
    const printed: string[] = [];
    const live = liveTraining({ totalSteps: 10_000, channel: { print: (t) => printed.push(t) }, clock: () => now });
    for (let step = 0; step < 10_000; step++) { now += 1; live.onStep({ step, loss: 0.5, elapsedMs: now, totalSteps: 10_000 }); }
    await live.onEnd({ step: 9_999, loss: 0.5, elapsedMs: now, totalSteps: 10_000 });
    expect(printed.length).toBeGreaterThan(1);
    expect(printed.length).toBeLessThanOrEqual(10_000 / 2_000 + 2);
    expect(printed[printed.length - 1]).toMatch(/done\nTraining loss\n/);
  });

  test("bad options are refused", () => {
    expect(() => liveTraining({ totalSteps: 0 })).toThrow(/liveTraining: totalSteps must be a positive integer, got 0/);
    expect(() => liveTraining({ totalSteps: 5, every: 1.5 })).toThrow(/every must be a positive integer/);
    expect(() => liveTraining({ totalSteps: 5, budget: 5 })).toThrow(/budget .* between 0 and 1/);
  });
});

describe("progressLine", () => {
  test("step, bar, loss, accuracy, elapsed time and the time left by the average pace; no time once done", () => {
    // Step 49 counted from 0: 50 of 200 done in 5 s, so 150 more take 15 s.
    expect(progressLine({ step: 49, loss: 0.123456, accuracy: 0.875, elapsedMs: 5000, totalSteps: 200 }, true))
      .toBe("step 50/200 [#####---------------] 25% · loss 0.1235 · accuracy 87.5% · 5.0 s elapsed · about 15 s left");
    expect(progressLine({ step: 200, loss: 0.01, elapsedMs: 65_000, totalSteps: 200 }, false, true))
      .toBe("step 200/200 [####################] 100% · loss 0.01 · done");
  });
});
