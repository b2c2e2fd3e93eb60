/**
 * Hidden checks, kept off the exercise object: `defineExercise` files them here, so the `lesson`
 * object a notebook imports carries only the public checks (a learner's kernel cannot list or run
 * the hidden ones from it), and only the grader asks for them by exercise. The student release
 * (`npm run release`) goes further and leaves them out of every file it writes.
 */

import type { Check, Exercise } from "./types.js";

// One registry per process, shared by every copy of this module: the grader runs from the
// sources (tsx) while the checks it loads import the built library, two module instances.
const SLOT = Symbol.for("vanishing-gradients.exercises.hidden");
const HIDDEN: WeakMap<object, readonly Check<any>[]> = ((globalThis as { [SLOT]?: WeakMap<object, readonly Check<any>[]> })[SLOT] ??= new WeakMap());

/** Files `checks` as the hidden checks of `exercise` (called by defineExercise). */
export function fileHidden<S>(exercise: Exercise<S>, checks: readonly Check<S>[]): void {
  HIDDEN.set(exercise, checks);
}

/**
 * The hidden checks of an exercise: those filed by defineExercise, else (an exercise built by hand,
 * as tests do) its own `hidden` field.
 */
export function hiddenChecks<S>(exercise: Exercise<S>): readonly Check<S>[] {
  return (HIDDEN.get(exercise) as readonly Check<S>[] | undefined) ?? exercise.hidden ?? [];
}
