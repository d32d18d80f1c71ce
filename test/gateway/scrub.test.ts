import { scrub } from '../../gateway/maskError';

describe('scrub', () => {
  it('removes URLs, addresses and host:port pairs', () => {
    expect(scrub('connect ECONNREFUSED 10.1.2.3:5432 at http://db.internal:5432/x')).toBe('connect ECONNREFUSED <host> at <url>');
    expect(scrub('no answer from minio:9000 or subgraph-sales.svc.cluster.local:4001')).toBe('no answer from <host> or <host>');
  });

  it('leaves times and dates alone', () => {
    const text = 'expected a time at or after 2026-11-21T06:53:32.116Z, got asOf 2001-01-01 00:00:00 (12:30)';
    expect(scrub(text)).toBe(text);
  });
});
