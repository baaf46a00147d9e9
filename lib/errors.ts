/** One problem found in user input, addressed by the path of the offending field. */
export interface ValidationProblem {
  /** Dotted path of the field, e.g. `training.nodes.max` or `bucketName`. */
  readonly path: string;
  /** What is wrong, phrased so a person can fix it. */
  readonly message: string;
}

function formatProblem(p: ValidationProblem): string {
  return `${p.path}: ${p.message}`;
}

/**
 * Thrown when static input is invalid. Lists every problem found, one per line,
 * as `path: what is wrong (got X; allowed: ...)`.
 */
export class LlmOpsValidationError extends Error {
  /** Every problem found, in the order they were found. */
  public readonly problems: readonly ValidationProblem[];

  constructor(context: string, problems: readonly ValidationProblem[]) {
    const lines = problems.map((p) => `  - ${formatProblem(p)}`).join("\n");
    super(`${context}: ${problems.length} problem${problems.length === 1 ? "" : "s"}\n${lines}`);
    this.name = "LlmOpsValidationError";
    this.problems = problems;
  }
}

/** Renders a value for a message: strings quoted, others as JSON. */
export function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === undefined) return "nothing";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Collects validation problems and throws them together, so a user sees every
 * mistake in one run rather than one per run.
 */
export class ProblemCollector {
  private readonly items: ValidationProblem[] = [];

  /** Records a problem at `path`. */
  public add(path: string, message: string): void {
    this.items.push({ path, message });
  }

  /** Records every problem in `problems`, each path prefixed with `prefix.` when given. */
  public addAll(problems: readonly ValidationProblem[], prefix?: string): void {
    for (const p of problems) this.add(prefix ? `${prefix}.${p.path}` : p.path, p.message);
  }

  /** The problems recorded so far. */
  public get problems(): readonly ValidationProblem[] {
    return this.items;
  }

  /** Throws one `LlmOpsValidationError` listing every problem, if any were recorded. */
  public throwIfAny(context: string): void {
    if (this.items.length > 0) throw new LlmOpsValidationError(context, this.items);
  }
}
