/** The official nbformat 4.5 JSON schema (vendored in test/fixtures), compiled once with ajv. */
import { readFileSync } from "node:fs";
import { Ajv } from "ajv";

const schema = JSON.parse(readFileSync(new URL("../../fixtures/nbformat.v4.5.schema.json", import.meta.url), "utf8"));
// The schema is draft-04; ajv 8 speaks draft-07, which reads every keyword this schema uses alike.
delete schema.$schema;
const ajv = new Ajv({ strict: false, allErrors: true });

/** Validate a notebook; returns ajv's errors as readable lines (empty when valid). */
export const validateNotebook: (nb: unknown) => string[] = (() => {
  const validate = ajv.compile(schema);
  return (nb: unknown) => (validate(nb) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
})();
