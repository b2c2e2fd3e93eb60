/**
 * Drive the course kernel's handler in this process, without Jupyter or sockets: execute a cell
 * and collect what it would publish on IOPub.
 */
import { projectRoot } from "../../../src/course/kernel/build-info.js";
import { buildKernel, type CourseKernel } from "../../../src/course/kernel/kernel.js";
import { loadTslab } from "../../../src/course/kernel/tslab.js";

export interface CellRun {
  reply: Record<string, unknown>;
  /** [msg_type, content], execute_input left out. */
  messages: [string, Record<string, unknown>][];
}

let kernel: CourseKernel | null = null;

/** One kernel per test file (tslab's compiler takes seconds to start). */
export function testKernel(): CourseKernel {
  Error.stackTraceLimit = 50; // as the kernel entry sets it
  kernel ??= buildKernel(loadTslab(), { rootDir: projectRoot(), projectRoot: projectRoot() });
  return kernel;
}

/** Execute `code` as a front end would (stop_on_error false unless given). */
export async function runCell(code: string, request: Record<string, unknown> = {}): Promise<CellRun> {
  const { handler } = testKernel();
  const messages: CellRun["messages"] = [];
  const publish = (type: string, content: Record<string, unknown>) => { if (type !== "execute_input") messages.push([type, content]); };
  const out = process.stdout.write;
  const err = process.stderr.write;
  try {
    const reply = await handler.execute({ code, stop_on_error: false, ...request }, (name, text) => publish("stream", { name, text }),
      (data, update) => publish(update ? "update_display_data" : "display_data", data), publish);
    return { reply, messages };
  } finally {
    // tslab routes the process's output to the last cell; give it back to the test runner.
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

/** The traceback of a failed cell as one text, checking the reply and the IOPub error agree. */
export async function tracebackOf(code: string): Promise<{ ename: string; evalue: string; text: string }> {
  const { reply, messages } = await runCell(code);
  if (reply.status !== "error") throw new Error(`expected an error, got ${JSON.stringify(reply)}`);
  const errors = messages.filter(([t]) => t === "error").map(([, c]) => c);
  if (errors.length !== 1 || JSON.stringify(errors[0].traceback) !== JSON.stringify(reply.traceback)) throw new Error("the reply and the error message differ");
  return { ename: String(reply.ename), evalue: String(reply.evalue), text: (reply.traceback as string[]).join("\n") };
}

export function closeKernel(): void {
  kernel?.executor.close();
  kernel = null;
}
