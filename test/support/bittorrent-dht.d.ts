// Just the part of bittorrent-dht's API the tests use (the package ships no types).
declare module 'bittorrent-dht' {
  interface DhtOptions { bootstrap?: false | string[]; nodeId?: Uint8Array | string }
  export default class DHT {
    constructor(options?: DhtOptions);
    readonly nodeId: Uint8Array;
    listen(port: number, address: string, callback: () => void): void;
    address(): { address: string; family: string; port: number };
    once(event: 'error', listener: (error: Error) => void): this;
    destroy(callback?: () => void): void;
  }
}
