/**
 * What an exercise is, as data: the checks that judge a learner's answer and the known-wrong
 * answers that prove those checks can fail.
 *
 * The prompt, the stub and the reference solution live in the lesson's Markdown (the exercise cell);
 * this side holds only what judges an answer, keyed by the same id. Everything here is plain data
 * and functions, so the same definition runs in a notebook cell, in vitest and in the check command.
 */

import { fileHidden } from "./hidden.js";

/**
 * One case of a check: a named input, the value a correct answer gives, and how to get the learner's
 * value. `S` is the object of names the exercise cell defines, e.g. `{ sigmoidPrime }`.
 */
export interface Check<S> {
  /** What this case tests, in a few words the learner reads: "σ'(0) is 1/4". */
  name: string;
  /** The input, as the learner should read it: "x = -800" (shown when the case fails). */
  input: string;
  /** The value a correct answer gives. */
  expected: unknown;
  /** Calls the learner's code and returns what it gives. May be async. */
  actual: (solution: S) => unknown;
  /**
   * Turns the plain value `actual` gave into the value judged and shown, on the judging side:
   * in the grader's own process, never beside the learner's code. For checks whose verdict needs
   * real work on the learner's answer (training the network a fix describes): done after the
   * learner's code has run, that work could be bent by it (a patched `Array.prototype`), so
   * `actual` returns the answer as data and `measure` does the work where the learner cannot reach.
   */
  measure?: (value: unknown) => unknown;
  /** Accepts or rejects `actual`; default `matchesClose()` (relative 1e-9, NaN equals NaN). */
  matches?: (actual: unknown, expected: unknown) => boolean;
  /** What to look at when this case fails: the likely mistake, in one sentence. */
  hint: string;
  /**
   * Names a recognised mistake from the value given (e.g. 0 where a tiny slope is due: "do not cut
   * off"); its sentence replaces `hint` for this failing case. Runs in the grader on plain data.
   */
  diagnose?: (actual: unknown, expected: unknown) => string | undefined;
}

/** A wrong answer a learner could plausibly write; at least one check must reject it. */
export interface WrongAnswer<S> {
  /** The mistake, in words: "scales the columns instead of the rows". */
  mistake: string;
  solution: S;
  /**
   * "hidden" for a mistake only hidden checks can catch, such as a table of the public cases'
   * answers; the tests then prove it fails once hidden checks run. Default: a public check.
   */
  caughtBy?: "public" | "hidden";
}

/** The checks of one exercise, keyed by the id in the lesson's fence `exercise=<id>`. */
export interface Exercise<S = Record<string, unknown>> {
  id: string;
  /** The names the exercise cell must define; the check cell passes them as one object. */
  names: readonly (keyof S & string)[];
  /** Checks the learner sees in the notebook and in `npm run check`. */
  checks: readonly Check<S>[];
  /**
   * Checks only an instructor's grading runs (same rules, never shown before grading). Given to
   * defineExercise, they are filed apart (hidden.ts): the exercise it returns has no `hidden` field.
   */
  hidden?: readonly Check<S>[];
  /** Typical mistakes; tests prove each fails at least one check. */
  wrong: readonly WrongAnswer<S>[];
}

/** The outcome of one case, as strings, so it crosses process boundaries and prints as is. */
export interface CaseResult {
  case: string;
  passed: boolean;
  input: string;
  expected: string;
  actual: string;
  hint: string;
  /** The learner's code threw this message (first line only, never our stack). */
  error?: string;
  hidden?: boolean;
}

/**
 * How an exercise ended:
 * - passed / failed: every check ran; all passed or not;
 * - unfinished: the stub is still there (it throws "Unfinished exercise ...");
 * - error: the learner's code did not compile or could not be loaded, or threw outside the checks;
 * - missing: no cell with this exercise id (or more than one);
 * - timeout: the code ran past the time limit (an endless loop, a promise that never settles).
 */
export type ExerciseStatus = "passed" | "failed" | "unfinished" | "error" | "missing" | "timeout";

export interface ExerciseResult {
  id: string;
  status: ExerciseStatus;
  /** Points earned: all of `maxPoints` when every check passes, else 0. */
  points: number;
  maxPoints: number;
  cases: CaseResult[];
  /** One paragraph for the learner when the status is not passed/failed (or a summary otherwise). */
  message?: string;
}

/**
 * Defines an exercise; checks the definition itself (an id, names, at least one check and three
 * known-wrong answers) so a slip in a lesson fails at build time, not in a learner's notebook.
 * @example export const sigmoidPrime = defineExercise<{ sigmoidPrime: (x: number) => number }>({...})
 */
export function defineExercise<S>(exercise: Exercise<S>): Exercise<S> {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(exercise.id)) {
    throw new Error(`defineExercise: id '${exercise.id}' must be lowercase letters, digits and dashes.`);
  }
  if (exercise.names.length === 0) throw new Error(`defineExercise ${exercise.id}: list the names the cell defines.`);
  if (exercise.checks.length === 0) throw new Error(`defineExercise ${exercise.id}: give at least one check.`);
  if (exercise.wrong.length < 3) {
    throw new Error(`defineExercise ${exercise.id}: give at least three known-wrong answers (got ${exercise.wrong.length}).`);
  }
  const seen = new Set<string>();
  for (const c of [...exercise.checks, ...(exercise.hidden ?? [])]) {
    const key = `${c.name} | ${c.input}`;
    if (seen.has(key)) throw new Error(`defineExercise ${exercise.id}: two checks named '${key}'.`);
    seen.add(key);
  }
  const { hidden, ...visible } = exercise;
  if (hidden && hidden.length > 0) fileHidden(visible, hidden);
  return visible;
}
