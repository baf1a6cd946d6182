// The minimiser on JSON: members and elements the failure does not need go, and what is left is JSON.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsonReducer } from '../../fuzz/json-reducer.js';
import { minimise } from '../../fuzz/minimise.js';

describe('jsonReducer', () => {
  it('shrinks a document to the members a predicate needs', async () => {
    const doc = { a: 1, b: { c: [1, 2, { d: 5, g: 'x' }], e: 'long text' }, f: null };
    const needsD = async (b: Buffer): Promise<boolean> => {
      try {
        const v = JSON.parse(b.toString()) as { b?: { c?: { d?: number }[] } };
        return Array.isArray(v.b?.c) && v.b.c.some((x) => x?.d === 5);
      } catch {
        return false;
      }
    };
    const out = await minimise(Buffer.from(JSON.stringify(doc, null, 2)), needsD, { deadline: Date.now() + 30_000, reducers: [jsonReducer] });
    assert.deepEqual(JSON.parse(out.toString()), { b: { c: [{ d: 5 }] } });
  });

  it('leaves text that is not JSON to the byte stage', () => {
    assert.equal(jsonReducer(Buffer.from('{"a": NaN}')), undefined);
  });
});
