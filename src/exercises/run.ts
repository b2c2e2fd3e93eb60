/**
 * Running an exercise's checks against a learner's answer, in two steps that may run in different
 * processes:
 *
 *   1. collect: call the learner's code once per case and keep what it gave (or threw);
 *   2. judge:   measure each value where a check asks (`Check.measure`), compare it with the
 *               expected one, and decide the status and points.
 *
 * In a notebook both run in the kernel. The check command runs step 1 in a sandboxed child process
 * and step 2 in its own, so a submission cannot touch the comparison that grades it. Every case
 * runs whatever the others do; an error in the learner's code becomes that case's result, never an
 * exception out of here.
 */

import { nodeBuiltin } from "../host.js";
import { messages } from "../messages.js";
import { formatValue, matchesClose } from "./compare.js";
import { hiddenChecks } from "./hidden.js";
import { plainData } from "./plain.js";
import type { CaseResult, Check, Exercise, ExerciseResult } from "./types.js";

/** Options of `runExercise`. */
export interface RunOptions {
  /** Also run the hidden checks (instructors' grading). Default false. */
  hidden?: boolean;
  /** Points the exercise is worth (the fence's `points=`). Default 1. */
  points?: number;
  /** Stop a call to the learner's code after this many ms. Default {@link CALL_LIMIT_MS}. */
  timeLimitMs?: number;
}

/**
 * How long one call to the learner's code may take in a check cell. Every exercise's answer
 * returns in milliseconds; a call still running after 2 s is an endless loop or far too slow.
 */
export const CALL_LIMIT_MS = 2000;

/** What the learner's code gave for one case: a value, or the first line of what it threw. */
export type Outcome = { ok: true; value: unknown } | { ok: false; error: string; timedOut?: boolean; wrongType?: boolean };

const CALL_SLOT = Symbol.for("vanishing-gradients.exercises.call");
// Node's vm, where there is one (a browser page has no way to stop a synchronous loop).
const vm = nodeBuiltin<typeof import("node:vm")>("node:vm");
const CALL = vm && new vm.Script(`globalThis[Symbol.for("vanishing-gradients.exercises.call")]()`, { filename: "exercise-time-limit" });

/**
 * Calls `fn` and stops it after `ms` milliseconds, even inside a synchronous endless loop. The
 * learner's function blocks the only thread, so no timer could fire: the call runs inside a
 * `vm` script with a timeout, whose watchdog thread terminates the script's execution, function
 * calls included, and Node turns that into an ordinary error (code ERR_SCRIPT_EXECUTION_TIMEOUT)
 * here; the process goes on as before. The script only calls the function parked in a global slot.
 * Outside Node (a browser page) there is no such watchdog, and `fn` runs without a limit.
 */
export function callWithin<T>(fn: () => T, ms: number): T {
  if (CALL === undefined) return fn();
  const slot = globalThis as { [CALL_SLOT]?: () => unknown };
  const previous = slot[CALL_SLOT];
  slot[CALL_SLOT] = fn;
  try {
    return CALL.runInThisContext({ timeout: ms }) as T;
  } finally {
    slot[CALL_SLOT] = previous;
  }
}

function isTimeout(e: unknown): boolean {
  return e instanceof Error && (e as { code?: unknown }).code === "ERR_SCRIPT_EXECUTION_TIMEOUT";
}

const UNFINISHED = /^Unfinished exercise\b/;
const defaultMatch = matchesClose();

/** The checks that run, in order: the public ones, then the hidden ones if asked for. */
export function checksToRun<S>(exercise: Exercise<S>, hidden = false): { check: Check<S>; hidden: boolean }[] {
  return [
    ...exercise.checks.map((check) => ({ check, hidden: false })),
    ...(hidden ? hiddenChecks(exercise).map((check) => ({ check, hidden: true })) : []),
  ];
}

/** The names of the exercise the solution object lacks. */
export function missingNames<S>(exercise: Exercise<S>, solution: unknown): string[] {
  return exercise.names.filter((n) => solution === null || typeof solution !== "object" || (solution as Record<string, unknown>)[n] === undefined);
}

/**
 * Step 1: calls the learner's code for one case. `onCase(i)` fires before case i starts. With
 * `timeLimitMs`, a call running longer is stopped and the remaining cases are not run.
 */
export async function collectOutcomes<S>(exercise: Exercise<S>, solution: S, hidden = false, onCase?: (index: number) => void, timeLimitMs?: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const list = checksToRun(exercise, hidden);
  for (let i = 0; i < list.length; i++) {
    onCase?.(i);
    try {
      // Not awaited: an exercise asks for a plain value, and a Promise (an `async` answer) is
      // a wrong type, whatever it would resolve to.
      const { check } = list[i];
      const value = timeLimitMs === undefined ? check.actual(solution) : callWithin(() => check.actual(solution), timeLimitMs);
      if (isThenable(value)) {
        try {
          value.then(undefined, () => undefined); // a later rejection must not surface as unhandled
        } catch {
          // a 'then' that throws is no Promise either; the message below says what was wanted
        }
        outcomes.push({ ok: false, error: messages.exercisePromise(), wrongType: true });
      } else {
        // Plain data only, copied without calling the learner's code again: a Proxy, a getter or
        // an object of some class could show the comparison one thing and the report another.
        const plain = plainData(value);
        outcomes.push(plain.ok ? { ok: true, value: plain.value } : { ok: false, error: messages.exerciseWrongType(plain.reason), wrongType: true });
      }
    } catch (e) {
      if (timeLimitMs !== undefined && isTimeout(e)) {
        const { input, name } = list[i].check;
        outcomes.push({ ok: false, error: messages.exerciseCallTimeout(exercise.id, timeLimitMs / 1000, input, name), timedOut: true });
        break; // an endless loop would likely loop again on the next input: one wait is enough
      }
      outcomes.push({ ok: false, error: firstLine(e) });
    }
  }
  return outcomes;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  if ((typeof value !== "object" && typeof value !== "function") || value === null) return false;
  try {
    return typeof (value as { then?: unknown }).then === "function";
  } catch {
    return true; // a getter that throws on 'then' is no plain value either
  }
}

/** Step 2: compares outcomes with the expected values and decides status and points. */
export function judge<S>(exercise: Exercise<S>, outcomes: readonly Outcome[], options: RunOptions = {}): ExerciseResult {
  const maxPoints = options.points ?? 1;
  const base = { id: exercise.id, maxPoints, points: 0 };
  const list = checksToRun(exercise, options.hidden);
  const cases: CaseResult[] = list.map(({ check, hidden }, i) => {
    const row: CaseResult = { case: check.name, input: check.input, expected: formatValue(check.expected), hint: check.hint, passed: false, actual: "" };
    if (hidden) row.hidden = true;
    const out = outcomes[i];
    if (out === undefined) return { ...row, actual: "(not run)" };
    if (!out.ok && out.timedOut) return { ...row, actual: "(stopped: it did not return in time)" };
    if (!out.ok && out.wrongType) return { ...row, actual: out.error };
    if (!out.ok) return { ...row, actual: `threw: ${out.error}`, error: out.error };
    let value = out.value;
    if (check.measure) {
      try {
        value = check.measure(value);
      } catch (e) {
        return { ...row, actual: `could not be judged: ${firstLine(e)}` };
      }
    }
    let passed = false;
    try {
      passed = (check.matches ?? defaultMatch)(value, check.expected) === true;
    } catch {
      passed = false; // a comparison that cannot read the value has rejected it
    }
    if (!passed && check.diagnose) {
      try {
        const named = check.diagnose(value, check.expected);
        if (typeof named === "string" && named) row.hint = named;
      } catch {
        // a diagnosis that cannot read the value leaves the general hint
      }
    }
    return { ...row, passed, actual: formatValue(value) };
  });
  const stopped = outcomes.find((o): o is { ok: false; error: string; timedOut: true } => !o.ok && o.timedOut === true);
  if (stopped) return { ...base, status: "timeout", cases, message: stopped.error };
  const unfinished = cases.find((c) => c.error !== undefined && UNFINISHED.test(c.error));
  if (unfinished) {
    const hint = unfinished.error!.replace(UNFINISHED, "").replace(/^\s*[^:]*:\s*/, "").trim();
    return { ...base, status: "unfinished", cases, message: messages.exerciseUnfinished(exercise.id, hint) };
  }
  const passed = cases.every((c) => c.passed);
  return {
    ...base,
    status: passed ? "passed" : "failed",
    points: passed ? maxPoints : 0,
    cases,
    message: messages.exerciseSummary(exercise.id, cases.filter((c) => c.passed).length, cases.length),
  };
}

/**
 * Runs every check of `exercise` on `solution` (the object of names the exercise cell defines),
 * both steps in this process.
 * @example await runExercise(lesson.exercises["sigmoid-prime"], { sigmoidPrime })
 */
export async function runExercise<S>(exercise: Exercise<S>, solution: Partial<S>, options: RunOptions = {}): Promise<ExerciseResult> {
  const missing = missingNames(exercise, solution);
  if (missing.length > 0) {
    return { id: exercise.id, maxPoints: options.points ?? 1, points: 0, status: "error", cases: [], message: messages.exerciseNamesMissing(exercise.id, missing) };
  }
  return judge(exercise, await collectOutcomes(exercise, solution as S, options.hidden, undefined, options.timeLimitMs ?? CALL_LIMIT_MS), options);
}

/** The first line of whatever was thrown: a learner sees the message, not our stack. */
export function firstLine(e: unknown): string {
  let text: string;
  try {
    text = e instanceof Error ? String(e.message) : typeof e === "string" ? e : formatValue(e);
  } catch {
    text = "(an error that cannot be printed)";
  }
  const line = (text.split("\n")[0] ?? "").trim();
  return line.length > 300 ? line.slice(0, 300) + "..." : line || "(an error without a message)";
}
