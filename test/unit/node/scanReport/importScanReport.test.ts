// Imports real-shaped reports (written from Tenable's .nessus v2 format and
// the CSV export's columns, the DHT plugin on several hosts among unrelated
// plugins) and hostile files, each a real file on disk (a real FIFO too), and
// asserts what is kept and every message.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanReportError } from '../../../../src/core/scanReport/types';
import { BoundedReadError } from '../../../../src/node/files/readBoundedFile';
import { importScanReport } from '../../../../src/node/scanReport/importScanReport';

const fixtures = join(process.cwd(), 'test/fixtures/scanReports');
const dir = mkdtempSync(join(tmpdir(), 'scan-report-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function refusal(path: string): Promise<ScanReportError | BoundedReadError> {
  try {
    await importScanReport(path);
  } catch (error) {
    assert.ok(error instanceof ScanReportError || error instanceof BoundedReadError, `unexpected ${String(error)}`);
    assert.doesNotMatch(error.message, /\n\s+at /, 'no stack trace in the message');
    return error;
  }
  assert.fail(`${path} was imported`);
}

describe('importScanReport: real-shaped reports', () => {
  it('keeps only the DHT plugin and its companion from a .nessus v2 file, per host', async () => {
    const report = await importScanReport(join(fixtures, 'office-scan.nessus'));
    assert.equal(report.format, 'nessus');
    assert.equal(report.name, 'office-scan.nessus');
    assert.match(report.sha256, /^[0-9a-f]{64}$/);
    assert.deepEqual(report.counts, { items: 16, kept: 5, skipped: 11, hostsSeen: 5 });
    assert.deepEqual(report.hosts.map((h) => [h.address, h.name, h.ports, h.protocols, h.pluginIds, h.severity, h.scanTime]), [
      ['192.0.2.3', 'build-03.corp.example', [6881], ['tcp', 'udp'], ['50676', '50677'], 'Low', 'Tue Mar 12 10:02:11 2024'],
      ['192.0.2.9', 'ws-09.corp.example', [47001, 51413], ['udp'], ['50677'], 'Low', 'Tue Mar 12 10:03:00 2024'],
      ['2001:db8::17', 'LAB-PC17', [49152], ['tcp'], ['50676'], 'Low', 'Tue Mar 12 10:04:45 2024'],
    ]);
    // The DHT plugin's output wins over the companion's; entities are decoded.
    assert.match(report.hosts[0]!.output!, /^The remote node answered a DHT ping[\s\S]*libtorrent <2\.0\.8>/);
    // Hosts without the finding (the printer, the web server) are not kept at all.
    assert.ok(!report.hosts.some((h) => h.address === '192.0.2.5' || h.address === '192.0.2.12'));
  });

  it('reads the same hosts from the Nessus CSV export, quoted multi-line outputs included', async () => {
    const report = await importScanReport(join(fixtures, 'office-scan.csv'));
    assert.equal(report.format, 'nessus-csv');
    assert.deepEqual(report.counts, { items: 11, kept: 5, skipped: 6, hostsSeen: 5 });
    assert.deepEqual(report.hosts.map((h) => [h.address, h.ports, h.pluginIds, h.severity]), [
      ['192.0.2.3', [6881], ['50676', '50677'], 'Low'],
      ['192.0.2.9', [47001, 51413], ['50677'], 'Low'],
      ['2001:db8::17', [49152], ['50676'], 'Low'],
    ]);
    assert.match(report.hosts[0]!.output!, /Version : "LT 2\.0" \(libtorrent\)/);
  });

  it('takes CSV columns in any order and case, with a BOM and CRLF line ends', async () => {
    const csv = '\uFEFFhost,PORT,Name,Protocol,Risk,plugin id,IP Address,FQDN\r\nws-1,6881,BitTorrent Mainline DHT Detection,udp,Low,50677,198.51.100.4,ws-1.example\r\nws-2,22,SSH,tcp,None,10267,198.51.100.5,\r\n';
    const report = await importScanReport(file('reordered.csv', csv));
    assert.deepEqual(report.hosts, [{ address: '198.51.100.4', name: 'ws-1.example', ports: [6881], protocols: ['udp'], pluginIds: ['50677'], severity: 'Low' }]);
  });

  it('reads a plain host list: comments, blank lines, names, ports', async () => {
    const report = await importScanReport(join(fixtures, 'hosts.txt'));
    assert.equal(report.format, 'host-list');
    assert.deepEqual(report.hosts.map((h) => [h.address, h.ports]), [['192.0.2.12', [6881, 51413]], ['192.0.2.3', []], ['2001:db8::17', [49152]], ['ws-09.corp.example', []]]);
  });

  it('names the line of a bad host in a host list', async () => {
    const error = await refusal(file('bad-hosts.txt', '192.0.2.1\n# fine\n10.0.0.0/24\n'));
    assert.equal(error.message, 'Line 3 of the host list is a range (10.0.0.0/24): list one host per line, or type the range as the run\'s targets.');
  });
});

describe('importScanReport: hostile and broken files', () => {
  const good = readFileSync(join(fixtures, 'office-scan.nessus'), 'utf8');

  it('a truncated .nessus: names the element it ends in and where that opened', async () => {
    const cut = good.slice(0, good.indexOf('<plugin_output>Port 22/tcp') + 20);
    const error = await refusal(file('cut.nessus', cut));
    assert.ok(error instanceof ScanReportError);
    assert.equal(error.kind, 'truncated');
    assert.match(error.message, /^The file is cut short: it ends at line 52 inside <plugin_output> \(opened at line 52, column 1\), with 5 elements still open\./);
  });

  it('a wrong root element: names it with line and column', async () => {
    const error = await refusal(file('wrong.nessus', '<?xml version="1.0"?>\n<nmaprun scanner="nmap">\n<host/></nmaprun>\n'));
    assert.equal(error.message, 'Not a Nessus v2 report: the root element is <nmaprun> (line 2, column 1), not <NessusClientData_v2>. Export the scan as "Nessus" (.nessus) or CSV.');
  });

  it('a second root element after the report is refused, and none of its hosts imported', async () => {
    // sax's strict mode lets a second root through when nothing but markup (or whitespace) lies between the two.
    const dht = '<ReportItem port="6881" svc_name="dht" protocol="udp" severity="0" pluginID="50677" pluginName="BitTorrent / uTorrent Mainline DHT Detection" pluginFamily="Peer-To-Peer File Sharing"/>';
    const first = `<NessusClientData_v2><Report name="r"><ReportHost name="127.0.0.9">${dht}</ReportHost></Report></NessusClientData_v2>`;
    const second = '<nmaprun><Report><ReportHost name="127.0.0.11"><ReportItem port="6881" protocol="udp" pluginID="50677"/></ReportHost></Report></nmaprun>';
    const error = await refusal(file('two-roots.nessus', `${first}${second}\n`));
    assert.ok(error instanceof ScanReportError);
    assert.equal(error.kind, 'not-xml');
    assert.deepEqual(error.position, { line: 1, column: first.length + 1 });
    assert.equal(error.message, `Not well-formed XML: a second root element <nmaprun> starts at line 1, column ${first.length + 1}, after the report's <NessusClientData_v2> has ended; an XML file has one root element. Import only the Nessus report (it may have been joined with another file), or export the scan again.`);
  });

  it('two whole reports joined into one file are refused too, across lines, comments and whitespace', async () => {
    const report = (host: string) => `<NessusClientData_v2><Report name="r"><ReportHost name="${host}"><ReportItem port="6881" protocol="udp" pluginID="50677"/></ReportHost></Report></NessusClientData_v2>`;
    const error = await refusal(file('joined.nessus', `<?xml version="1.0"?>\n${report('192.0.2.1')}\n<!-- second scan -->\n  ${report('192.0.2.2')}\n`));
    assert.equal(error.kind, 'not-xml');
    assert.match(error.message, /^Not well-formed XML: a second root element <NessusClientData_v2> starts at line 4, column 3, after/);
  });

  it('the v1 format is named as such', async () => {
    const error = await refusal(file('v1.nessus', '<?xml version="1.0"?>\n  <NessusClientData><Report/></NessusClientData>'));
    assert.match(error.message, /root element is <NessusClientData> \(line 2, column 3\).*old v1 format/);
  });

  it('billion laughs: refused at its DOCTYPE, at once and in flat memory', async () => {
    let laughs = '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n';
    for (let i = 1; i <= 9; i += 1) laughs += ` <!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">\n`;
    laughs += ']>\n<NessusClientData_v2><Report name="&lol9;"><ReportHost name="&lol9;"/></Report></NessusClientData_v2>\n';
    const path = file('laughs.nessus', laughs);
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const error = await refusal(path);
    const ms = performance.now() - started;
    assert.ok(error instanceof ScanReportError);
    assert.equal(error.kind, 'doctype');
    assert.equal(error.message, 'The file declares a DOCTYPE (it ends at line 13, column 3). Nessus reports never do, and a DOCTYPE\'s entity declarations can expand a small file into gigabytes, so it is refused unread.');
    // Expanded, it would be 3 GB; refused, it costs next to nothing (generous bounds: this is not a timing test).
    assert.ok(ms < 2000, `took ${ms} ms`);
    assert.ok(process.memoryUsage().rss - rssBefore < 64 * 1024 * 1024);
  });

  it('an entity with no declaration is not well-formed XML', async () => {
    const error = await refusal(file('entity.nessus', '<NessusClientData_v2><Report name="&xxe;"/></NessusClientData_v2>'));
    assert.equal(error.kind, 'not-xml');
    assert.match(error.message, /^Not well-formed XML at line 1, column \d+: invalid character entity/);
  });

  it('a huge attribute: refused with the element, the attribute and where it starts', async () => {
    const path = file('huge-attribute.nessus', `<?xml version="1.0"?>\n<NessusClientData_v2>\n<Report name="r">\n  <ReportHost name="${'A'.repeat(8 * 1024 * 1024)}"></ReportHost></Report></NessusClientData_v2>\n`);
    const error = await refusal(path);
    assert.equal(error.kind, 'too-large-item');
    assert.match(error.message, /^The element <ReportHost> at line 4, column 3 has the attribute "name" longer than 65536 characters \(still going at line 4, column \d+\)/);
  });

  it('a huge plugin output of a DHT finding: refused with where it starts', async () => {
    const huge = good.replace('The remote node answered a DHT ping and reported :', 'x'.repeat(200_000));
    const error = await refusal(file('huge-output.nessus', huge));
    assert.match(error.message, /^The plugin output that starts at line 66, column 1 is longer than 65536 characters/);
  });

  it('binary junk: not UTF-8, with the offset', async () => {
    const junk = Buffer.from([0x3c, 0x4e, 0xff, 0xfe, 0x00, 0x81, 0x9c, 0x01]);
    const error = await refusal(file('junk.nessus', Buffer.concat([junk, Buffer.alloc(4096, 0xc3)])));
    assert.equal(error.message, 'The file is not UTF-8 text: the bytes near offset 2 (around line 1) are binary. A .nessus report is UTF-8 XML; check that this is the exported file.');
  });

  it('text that is not XML', async () => {
    const error = await refusal(file('notes.nessus', 'Scan of the office, see attached\n'));
    assert.equal(error.message, 'Not XML: the file starts with text, not markup (line 1, column 2). A .nessus report is XML starting with <?xml …?> or <NessusClientData_v2>.');
  });

  it('an empty file', async () => {
    const error = await refusal(file('empty.nessus', ''));
    assert.equal(error.message, 'empty.nessus is empty: there is no report in it.');
  });

  it('a FIFO is refused without opening it for a blocking read', async (t) => {
    const path = join(dir, 'pipe.nessus');
    if (spawnSync('mkfifo', [path]).status !== 0) { t.skip('mkfifo failed'); return; }
    const error = await refusal(path);
    assert.equal(error.message, `The scan report ${path} is a FIFO (named pipe), not a regular file: give the path of a regular file.`);
  });

  it('a file over the size bound is refused before reading', async () => {
    await assert.rejects(importScanReport(join(fixtures, 'office-scan.nessus'), { maxBytes: 1000 }), /is 8531 bytes; the limit is 1000 bytes/);
  });

  it('a CSV without the needed columns names the missing ones', async () => {
    const error = await refusal(file('other.csv', '"Plugin","Host Name","Port"\n"50677","ws-1","6881"\n'));
    assert.equal(error.message, 'Not a Nessus CSV export: the header (line 1) lacks the columns "Plugin ID", "Host", "Protocol". It has "Plugin", "Host Name", "Port". Export the scan as CSV from Nessus with at least Plugin ID, Host, Protocol and Port.');
  });

  it('a CSV row with the wrong number of fields names its record and line', async () => {
    const csv = `${readFileSync(join(fixtures, 'office-scan.csv'), 'utf8')}"50677","","","Low","192.0.2.77","udp"\n`;
    const error = await refusal(file('short-row.csv', csv));
    assert.equal(error.message, 'Record 13 (line 27) has 6 fields; the header has 13. Check the quoting of that row (a plugin output with an unescaped quote, say) or export the report again.');
  });

  it('a truncated CSV (ends inside a quoted field) says so', async () => {
    const csv = readFileSync(join(fixtures, 'office-scan.csv'), 'utf8');
    const error = await refusal(file('cut.csv', csv.slice(0, 900)));
    assert.equal(error.kind, 'truncated');
    assert.match(error.message, /^The CSV file ends inside a quoted field that starts in record 4/);
  });

  it('a record spanning lines is named by the lines it spans, from where it starts', async () => {
    // csv-parse's info.lines is the line a record ends on; the plugin output here spans three lines.
    const error = await refusal(file('ml.csv', '"Plugin ID","Host","Protocol","Port","Plugin Output"\n"50677","ws-1","udp","dht","line a\nline b\nline c"\n'));
    assert.equal(error.message, 'Record 2 (lines 2-4): the Port column holds "dht", not a port number from 0 to 65535.');
    assert.ok(error instanceof ScanReportError);
    assert.deepEqual(error.position, { record: 2, line: 2 });
  });

  it('CRLF line ends inside quoted fields count once, and skipped blank lines count', async () => {
    // csv-parse counts a CRLF inside quotes as two lines; the file below has 8 lines as an editor shows them.
    const csv = '"Plugin ID","Host","Protocol","Port","Plugin Output"\r\n"50677","ws-1","udp","6881","a\r\nb\r\nc"\r\n\r\n\r\n"50677","ws-2","udp","6881","one line"\r\n"50677","","udp","6881","x"\r\n';
    const error = await refusal(file('crlf.csv', csv));
    assert.equal(error.message, 'Record 4 (line 8) is a finding of plugin 50677 with an empty Host column.');
    const wide = await refusal(file('crlf-wide.csv', csv.replace('"x"\r\n', '"x\r\ny","extra"\r\n')));
    assert.equal(wide.message, 'Record 4 (lines 8-9) has 6 fields; the header has 5. Check the quoting of that row (a plugin output with an unescaped quote, say) or export the report again.');
  });

  it('a CSV cut short inside a multi-line quoted field names the line its record starts on', async () => {
    const error = await refusal(file('cut-ml.csv', '"Plugin ID","Host","Protocol","Port","Plugin Output"\n"50677","ws-1","udp","6881","a\nb"\n\n"50677","ws-2","udp","6881","first\nsecond\nthird\n'));
    assert.equal(error.kind, 'truncated');
    assert.equal(error.message, 'The CSV file ends inside a quoted field that starts in record 3 (line 5): it is cut short, or a quote is missing. Export the report again.');
  });

  it('a malformed record in the first chunk names the line it starts on, though the parser stops before its records are read', async () => {
    const error = await refusal(file('bad-quote.csv', '"Plugin ID","Host","Protocol","Port"\n"1","a\nb"x,"udp","1"\n'));
    assert.equal(error.message, 'The CSV is malformed at record 2 (line 2): got "x" at line 3 instead of delimiter, record delimiter, trimable character (if activated) or comment');
  });

  it('one CRLF row in a file of LF rows counts as one line', async () => {
    const error = await refusal(file('mixed.csv', '"Plugin ID","Host","Protocol","Port"\n1,a,udp,1\r\n50677,,udp,6881\n'));
    assert.equal(error.message, 'Record 3 (line 3) is a finding of plugin 50677 with an empty Host column.');
  });

  it('a DHT row with a port that is not a number', async () => {
    const error = await refusal(file('port.csv', '"Plugin ID","Host","Protocol","Port"\n"50677","ws-1","udp","dht"\n'));
    assert.equal(error.message, 'Record 2 (line 2): the Port column holds "dht", not a port number from 0 to 65535.');
  });
});
