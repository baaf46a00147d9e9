import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { LlmOpsValidationError } from "../errors";

/**
 * Reads a spec file (YAML or JSON, by content) into plain data. A missing file or
 * unparsable content is reported as an `LlmOpsValidationError` naming the file.
 */
export function loadSpecFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new LlmOpsValidationError(path, [{ path: "(file)", message: code === "ENOENT" ? "no such file" : `cannot be read (${code ?? String(e)})` }]);
  }
  try {
    return parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (e) {
    throw new LlmOpsValidationError(path, [{ path: "(file)", message: `is not valid YAML or JSON: ${(e as Error).message.split("\n")[0]}` }]);
  }
}
