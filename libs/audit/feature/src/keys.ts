import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { keyIdOf, SIGNING_ALGORITHM, type AuditSigningKey } from '@tidings/audit/domain';
import type { KeyObject } from 'node:crypto';
import { AUDIT_KEY_MATERIAL, type AuditKeyMaterial } from './ports';

/**
 * The checkpoint (and export manifest) signing key, and the key ring verification uses. The
 * ring comes from configuration only — never from the database, where whoever rewrote records
 * could also add a key of their own.
 */
@Injectable()
export class AuditKeys implements OnModuleInit {
  readonly signing: AuditSigningKey;
  readonly ring: ReadonlyMap<string, KeyObject>;

  constructor(@Inject(AUDIT_KEY_MATERIAL) private readonly material: AuditKeyMaterial) {
    this.signing = material.signing;
    const ring = new Map<string, KeyObject>();
    for (const key of material.previous ?? []) ring.set(keyIdOf(key), key);
    ring.set(material.signing.keyId, material.signing.publicKey);
    this.ring = ring;
  }

  onModuleInit(): void {
    const logger = new Logger('Audit');
    for (const notice of this.material.notices ?? []) logger[notice.level](notice.message);
  }

  /** What `GET /audit/public-key` answers. */
  publicKey(): { keyId: string; algorithm: typeof SIGNING_ALGORITHM; publicKeyPem: string } {
    return {
      keyId: this.signing.keyId,
      algorithm: SIGNING_ALGORITHM,
      publicKeyPem: this.signing.publicPem(),
    };
  }
}
