// Real DHT nodes that nobody on this project wrote: the WebTorrent
// `bittorrent-dht` package, listening on loopback.
import DHT from 'bittorrent-dht';

export interface RunningDhtNode {
  readonly port: number;
  readonly nodeIdHex: string;
  close(): Promise<void>;
}

export async function startBittorrentDhtNode(address = '127.0.0.1', port = 0): Promise<RunningDhtNode> {
  const dht = new DHT({ bootstrap: false });
  await new Promise<void>((resolve, reject) => {
    dht.once('error', reject);
    dht.listen(port, address, () => resolve());
  });
  return {
    port: (dht.address() as { port: number }).port,
    nodeIdHex: Buffer.from(dht.nodeId as Uint8Array).toString('hex'),
    close: () => new Promise<void>((resolve) => dht.destroy(() => resolve())),
  };
}

/** A real node on a well-known BitTorrent port of loopback (6881-6889), so checks flag it by port too. */
export async function startNodeOnBitTorrentPort(): Promise<RunningDhtNode> {
  for (let port = 6881; port <= 6889; port += 1) {
    try { return await startBittorrentDhtNode('127.0.0.1', port); } catch { /* in use: next */ }
  }
  throw new Error('ports 6881-6889 on 127.0.0.1 are all in use');
}
