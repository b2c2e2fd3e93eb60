/**
 * The course kernel's entry point, what kernel.json runs:
 *
 *   node dist/src/course/kernel/tslab-kernel.js kernel --config-path {connection_file}
 *
 * (the same arguments as `tslab kernel`, so tools that look for them still recognise the kernel).
 * It builds tslab 1.0.22 with the course's extensions (kernel.ts). Should the installed tslab not be
 * the one the wrapper was written for, it says so on stderr and runs plain tslab instead: a
 * learner keeps a working kernel, and the pinned-version test fails loudly for the maintainers.
 */
import { createRequire } from "node:module";
import { format } from "node:util";
import { messages } from "../../messages.js";
import { projectRoot } from "./build-info.js";
import { buildKernel, configPathOf } from "./kernel.js";
import { runtimeError } from "./traceback.js";
import { loadTslab, TslabMismatch } from "./tslab.js";

function main(): void {
  const configPath = configPathOf(process.argv.slice(2));
  if (configPath === null) {
    console.error("usage: node tslab-kernel.js kernel --config-path <connection file> (Jupyter runs this; see kernel.json)");
    process.exit(2);
  }
  // Ten frames (V8's default) are used up inside the library before reaching the learner's cell.
  Error.stackTraceLimit = 50;
  let kernel;
  try {
    kernel = buildKernel(loadTslab(), { rootDir: process.cwd(), projectRoot: projectRoot(), configPath });
  } catch (e) {
    if (!(e instanceof TslabMismatch)) throw e;
    process.stderr.write(`${messages.kernelFallback(e.message)}\n`);
    const { startKernel } = createRequire(import.meta.url)("tslab/dist/main.js") as { startKernel(o: { configPath: string; enableFindLocal: boolean }): void };
    startKernel({ configPath, enableFindLocal: false });
    return;
  }
  const { executor, server, state } = kernel;
  // Kernel > Interrupt sends SIGINT: synchronous code is stopped by vm's breakOnSigint (tslab runs
  // cells with it), a pending top-level await by the executor's interrupt.
  process.on("SIGINT", () => executor.interrupt());
  // A callback or an unawaited promise that throws after its cell finished: say so, in the
  // learner's terms, on the stderr of the cell that ran last (where tslab routes output).
  const late = (e: unknown) => {
    try {
      const { traceback } = runtimeError(e, state.cells, null, state.root);
      process.stderr.write(`${messages.kernelUncaught()}\n${traceback.join("\n")}\n`);
    } catch {
      process.stderr.write(`${format(e)}\n`);
    }
  };
  process.on("uncaughtException", late);
  process.on("unhandledRejection", late);
  void server!.init();
}

main();
