// Byte helpers shared by the KRPC code: transaction ids and node ids are raw
// bytes, compared and shown as such.

const HEX_DIGITS = '0123456789abcdef';

/** Lowercase hex of `bytes`, two digits a byte, no separators. */
export function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) {
    hex += HEX_DIGITS.charAt(byte >> 4) + HEX_DIGITS.charAt(byte & 0x0f);
  }
  return hex;
}

/** True when `a` and `b` hold the same bytes (constant shape, not constant time). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return false;
  }
  return true;
}
