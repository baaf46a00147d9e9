import { readFileSync } from "node:fs";
import { parse as parseYaml, YAMLParseError } from "yaml";
import { LlmOpsValidationError } from "../errors";

declare const LOADED: unique symbol;

/**
 * What {@link loadSpecFile} read: plain data not checked yet. Pass it as a stack's
 * `spec` (the stack checks it) or to `resolveEnvironmentSpec`; to check it yourself
 * first, use `resolveEnvironmentSpec`, which returns the typed, resolved spec.
 */
export type LoadedSpec = { readonly [LOADED]: true };

const MAX_LINE = 120;

/** `line 3, column 7: <what> — the line: "tier: [dev"` for a YAML syntax error. */
function yamlProblem(text: string, e: YAMLParseError): string {
  const what = e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
  const pos = e.linePos?.[0];
  if (!pos) return what;
  const line = (text.split(/\r?\n/)[pos.line - 1] ?? "").trimEnd();
  const shown = line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line;
  return `line ${pos.line}, column ${pos.col}: ${what}; ${shown.trim() === "" ? "at the end of the file" : `the line: ${JSON.stringify(shown)}`}`;
}

/**
 * Reads a spec file (YAML or JSON, by content) into plain data. A missing file or
 * unparsable content is reported as an `LlmOpsValidationError` naming the file, and
 * for a syntax error the line, the column and the offending line.
 */
export function loadSpecFile(path: string): LoadedSpec {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new LlmOpsValidationError(path, [{ path: "(file)", message: code === "ENOENT" ? "no such file" : `cannot be read (${code ?? String(e)})` }]);
  }
  try {
    return parseYaml(text, { prettyErrors: true, uniqueKeys: true }) as LoadedSpec;
  } catch (e) {
    const message = e instanceof YAMLParseError ? yamlProblem(text, e) : (e as Error).message.split("\n")[0];
    throw new LlmOpsValidationError(path, [{ path: "(file)", message: `is not valid YAML or JSON: ${message}` }]);
  }
}
