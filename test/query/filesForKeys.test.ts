import { filesForKeys } from '../../engine/query/filesForKeys';
import type { ColumnModel } from '../../engine/model/productModel';
import type { ManifestFile } from '../../engine/snapshot/manifest';

function column(type: ColumnModel['type']): ColumnModel {
  return { name: 'k', field: 'k', enumValue: 'K', type, scalar: 'String', pii: false, key: true };
}

function files(...ranges: ([string, string] | null | undefined)[]): ManifestFile[] {
  return ranges.map((r, i) => ({
    path: `part-${i}.parquet`, bytes: 1, sha256: '', rows: r === null ? 0 : 10,
    ...(r === undefined ? {} : { keyRange: r === null ? { min: null, max: null } : { min: r[0], max: r[1] } }),
  }));
}

describe('filesForKeys', () => {
  const paths = ['/a', '/b', '/c'];

  it('keeps only the files whose int64 range holds a key, comparing as integers beyond 2^53', () => {
    const m = files(['9', '99'], ['100', '9007199254740992'], ['9007199254740993', '9007199254749999']);
    expect(filesForKeys(m, paths, column('int64'), ['50'])).toEqual(['/a']);
    expect(filesForKeys(m, paths, column('int64'), ['9007199254740993'])).toEqual(['/c']);
    expect(filesForKeys(m, paths, column('int64'), ['100', '9007199254749999'])).toEqual(['/b', '/c']);
    expect(filesForKeys(m, paths, column('int64'), ['5', '9007199254750000'])).toEqual([]);
  });

  it('orders strings by their UTF-8 bytes, as DuckDB does', () => {
    const m = files(['C0001', 'C0999'], ['C1000', 'Cz'], ['É', 'é']);
    expect(filesForKeys(m, paths, column('string'), ['C0500'])).toEqual(['/a']);
    expect(filesForKeys(m, paths, column('string'), ['C10'])).toEqual([]);
    expect(filesForKeys(m, paths, column('string'), ['C1000x'])).toEqual(['/b']);
    expect(filesForKeys(m, paths, column('string'), ['Ö'])).toEqual(['/c']);
  });

  it('keeps files without a recorded range, drops empty ones, and keeps all for types it cannot order by text', () => {
    expect(filesForKeys(files(undefined, null, ['1', '2']), paths, column('int64'), ['7'])).toEqual(['/a']);
    expect(filesForKeys(files(['1.5', '2.5'], ['3.5', '4.5'], null), paths, column('double'), ['9'])).toEqual(paths);
  });
});
