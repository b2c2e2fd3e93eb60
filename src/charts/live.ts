/**
 * A live view of training: a progress line (step, loss, time left) and a loss chart, both redrawn
 * in place (Jupyter's update_display_data) while the model trains, and a full render at the end.
 *
 * Drawing must not slow training down noticeably, so redraws are throttled by wall time: the
 * view measures what each redraw costs and draws again only while the total time spent drawing
 * stays under `budget` (5%) of the time elapsed. A cheap redraw happens often, a costly one
 * rarely; no interval to tune. During training a redraw sends the Vega-Lite spec and text (cheap,
 * synchronous); the SVG, which needs an asynchronous render, is added once, at the end.
 *
 * The redraws reach the browser even while a synchronous training loop keeps JavaScript busy:
 * tslab hands each message to ZeroMQ, whose own I/O thread sends it (watched here with
 * jupyter_client: updates arrived every ~250 ms during a loop that never yielded).
 */

import type { TopLevelSpec } from "vega-lite";
import { LibraryError, messages } from "../messages.js";
import { type Channel, type MimeBundle, type PublicDisplay, TEXT_MIME, VEGALITE_MIME, chartBundle, kernelChannel, singleMime } from "./display.js";
import { summarize } from "./render.js";
import { fmt, type TrainingRow } from "./spec.js";
import { lossCurves } from "./training.js";

/** What the training loop reports after each step (the train module's callback info fits). */
export interface StepInfo {
  step: number;
  loss: number;
  accuracy?: number;
  /** Wall time since training started, in milliseconds. */
  elapsedMs: number;
  totalSteps: number;
}

export interface LiveOptions {
  totalSteps: number;
  /** Record a chart point every this many steps; default: enough for about 400 points. */
  every?: number;
  /** The chart to draw from the recorded rows; default `lossCurves`. */
  chart?: (rows: TrainingRow[]) => TopLevelSpec;
  /** Largest fraction of the elapsed time spent drawing; default 0.05. */
  budget?: number;
  /** Never redraw more often than this (a person cannot read faster); default 250 ms, 2 s when printing. */
  minIntervalMs?: number;
  /** Where to draw; default the running kernel (tests pass their own). */
  channel?: Channel;
  /** A clock in milliseconds; default `performance.now` (tests pass a fake one). */
  clock?: () => number;
}

/** How much the live view cost: the overhead fraction is what the 5% budget bounds. */
export interface LiveStats {
  steps: number;
  redraws: number;
  /** Time spent inside the callbacks during training (recording and redrawing), ms. */
  drawMs: number;
  /** Time elapsed from the first step to the last, ms. */
  elapsedMs: number;
  /** drawMs / elapsedMs. */
  overhead: number;
  /** The final full render (with SVG), ms; not part of the overhead, it happens after training. */
  finalRenderMs: number;
}

export interface LiveTraining {
  onStep(info: StepInfo): void;
  /** Draws the final state with its SVG; resolves when it is sent, and never rejects. */
  onEnd(info: StepInfo): Promise<void>;
  /** The recorded points (every `every` steps and the last one), ready for `lossCurves`. */
  readonly history: TrainingRow[];
  stats(): LiveStats;
  /** Resolves after the final render; `await live.done` in the cell if the loop does not await onEnd. */
  readonly done: Promise<void>;
}

/**
 * A `fit` callback that shows training as it happens.
 *
 * @example
 *   const live = charts.liveTraining({ totalSteps: 500 });
 *   const history = train.fit(model, ds, { steps: 500, callbacks: [live] });
 *   await live.done;   // the final chart, with its SVG, is drawn asynchronously
 */
export function liveTraining(options: LiveOptions): LiveTraining {
  const { totalSteps } = options;
  if (!Number.isInteger(totalSteps) || totalSteps < 1) throw new LibraryError(messages.liveOptions("totalSteps", totalSteps));
  const every = options.every ?? Math.max(1, Math.ceil(totalSteps / 400));
  if (!Number.isInteger(every) || every < 1) throw new LibraryError(messages.liveOptions("every", every));
  const budget = options.budget ?? 0.05;
  if (!(budget > 0 && budget < 1)) {
    throw new LibraryError(messages.chartBadData("liveTraining", `budget is the largest share of time spent drawing, between 0 and 1 (default 0.05); got ${budget}.`));
  }
  const chart = options.chart ?? ((rows: TrainingRow[]) => lossCurves(rows));
  const channel = options.channel ?? kernelChannel();
  const clock = options.clock ?? (() => performance.now());
  const printing = !channel.writeDisplayData && !channel.newDisplay;
  const minInterval = options.minIntervalMs ?? (printing ? 2000 : 250);
  const progressArea = openArea(channel);
  const chartArea = openArea(channel);

  const history: TrainingRow[] = [];
  let start = NaN; // clock at the first step: the live view's time starts with training
  let lastStepEnd = NaN;
  let spent = 0; // ms inside onStep
  let lastDraw = NaN; // set to the first step's time: the first redraw waits minInterval too
  let cost = 2; // running estimate of one redraw, ms; the first real one replaces it
  let redraws = 0;
  let steps = 0;
  let zeroBased: boolean | undefined;
  let broken = false;
  let finalRenderMs = 0;
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));

  let lastInfo: StepInfo | undefined;
  let failure: unknown;

  // Every `every`-th step, the first, and every step that carries an accuracy (the training loop
  // evaluates only now and then, and those points are the accuracy curve).
  const record = (info: StepInfo, force: boolean) => {
    if (history[history.length - 1]?.step === info.step) return;
    if (force || steps === 1 || info.step % every === 0 || info.accuracy !== undefined) {
      history.push(info.accuracy === undefined ? { step: info.step, loss: info.loss } : { step: info.step, loss: info.loss, accuracy: info.accuracy });
    }
  };

  const draw = (info: StepInfo) => {
    const line = progressLine(info, zeroBased ?? false);
    if (printing) return channel.print(line);
    progressArea.draw({ [TEXT_MIME]: line });
    const spec = chart(history);
    chartArea.draw({ [VEGALITE_MIME]: spec, [TEXT_MIME]: `${summarize(spec)}\n${line}` });
  };

  return {
    history,
    done,
    onStep(info) {
      const t0 = clock();
      if (Number.isNaN(start)) start = lastDraw = t0;
      zeroBased ??= info.step === 0;
      steps++;
      lastInfo = info;
      record(info, false);
      const elapsed = t0 - start;
      // Draw only if the time spent drawing, this redraw included, stays within the budget. The
      // next redraw is assumed 20% dearer than the estimate: charts grow, so costs creep up.
      const next = 1.2 * cost;
      if (!broken && t0 - lastDraw >= minInterval && spent + next <= budget * (elapsed + next)) {
        try {
          const d0 = clock();
          draw(info);
          const took = clock() - d0;
          // Adapt to what redraws really cost: up at once, down slowly (a fast one may be luck).
          cost = redraws === 0 ? took : Math.max(took, 0.7 * cost + 0.3 * took);
          redraws++;
        } catch (e) {
          broken = true; // a chart must never stop training; the final render reports the problem
          failure = e;
        }
        lastDraw = clock();
      }
      lastStepEnd = clock();
      spent += lastStepEnd - t0;
    },
    async onEnd(info) {
      const t0 = clock();
      // The loop's end report counts steps taken; the last step's own report is the last point.
      if (lastInfo) record(lastInfo, true);
      else if (Number.isFinite(info.loss)) record(info, true);
      const last = lastInfo ?? info;
      const line = progressLine({ ...last, elapsedMs: info.elapsedMs }, zeroBased ?? false, true);
      try {
        if (failure !== undefined) throw failure;
        const spec = chart(history);
        if (printing) {
          channel.print(`${line}\n${summarize(spec)}`);
        } else {
          progressArea.draw({ [TEXT_MIME]: line });
          chartArea.draw({ ...(await chartBundle(spec)), [TEXT_MIME]: summarize(spec) });
        }
      } catch (e) {
        // Never reject: the training loop does not await onEnd, and an unhandled rejection
        // would take the kernel down. Say what went wrong where the chart would have been.
        failure = e;
        const text = `${line}\nThe live chart could not be drawn: ${e instanceof Error ? e.message : String(e)}`;
        try {
          if (printing) channel.print(text);
          else chartArea.draw({ [TEXT_MIME]: text });
        } catch {
          // Nothing left to tell it with.
        }
      } finally {
        finalRenderMs = clock() - t0;
        resolveDone();
      }
    },
    stats() {
      const elapsed = Number.isNaN(start) ? 0 : lastStepEnd - start;
      return { steps, redraws, drawMs: spent, elapsedMs: elapsed, overhead: elapsed > 0 ? spent / elapsed : 0, finalRenderMs };
    },
  };
}

/** A display area redrawn in place: by display id (bundle), by tslab.newDisplay (one MIME), or not at all. */
function openArea(channel: Channel): { draw(bundle: MimeBundle): void } {
  if (channel.writeDisplayData) {
    const id = globalThis.crypto.randomUUID(); // transient: Jupyter does not save it in the notebook
    let update = false;
    return {
      draw(bundle) {
        channel.writeDisplayData!({ data: bundle, metadata: {}, transient: { display_id: id } }, update);
        update = true;
      },
    };
  }
  if (channel.newDisplay) {
    let area: PublicDisplay | undefined;
    return {
      draw(bundle) {
        area ??= channel.newDisplay!();
        const [type, data] = singleMime(bundle);
        area.raw(type, data as string | object);
      },
    };
  }
  return { draw: (bundle) => channel.print(String(bundle[TEXT_MIME] ?? "")) };
}

/**
 * "step 120/1000 [##--------] 12% · loss 0.4312 · 1.2 s elapsed · about 8.8 s left" while training;
 * the finished line has no time in it ("... · done"): it is what a saved notebook keeps, and a
 * committed output must not change from one machine or run to the next.
 */
export function progressLine(info: StepInfo, zeroBased: boolean, finished = false): string {
  const done = Math.min(info.totalSteps, info.step + (zeroBased ? 1 : 0));
  const frac = info.totalSteps > 0 ? done / info.totalSteps : 1;
  const bar = "#".repeat(Math.round(frac * 20)).padEnd(20, "-");
  const parts = [`step ${done}/${info.totalSteps} [${bar}] ${Math.round(frac * 100)}%`, `loss ${fmt(info.loss)}`];
  if (info.accuracy !== undefined) parts.push(`accuracy ${fmt(100 * info.accuracy)}%`);
  if (finished) {
    parts.push("done");
    return parts.join(" · ");
  }
  parts.push(`${seconds(info.elapsedMs)} elapsed`);
  if (done > 0) parts.push(`about ${seconds((info.elapsedMs / done) * (info.totalSteps - done))} left`);
  return parts.join(" · ");
}

const seconds = (ms: number): string => (ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`);
