// The IPv6 pseudo-header with the addresses RFC 8200 §8.1 and RFC 6275 §6.3 name: checksums made
// over the final destination of a Routing header, or over a Home Address option's address, verify;
// the same packets checked over the header's own addresses would not.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyL4 } from '../../src/checksum/index.js';
import { decodePacket, LINKTYPE_IPV6 } from '../../src/decode/index.js';
import { hex } from '../decode/hex.js';
import { HOME_ADDRESS, ROUTING_SRH, ROUTING_TYPE0, ROUTING_TYPE0_ARRIVED } from '../decode/ipv6-fixtures.js';

function verdicts(fixture: string): { rfc: string; headerAddresses: string } {
  const b = hex(fixture);
  const p = decodePacket(LINKTYPE_IPV6, b, b.length);
  const ip = p.ip[0]!;
  const naive = { ...ip, pseudoSrc: ip.offset + 8, pseudoDst: ip.offset + 24 };
  return { rfc: classifyL4(b, ip, p.l4[0]!).verdict, headerAddresses: classifyL4(b, naive, p.l4[0]!).verdict };
}

describe('IPv6 pseudo-header addresses', () => {
  it('type 0 Routing header with segments left: the final destination', () => {
    assert.deepEqual(verdicts(ROUTING_TYPE0), { rfc: 'valid', headerAddresses: 'corrupt' });
  });

  it('type 0 Routing header at its final destination: the header destination', () => {
    assert.deepEqual(verdicts(ROUTING_TYPE0_ARRIVED), { rfc: 'valid', headerAddresses: 'valid' });
  });

  it('Segment Routing Header: Segment List[0]', () => {
    assert.deepEqual(verdicts(ROUTING_SRH), { rfc: 'valid', headerAddresses: 'corrupt' });
  });

  it('Home Address option: the home address as source', () => {
    assert.deepEqual(verdicts(HOME_ADDRESS), { rfc: 'valid', headerAddresses: 'corrupt' });
  });
});
