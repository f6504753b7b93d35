import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { SECTION_STYLES } from '../admin/admin-styles';
import { problemText } from '../admin/integrations/problem-text';
import { I18n } from '../i18n/i18n.service';
import {
  ComplianceApi,
  type Checkpoint,
  type PublicKey,
  type VerifyResult,
} from './compliance-api';

/**
 * Verification: recompute the whole chain and every signed checkpoint on the server and say
 * whether it holds — or which record is the first that does not; the latest checkpoint; and
 * the public key (with its keyId) that checks checkpoints and export manifests offline.
 */
@Component({
  selector: 'td-compliance-verify',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: [
    SECTION_STYLES,
    `
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.3rem 1rem;
        margin: 0;
      }
      dt {
        font-size: 0.85rem;
        color: #374151;
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      pre {
        background: #f3f4f6;
        padding: 0.5rem;
        border-radius: 6px;
        overflow: auto;
      }
      .verdict {
        font-weight: 600;
      }
    `,
  ],
  template: `
    <h2>{{ i18n.t('compliance.section.verify') }}</h2>
    <section class="panel" aria-labelledby="verify-chain">
      <h3 id="verify-chain">{{ i18n.t('compliance.verify.heading') }}</h3>
      <p class="hint">{{ i18n.t('compliance.verify.lead') }}</p>
      <button
        type="button"
        class="primary"
        data-testid="verify-run"
        [disabled]="running()"
        (click)="verify()"
      >
        {{ i18n.t(running() ? 'compliance.verify.running' : 'compliance.verify.run') }}
      </button>
      @if (result(); as r) {
        <div data-testid="verify-result" [attr.data-ok]="r.ok" role="status">
          @if (r.ok) {
            <p class="verdict ok">{{ i18n.t('compliance.verify.ok', { count: r.checked }) }}</p>
          } @else {
            <p class="verdict error" data-testid="verify-first-bad">
              {{
                i18n.t('compliance.verify.bad', {
                  seq: r.firstBad?.seq ?? '?',
                  reason: faultText(r),
                })
              }}
            </p>
          }
          <p class="muted">
            {{
              i18n.t('compliance.verify.counts', {
                checked: r.checked,
                checkpoints: r.checkpointsChecked,
                last: r.lastSeq,
              })
            }}
          </p>
        </div>
      }
    </section>
    <section class="panel" aria-labelledby="verify-checkpoint">
      <h3 id="verify-checkpoint">{{ i18n.t('compliance.verify.checkpoint') }}</h3>
      @if (checkpoint(); as c) {
        <dl data-testid="verify-checkpoint">
          <dt>{{ i18n.t('compliance.col.seq') }}</dt>
          <dd>{{ c.seq }}</dd>
          <dt>{{ i18n.t('compliance.verify.rootHash') }}</dt>
          <dd>
            <code>{{ c.rootHash }}</code>
          </dd>
          <dt>{{ i18n.t('compliance.verify.signedAt') }}</dt>
          <dd>{{ when(c.createdAt) }}</dd>
          <dt>keyId</dt>
          <dd>
            <code>{{ c.keyId }}</code>
          </dd>
        </dl>
      } @else if (loaded()) {
        <p class="muted">{{ i18n.t('compliance.verify.noCheckpoint') }}</p>
      }
    </section>
    <section class="panel" aria-labelledby="verify-key">
      <h3 id="verify-key">{{ i18n.t('compliance.verify.key') }}</h3>
      @if (key(); as k) {
        <dl>
          <dt>keyId</dt>
          <dd>
            <code data-testid="verify-key-id">{{ k.keyId }}</code>
          </dd>
          <dt>{{ i18n.t('compliance.verify.algorithm') }}</dt>
          <dd>{{ k.algorithm }}</dd>
        </dl>
        <pre data-testid="verify-key-pem">{{ k.publicKeyPem }}</pre>
        <p class="hint">{{ i18n.t('compliance.verify.keyHint') }}</p>
      }
    </section>
    @if (error(); as reason) {
      <p class="error" role="alert">{{ reason }}</p>
    }
  `,
})
export class VerifySection {
  protected readonly i18n = inject(I18n);
  private readonly api = inject(ComplianceApi);

  protected readonly result = signal<VerifyResult | null>(null);
  protected readonly running = signal(false);
  protected readonly checkpoint = signal<Checkpoint | null>(null);
  protected readonly key = signal<PublicKey | null>(null);
  protected readonly loaded = signal(false);
  protected readonly error = signal<string | null>(null);

  constructor() {
    void this.load();
  }

  protected readonly faultText = (r: VerifyResult) =>
    [r.firstBad?.reason, r.firstBad?.detail].filter(Boolean).join(' — ');

  protected when(iso: string): string {
    return new Date(iso).toLocaleString(this.i18n.language());
  }

  protected async verify(): Promise<void> {
    this.running.set(true);
    try {
      this.result.set(await this.api.verify());
      this.error.set(null);
      // Verifying may have been what made a checkpoint come due; show the newest.
      await this.loadCheckpoint();
    } catch (error) {
      this.error.set(problemText(error));
    } finally {
      this.running.set(false);
    }
  }

  private async load(): Promise<void> {
    try {
      const [key] = await Promise.all([this.api.publicKey(), this.loadCheckpoint()]);
      this.key.set(key);
    } catch (error) {
      this.error.set(problemText(error));
    } finally {
      this.loaded.set(true);
    }
  }

  private async loadCheckpoint(): Promise<void> {
    this.checkpoint.set(await this.api.latestCheckpoint());
  }
}
