// A child process that runs real bittorrent-dht nodes for the benchmark, so
// their work does not share the prober's event loop. Prints their endpoints
// as one JSON line, then waits to be killed.
import DHT from 'bittorrent-dht';

const specs = JSON.parse(process.argv[2] ?? '[]') as { address: string; port: number }[];
const started = await Promise.all(specs.map((spec) => new Promise<{ address: string; port: number; nodeIdHex: string }>((resolve, reject) => {
  const dht = new DHT({ bootstrap: false });
  dht.once('error', reject);
  dht.listen(spec.port, spec.address, () => resolve({ address: spec.address, port: dht.address().port, nodeIdHex: Buffer.from(dht.nodeId).toString('hex') }));
})));
process.stdout.write(`${JSON.stringify(started)}\n`);
