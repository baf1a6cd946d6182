export { classifyIpv4Header, classifyL4, classifyMessage, classifyPacket, ipv4HeaderValid, OUTER_LCO_REASON, OUTER_PSEUDO_REASON, owedByUnfinished } from './classify.js';
export { checksumOf, fold, sumWords, verifies } from './internet-checksum.js';
export { pseudoHeaderSum } from './pseudo-header.js';
export { VERDICTS, type ChecksumCheck, type ChecksumLayer, type Verdict } from './types.js';
