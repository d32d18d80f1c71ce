import { ReplayCache } from '../../engine/auth/replayCache';
import { MAX_CLOCK_SKEW_MS, MAX_SIGNATURE_WINDOW_MS, signRequest, verifyRequest } from '../../engine/auth/requestSignature';

const SECRET = 'unit-secret';
const identity = { subject: 'analyst', scopes: ['pii'] };
const request = { method: 'POST', path: '/graphql', body: '{"query":"{ a }"}' };
const T = 1_800_000_000_000;

describe('request signatures', () => {
  it('accept a request once, with its very method, path, body and claims', () => {
    const headers = signRequest(SECRET, request, { identity, deadline: T + 10_000, pins: { 'sales.orders@2': '20261121T060132123Z-9f2c4a' } }, T);
    const cache = new ReplayCache();
    const first = verifyRequest(SECRET, { ...request, headers }, cache, T + 5);
    expect(first).toEqual({ ok: true, identity, deadline: T + 10_000, pins: { 'sales.orders@2': '20261121T060132123Z-9f2c4a' } });
    expect(verifyRequest(SECRET, { ...request, headers }, cache, T + 6)).toEqual({ ok: false, reason: 'replayed' });
    const fresh = (): ReplayCache => new ReplayCache();
    expect(verifyRequest(SECRET, { ...request, body: '{"query":"{ b }"}', headers }, fresh(), T)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyRequest(SECRET, { ...request, path: '/export', headers }, fresh(), T)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyRequest(SECRET, { ...request, method: 'GET', headers }, fresh(), T)).toEqual({ ok: false, reason: 'bad-signature' });
    for (const name of ['x-tessera-deadline', 'x-tessera-identity', 'x-tessera-pins', 'x-tessera-nonce', 'x-tessera-timestamp']) {
      const tampered = { ...headers, [name]: `${headers[name]}0` };
      expect([name, verifyRequest(SECRET, { ...request, headers: tampered }, fresh(), T)]).toEqual([name, { ok: false, reason: 'bad-signature' }]);
    }
    expect(verifyRequest('other-secret', { ...request, headers }, fresh(), T)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyRequest(SECRET, { ...request, headers: {} }, fresh(), T)).toEqual({ ok: false, reason: 'missing' });
  });

  it('expire at the deadline, and at most a minute after signing, with a small clock skew allowed', () => {
    const soon = signRequest(SECRET, request, { identity, deadline: T + 2_000 }, T);
    expect(verifyRequest(SECRET, { ...request, headers: soon }, new ReplayCache(), T + 2_000 + MAX_CLOCK_SKEW_MS).ok).toBe(true);
    expect(verifyRequest(SECRET, { ...request, headers: soon }, new ReplayCache(), T + 2_001 + MAX_CLOCK_SKEW_MS)).toEqual({ ok: false, reason: 'expired' });
    const far = signRequest(SECRET, request, { identity, deadline: T + 3_600_000 }, T);
    expect(verifyRequest(SECRET, { ...request, headers: far }, new ReplayCache(), T + MAX_SIGNATURE_WINDOW_MS).ok).toBe(true);
    expect(verifyRequest(SECRET, { ...request, headers: far }, new ReplayCache(), T + MAX_SIGNATURE_WINDOW_MS + MAX_CLOCK_SKEW_MS + 1))
      .toEqual({ ok: false, reason: 'expired' });
    expect(verifyRequest(SECRET, { ...request, headers: far }, new ReplayCache(), T - MAX_CLOCK_SKEW_MS - 1)).toEqual({ ok: false, reason: 'expired' });
  });

  it('keep refusing replays when the cache is full, by refusing signatures older than what it forgot', () => {
    const cache = new ReplayCache(3);
    const signed = Array.from({ length: 5 }, (_, i) => signRequest(SECRET, request, { identity, deadline: T + 30_000 }, T + i));
    for (let i = 0; i < 5; i++) expect(verifyRequest(SECRET, { ...request, headers: signed[i]! }, cache, T + 10).ok).toBe(true);
    expect(cache.size).toBe(3);
    for (let i = 0; i < 5; i++) expect(verifyRequest(SECRET, { ...request, headers: signed[i]! }, cache, T + 10).ok).toBe(false);
    // Expired entries make room without refusing anything new.
    const later = signRequest(SECRET, request, { identity, deadline: T + 200_000 }, T + 100_000);
    expect(verifyRequest(SECRET, { ...request, headers: later }, cache, T + 100_001).ok).toBe(true);
    expect(cache.size).toBe(1);
  });
});
