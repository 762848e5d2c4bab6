import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppProcess, launchApp } from './app-process';
import { freePort } from './free-port';

/** A mail as MailDev's API lists it, reduced to what specs and audits look at. */
export interface CaughtMail {
  subject: string;
  to: Array<{ address: string }>;
  headers: Record<string, string>;
  text: string;
}

/**
 * MailDev's REST API at a web URL (the stack's own on 127.0.0.1:1080, or a
 * MailCatcher's): what the demo, the simulator's audit and the specs read the
 * caught mails through.
 */
export class MailDevApi {
  constructor(readonly url: string) {}

  async mails(): Promise<CaughtMail[]> {
    const answer = await fetch(`${this.url}/api/email`);
    if (!answer.ok) throw new Error(`maildev at ${this.url} answered ${answer.status}`);
    return (await answer.json()) as CaughtMail[];
  }

  /** The mails to each of these addresses, counted (a mail to several counts for each). */
  async countTo(addresses: Iterable<string>): Promise<Map<string, number>> {
    const counts = new Map<string, number>([...addresses].map((a) => [a, 0]));
    for (const mail of await this.mails()) {
      for (const { address } of mail.to) {
        const n = counts.get(address);
        if (n !== undefined) counts.set(address, n + 1);
      }
    }
    return counts;
  }

  async clear(): Promise<void> {
    await fetch(`${this.url}/api/email/all`, { method: 'DELETE' });
  }
}

/**
 * MailDev, the mail catcher `npm run stack:up` runs, on free ports and a
 * directory of its own: a real SMTP server whose mails a spec reads back
 * through its HTTP API.
 */
export class MailCatcher {
  readonly api: MailDevApi;

  private constructor(
    private readonly process: AppProcess,
    readonly smtpPort: number,
    private readonly directory: string,
  ) {
    this.api = new MailDevApi(process.url);
  }

  static async start(): Promise<MailCatcher> {
    const [smtpPort, webPort] = [await freePort(), await freePort()];
    const directory = mkdtempSync(join(tmpdir(), 'surge-maildev-'));
    const process = new AppProcess({
      label: 'maildev',
      script: 'node_modules/maildev/dist/bin/maildev.js',
      port: webPort,
      env: {
        MAILDEV_SMTP_PORT: String(smtpPort),
        MAILDEV_IP: '127.0.0.1',
        MAILDEV_WEB_PORT: String(webPort),
        MAILDEV_WEB_IP: '127.0.0.1',
        MAILDEV_MAIL_DIRECTORY: directory,
      },
    });
    await launchApp(process, '/api/healthz');
    return new MailCatcher(process, smtpPort, directory);
  }

  get smtpUrl(): string {
    return `smtp://127.0.0.1:${this.smtpPort}`;
  }

  mails(): Promise<CaughtMail[]> {
    return this.api.mails();
  }

  clear(): Promise<void> {
    return this.api.clear();
  }

  async stop(): Promise<void> {
    await this.process.stop(5000);
    rmSync(this.directory, { recursive: true, force: true });
  }
}
