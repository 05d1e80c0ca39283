// Programs that speak BitTorrent (and so usually run a Mainline DHT node),
// as their processes are named on Linux, macOS and Windows. A name here is a
// hint for the runbook to check, never proof: the KRPC probe is the proof.

export interface BitTorrentClient {
  /** What a report calls it. */
  displayName: string;
  /** Process or program file names, compared without case and without `.exe`. */
  names: readonly string[];
  /** Text that marks the client inside a command line (a jar, a main class, a script). */
  commandLineMarkers?: readonly string[];
  /** macOS application bundles (`<name>.app`) whose binaries belong to the client. */
  appBundles?: readonly string[];
}

export const BITTORRENT_CLIENTS: readonly BitTorrentClient[] = [
  { displayName: 'Transmission', names: ['transmission-daemon', 'transmission-gtk', 'transmission-qt', 'transmission-cli', 'transmission'], appBundles: ['Transmission'] },
  { displayName: 'qBittorrent', names: ['qbittorrent', 'qbittorrent-nox'], appBundles: ['qBittorrent', 'qbittorrent'] },
  { displayName: 'Deluge', names: ['deluged', 'deluge', 'deluge-gtk', 'deluge-web'], commandLineMarkers: ['deluge.core', 'deluge.ui'], appBundles: ['Deluge'] },
  { displayName: 'rTorrent', names: ['rtorrent'] },
  { displayName: 'KTorrent', names: ['ktorrent'] },
  { displayName: 'aria2', names: ['aria2c'] },
  { displayName: 'Vuze (Azureus)', names: ['vuze', 'azureus'], commandLineMarkers: ['Azureus2.jar', 'org.gudy.azureus2'], appBundles: ['Vuze'] },
  { displayName: 'BiglyBT', names: ['biglybt'], commandLineMarkers: ['BiglyBT.jar', 'com.biglybt.'], appBundles: ['BiglyBT'] },
  { displayName: 'µTorrent', names: ['utorrent', 'utorrentie', 'utserver', 'utweb'], appBundles: ['uTorrent', 'uTorrent Web'] },
  { displayName: 'BitTorrent (official client)', names: ['bittorrent', 'bittorrentie', 'btweb'], appBundles: ['BitTorrent', 'BitTorrent Web'] },
  { displayName: 'Tixati', names: ['tixati'] },
  { displayName: 'FrostWire', names: ['frostwire'], commandLineMarkers: ['frostwire.jar', 'com.frostwire.'], appBundles: ['FrostWire'] },
  { displayName: 'WebTorrent', names: ['webtorrent', 'webtorrent-desktop', 'webtorrent-hybrid'], appBundles: ['WebTorrent'] },
  { displayName: 'Fragments', names: ['fragments', 'de.haeckerfelix.fragments'] },
  { displayName: 'Tribler', names: ['tribler'], commandLineMarkers: ['tribler.'], appBundles: ['Tribler'] },
  { displayName: 'PicoTorrent', names: ['picotorrent'] },
  { displayName: 'Motrix', names: ['motrix'], appBundles: ['Motrix'] },
  { displayName: 'BitComet', names: ['bitcomet'] },
  { displayName: 'BitLord', names: ['bitlord'], appBundles: ['BitLord'] },
  { displayName: 'Folx', names: ['folx'], appBundles: ['Folx'] },
  { displayName: 'Shareaza', names: ['shareaza'] },
  { displayName: 'MLDonkey', names: ['mlnet', 'mldonkey'] },
  { displayName: 'Halite', names: ['halite'] },
  { displayName: 'rqbit', names: ['rqbit'] },
  { displayName: 'Porla', names: ['porla'] },
  { displayName: 'peerflix', names: ['peerflix'] },
  { displayName: 'CTorrent', names: ['ctorrent', 'dtorrent'] },
  { displayName: 'opentracker (a BitTorrent tracker)', names: ['opentracker'] },
];

export interface WellKnownPort {
  /** Inclusive range. */
  from: number;
  to: number;
  /** Which protocols the port matters for. */
  protocols: readonly ('tcp' | 'udp')[];
  /** Why the port points at BitTorrent, completing "TCP port 6881 is ...". */
  meaning: string;
}

export const BITTORRENT_PORTS: readonly WellKnownPort[] = [
  { from: 6881, to: 6889, protocols: ['tcp', 'udp'], meaning: 'in 6881-6889, the range BitTorrent clients traditionally use for peers and the DHT' },
  { from: 6969, to: 6969, protocols: ['tcp', 'udp'], meaning: 'the customary port of BitTorrent trackers' },
  { from: 51413, to: 51413, protocols: ['tcp', 'udp'], meaning: "Transmission's default port for peers and the DHT" },
  { from: 6771, to: 6771, protocols: ['udp'], meaning: 'the multicast port of BitTorrent Local Service Discovery (BEP 14)' },
];
