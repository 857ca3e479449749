/** Reading the Worker's string vars. */

/** A positive integer from a string var, or the default when unset or malformed. */
export function positiveInt(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}
