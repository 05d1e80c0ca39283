// Real BitTorrent clients, each in a network namespace of its own (they ignore
// DHT queries from loopback): found by the sweep, with the client named.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sweepForDhtNodes } from '../../../../src/node/probe/dhtSweep';
import type { DhtNodeFinding, Endpoint } from '../../../../src/core/probe/types';
import { createTestHost, type TestHost } from '../../../support/netns';
import { QBITTORRENT_PORT, TRANSMISSION_PORT, startQbittorrent, startTransmission } from '../../../support/bittorrentClients';
import { skipUnlessAvailable } from '../../../support/prerequisites';

/** Clients take a few seconds to open their DHT; ask until they answer. */
async function findWithin(endpoint: Endpoint, seconds: number): Promise<DhtNodeFinding | undefined> {
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    const summary = await sweepForDhtNodes({ endpoints: () => [endpoint], timeoutMs: 1000, retries: 0 });
    if (summary.findings[0]) return summary.findings[0];
  }
  return undefined;
}

describe('real BitTorrent clients in network namespaces', { skip: skipUnlessAvailable(['ip', 'transmission-daemon', 'qbittorrent-nox'], true) }, () => {
  let transmissionHost: TestHost;
  let qbittorrentHost: TestHost;

  before(() => {
    transmissionHost = createTestHost();
    startTransmission(transmissionHost);
    qbittorrentHost = createTestHost();
    startQbittorrent(qbittorrentHost);
  });
  after(async () => {
    await transmissionHost?.destroy();
    await qbittorrentHost?.destroy();
  });

  it('confirms Transmission by its KRPC reply', async () => {
    const finding = await findWithin({ address: transmissionHost.address, family: 4, port: TRANSMISSION_PORT }, 30);
    assert.ok(finding, 'Transmission did not answer the DHT ping');
    assert.equal(finding.replyKind, 'response');
    assert.match(finding.nodeIdHex ?? '', /^[0-9a-f]{40}$/);
    assert.equal(finding.evidence.from, `${transmissionHost.address}:${TRANSMISSION_PORT}`);
  });

  it('confirms qBittorrent, names libtorrent and its version, and reads the BEP 42 address', async () => {
    const finding = await findWithin({ address: qbittorrentHost.address, family: 4, port: QBITTORRENT_PORT }, 30);
    assert.ok(finding, 'qBittorrent did not answer the DHT ping');
    assert.equal(finding.client?.code, 'LT');
    assert.match(finding.client?.name ?? '', /libtorrent/i);
    assert.match(finding.client?.version ?? '', /^2\.\d+\.\d+$/);
    assert.equal(finding.observedAddress?.address, qbittorrentHost.hostAddress, 'the node sees us at our veth address');
  });

  it('does not report a port on the same host with no DHT behind it', async () => {
    const summary = await sweepForDhtNodes({ endpoints: () => [{ address: qbittorrentHost.address, family: 4, port: 9 }], timeoutMs: 500, retries: 0 });
    assert.equal(summary.findings.length, 0);
  });
});
