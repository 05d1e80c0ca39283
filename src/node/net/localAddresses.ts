// "This machine" as probe targets: loopback plus every address of every
// interface, IPv4 and IPv6, so a DHT node bound to any one of them is found.
//
// Link-local IPv6 (fe80::/10) exists once per interface and cannot be sent to
// without naming the interface, so such an address carries its zone in the
// text handed to dgram's send: "fe80::1%eth0". libuv reads that zone with
// if_nametoindex on POSIX but as a number on Windows, hence the interface
// name there and the numeric scope id here. `scopeId` is reported either way.
//
// 127.0.0.1 and ::1 are always listed, even if the OS does not report them
// (IPv6 disabled, unusual loopback naming): if one is missing, sending to it
// fails and the probe reports that, which is clearer than silently skipping.
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import type { ResolvedTarget } from '../../core/targets/expandTargets';
import { canonicalIpAddress, isIPv6LinkLocal, parseIPv6 } from '../../core/targets/ipAddress';
import type { PortRange } from '../../core/targets/portSpec';

export interface LocalProbeAddress {
  /** Ready for dgram send; link-local IPv6 includes "%zone". */
  address: string;
  family: 4 | 6;
  interface: string;
  /** The interface index of a link-local IPv6 address. */
  scopeId?: number;
}

type InterfaceTable = NodeJS.Dict<NetworkInterfaceInfo[]>;

const LOOPBACK = ['127.0.0.1', '::1'] as const;
const UNLISTED_LOOPBACK_INTERFACE = 'loopback';

/** Loopback first, then each interface's addresses in the order the OS lists them; no duplicates. */
export function localProbeAddresses(
  interfaces: InterfaceTable = networkInterfaces(),
  platform: NodeJS.Platform = process.platform,
): LocalProbeAddress[] {
  const listed = Object.entries(interfaces).flatMap(([name, infos]) =>
    (infos ?? []).flatMap((info) => toProbeAddress(name, info, platform)));
  const loopback = LOOPBACK.map((address): LocalProbeAddress => {
    const owner = listed.find((entry) => entry.address === address);
    return { address, family: address.includes(':') ? 6 : 4, interface: owner?.interface ?? UNLISTED_LOOPBACK_INTERFACE };
  });
  const unique = new Map<string, LocalProbeAddress>();
  for (const entry of [...loopback, ...listed]) if (!unique.has(entry.address)) unique.set(entry.address, entry);
  return [...unique.values()];
}

function toProbeAddress(name: string, info: NetworkInterfaceInfo, platform: NodeJS.Platform): LocalProbeAddress[] {
  const parsed = canonicalIpAddress(info.address.split('%')[0] ?? '');
  if (!parsed.ok) return []; // Not an address we could send to; nothing useful to report.
  if (parsed.family === 4) return [{ address: parsed.address, family: 4, interface: name }];
  const value = parseIPv6(parsed.address);
  if (!value.ok || !isIPv6LinkLocal(value.value)) return [{ address: parsed.address, family: 6, interface: name }];
  const scopeId = info.family === 'IPv6' ? info.scopeid : undefined;
  const zone = platform === 'win32' && scopeId !== undefined ? String(scopeId) : name;
  return [{ address: `${parsed.address}%${zone}`, family: 6, interface: name, ...(scopeId === undefined ? {} : { scopeId }) }];
}

/** The local addresses as resolved targets on the given ports, ready for expandEndpoints. */
export function localProbeTargets(ports: PortRange[], addresses: LocalProbeAddress[] = localProbeAddresses()): ResolvedTarget[] {
  return addresses.map((local) => {
    const [address = local.address, zone] = local.address.split('%');
    return { kind: 'address', address, family: local.family, ...(zone === undefined ? {} : { zone }), ports: ports.map((r) => ({ ...r })) };
  });
}
