export { classifyL4, classifyMessage, classifyTransport, ipv4HeaderValid, OUTER_LCO_REASON, OUTER_PSEUDO_REASON } from './classify.js';
export { checksumOf, fold, sumWords } from './internet-checksum.js';
export { pseudoHeaderSum } from './pseudo-header.js';
export { VERDICTS, type ChecksumCheck, type ChecksumLayer, type Verdict } from './types.js';
