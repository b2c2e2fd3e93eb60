/**
 * The check cell's side: run an exercise's checks on what the cell above defined and show the
 * result at once, as Markdown in Jupyter (with a plain-text twin) or as text in a terminal.
 *
 * Nothing here may throw into the notebook: a learner who sees a stack trace from our code cannot
 * tell whether their answer or the course is broken.
 */

import { nodeBuiltin } from "../host.js";
import { toMarkdown, toText } from "./feedback.js";
import { firstLine, runExercise, type RunOptions } from "./run.js";
import type { Exercise, ExerciseResult } from "./types.js";

/** The object of names an exercise's checks receive, e.g. `{ sigmoidPrime: (x: number) => number }`. */
export type SolutionOf<E> = E extends Exercise<infer S> ? S : never;

/** A lesson's exercises keyed by id, with a check function for its check cells. */
export interface Lesson<E extends Record<string, Exercise<any>>> {
  exercises: E;
  /**
   * Runs the checks of exercise `id` on the names its cell defined and displays the result.
   * Returns nothing, so the cell shows only the feedback.
   * @example await lesson.check("sigmoid-prime", { sigmoidPrime });
   */
  check<K extends keyof E & string>(id: K, solution: Partial<SolutionOf<E[K]>>): Promise<void>;
}

/** Collects a lesson's exercises; ids must match the record's keys. */
export function defineLesson<E extends Record<string, Exercise<any>>>(exercises: E): Lesson<E> {
  for (const [key, ex] of Object.entries(exercises)) {
    if (ex.id !== key) throw new Error(`defineLesson: exercise '${ex.id}' is filed under the key '${key}'.`);
  }
  return {
    exercises,
    check: async (id, solution) => {
      const exercise = exercises[id];
      if (!exercise) return show(errorResult(String(id), `There is no exercise '${String(id)}' in this lesson; known: ${Object.keys(exercises).join(", ")}.`));
      await check(exercise, solution);
    },
  };
}

/**
 * Runs `exercise`'s public checks on `solution` and displays the result.
 * @example await check(exercises.sigmoidPrime, { sigmoidPrime });
 */
export async function check<S>(exercise: Exercise<S>, solution: Partial<S>, options: RunOptions = {}): Promise<void> {
  let result: ExerciseResult;
  try {
    result = await runExercise(exercise, solution, options);
  } catch (e) {
    // runExercise catches the learner's errors itself; reaching here means the check is broken.
    result = errorResult(exercise.id, `The check itself failed (${firstLine(e)}); this is a bug in the course, please report it.`);
  }
  show(result, options.points !== undefined);
}

function errorResult(id: string, message: string): ExerciseResult {
  return { id, status: "error", points: 0, maxPoints: 0, cases: [], message };
}

/** Displays a result: one output with text/markdown and text/plain in a tslab kernel, else the text. */
export function show(result: ExerciseResult, withPoints = true): void {
  const markdown = toMarkdown(result, withPoints);
  const text = toText(result, withPoints);
  const write = kernelDisplay();
  if (write) {
    try {
      write({ data: { "text/markdown": markdown, "text/plain": text }, metadata: {}, transient: {} }, false);
      return;
    } catch {
      // fall through to plain output
    }
  }
  console.log(text);
}

type DisplayWriter = (msg: { data: Record<string, string>; metadata: object; transient: object }, update: boolean) => void;

/**
 * tslab's internal writer of a several-MIME output, but only if a running kernel already loaded it:
 * looking in the module cache, never loading tslab ourselves (outside a kernel that would start
 * nothing useful and load a native module).
 */
function kernelDisplay(): DisplayWriter | null {
  try {
    const require = nodeBuiltin<typeof import("node:module")>("node:module")?.createRequire(import.meta.url);
    if (require === undefined) return null; // not in Node: no kernel to write to
    const mod = require.cache[require.resolve("tslab/dist/jupyter")];
    const write = (mod?.exports as { lastWriteDisplayData?: unknown } | undefined)?.lastWriteDisplayData;
    return typeof write === "function" ? (write as DisplayWriter) : null;
  } catch {
    return null;
  }
}
