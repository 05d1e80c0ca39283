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
