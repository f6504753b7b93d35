/**
 * A bot's API token as stored: never the secret, only its SHA-256 (the secret is 256 random
 * bits, so a slow password hash would add nothing) and a short public prefix that lets an
 * operator recognise a token in a list or a leaked log line.
 */
export interface ApiTokenRecord {
  id: string;
  botId: string;
  prefix: string;
  secretHash: string;
  scopes: string[];
  createdBy: string;
  createdAt: number;
  expiresAt: number | null;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export interface ApiTokenRepository {
  insert(token: ApiTokenRecord): Promise<void>;
  findByPrefix(prefix: string): Promise<ApiTokenRecord | undefined>;
  findById(id: string): Promise<ApiTokenRecord | undefined>;
  listForBot(botId: string): Promise<ApiTokenRecord[]>;
  markUsed(id: string, at: number): Promise<void>;
  revoke(id: string, at: number): Promise<void>;
}
