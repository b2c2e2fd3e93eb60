/**
 * Node's built-in modules where the library runs in Node, and nothing elsewhere: the library's
 * index never imports `node:*` statically, so a browser page can load it as it is. The few places
 * that use Node when it is there (a time limit on a learner's call, the kernel's display) ask here
 * and do without it otherwise.
 */

type Process = { getBuiltinModule?: (id: string) => unknown };

/** The built-in module `id` ("node:vm", ...) in Node 20.16 and later; undefined in a browser. */
export function nodeBuiltin<T>(id: string): T | undefined {
  const process = (globalThis as { process?: Process }).process;
  return typeof process?.getBuiltinModule === "function" ? (process.getBuiltinModule(id) as T) : undefined;
}
