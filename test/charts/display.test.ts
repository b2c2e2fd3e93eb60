import { createRequire } from "node:module";
import { afterEach, describe, expect, test, vi } from "vitest";
import { type Channel, type WriteDisplayData, kernelChannel, show, showVia } from "../../src/charts/display.js";
import { summarize } from "../../src/charts/render.js";
import { lossCurves } from "../../src/charts/training.js";

const spec = lossCurves([{ step: 0, loss: 1 }, { step: 1, loss: 0.5 }, { step: 2, loss: 0.25 }]);
const THREE = ["application/vnd.vegalite.v5+json", "image/svg+xml", "text/plain"];

/** A channel that records everything sent through it; `fail` makes one path throw. */
function recorder(offer: { bundle?: boolean; display?: boolean }, fail: { bundle?: boolean; display?: boolean } = {}) {
  const sent: { path: string; data: Record<string, unknown>; update?: boolean }[] = [];
  const channel: Channel = { print: (text) => sent.push({ path: "print", data: { "text/plain": text } }) };
  if (offer.bundle) {
    channel.writeDisplayData = (output, update) => {
      if (fail.bundle) throw new TypeError("writeDisplayData is not a function");
      sent.push({ path: "bundle", data: output.data, update });
    };
  }
  if (offer.display) {
    channel.display = {
      raw(type, data) {
        if (fail.display) throw new Error("Not ready");
        sent.push({ path: "single", data: { [type]: data } });
      },
    };
  }
  return { channel, sent };
}

describe("show", () => {
  test("in the kernel: exactly one output with exactly the three MIME types", async () => {
    const { channel, sent } = recorder({ bundle: true, display: true });
    expect(await showVia(spec, channel)).toBe("bundle");
    expect(sent).toHaveLength(1);
    const { data, update } = sent[0];
    expect(Object.keys(data).sort()).toEqual(THREE);
    expect(update).toBe(false);
    expect(data["application/vnd.vegalite.v5+json"]).toEqual(spec); // an object, not a string
    expect(String(data["image/svg+xml"])).toMatch(/^<svg[^>]*>.*aria-roledescription="line mark"/s);
    expect(data["text/plain"]).toBe(summarize(spec));
  });

  test("internal API broken: one output with the SVG through the public API", async () => {
    const { channel, sent } = recorder({ bundle: true, display: true }, { bundle: true });
    expect(await showVia(spec, channel)).toBe("single");
    expect(sent).toHaveLength(1);
    expect(Object.keys(sent[0].data)).toEqual(["image/svg+xml"]);
  });

  test("no internal API at all: the public API's single MIME type", async () => {
    const { channel, sent } = recorder({ display: true });
    expect(await showVia(spec, channel)).toBe("single");
    expect(sent.map((s) => s.path)).toEqual(["single"]);
  });

  test("public API not ready (no running cell): the text summary is printed", async () => {
    const { channel, sent } = recorder({ display: true }, { display: true });
    expect(await showVia(spec, channel)).toBe("text");
    expect(sent).toEqual([{ path: "print", data: { "text/plain": summarize(spec) } }]);
  });

  test("plain node: kernelChannel offers nothing to display on, show prints the summary", async () => {
    const channel = kernelChannel();
    expect(channel.writeDisplayData).toBeUndefined();
    expect(channel.display).toBeUndefined();
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      expect(await show(spec)).toBeUndefined(); // nothing for tslab to print as the cell's value
      expect(log).toHaveBeenCalledExactlyOnceWith(summarize(spec));
    } finally {
      log.mockRestore();
    }
  });
});

describe("kernelChannel inside tslab", () => {
  // tslab sets this hook when the kernel runs a cell; setting it here puts this process in the
  // state the kernel would, so the real lookup (createRequire from the library) is exercised.
  const jupyter = createRequire(import.meta.url)("tslab/dist/jupyter") as { lastWriteDisplayData: WriteDisplayData | null };
  afterEach(() => {
    jupyter.lastWriteDisplayData = null;
  });

  test("finds the kernel's writer and sends the bundle through it", async () => {
    const calls: Parameters<WriteDisplayData>[] = [];
    jupyter.lastWriteDisplayData = (output, update) => calls.push([output, update]);
    const channel = kernelChannel();
    expect(channel.writeDisplayData).toBeTypeOf("function");
    expect(channel.display).toBeDefined();
    await show(spec);
    expect(calls).toHaveLength(1);
    expect(Object.keys(calls[0][0].data).sort()).toEqual(THREE);
    expect(calls[0][0].data).not.toHaveProperty("text/html");
  });

  test("tslab's public display (the fallback) reaches the same writer with one MIME type", () => {
    const calls: Parameters<WriteDisplayData>[] = [];
    jupyter.lastWriteDisplayData = (output, update) => calls.push([output, update]);
    kernelChannel().display!.raw("image/svg+xml", "<svg/>");
    expect(calls).toHaveLength(1);
    expect(calls[0][0].data).toEqual({ "image/svg+xml": "<svg/>" });
  });
});
