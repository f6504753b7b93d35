import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TestIssuer } from '@tidings/identity/feature/testing';
import type { ConversationAccess } from '@tidings/messaging/feature';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import { tidingsConfigSchema } from '@tidings/host';
import { createServer } from '@tidings/host';

/**
 * The ConversationAccess port answered from a table the test fills — standing in for
 * messaging's memberships in the host until files-wiring.ts binds the real ones.
 */
export class ConversationGrants implements ConversationAccess {
  private readonly grants = new Map<string, 'read' | 'write'>();

  grant(userId: string, conversationId: string, level: 'read' | 'write'): void {
    this.grants.set(`${userId}/${conversationId}`, level);
  }

  revoke(userId: string, conversationId: string): void {
    this.grants.delete(`${userId}/${conversationId}`);
  }

  async canRead(userId: string, conversationId: string): Promise<boolean> {
    return this.grants.has(`${userId}/${conversationId}`);
  }

  async canWrite(userId: string, conversationId: string): Promise<boolean> {
    return this.grants.get(`${userId}/${conversationId}`) === 'write';
  }
}

export interface TestUser {
  token: string;
  userId: string;
}

/**
 * The whole host listening on loopback (uploads need a real socket to show a refusal arrives
 * while the client still sends), tokens from a loopback OpenID issuer, files in a temporary
 * directory, and conversation access from a ConversationGrants table.
 */
export class FilesTestHost {
  readonly issuer = new TestIssuer();
  readonly access = new ConversationGrants();
  readonly filesDir = mkdtempSync(join(tmpdir(), 'tidings-files-'));
  app!: NestFastifyApplication;
  baseUrl = '';
  private users = 0;

  async start(env: Record<string, string>): Promise<this> {
    await this.issuer.start();
    const config = tidingsConfigSchema.parse({
      LOG_LEVEL: 'silent',
      OIDC_ISSUER: this.issuer.issuer,
      FILES_DIR: this.filesDir,
      ...env,
    });
    this.app = await createServer(config, { conversationAccess: this.access });
    await this.app.listen(0, '127.0.0.1');
    const address = this.app.getHttpServer().address();
    if (typeof address !== 'object' || !address) throw new Error('no address');
    this.baseUrl = `http://127.0.0.1:${address.port}`;
    return this;
  }

  async stop(): Promise<void> {
    await this.app?.close();
    await this.issuer.stop();
    rmSync(this.filesDir, { recursive: true, force: true });
  }

  get dataSource(): DataSource {
    return this.app.get<DataSource>(DATA_SOURCE);
  }

  /** A new person (role `user`), known to identity after one call to /me. */
  async user(role = 'user'): Promise<TestUser> {
    const n = ++this.users;
    const token = await this.issuer.token({
      sub: `files-${n}`,
      username: `files${n}`,
      roles: [role],
    });
    const me = await fetch(`${this.baseUrl}/api/v1/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const { userId } = (await me.json()) as { userId: string };
    return { token, userId };
  }

  /** `conversationId` first, then the file — the order the route requires. */
  async upload(user: TestUser, conversationId: string, name: string, bytes: Uint8Array) {
    const form = new FormData();
    form.append('conversationId', conversationId);
    form.append('file', new Blob([bytes], { type: 'image/png' }), name);
    const response = await fetch(`${this.baseUrl}/api/v1/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${user.token}` },
      body: form,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async get(user: TestUser, path: string) {
    const response = await fetch(`${this.baseUrl}/api/v1${path}`, {
      headers: { authorization: `Bearer ${user.token}` },
    });
    return { response, bytes: Buffer.from(await response.arrayBuffer()) };
  }
}
