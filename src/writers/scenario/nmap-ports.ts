// Ports nmap probes with its default "top 1000" TCP scan. The first 100 are nmap's most frequent
// ports in nmap-services order; the rest is a fixed, seeded sample (low ports weighted) standing
// in for the remainder of the list, so the count and spread are right without shipping nmap data.
import { Prng } from './prng';

const TOP_100 = [
  80, 23, 443, 21, 22, 25, 3389, 110, 445, 139, 143, 53, 135, 3306, 8080, 1723, 111, 995, 993, 5900, 1025,
  587, 8888, 199, 1720, 465, 548, 113, 81, 6001, 10000, 514, 5060, 179, 1026, 2000, 8443, 8000, 32768, 554,
  26, 1433, 49152, 2001, 515, 8008, 49154, 1027, 5666, 646, 5000, 5631, 631, 49153, 8081, 2049, 88, 79, 5800,
  106, 2121, 1110, 49155, 6000, 513, 990, 5357, 427, 49156, 543, 544, 5101, 144, 7, 389, 8009, 3128, 444,
  9999, 5009, 7070, 5190, 3000, 5432, 1900, 3986, 13, 1029, 9, 5051, 6646, 49157, 1028, 873, 1755, 2717, 4899,
  9100, 119, 37,
];

export const NMAP_TOP_TCP_PORT_COUNT = 1000;

let cached: number[] | null = null;

/** The 1000 TCP ports, in nmap's probing-priority order (nmap then shuffles them per scan). */
export function nmapTopTcpPorts(): number[] {
  if (cached) return cached;
  const seen = new Set(TOP_100);
  const out = [...TOP_100];
  const rng = new Prng(0x6e6d6170);
  while (out.length < NMAP_TOP_TCP_PORT_COUNT) {
    const p = rng.chance(0.55)
      ? rng.int(1, 1024)
      : rng.chance(0.7)
        ? rng.int(1025, 10000)
        : rng.int(10001, 65535);
    if (seen.has(p)) continue;
    seen.add(p);
    out.push(p);
  }
  cached = out;
  return out;
}
