import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for credentials at rest. Keys are named: each ciphertext records the id of the key
 * that sealed it, so a new key can be added in front while the old ones still open what they
 * sealed. The additional data binds a ciphertext to its row (workspace and service), so it
 * cannot be copied onto another.
 */
export class SecretBox {
  readonly #keys: Map<string, Buffer>;
  readonly currentKeyId: string;

  /** `keys`: id → 32-byte key; the first is the one new secrets are sealed with. */
  constructor(keys: [string, Buffer][]) {
    const [first] = keys;
    if (!first) throw new Error('no encryption key');
    for (const [id, key] of keys) if (key.length !== 32) throw new Error(`encryption key "${id}" must be 32 bytes`);
    this.#keys = new Map(keys);
    this.currentKeyId = first[0];
  }

  /**
   * Reads `CONNECTORS_ENCRYPTION_KEY`: `base64`, or `id:base64` entries separated by commas,
   * the current key first.
   */
  static fromSetting(setting: string): SecretBox {
    const entries = setting
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean)
      .map((entry, position): [string, Buffer] => {
        const colon = entry.indexOf(':');
        const [id, value] = colon > 0 ? [entry.slice(0, colon), entry.slice(colon + 1)] : [`k${position + 1}`, entry];
        return [id, Buffer.from(value, 'base64')];
      });
    return new SecretBox(entries);
  }

  static generateKey(): string {
    return randomBytes(32).toString('base64');
  }

  seal(plaintext: string, context: string): { ciphertext: string; keyId: string } {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#keys.get(this.currentKeyId)!, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { ciphertext: Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64'), keyId: this.currentKeyId };
  }

  open(ciphertext: string, keyId: string, context: string): string {
    const key = this.#keys.get(keyId);
    if (!key) throw new Error(`a credential is sealed with key "${keyId}", which CONNECTORS_ENCRYPTION_KEY no longer holds`);
    const raw = Buffer.from(ciphertext, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}
