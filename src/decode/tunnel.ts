// Bookkeeping shared by the tunnel decoders (VXLAN, Geneve, GRE/NVGRE, IP-in-IP): records the
// tunnel with the outer addresses that carry it and bounds the nesting depth.

import { addLayer, nest, nextTunnel, type Frame } from './frame.js';
import type { TunnelKind } from './types.js';

/** Records a tunnel at off; returns the depth of what it carries, or undefined when nested too deep. */
export function enterTunnel(f: Frame, kind: TunnelKind, off: number, depth: number, vni: number | undefined): number | undefined {
  if (!nest(f, 'tunnels')) return undefined;
  const outer = f.out.ip[f.out.ip.length - 1];
  addLayer(f, kind);
  const t = nextTunnel(f);
  t.kind = kind;
  t.depth = depth + 1;
  t.vni = vni;
  t.outerSrc = outer?.src ?? '';
  t.outerDst = outer?.dst ?? '';
  t.offset = off;
  return depth + 1;
}
