// A packet as a reviewer reads it: offset, 16 bytes in hex, and the same
// bytes as ASCII (bencode is mostly readable), unprintable bytes as '.'.
const BYTES_PER_LINE = 16;

export function hexDump(hex: string): string {
  const bytes = (hex.match(/[0-9a-f]{2}/gi) ?? []).map((pair) => Number.parseInt(pair, 16));
  if (bytes.length === 0) return '(no bytes)';
  const lines: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += BYTES_PER_LINE) {
    const row = bytes.slice(offset, offset + BYTES_PER_LINE);
    const hexPart = row.map((b) => b.toString(16).padStart(2, '0')).join(' ').padEnd(BYTES_PER_LINE * 3 - 1, ' ');
    const ascii = row.map((b) => (b >= 0x20 && b < 0x7f && b !== 0x60 ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${offset.toString(16).padStart(4, '0')}  ${hexPart}  |${ascii}|`);
  }
  return lines.join('\n');
}
