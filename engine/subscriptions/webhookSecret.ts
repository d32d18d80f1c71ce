import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** A signing secret as the store holds it: AES-256-GCM ciphertext, its nonce and tag, base64. */
export interface SealedSecret {
  alg: 'A256GCM';
  iv: string;
  tag: string;
  data: string;
}

/** A new Standard Webhooks signing secret: `whsec_` and 32 random bytes in base64. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/**
 * The key subscription secrets are sealed with, derived (HKDF-SHA256) from the gateway secret every hub process
 * already holds, so no second secret needs distributing; rotating the gateway secret makes the stored secrets
 * unreadable (their deliveries fail until the subscriptions are created again).
 */
export function sealingKey(gatewaySecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', gatewaySecret, 'tessera', 'webhook subscription secrets', 32));
}

/**
 * Seals a secret for the store; `context` (the subscription id) is authenticated with it, so a sealed secret copied
 * into another subscription's record does not open.
 */
export function sealSecret(secret: string, key: Buffer, context: string): SealedSecret {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return { alg: 'A256GCM', iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
}

/**
 * Opens a sealed secret.
 * @throws Error when the key or the context is not the one it was sealed with, or the record was altered.
 */
export function openSecret(sealed: SealedSecret, key: Buffer, context: string): string {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
}
