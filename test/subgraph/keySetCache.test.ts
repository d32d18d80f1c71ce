import { KeySetCache } from '../../engine/queryEngine/keySetCache';

describe('KeySetCache', () => {
  it('loads a snapshot once, shared by concurrent callers', async () => {
    const cache = new KeySetCache(10);
    let loads = 0;
    const load = async () => { loads += 1; return new Set(['a', 'b']); };
    const [x, y] = await Promise.all([cache.get('s1', 2, load), cache.get('s1', 2, load)]);
    expect(loads).toBe(1);
    expect(x).toBe(y);
    expect(x.has('a')).toBe(true);
  });

  it('drops the oldest set past its bound and reloads it when asked again', async () => {
    const cache = new KeySetCache(5);
    const loads: string[] = [];
    const loader = (id: string) => async () => { loads.push(id); return new Set([id]); };
    await cache.get('s1', 3, loader('s1'));
    await cache.get('s2', 3, loader('s2'));
    await cache.get('s2', 3, loader('s2'));
    await cache.get('s1', 3, loader('s1'));
    expect(loads).toEqual(['s1', 's2', 's1']);
    expect(cache.fits(5)).toBe(true);
    expect(cache.fits(6)).toBe(false);
  });

  it('forgets a failed load, so the next caller tries again', async () => {
    const cache = new KeySetCache(10);
    await expect(cache.get('s1', 1, () => Promise.reject(new Error('store down')))).rejects.toThrow('store down');
    await expect(cache.get('s1', 1, async () => new Set(['k']))).resolves.toEqual(new Set(['k']));
  });
});
