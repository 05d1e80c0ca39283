// Types for scripts/tapFailures.mjs, which npm test runs as plain JavaScript.
export interface TapFailure {
  readonly name: string;
  /** file:line:column of the test, as node reports it; '' when it gave none. */
  readonly location: string;
  /** The first lines of its error. */
  readonly error: string[];
}
export function tapFailures(tap: string, maxErrorLines?: number): TapFailure[];
