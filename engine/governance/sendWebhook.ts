import { Webhook } from 'standardwebhooks';
import type { GovernanceEvent } from './governanceEvent';
import { webhookBody } from './governanceEvent';
import type { AttemptOutcome } from './outbox';

/**
 * POSTs one event to a webhook as Standard Webhooks: headers `webhook-id` (the event id, the same on every attempt),
 * `webhook-timestamp` (seconds, this attempt's time) and `webhook-signature` (`v1,<base64 HMAC-SHA256 of
 * "<id>.<timestamp>.<body>">` with the channel's `whsec_` secret), body `{ type, timestamp, data }`. A 2xx answer is
 * an acknowledgement; anything else, a network error or no answer within `timeoutMs` is a failed attempt. Never
 * throws: the outcome says what happened, without the receiver's body.
 */
export async function sendWebhook(event: GovernanceEvent, url: string, secret: string, timeoutMs: number, now = new Date()): Promise<AttemptOutcome> {
  const body = webhookBody(event);
  const started = Date.now();
  const at = now.toISOString();
  let signature: string;
  try {
    signature = new Webhook(secret).sign(event.id, now, body);
  } catch {
    return { ok: false, at, error: 'the channel has no valid signing secret', durationMs: 0 };
  }
  try {
    const res = await fetch(url, {
      method: 'POST', redirect: 'manual', signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'content-type': 'application/json', 'user-agent': 'tessera-monitor',
        'webhook-id': event.id, 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': signature,
      },
      body,
    });
    // The body is not needed; reading it releases the connection.
    await res.arrayBuffer().catch(() => undefined);
    const durationMs = Date.now() - started;
    return res.ok ? { ok: true, at, status: res.status, durationMs } : { ok: false, at, status: res.status, error: `answered ${res.status}`, durationMs };
  } catch (err) {
    const durationMs = Date.now() - started;
    const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    return { ok: false, at, error: timedOut ? `no answer within ${timeoutMs} ms` : 'could not connect', durationMs };
  }
}
