import { ANONYMOUS } from '../../engine/auth/callerIdentity';
import { AS_OF_PIN } from '../../engine/snapshot/snapshotPins';
import { SETTLED_AFTER_MS, answerCacheControl } from '../../gateway/answerCache/answerCacheControl';

describe('the Cache-Control of an answer', () => {
  const now = Date.parse('2026-06-01T12:00:00Z');
  const analyst = { subject: 'analyst', scopes: [] };
  const at = (ms: number) => ({ 'sales.orders@2': 's1', [AS_OF_PIN]: new Date(ms).toISOString() });

  it('is immutable for a year when the request travelled to a settled instant, private with a key', () => {
    expect(answerCacheControl(ANONYMOUS, at(now - SETTLED_AFTER_MS), now)).toBe('public, max-age=31536000, immutable');
    expect(answerCacheControl(analyst, at(now - 86_400_000), now)).toBe('private, max-age=31536000, immutable');
  });

  it('asks to revalidate an answer at the latest snapshots or at an instant a publish may still reach', () => {
    expect(answerCacheControl(analyst, at(now - 14 * 60_000), now)).toBe('private, no-cache');
    expect(answerCacheControl(ANONYMOUS, { 'sales.orders@2': 's1' }, now)).toBe('public, no-cache');
    expect(answerCacheControl(analyst, at(now - SETTLED_AFTER_MS + 1), now)).toBe('private, no-cache');
    expect(answerCacheControl(analyst, at(now + 3_600_000), now)).toBe('private, no-cache');
  });
});
