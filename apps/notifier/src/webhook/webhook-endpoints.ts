import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';

/** A webhook endpoint's state as ops see it. */
export interface WebhookEndpointState {
  url: string;
  /** When it answered 410 Gone; null = enabled. */
  disabledAt: string | null;
  reason: string | null;
}

/**
 * Webhook endpoints disabled by a 410 Gone, in MySQL: the state outlives a
 * restart and is the same for every notifier instance, until ops enable the
 * endpoint again through the admin API.
 */
@Injectable()
export class WebhookEndpoints {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async state(url: string): Promise<WebhookEndpointState> {
    const rows = await this.dataSource.query<{ disabled_at: Date | null; reason: string | null }[]>(
      'SELECT disabled_at, reason FROM webhook_endpoints WHERE url_sha256 = ?',
      [key(url)],
    );
    const disabledAt = rows[0]?.disabled_at;
    return { url, disabledAt: disabledAt ? new Date(disabledAt).toISOString() : null, reason: rows[0]?.reason ?? null };
  }

  async isDisabled(url: string): Promise<boolean> {
    return (await this.state(url)).disabledAt !== null;
  }

  /** Keeps the first disabling's time and reason when several deliveries saw the 410. */
  async disable(url: string, reason: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO webhook_endpoints (url_sha256, url, disabled_at, reason) VALUES (?, ?, CURRENT_TIMESTAMP(3), ?)
       ON DUPLICATE KEY UPDATE reason = IF(disabled_at IS NULL, VALUES(reason), reason),
         disabled_at = COALESCE(disabled_at, VALUES(disabled_at))`,
      [key(url), url, reason.slice(0, 1000)],
    );
  }

  async enable(url: string): Promise<void> {
    await this.dataSource.query('UPDATE webhook_endpoints SET disabled_at = NULL, reason = NULL WHERE url_sha256 = ?', [
      key(url),
    ]);
  }
}

function key(url: string): string {
  return createHash('sha256').update(url).digest('hex');
}
