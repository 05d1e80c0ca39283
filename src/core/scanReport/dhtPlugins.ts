// The scanner plugins this runbook remediates (the bundled runbook's front
// matter names the same ids): Tenable Nessus 50677 "BitTorrent Mainline DHT
// Detection" and its companion 50676 "BitTorrent / uTorrent Detection", both
// in the family Peer-To-Peer File Sharing.
export const DHT_PLUGIN_ID = '50677';
export const COMPANION_PLUGIN_ID = '50676';

export const DHT_PLUGIN_IDS: ReadonlySet<string> = new Set([DHT_PLUGIN_ID, COMPANION_PLUGIN_ID]);

export function isDhtPlugin(pluginId: string): boolean {
  return DHT_PLUGIN_IDS.has(pluginId.trim());
}

/** Nessus severities 0-4 as the words its CSV export's Risk column uses. */
const SEVERITY_WORDS = ['None', 'Low', 'Medium', 'High', 'Critical'] as const;

export function severityWord(value: string): string | undefined {
  const trimmed = value.trim();
  if (/^[0-4]$/.test(trimmed)) return SEVERITY_WORDS[Number(trimmed)];
  const word = SEVERITY_WORDS.find((w) => w.toLowerCase() === trimmed.toLowerCase());
  return word;
}

/** The higher of two severity words (unknown words rank lowest). */
export function higherSeverity(a: string | undefined, b: string | undefined): string | undefined {
  const rank = (s: string | undefined) => (s === undefined ? -1 : SEVERITY_WORDS.indexOf(s as (typeof SEVERITY_WORDS)[number]));
  return rank(b) > rank(a) ? b : a ?? b;
}
