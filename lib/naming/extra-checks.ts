/** Name checks several clouds' rules share. */
export const noDoubleHyphen: { readonly test: (name: string) => boolean; readonly message: string } = { test: (n: string) => !n.includes("--"), message: "must not contain two hyphens in a row" };
