// Numeric options as a person types them: plain decimal digits, within a
// stated range. Number() would also take "0x10", "1e2", " 5", "5.0" and
// "0b11", so a typo or a pasted unit could become a value nobody meant.

export interface WholeNumberRule {
  readonly min: number;
  readonly max: number;
  /** What the number counts, for the message: "milliseconds", "packets per second". */
  readonly unit: string;
}

export type WholeNumberResult = { ok: true; value: number } | { ok: false; error: string };

const DIGITS = /^[0-9]+$/;

/** `--flag text` read as a whole number in [min, max], or why not. */
export function readWholeNumber(flag: string, text: string, rule: WholeNumberRule): WholeNumberResult {
  const range = `a whole number of ${rule.unit} from ${rule.min} to ${rule.max}, in plain digits`;
  // The length check keeps a 10,000-digit argument from becoming a huge number first.
  if (!DIGITS.test(text) || text.length > String(rule.max).length + 2) {
    return { ok: false, error: `--${flag} "${text}" is not ${range} (no signs, spaces, units, decimals, 0x or exponents).` };
  }
  const value = Number(text);
  if (value < rule.min || value > rule.max) return { ok: false, error: `--${flag} ${text} is out of range: it must be ${range}.` };
  return { ok: true, value };
}
