"""Jupyter's own kernel test suite (jupyter_kernel_test) against the course kernel, plus the
behaviour a learner relies on: readable errors, Kernel > Interrupt, the check-cell time limit.

Run by test/course/kernel/jupyter.test.ts with /usr/bin/python3, JUPYTER_PATH pointing at the
project's .jupyter/share/jupyter and the project root as working directory (the kernel starts
there, so cells import ./dist/...). Prints one line: OUTCOMES {test name: [status, detail]}.
"""
import json
import sys
import time
import unittest

import jupyter_kernel_test

TIMEOUT = 60  # a busy 2-core machine: the first chart loads Vega


def rows():
    return "[{ step: 0, loss: 2 }, { step: 1, loss: 1.2 }, { step: 2, loss: 0.7 }]"


class CourseKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "tslab"
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world")'
    code_stderr = 'console.error("oops")'

    completion_samples = [
        {"text": "Math.sq", "matches": {"sqrt", "SQRT2", "SQRT1_2"}},
        {"text": "[1, 2].fil", "matches": {"fill", "filter"}},
    ]

    complete_code_samples = ["1 + 2", "const x = 1;", "await Promise.resolve(1)", "function f() {\n  return 1;\n}"]
    incomplete_code_samples = ["function f() {", "const a = [1,", "if (true) {"]
    invalid_code_samples = ["const = 1;", "1 +* 2", "x = )"]

    code_generate_error = 'throw new Error("boom")'

    code_execute_result = [
        {"code": "1 + 2", "result": "3"},
        {"code": '"a" + "b"', "result": "ab"},
        {"code": "[1, 2, 3].map((x) => x * 2)", "result": "[ 2, 4, 6 ]"},
        # A MIME bundle as a cell's value is shown as that rich output.
        {"code": '({ "text/plain": "hi", "text/markdown": "**hi**" })', "mime": "text/markdown", "result": "**hi**"},
        {
            "code": 'import { charts } from "./dist/src/index.js";\n'
            f"await charts.chartBundle(charts.lossCurves({rows()}))",
            "mime": "application/vnd.vegalite.v5+json",
        },
    ]

    code_display_data = [
        {
            "code": 'import { charts } from "./dist/src/index.js";\n'
            f"await charts.show(charts.lossCurves({rows()}));",
            "mime": "application/vnd.vegalite.v5+json",
        },
        {
            "code": f"await charts.show(charts.lossCurves({rows()}));",
            "mime": "image/svg+xml",
        },
        {"code": 'import * as tslab from "tslab";\ntslab.display.html("<b>bold</b>");', "mime": "text/html"},
    ]

    code_inspect_sample = "Math.sqrt"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The first cell pays for the compiler's warm-up; keep that out of the 15 s of each test.
        cls.kc.execute_interactive("1", timeout=TIMEOUT, output_hook=lambda msg: None)

    # -- helpers ------------------------------------------------------------------------------

    def run_cell(self, code, timeout=TIMEOUT, stop_on_error=True):
        """Execute, return (reply content, IOPub messages of this request but status/input)."""
        self.flush_channels()
        msg_id = self.kc.execute(code, stop_on_error=stop_on_error)
        reply = self.kc.get_shell_msg(timeout=timeout)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.kc.get_shell_msg(timeout=timeout)
        outputs = []
        while True:
            msg = self.kc.get_iopub_msg(timeout=timeout)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            jupyter_kernel_test.validate_message(msg, msg["msg_type"], msg_id)
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
            if msg["msg_type"] not in ("status", "execute_input"):
                outputs.append(msg)
        jupyter_kernel_test.validate_message(reply, "execute_reply", msg_id)
        return reply["content"], outputs

    def error_of(self, code):
        reply, outputs = self.run_cell(code, stop_on_error=False)
        self.assertEqual(reply["status"], "error", reply)
        errors = [m["content"] for m in outputs if m["msg_type"] == "error"]
        self.assertEqual(len(errors), 1, outputs)
        for key in ("ename", "evalue", "traceback"):
            self.assertEqual(reply[key], errors[0][key])
        return errors[0]

    # -- beyond the harness -------------------------------------------------------------------

    def test_kernel_info_status(self):
        self.flush_channels()
        msg_id = self.kc.kernel_info()
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        jupyter_kernel_test.validate_message(reply, "kernel_info_reply", msg_id)
        self.assertEqual(reply["content"]["status"], "ok")
        # What the committed notebooks' metadata says (src/course/notebook/ipynb.ts LANGUAGE_INFO).
        self.assertEqual(reply["content"]["language_info"]["version"], "3.7.2")

    def test_error_fields_and_no_kernel_frames(self):
        error = self.error_of('function inner(n: number): number {\n  if (n > 1) throw new RangeError("too big: " + n);\n  return n;\n}\ninner(1);\ninner(5);')
        self.assertEqual(error["ename"], "RangeError")
        self.assertEqual(error["evalue"], "too big: 5")
        text = "\n".join(error["traceback"])
        self.assertIn("In this cell, line 2, column 20, in inner:", text)
        self.assertIn('    2 |   if (n > 1) throw new RangeError("too big: " + n);', text)
        self.assertIn("In this cell, line 6, column 1:", text)
        for internal in ("node:vm", "node_modules/tslab", "evalmachine", "__tslab__", "node:internal"):
            self.assertNotIn(internal, text)

    def test_error_in_function_of_earlier_cell(self):
        reply, _ = self.run_cell("function half(x: any): number {\n  return x.value / 2;\n}")
        self.assertEqual(reply["status"], "ok")
        count = reply["execution_count"]
        error = self.error_of("const before = 1;\nhalf(undefined)")
        text = "\n".join(error["traceback"])
        self.assertIn(f"In cell [{count}], line 2, column 12, in half:", text)
        self.assertIn("In this cell, line 2, column 1:", text)

    def test_error_in_async_cell(self):
        error = self.error_of('await new Promise((r) => setTimeout(r, 5));\nconst value: number = 3;\n\nthrow new TypeError("after await " + value);')
        self.assertEqual(error["ename"], "TypeError")
        self.assertIn("In this cell, line 4, column 7:", "\n".join(error["traceback"]))

    def test_type_error_names_line_and_message(self):
        error = self.error_of('const ok = 1;\nconst n: number = "two";')
        self.assertEqual(error["ename"], "TSError")
        text = "\n".join(error["traceback"])
        self.assertIn("line 2, column 7: Type 'string' is not assignable to type 'number'. (TS2322)", text)
        self.assertIn('    2 | const n: number = "two";', text)

    def test_interrupt_stops_endless_loop(self):
        self.flush_channels()
        msg_id = self.kc.execute("while (true) {}")
        time.sleep(1.5)
        self.km.interrupt_kernel()
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "Interrupted")
        time.sleep(0.2)
        after, outputs = self.run_cell("40 + 2")
        self.assertEqual(after["status"], "ok")
        self.assertEqual([m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"], ["42"])

    def test_interrupt_stops_pending_await(self):
        self.flush_channels()
        msg_id = self.kc.execute("await new Promise(() => {});")
        time.sleep(1.5)
        self.km.interrupt_kernel()
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["ename"], "Interrupted")
        time.sleep(0.2)
        after, _ = self.run_cell("1")
        self.assertEqual(after["status"], "ok")

    def test_check_cell_time_limit(self):
        code = (
            'import { defineExercise, defineLesson } from "./dist/src/exercises/index.js";\n'
            "const wrong = (n: number) => ({ mistake: `wrong ${n}`, solution: { f: (x: number) => x + n } });\n"
            'const lesson = defineLesson({ loop: defineExercise<{ f: (x: number) => number }>({ id: "loop", names: ["f"],\n'
            '  checks: [{ name: "doubles", input: "x = 3", expected: 6, actual: (s) => s.f(3), hint: "twice x" }],\n'
            "  wrong: [wrong(1), wrong(2), wrong(3)] }) });\n"
            "function spin(x: number): number { while (x > 0) { x = x + 1 - 1; } return x; }\n"
            'await lesson.check("loop", { f: spin });'
        )
        started = time.time()
        reply, outputs = self.run_cell(code)
        self.assertEqual(reply["status"], "ok", reply)
        self.assertLess(time.time() - started, 20)
        shown = json.dumps([m["content"] for m in outputs])
        self.assertIn("did not return within 2 s on input x = 3", shown)
        after, outputs = self.run_cell("1 + 1")
        self.assertEqual(after["status"], "ok")

    def test_stop_on_error(self):
        """Requests queued behind a failing cell are aborted; a later request runs."""
        self.flush_channels()
        first = self.kc.execute('await new Promise((r) => setTimeout(r, 300));\nthrow new Error("first fails")')
        second = self.kc.execute("1 + 1")
        replies = {}
        while len(replies) < 2:
            msg = self.kc.get_shell_msg(timeout=TIMEOUT)
            replies[msg["parent_header"]["msg_id"]] = msg["content"]["status"]
        self.assertEqual(replies, {first: "error", second: "abort"})
        reply, _ = self.run_cell("1 + 1")
        self.assertEqual(reply["status"], "ok")

    def test_comm_info(self):
        self.flush_channels()
        msg_id = self.kc.comm_info()
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        jupyter_kernel_test.validate_message(reply, "comm_info_reply", msg_id)


class Collect(unittest.TextTestResult):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcomes = {}

    def _name(self, test):
        return test.id().split(".")[-1]

    def addSuccess(self, test):
        super().addSuccess(test)
        self.outcomes.setdefault(self._name(test), ["ok", ""])

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self.outcomes[self._name(test)] = ["failed", self._exc_info_to_string(err, test)[-3000:]]

    def addError(self, test, err):
        super().addError(test, err)
        self.outcomes[self._name(test)] = ["error", self._exc_info_to_string(err, test)[-3000:]]

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self.outcomes[self._name(test)] = ["skipped", str(reason)]

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            status = "skipped" if issubclass(err[0], unittest.SkipTest) else "failed"
            if status == "failed" or self._name(test) not in self.outcomes:
                self.outcomes[self._name(test)] = [status, f"{subtest}: {self._exc_info_to_string(err, test)[-3000:]}"]


if __name__ == "__main__":
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(CourseKernelTests)
    runner = unittest.TextTestRunner(stream=sys.stderr, verbosity=2, resultclass=Collect)
    result = runner.run(suite)
    print("\nOUTCOMES " + json.dumps(result.outcomes))
