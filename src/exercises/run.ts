/**
 * Running an exercise's checks against a learner's answer: every case runs, whatever the others
 * do; an error in the learner's code becomes that case's result, never an exception out of here.
 */

import { messages } from "../messages.js";
import { formatValue, matchesClose } from "./compare.js";
import type { CaseResult, Check, Exercise, ExerciseResult } from "./types.js";

/** Options of `runExercise`. */
export interface RunOptions {
  /** Also run the hidden checks (instructors' grading). Default false. */
  hidden?: boolean;
  /** Points the exercise is worth (the fence's `points=`). Default 1. */
  points?: number;
}

const UNFINISHED = /^Unfinished exercise\b/;
const defaultMatch = matchesClose();

/**
 * Runs every check of `exercise` on `solution` (the object of names the exercise cell defines).
 * @example await runExercise(lesson.exercises["sigmoid-prime"], { sigmoidPrime })
 */
export async function runExercise<S>(exercise: Exercise<S>, solution: Partial<S>, options: RunOptions = {}): Promise<ExerciseResult> {
  const maxPoints = options.points ?? 1;
  const base = { id: exercise.id, maxPoints, points: 0 };
  const missing = exercise.names.filter((n) => solution === null || typeof solution !== "object" || solution[n] === undefined);
  if (missing.length > 0) {
    return { ...base, status: "error", cases: [], message: messages.exerciseNamesMissing(exercise.id, missing) };
  }
  const all: [Check<S>, boolean][] = [
    ...exercise.checks.map((c) => [c, false] as [Check<S>, boolean]),
    ...(options.hidden ? (exercise.hidden ?? []).map((c) => [c, true] as [Check<S>, boolean]) : []),
  ];
  const cases: CaseResult[] = [];
  let unfinished: string | null = null;
  for (const [check, hidden] of all) {
    const result = await runCase(check, solution as S);
    if (hidden) result.hidden = true;
    if (result.error !== undefined && UNFINISHED.test(result.error)) unfinished ??= result.error;
    cases.push(result);
  }
  if (unfinished !== null) {
    return { ...base, status: "unfinished", cases, message: messages.exerciseUnfinished(exercise.id, unfinished) };
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

async function runCase<S>(check: Check<S>, solution: S): Promise<CaseResult> {
  const row = { case: check.name, input: check.input, expected: formatValue(check.expected), hint: check.hint };
  let actual: unknown;
  try {
    actual = await check.actual(solution);
  } catch (e) {
    const error = firstLine(e);
    return { ...row, passed: false, actual: `threw: ${error}`, error };
  }
  let passed: boolean;
  try {
    passed = (check.matches ?? defaultMatch)(actual, check.expected);
  } catch {
    passed = false; // a comparison that cannot read the value has rejected it
  }
  return { ...row, passed, actual: formatValue(actual) };
}

/** The first line of whatever was thrown: a learner sees the message, not our stack. */
export function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : typeof e === "string" ? e : formatValue(e);
  const line = (text.split("\n")[0] ?? "").trim();
  return line.length > 300 ? line.slice(0, 300) + "..." : line || "(an error without a message)";
}
