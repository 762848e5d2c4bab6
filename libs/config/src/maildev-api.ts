/**
 * The stack's mail catcher (MailDev, scripts/stack/maildev.sh) as the demo,
 * the simulator's audit and the specs read it: through its REST API.
 */

/** A mail as MailDev's API lists it, reduced to what specs and audits look at. */
export interface CaughtMail {
  subject: string;
  to: Array<{ address: string }>;
  headers: Record<string, string>;
  text: string;
}

/**
 * MailDev's REST API at a web URL (the stack's own, DEFAULT_MAILDEV_URL, or
 * a spec's MailCatcher).
 */
export class MailDevApi {
  readonly url: string;

  constructor(url: string) {
    // A URL read with env-var's asUrlString ends in a slash; the API paths are appended to the origin.
    this.url = url.replace(/\/+$/, '');
  }

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
