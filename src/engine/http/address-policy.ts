import dns from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import { BoundedCache } from '../bounded-cache.ts';
import { StepError } from '../errors.ts';

const GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3');
const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96');

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * The SSRF guard. Only public unicast addresses are reached, unless the operator allowed a host
 * name, an address or a CIDR. Names are checked on the addresses they resolve to, inside the
 * socket's own lookup, so the address checked is the address connected to.
 */
export class AddressPolicy {
  readonly #names = new Set<string>();
  readonly #suffixes: string[] = [];
  readonly #ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  /** `address:port` pairs allowed on that port only (a local stand-in, say). */
  readonly #sockets = new Set<string>();
  /** Host → why it is refused ('' when it is not); the same few hosts are asked about on every request. */
  readonly #decided = new BoundedCache<string, string>(10_000);

  constructor(allowed: readonly string[] = []) {
    for (const raw of allowed) {
      const entry = raw.trim().toLowerCase();
      if (entry === '') continue;
      const socket = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(entry);
      if (socket && ipaddr.isValid(socket[1]!)) this.#sockets.add(socketKey(socket[1]!, socket[2]!));
      else if (entry.includes('/')) this.#ranges.push(parseRange(entry));
      else if (ipaddr.isValid(entry)) {
        const address = ipaddr.process(entry);
        this.#ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
      } else if (entry.startsWith('*.')) this.#suffixes.push(entry.slice(1));
      else this.#names.add(entry);
    }
  }

  /** Whether the operator allowed this host name, so its addresses are not checked. */
  allowsName(hostname: string): boolean {
    const name = hostname.toLowerCase().replace(/\.$/, '');
    return this.#names.has(name) || this.#suffixes.some((suffix) => name.endsWith(suffix));
  }

  /** Why an address may not be reached, or undefined when it may. */
  refusal(address: string): string | undefined {
    let parsed: ipaddr.IPv4 | ipaddr.IPv6;
    try {
      parsed = ipaddr.process(unbracket(address));
    } catch {
      return 'is not an IP address';
    }
    if (this.#ranges.some(([base, bits]) => base.kind() === parsed.kind() && parsed.match(base, bits))) return undefined;
    const range = parsed.range();
    if (range !== 'unicast') return `is a ${describe(range)} address`;
    // Only 2000::/3 is global unicast; the rest (IPv4-compatible ::a.b.c.d among it) is not the internet.
    if (parsed.kind() === 'ipv6' && !parsed.match(GLOBAL_UNICAST)) {
      return parsed.match(IPV4_COMPATIBLE) ? 'is an IPv4-compatible IPv6 address (::a.b.c.d), which reaches IPv4 hosts' : 'is not a global unicast IPv6 address';
    }
    return undefined;
  }

  /** Checks a URL's host and port before connecting: literal addresses never reach the lookup. */
  checkHost(hostname: string, port: string): void {
    if (this.#sockets.size > 0 && net.isIP(unbracket(hostname)) && this.#sockets.has(socketKey(unbracket(hostname), port))) return;
    const why = this.#decided.get(hostname, this.#decide);
    if (why) throw blocked(unbracket(hostname), why);
  }

  /** Why a URL's host is refused, or '' when it may be reached (a name is judged at lookup). */
  readonly #decide = (hostname: string): string => {
    const host = unbracket(hostname);
    return !net.isIP(host) || this.allowsName(host) ? '' : (this.refusal(host) ?? '');
  };

  /** A `dns.lookup` replacement for the socket that refuses names resolving to refused addresses. */
  readonly lookup = (hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      if (!this.allowsName(hostname)) {
        for (const { address } of addresses) {
          const why = this.refusal(address);
          if (why) return callback(blocked(`${hostname} (${address})`, why), []);
        }
      }
      const [first] = addresses;
      if (options.all) callback(null, addresses);
      else if (first) callback(null, first.address, first.family);
      else callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
    });
  };
}

function socketKey(address: string, port: string): string {
  return `${ipaddr.process(address).toNormalizedString()}:${Number(port)}`;
}

/** `[::1]` as URLs write it → `::1`. */
function unbracket(host: string): string {
  return host.replace(/^\[|\]$/g, '');
}

function parseRange(entry: string): [ipaddr.IPv4 | ipaddr.IPv6, number] {
  try {
    return ipaddr.parseCIDR(entry);
  } catch {
    throw new Error(`allowed host "${entry}" is not a valid CIDR range`);
  }
}

function describe(range: string): string {
  const words: Record<string, string> = {
    loopback: 'loopback',
    private: 'private',
    linkLocal: 'link-local (cloud metadata)',
    carrierGradeNat: 'carrier-grade NAT',
    multicast: 'multicast',
    unspecified: 'unspecified',
    broadcast: 'broadcast',
    uniqueLocal: 'unique-local (private)',
    reserved: 'reserved',
  };
  return words[range] ?? `non-public (${range})`;
}

function blocked(target: string, why: string): StepError {
  return new StepError(
    'blocked',
    `refused to connect to ${target}: it ${why}. If this host is yours, allow it with CONNECTORS_ALLOWED_HOSTS`,
  );
}
