// Reads the runbook's own fields out of the front matter: which keys exist,
// which are required, and what each value may be.
import type { FrontMatterEntry, FrontMatterMap, FrontMatterScalar } from './frontMatter';
import { RUNBOOK_SEVERITIES, type RunbookDiagnostic, type RunbookSeverity, type ScannerReference } from './model';
import { isValidId } from './slug';

export interface RunbookHeader {
  id?: string;
  title?: string;
  version?: string;
  severity?: RunbookSeverity;
  finding?: string;
  scanners: ScannerReference[];
}

const REQUIRED = ['id', 'title', 'version', 'severity', 'finding', 'scanners'] as const;
const SCANNER_KEYS = new Set(['scanner', 'plugin-id', 'name', 'family', 'role']);
const VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

/** Validates the entries; `frontMatterLine` is where missing keys are reported (the opening `---`). */
export function readRunbookHeader(entries: ReadonlyMap<string, FrontMatterEntry>, frontMatterLine: number): { header: RunbookHeader; diagnostics: RunbookDiagnostic[] } {
  const diagnostics: RunbookDiagnostic[] = [];
  const error = (line: number, message: string) => diagnostics.push({ severity: 'error', line, message, code: 'front-matter' });
  const header: RunbookHeader = { scanners: [] };

  for (const key of REQUIRED) {
    if (!entries.has(key)) error(frontMatterLine, `The front matter has no "${key}"; every runbook needs one.`);
  }
  for (const entry of entries.values()) {
    if (!(REQUIRED as readonly string[]).includes(entry.key)) {
      diagnostics.push({ severity: 'warning', line: entry.line, message: `Unknown front matter key "${entry.key}" is ignored.`, code: 'front-matter' });
    }
  }

  const text = (key: string): FrontMatterScalar | undefined => {
    const entry = entries.get(key);
    if (entry?.value === undefined) return undefined;
    if (entry.value.kind === 'scalar') return entry.value;
    error(entry.line, `"${key}" must be a single value, not a list or map.`);
    return undefined;
  };

  const id = text('id');
  if (id !== undefined) {
    if (isValidId(id.value)) header.id = id.value;
    else error(id.line, `id "${id.value}" must be lowercase letters, digits and hyphens, starting with a letter or digit.`);
  }
  const title = text('title');
  if (title !== undefined) header.title = title.value;
  const version = text('version');
  if (version !== undefined) {
    if (VERSION.test(version.value)) header.version = version.value;
    else error(version.line, `version "${version.value}" must look like 1.2.3 (semantic versioning).`);
  }
  const severity = text('severity');
  if (severity !== undefined) {
    const found = RUNBOOK_SEVERITIES.find((s) => s === severity.value);
    if (found !== undefined) header.severity = found;
    else error(severity.line, `severity "${severity.value}" must be one of ${RUNBOOK_SEVERITIES.join(', ')}.`);
  }
  const finding = text('finding');
  if (finding !== undefined) header.finding = finding.value;

  const scanners = entries.get('scanners');
  if (scanners?.value !== undefined) {
    if (scanners.value.kind !== 'list') {
      error(scanners.line, '"scanners" must be a list of maps ("- scanner: ...").');
    } else {
      for (const item of scanners.value.items) {
        if (item.kind !== 'map') { error(item.line, 'Each scanner must be a map with scanner, plugin-id and name.'); continue; }
        const reference = readScanner(item, error, (line, message) => diagnostics.push({ severity: 'warning', line, message, code: 'front-matter' }));
        if (reference !== undefined) header.scanners.push(reference);
      }
    }
  }
  return { header, diagnostics };
}

type Report = (line: number, message: string) => void;

function readScanner(map: FrontMatterMap, error: Report, warn: Report): ScannerReference | undefined {
  for (const [key, value] of map.entries) {
    if (!SCANNER_KEYS.has(key)) warn(value.line, `Unknown scanner key "${key}" is ignored.`);
  }
  const get = (key: string) => map.entries.get(key)?.value;
  const missing = ['scanner', 'plugin-id', 'name'].filter((key) => get(key) === undefined);
  if (missing.length > 0) {
    error(map.line, `This scanner lacks ${missing.map((key) => `"${key}"`).join(', ')}.`);
    return undefined;
  }
  const pluginId = map.entries.get('plugin-id');
  if (pluginId !== undefined && !/^[A-Za-z0-9._:-]+$/.test(pluginId.value)) {
    error(pluginId.line, `plugin-id "${pluginId.value}" must be the scanner's id for its check, e.g. 50677.`);
    return undefined;
  }
  const role = map.entries.get('role');
  if (role !== undefined && role.value !== 'primary' && role.value !== 'companion') {
    error(role.line, `role "${role.value}" must be primary or companion.`);
    return undefined;
  }
  const reference: ScannerReference = {
    scanner: get('scanner') ?? '', pluginId: get('plugin-id') ?? '', name: get('name') ?? '',
    role: role?.value === 'companion' ? 'companion' : 'primary',
  };
  const family = get('family');
  if (family !== undefined) reference.family = family;
  return reference;
}
