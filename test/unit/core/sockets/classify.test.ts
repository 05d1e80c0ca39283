import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifySockets, summariseSockets } from '../../../../src/core/sockets/classify';
import { enrichProcesses } from '../../../../src/core/sockets/attachProcesses';
import { parseNetstatWindows } from '../../../../src/core/sockets/parseNetstatWindows';
import { parseSs } from '../../../../src/core/sockets/parseSs';
import { parseTasklist } from '../../../../src/core/sockets/parseTasklist';
import type { ListeningSocket, SocketProcess } from '../../../../src/core/sockets/types';
import { fixture, keyOf } from './fixture';

function socket(protocol: 'tcp' | 'udp', port: number, process?: SocketProcess): ListeningSocket {
  const s: ListeningSocket = { protocol, family: 4, localAddress: '0.0.0.0', localPort: port };
  if (process !== undefined) s.process = process;
  return s;
}

describe('classifySockets', () => {
  it('gives low confidence to a well-known port alone, and says which port', () => {
    const [verdict] = classifySockets([socket('udp', 6881)]);
    assert.equal(verdict?.confidence, 'low');
    assert.match(verdict?.reasons[0]?.text ?? '', /UDP port 6881 is in 6881-6889/);
    assert.match(classifySockets([socket('tcp', 6969)])[0]?.reasons[0]?.text ?? '', /tracker/);
    assert.match(classifySockets([socket('tcp', 51413)])[0]?.reasons[0]?.text ?? '', /Transmission/);
    assert.match(classifySockets([socket('udp', 6771)])[0]?.reasons[0]?.text ?? '', /Local Service Discovery/);
    // LSD is a UDP multicast port; on TCP it means nothing.
    assert.equal(classifySockets([socket('tcp', 6771)])[0]?.suspect, false);
  });

  it('gives medium confidence to a client name alone and high to a name with a port', () => {
    const named = classifySockets([socket('tcp', 40000, { pid: 5, name: 'rtorrent' })])[0];
    assert.deepEqual([named?.confidence, named?.client], ['medium', 'rTorrent']);
    const both = classifySockets([socket('udp', 6881, { pid: 5, name: 'deluged' })])[0];
    assert.deepEqual([both?.confidence, both?.reasons.map((r) => r.kind)], ['high', ['process-name', 'well-known-port']]);
  });

  it('knows the clients of every platform, cut names and Windows image names included', () => {
    const cases: [SocketProcess, string][] = [
      [{ pid: 1, name: 'transmission-da' }, 'Transmission'],
      [{ pid: 2, name: 'qbittorrent-nox' }, 'qBittorrent'],
      [{ pid: 3, name: 'uTorrent.exe' }, 'µTorrent'],
      [{ pid: 4, name: 'BitTorrent.exe' }, 'BitTorrent (official client)'],
      [{ pid: 5, name: 'java', commandLine: 'java -Xmx512m -jar /opt/biglybt/BiglyBT.jar' }, 'BiglyBT'],
      [{ pid: 6, name: 'python3', commandLine: '/usr/bin/python3 /usr/bin/deluged -d' }, 'Deluge'],
      [{ pid: 7, name: 'node', commandLine: 'node /usr/local/bin/webtorrent download x' }, 'WebTorrent'],
      [{ pid: 8, name: 'MainThread', executable: '/Applications/Transmission.app/Contents/MacOS/Transmission' }, 'Transmission'],
      [{ pid: 9, name: 'aria2c' }, 'aria2'],
      [{ pid: 10, name: 'tixati.exe' }, 'Tixati'],
      [{ pid: 11, name: 'ktorrent' }, 'KTorrent'],
      [{ pid: 12, name: 'fragments' }, 'Fragments'],
      [{ pid: 13, name: 'picotorrent.exe' }, 'PicoTorrent'],
      [{ pid: 14, name: 'Motrix.exe' }, 'Motrix'],
      [{ pid: 15, name: 'FrostWire.exe' }, 'FrostWire'],
      [{ pid: 16, name: 'tribler' }, 'Tribler'],
      [{ pid: 17, name: 'java', commandLine: 'java -cp Azureus2.jar org.gudy.azureus2.ui.swt.Main' }, 'Vuze (Azureus)'],
    ];
    for (const [process, client] of cases) {
      const verdict = classifySockets([socket('tcp', 40000, process)])[0];
      assert.equal(verdict?.client, client, JSON.stringify(process));
    }
  });

  it('counts a command-line mention as weaker than a name', () => {
    const verdict = classifySockets([socket('tcp', 40000, { pid: 5, name: 'java', commandLine: 'java -jar BiglyBT.jar' })])[0];
    assert.deepEqual([verdict?.confidence, verdict?.reasons[0]?.kind], ['low', 'command-line']);
  });

  it('does not flag ordinary programs, nor names that merely start like a client', () => {
    const verdicts = classifySockets([
      socket('tcp', 22, { pid: 1, name: 'sshd' }),
      socket('udp', 53, { pid: 2, name: 'dnsmasq' }),
      socket('tcp', 53, { pid: 2, name: 'dnsmasq' }),
      socket('tcp', 8080, { pid: 3, name: 'transmis' }),
      socket('tcp', 8081, { pid: 4, name: 'node', commandLine: 'node server.js --name transmission-report' }),
    ]);
    assert.deepEqual(verdicts.map((v) => v.suspect), [false, false, false, false, false]);
  });

  it('adds the TCP/UDP pair of one process as a supporting reason only', () => {
    const verdicts = classifySockets([
      socket('tcp', 41234, { pid: 9, name: 'qbittorrent' }),
      socket('udp', 41234, { pid: 9, name: 'qbittorrent' }),
    ]);
    assert.deepEqual(verdicts.map((v) => v.confidence), ['high', 'high']);
    assert.equal(verdicts[0]?.reasons.at(-1)?.kind, 'tcp-udp-pair');
  });

  it('finds the suspects of the real Linux capture', () => {
    const verdicts = classifySockets(parseSs(fixture('linux-ss-root.txt')).sockets);
    const suspects = verdicts.filter((v) => v.suspect).map((v) => `${keyOf(v.socket)} ${v.client} ${v.confidence}`).sort();
    assert.deepEqual(suspects, [
      'tcp6 [::]:51413 Transmission high', 'tcp6 [::]:6881 qBittorrent high',
      'udp4 0.0.0.0:6771 qBittorrent high', 'udp6 [::]:51413 Transmission high', 'udp6 [::]:6881 qBittorrent high',
    ]);
  });

  it('finds the suspects of the Windows capture once tasklist names the pids', () => {
    const tasks = parseTasklist(fixture('windows-tasklist.csv')).processes;
    const sockets = enrichProcesses(parseNetstatWindows(fixture('windows-netstat-ano-en.txt')).sockets, new Map(tasks.map((t) => [t.pid, { name: t.name }])));
    const summary = summariseSockets(classifySockets(sockets));
    assert.deepEqual(summary.suspectProcesses.map((p) => [p.pid, p.name, p.client, p.confidence, p.ports]), [
      [6120, 'uTorrent.exe', 'µTorrent', 'high', ['tcp/23456', 'tcp/10000', 'udp/23456']],
      [7344, 'qbittorrent.exe', 'qBittorrent', 'high', ['tcp/8999', 'tcp/8080', 'udp/6771', 'udp/8999']],
    ]);
  });
});

describe('summariseSockets', () => {
  it('counts sockets, owners and suspects', () => {
    const summary = summariseSockets(classifySockets(parseSs(fixture('linux-ss-root.txt')).sockets));
    assert.deepEqual(
      { ...summary, suspectProcesses: summary.suspectProcesses.map((p) => p.pid).sort() },
      { sockets: 50, tcp: 26, udp: 24, processes: 12, unattributed: 1, suspects: 5, byConfidence: { low: 0, medium: 0, high: 5 }, suspectProcesses: [7914, 7915, 7918] },
    );
  });
});
