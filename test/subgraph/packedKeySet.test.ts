import fc from 'fast-check';
import { PackedKeySet } from '../../engine/queryEngine/packedKeySet';

describe('PackedKeySet', () => {
  it('answers exactly as a Set of the same texts, for any texts and probes', () => {
    fc.assert(fc.property(
      fc.array(fc.string({ unit: 'binary', maxLength: 12 }), { maxLength: 200 }),
      fc.array(fc.string({ unit: 'binary', maxLength: 12 }), { maxLength: 50 }),
      (keys, others) => {
        const packed = new PackedKeySet(keys);
        const set = new Set(keys);
        expect(packed.size).toBe(set.size);
        for (const probe of [...keys, ...others]) expect(packed.has(probe)).toBe(set.has(probe));
      },
    ), { numRuns: 300 });
  });

  it('answers as a Set for texts drawn from few units, surrogate halves and U+FFFD among them', () => {
    const text = fc.array(fc.constantFrom('a', '\ud83d', '\ude00', '\ufffd', '😀', 'é'), { maxLength: 4 }).map((units) => units.join(''));
    fc.assert(fc.property(fc.array(text, { maxLength: 30 }), fc.array(text, { maxLength: 30 }), (keys, others) => {
      const packed = new PackedKeySet(keys);
      const set = new Set(keys);
      expect(packed.size).toBe(set.size);
      for (const probe of [...keys, ...others]) expect(packed.has(probe)).toBe(set.has(probe));
    }), { numRuns: 300 });
  });

  it('holds repeated texts once and tells apart texts that differ only in length or in one byte', () => {
    const packed = new PackedKeySet(['C0000001', 'C0000001', '', 'é', 'e\u0301', '😀']);
    expect(packed.size).toBe(5);
    for (const k of ['C0000001', '', 'é', 'e\u0301', '😀']) expect(packed.has(k)).toBe(true);
    for (const k of ['C000000', 'C00000010', 'C0000002', 'e', '\u0301', '\ud83d']) expect(packed.has(k)).toBe(false);
  });

  it('tells apart texts with lone surrogates, which UTF-8 would encode alike', () => {
    const packed = new PackedKeySet(['\ud83d', 'x\udc00y', '\ufffd-']);
    expect(packed.size).toBe(3);
    for (const k of ['\ud83d', 'x\udc00y', '\ufffd-']) expect(packed.has(k)).toBe(true);
    for (const k of ['\udc00', '\ufffd', 'x\ud800y', 'x\ufffdy', '\ud83d-']) expect(packed.has(k)).toBe(false);
  });

  it('probes keys longer than its scratch buffer and many keys that share a prefix', () => {
    const long = 'k'.repeat(5000);
    const keys = Array.from({ length: 20_000 }, (_, i) => `C${String(i).padStart(7, '0')}`);
    const packed = new PackedKeySet([...keys, long]);
    expect(packed.has(long)).toBe(true);
    expect(packed.has(`${long}k`)).toBe(false);
    expect(keys.every((k) => packed.has(k))).toBe(true);
    expect(packed.has('C0020000')).toBe(false);
    expect(packed.byteLength).toBeLessThan(20_000 * 40);
  });
});
