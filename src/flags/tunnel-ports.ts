// --vxlan-port and --geneve-port (analyze's and correlate's): UDP ports decoded as tunnels besides
// the IANA ones.

import { DEFAULT_DECODE_OPTIONS, type DecodeOptions } from '../decode/index.js';
import { port } from './numbers.js';

/** The default tunnel ports plus those given, each value checked. */
export function decodeOptions(opts: { vxlanPort: string[]; genevePort: string[] }): DecodeOptions {
  return {
    ...DEFAULT_DECODE_OPTIONS,
    vxlanPorts: new Set([...DEFAULT_DECODE_OPTIONS.vxlanPorts, ...opts.vxlanPort.map((v) => port('--vxlan-port', v))]),
    genevePorts: new Set([...DEFAULT_DECODE_OPTIONS.genevePorts, ...opts.genevePort.map((v) => port('--geneve-port', v))]),
  };
}
