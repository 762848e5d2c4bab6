import { Client, errors } from '@opensearch-project/opensearch';
import type { LogDocument } from './log-document';
import { logDocumentId } from './log-document';
import { expiredLogIndices, logIndexName, logIndexPattern } from './log-index';
import { logSearchBody, orderJourneyBody, type LogFilter } from './log-query';
import { BulkIncompleteError, LogStoreUnavailableError } from './log-store-errors';
import { logIndexTemplate } from './log-template';

export interface LogStoreOptions {
  /** OPENSEARCH_URL. */
  url: string;
  /** LOG_INDEX_PREFIX: the daily indices are `<prefix>-YYYY.MM.DD`. */
  indexPrefix: string;
  /** Per request; a store that does not answer in time counts as unavailable. */
  requestTimeoutMs?: number;
}

/** What one bulk write did with each document, by its position in the list written. */
export interface BulkResult {
  /** New documents. */
  created: number[];
  /** Already there under the same id: a redelivered line. */
  duplicates: number[];
  /** Documents the store refuses for good (mapping errors and the like), with its reason. */
  refused: Array<{ position: number; reason: string }>;
}

/**
 * Surge's log store in OpenSearch: daily indices under one prefix, created
 * from one index template; bulk writes keyed by the line's Kafka position;
 * the searches `npm run logs` and `npm run trace` run; the retention's
 * deletions. The only place that talks to OpenSearch.
 */
export class LogStore {
  readonly indexPrefix: string;
  private readonly client: Client;
  private template: Promise<void> | null = null;

  constructor(options: LogStoreOptions) {
    this.indexPrefix = options.indexPrefix;
    // No retries of its own: the caller decides (the sink backs off and holds the partition).
    this.client = new Client({ node: options.url, maxRetries: 0, requestTimeout: options.requestTimeoutMs ?? 10_000 });
  }

  /** Puts the index template once per store; a failed attempt is tried again on the next call. */
  ensureTemplate(): Promise<void> {
    this.template ??= unavailableOnFailure(async () => {
      await this.client.indices.putIndexTemplate({
        name: this.indexPrefix,
        body: logIndexTemplate(this.indexPrefix),
      });
    }).catch((error: unknown) => {
      this.template = null;
      throw error;
    });
    return this.template;
  }

  /**
   * Writes each document into the daily index of its time, with `create`
   * under its position's id: a line written before is reported a duplicate,
   * never written twice. Large batches go in several requests of at most
   * BULK_REQUEST_BYTES. Throws LogStoreUnavailableError when a request, or
   * any document in it, failed for a reason that can pass (the caller writes
   * the whole list again; what was created is then a duplicate), as
   * BulkIncompleteError with what was written when some of it was.
   */
  async bulkCreate(documents: LogDocument[]): Promise<BulkResult> {
    const result: BulkResult = { created: [], duplicates: [], refused: [] };
    if (documents.length === 0) return result;
    await this.ensureTemplate();
    try {
      for (const { first, lines } of bulkRequests(this.indexPrefix, documents)) {
        await this.bulkRequest(first, lines, result);
      }
    } catch (error) {
      // What the store did take is reported too: its new lines are new now, never again.
      if (error instanceof LogStoreUnavailableError && result.created.length + result.duplicates.length > 0) {
        throw new BulkIncompleteError(error.message, result, { cause: error });
      }
      throw error;
    }
    return result;
  }

  /** One _bulk request of the documents from position `first` on; adds what it did to `result`. */
  private async bulkRequest(first: number, lines: object[], result: BulkResult): Promise<void> {
    let items;
    try {
      items = (await unavailableOnFailure(() => this.client.bulk({ body: lines }))).body.items;
    } catch (error) {
      // A single line larger than the store takes (http.max_content_length) would fail for ever.
      if (error instanceof errors.ResponseError && error.statusCode === 413 && lines.length === 2) {
        result.refused.push({ position: first, reason: "413 request too large: the line exceeds the store's limit" });
        return;
      }
      throw error;
    }
    const transient: string[] = [];
    items.forEach((item, i) => {
      const position = first + i;
      const outcome = item.create;
      if (!outcome) throw new Error(`bulk answered without a create result at position ${position}`);
      if (outcome.status === 201) result.created.push(position);
      else if (outcome.status === 409) result.duplicates.push(position);
      else if (outcome.status === 429 || outcome.status >= 500) {
        transient.push(`${outcome.status} ${outcome.error?.type ?? ''}: ${outcome.error?.reason ?? ''}`);
      } else {
        const reason = `${outcome.status} ${outcome.error?.type ?? 'refused'}: ${outcome.error?.reason ?? ''}`;
        result.refused.push({ position, reason });
      }
    });
    if (transient.length > 0) {
      throw new LogStoreUnavailableError(`${transient.length} of ${items.length} lines not written: ${transient[0]}`);
    }
  }

  /** Lines that match the filter, newest first. */
  async search(filter: LogFilter): Promise<LogDocument[]> {
    return this.hits(logSearchBody(filter));
  }

  /** The order's step lines and its warnings and errors, oldest first. */
  async orderJourney(orderId: string): Promise<LogDocument[]> {
    return this.hits(orderJourneyBody(orderId));
  }

  /** How many lines the store holds under the prefix (what was written is counted once refreshed). */
  async count(): Promise<number> {
    const response = await unavailableOnFailure(() =>
      this.client.count({ index: logIndexPattern(this.indexPrefix), allow_no_indices: true, ignore_unavailable: true }),
    );
    return response.body.count;
  }

  /** The store's indices (daily ones and anything else under the prefix), by name. */
  async indices(): Promise<string[]> {
    const response = await unavailableOnFailure(() =>
      this.client.indices.get({ index: logIndexPattern(this.indexPrefix), allow_no_indices: true }),
    );
    return Object.keys(response.body).sort();
  }

  /** Deletes the daily indices every line of which is older than the retention; returns their names. */
  async deleteExpired(now: Date, retentionDays: number): Promise<string[]> {
    const expired = expiredLogIndices(this.indexPrefix, await this.indices(), now, retentionDays);
    if (expired.length > 0) await this.deleteIndices(expired);
    return expired;
  }

  async deleteIndices(names: string[]): Promise<void> {
    await unavailableOnFailure(() => this.client.indices.delete({ index: names.join(','), ignore_unavailable: true }));
  }

  /** Removes the index template (none is fine). */
  async deleteTemplate(): Promise<void> {
    await unavailableOnFailure(() =>
      this.client.indices.deleteIndexTemplate({ name: this.indexPrefix }, { ignore: [404] }),
    );
    this.template = null;
  }

  /** Makes what was written searchable now rather than within the refresh interval (specs, the trace after a demo). */
  async refresh(): Promise<void> {
    await unavailableOnFailure(() =>
      this.client.indices.refresh({ index: logIndexPattern(this.indexPrefix), allow_no_indices: true }),
    );
  }

  /** True when the store answers. */
  async ping(): Promise<boolean> {
    try {
      await this.client.ping();
      return true;
    } catch {
      return false;
    }
  }

  close(): Promise<void> {
    return this.client.close();
  }

  private async hits(body: object): Promise<LogDocument[]> {
    const response = await unavailableOnFailure(() =>
      this.client.search({
        index: logIndexPattern(this.indexPrefix),
        body,
        ignore_unavailable: true,
        allow_no_indices: true,
      }),
    );
    return response.body.hits.hits.map((hit) => hit._source as LogDocument);
  }
}

/** Far below OpenSearch's default http.max_content_length (100 MB), so a request never nears it. */
const BULK_REQUEST_BYTES = 5 * 1024 * 1024;

/**
 * The _bulk bodies (action line, document line) for the documents, cut so
 * that each stays under BULK_REQUEST_BYTES (a lone larger document is sent on
 * its own), each with the position of its first document.
 */
export function bulkRequests(prefix: string, documents: LogDocument[]): Array<{ first: number; lines: object[] }> {
  const requests: Array<{ first: number; lines: object[] }> = [];
  let bytes = 0;
  documents.forEach((document, position) => {
    const action = {
      create: { _index: logIndexName(prefix, new Date(document.time)), _id: logDocumentId(document.kafka) },
    };
    const size = JSON.stringify(action).length + JSON.stringify(document).length + 2;
    const current = requests.at(-1);
    if (!current || bytes + size > BULK_REQUEST_BYTES) {
      requests.push({ first: position, lines: [action, document] });
      bytes = size;
    } else {
      current.lines.push(action, document);
      bytes += size;
    }
  });
  return requests;
}

/**
 * Network failures, timeouts and 429/5xx answers become
 * LogStoreUnavailableError; any other error (a 4xx: a request the store
 * refuses) passes as it is.
 */
async function unavailableOnFailure<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (
      error instanceof errors.ConnectionError ||
      error instanceof errors.TimeoutError ||
      error instanceof errors.NoLivingConnectionsError ||
      (error instanceof errors.ResponseError && (error.statusCode === 429 || error.statusCode >= 500))
    ) {
      throw new LogStoreUnavailableError(`OpenSearch unavailable: ${error.message}`, { cause: error });
    }
    throw error;
  }
}
