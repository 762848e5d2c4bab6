import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MailDevApi, type CaughtMail } from '@surge/config';
import { AppProcess, launchApp } from './app-process';
import { freePort } from './free-port';

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
