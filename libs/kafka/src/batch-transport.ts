import { Logger } from '@nestjs/common';
import { BaseRpcContext, Server, type CustomTransportStrategy } from '@nestjs/microservices';
import {
  Partitioners,
  type Batch as FetchedBatch,
  type Consumer,
  type EachBatchPayload,
  type Kafka,
  type Producer,
} from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import {
  backoffDelay,
  DEFAULT_ADAPTIVE_RATE,
  DrainThrottle,
  type BackoffOptions,
  type BatchTiming,
} from '@surge/pacing';
import { withAdmin } from './admin';
import { toInboundMessage, type BatchOutcome, type InboundMessage } from './inbound-message';
import { consumerLag } from './consumer-lag';
import { ExpiryDetector, type ExpiredOrders } from './expiry-detector';
import { DeadLetterSender, type DeadLetterBlock } from './dead-letter-sender';
import { retryRetriable } from './retriable';

/** How often a paused transport checks for resume, heartbeating meanwhile. */
const PAUSE_POLL_MS = 500;
/** Well under the 1 s heartbeat interval and the 10 s session timeout. */
const HEARTBEAT_STEP_MS = 1000;

/** A batch written and committed, with what its handler said about queueing. */
interface Written {
  queuedMs: number;
}

/** What the runner reports, for metrics. */
export interface DrainObserver {
  /** After each attempt to write a batch; size is its message count. */
  onBatch(event: { topic: string; partition: number; size: number; latencyMs: number; ok: boolean }): void;
  /** Messages behind the last committed one in this partition (high watermark - next offset). */
  onLag(event: { topic: string; partition: number; lag: number }): void;
  onDeadLetters(count: number): void;
  /** Orders Kafka deleted before the group read them; they are lost to the drain. */
  onExpired(event: ExpiredOrders): void;
}

/** How an instance runs its drain; ops change both at run time. */
export interface DrainSettings {
  /** Partitions this instance drains at once. */
  partitionsConcurrency: number;
  /** Most orders handed to the handler (one MySQL transaction) at once. */
  batchSize: number;
}

export interface BatchTransportOptions {
  kafka: Kafka;
  groupId: string;
  /**
   * Handler pattern to topic. Handlers declare a stable pattern and the
   * deployment (or a test) chooses the topic name.
   */
  routes: Record<string, string>;
  /**
   * Most messages handed to the handler at once, as one batch (one transaction
   * for fulfillment). Each fetch kafkajs returns is cut into batches of at
   * most this size, smaller under a rate ceiling (see nextBatchSize).
   */
  batchSize: number;
  partitionsConsumedConcurrently: number;
  /** Topic for messages the handler declares unprocessable. */
  deadLetterTopic: string;
  /** Failed dead-letter writes after which a partition is reported blocked (see DeadLetterSender). */
  deadLetterAttempts: number;
  retry: BackoffOptions;
  /** Paces batches to the group's rate ceiling and backs off when the handler is slow. */
  throttle: DrainThrottle;
}

/** A consuming app's settings, named as in every such app's config so it passes its config as it is. */
export interface ConsumerSettings {
  groupId: string;
  batchSize: number;
  partitionsConcurrency: number;
  deadLetterAttempts: number;
  retryInitialMs: number;
  retryMaxMs: number;
}

/**
 * The transport of an app that drains one topic into one handler pattern.
 * Without a throttle nothing paces the group: the handler's own answers do
 * (the notifier's channels, the log store), and a slow one is still backed off.
 */
export function consumerTransport(
  kafka: Kafka,
  settings: ConsumerSettings,
  route: { pattern: string; topic: string; deadLetterTopic: string },
  throttle: DrainThrottle = new DrainThrottle(0, DEFAULT_ADAPTIVE_RATE),
): KafkaBatchTransport {
  return new KafkaBatchTransport({
    kafka,
    groupId: settings.groupId,
    routes: { [route.pattern]: route.topic },
    deadLetterTopic: route.deadLetterTopic,
    deadLetterAttempts: settings.deadLetterAttempts,
    batchSize: settings.batchSize,
    partitionsConsumedConcurrently: settings.partitionsConcurrency,
    retry: { initialMs: settings.retryInitialMs, maxMs: settings.retryMaxMs },
    throttle,
  });
}

/** Handed to the handler next to the messages. */
export class BatchContext extends BaseRpcContext<[topic: string, partition: number]> {
  get topic(): string {
    return this.args[0];
  }
  get partition(): number {
    return this.args[1];
  }
}

/**
 * A Nest transport over kafkajs eachBatch. The stock Kafka transport hands
 * handlers one message at a time and has no batch handler or dead-letter policy
 * (nestjs/nest#9455, #12703, #14664); this one cuts each fetch (what kafkajs's
 * eachBatch hands over for one partition) into batches, calls the
 * @MessagePattern handler routed to the topic with each batch and, only after
 * it resolves, sends its dead letters and commits the batch's offsets. A
 * handler that throws gets the same batch again after a backoff: nothing is
 * skipped and nothing is committed early, so every handler must be safe to run
 * twice.
 */
export class KafkaBatchTransport extends Server implements CustomTransportStrategy {
  protected override readonly logger = new Logger(KafkaBatchTransport.name);
  private consumer: Consumer | null = null;
  private dlqProducer: Producer | null = null;
  private deadLetters: DeadLetterSender | null = null;
  private paused = false;
  private inHand = 0;
  private observer: DrainObserver | null = null;
  private expiry: ExpiryDetector | null = null;
  private settings: DrainSettings;
  private assigned: number[] = [];
  /** Messages behind each held partition's last written batch, by topic and partition. */
  private readonly lag = new Map<string, number>();
  private reconfiguring: Promise<void> = Promise.resolve();

  constructor(private readonly options: BatchTransportOptions) {
    super();
    this.settings = { partitionsConcurrency: options.partitionsConsumedConcurrently, batchSize: options.batchSize };
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      await this.start();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    await this.reconfiguring.catch(() => undefined);
    // disconnect() waits for the batch in hand, so its commit still happens.
    await this.consumer?.disconnect();
    await this.dlqProducer?.disconnect();
    await this.expiry?.settled();
    this.consumer = null;
    this.dlqProducer = null;
  }

  /** Set by the metrics, which read the transport's state and so are created after it. */
  observe(observer: DrainObserver): void {
    this.observer = observer;
  }

  /** Partitions held because their dead letters cannot be written. */
  deadLetterBlocks(): DeadLetterBlock[] {
    return this.deadLetters?.blocks() ?? [];
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /**
   * Batches past the pause check and not yet committed (or given up). Once
   * paused with none in hand, none starts until resume(): what is stored and
   * committed holds still, which is what "paused" promises to whoever counts.
   */
  get batchesInHand(): number {
    return this.inHand;
  }

  /** The settings the run loop works with now. */
  get runSettings(): DrainSettings {
    return { ...this.settings };
  }

  /**
   * Messages waiting behind the last written batch of each partition this
   * instance holds (as of that batch's fetch), summed; 0 before the first.
   */
  get backlog(): number {
    return [...this.lag.values()].reduce((sum, lag) => sum + lag, 0);
  }

  /** Partitions of the routed topics this instance holds since the last rebalance. */
  get assignedPartitions(): number[] {
    return [...this.assigned];
  }

  /**
   * Applies new settings. A batch size applies from the next batch. Another
   * concurrency needs a new run loop (kafkajs reads it once, in run()): stop()
   * lets the batch in hand commit and leaves the rest of the fetch uncommitted,
   * then run() rejoins the group and fetches from the committed offsets, so
   * nothing is lost or done twice. Calls queue; the last one wins.
   */
  reconfigure(next: DrainSettings): Promise<void> {
    this.reconfiguring = this.reconfiguring.then(async () => {
      const restart = next.partitionsConcurrency !== this.settings.partitionsConcurrency;
      this.settings = { ...next };
      if (!restart || !this.consumer) return;
      this.logger.log(`restarting the run loop with ${next.partitionsConcurrency} partitions at once`);
      await this.consumer.stop();
      this.assigned = [];
      await this.run();
    });
    return this.reconfiguring;
  }

  /**
   * Holds draining: the batch being written finishes and commits, the next one
   * waits (heartbeating) until resume(), and fetching stops because kafkajs
   * fetches a partition again only after its fetch is handled. kafkajs's own
   * pause() is not used: a partition paused before its first commit is never
   * resumed (kafkajs#1599), which is exactly the "pause before the sale" case.
   */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  on(): never {
    throw new Error('KafkaBatchTransport does not emit events');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  private async start(): Promise<void> {
    const { kafka, groupId } = this.options;
    const topics = Object.entries(this.options.routes).map(([pattern, topic]) => {
      if (!this.getHandlerByPattern(pattern)) throw new Error(`no @MessagePattern('${pattern}') handler for ${topic}`);
      return topic;
    });
    const totalPartitions = await partitionsWithLeaders(kafka, topics);
    this.dlqProducer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await this.dlqProducer.connect();
    this.deadLetters = new DeadLetterSender(
      this.dlqProducer,
      {
        topic: this.options.deadLetterTopic,
        retry: this.options.retry,
        attemptsBeforeBlocked: this.options.deadLetterAttempts,
      },
      this.logger,
    );
    // A crashed member's partitions wait a whole session timeout for a new
    // owner: 10 s instead of kafkajs's 30 s (the consumer-crash drill saw the
    // group stall for the full 30 s).
    this.consumer = kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: 10_000,
      heartbeatInterval: 1000,
    });
    // Where the group stands, read before kafkajs can reset a deleted position to the log start.
    const expiry = new ExpiryDetector(topics, (topic) => consumerLag(kafka, groupId, topic));
    await retryRetriable(() => expiry.refresh());
    this.expiry = expiry;
    // The share of the group's ceiling follows the assignment, re-computed on every rebalance.
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => {
      this.assigned = topics.flatMap((topic) => payload.memberAssignment[topic] ?? []).sort((a, b) => a - b);
      this.lag.clear();
      this.options.throttle.setAssignment(this.assigned.length, totalPartitions);
      this.logger.log(`assigned ${this.assigned.length} of ${totalPartitions} partitions`);
      expiry.refresh().catch((error) => this.logger.warn(`reading the group's offsets failed: ${describe(error)}`));
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.run();
    this.logger.log(`consuming ${topics.join(', ')} as group ${groupId}`);
  }

  private async run(): Promise<void> {
    await this.consumer?.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.settings.partitionsConcurrency,
      eachBatch: (payload) => this.consumeFetch(payload),
    });
  }

  private async consumeFetch(payload: EachBatchPayload): Promise<void> {
    const { batch: fetched } = payload;
    await this.checkExpiry(fetched);
    const messages = fetched.messages.map((m) => toInboundMessage(fetched.topic, fetched.partition, m));
    for (let i = 0; i < messages.length;) {
      const batch = messages.slice(i, i + this.nextBatchSize());
      i += batch.length;
      const done = await this.processBatch(batch, payload);
      if (!done) return; // shutting down or partition revoked: leave the rest of the fetch uncommitted
    }
  }

  /**
   * Waits out a pause and the rate limiter, then writes the batch until it
   * succeeds. Returns false when it stopped without writing (shutdown or
   * rebalance): nothing of the batch is committed then.
   */
  private async processBatch(batch: InboundMessage[], payload: EachBatchPayload): Promise<boolean> {
    if (!(await this.waitWhilePaused(payload))) return false;
    this.inHand++;
    try {
      await this.options.throttle.acquire(batch.length);
      for (let attempt = 0; ; attempt++) {
        if (!isCurrent(payload)) return false;
        const started = performance.now();
        let written: Written | null;
        try {
          written = await this.writeBatch(batch, payload);
        } catch (error) {
          this.recordBatch(payload.batch, batch, started, { ok: false, error: describe(error) });
          if (!(await this.backOff(attempt, batch, payload, error))) return false;
          continue;
        }
        if (!written) return false;
        this.recordBatch(payload.batch, batch, started, { ok: true, queuedMs: written.queuedMs });
        this.reportLag(payload.batch, batch);
        return await heartbeatOrGiveUp(payload);
      }
    } finally {
      this.inHand--;
    }
  }

  /**
   * The order that loses nothing: the handler's transaction, then its dead
   * letters (acknowledged by the broker), and only then the offsets. A crash
   * between any two steps re-delivers the batch, which the handler tolerates.
   * Dead letters that cannot be written hold the batch without running the
   * handler again (DeadLetterSender); null when it was given up meanwhile.
   */
  private async writeBatch(batch: InboundMessage[], payload: EachBatchPayload): Promise<Written | null> {
    const { batch: fetched, resolveOffset, commitOffsetsIfNecessary } = payload;
    const { topic, partition } = fetched;
    const { deadLetters, queuedMs = 0 } = await this.keptAlive(payload, () => this.handle(topic, partition, batch));
    if (
      !(await this.deadLetters?.send(deadLetters, { topic, partition }, (ms) => this.waitWithHeartbeat(ms, payload)))
    ) {
      return null;
    }
    if (deadLetters.length > 0) this.observer?.onDeadLetters(deadLetters.length);
    const last = batch[batch.length - 1].offset;
    resolveOffset(last);
    // Through the payload, not consumer.commitOffsets(): once disconnect() has
    // begun, kafkajs's runner drops that call without a word (it returns when
    // not running), so the batch in hand at shutdown was stored but never
    // committed. The payload's commit goes straight to the group, which holds
    // the partition until this fetch returns (kafkajs#507).
    const next = BigInt(last) + 1n;
    await commitOffsetsIfNecessary({ topics: [{ topic, partitions: [{ partition, offset: next.toString() }] }] });
    this.expiry?.committed(topic, partition, next);
    return { queuedMs };
  }

  /**
   * Heartbeats while the handler runs, so a handler that takes longer than the
   * session timeout (the notifier waiting for an SMS provider's rate, or a
   * slow mail server) keeps its partitions instead of being evicted and
   * having its batch handled twice. A failed heartbeat (a rebalance) is only
   * noted: the commit that follows fails and the batch's next owner reads it
   * again, which handlers tolerate.
   */
  private async keptAlive<T>(payload: EachBatchPayload, work: () => Promise<T>): Promise<T> {
    const timer = setInterval(() => void heartbeatOrGiveUp(payload), HEARTBEAT_STEP_MS);
    try {
      return await work();
    } finally {
      clearInterval(timer);
    }
  }

  /** Never silently: orders retention deleted under the group's position are logged and counted. */
  private async checkExpiry(fetched: FetchedBatch): Promise<void> {
    const first = fetched.firstOffset();
    if (first === null || !this.expiry) return;
    const expired = await this.expiry.check(fetched.topic, fetched.partition, BigInt(first)).catch((error) => {
      this.logger.warn(
        `${fetched.topic}[${fetched.partition}]: could not check for expired orders: ${describe(error)}`,
      );
      return null;
    });
    if (!expired) return;
    this.logger.error(
      `${expired.topic}[${expired.partition}]: ${expired.count} orders (offsets ${expired.fromOffset}..` +
        `${BigInt(expired.toOffset) - 1n}) were deleted by Kafka's retention before the group read them; ` +
        `draining goes on from offset ${expired.toOffset}. They are lost to Surge: recover them from the storefront.`,
    );
    this.observer?.onExpired(expired);
  }

  /** Feeds the adaptive rate and the metrics with one attempt's latency and outcome. */
  private recordBatch(
    fetched: FetchedBatch,
    batch: InboundMessage[],
    started: number,
    outcome: Pick<BatchTiming, 'ok' | 'queuedMs' | 'error'>,
  ): void {
    const latencyMs = performance.now() - started;
    const { ok } = outcome;
    this.options.throttle.record({ ...outcome, latencyMs, startedAt: started, orders: ok ? batch.length : 0 });
    this.observer?.onBatch({ topic: fetched.topic, partition: fetched.partition, size: batch.length, latencyMs, ok });
  }

  private reportLag(fetched: FetchedBatch, batch: InboundMessage[]): void {
    const last = BigInt(batch[batch.length - 1].offset);
    const lag = Math.max(0, Number(BigInt(fetched.highWatermark) - last - 1n));
    this.lag.set(`${fetched.topic}:${fetched.partition}`, lag);
    this.observer?.onLag({ topic: fetched.topic, partition: fetched.partition, lag });
  }

  /** Logs the failure and waits before the next attempt; false when the batch should be given up. */
  private async backOff(
    attempt: number,
    batch: InboundMessage[],
    payload: EachBatchPayload,
    error: unknown,
  ): Promise<boolean> {
    const { batch: fetched } = payload;
    const delay = backoffDelay(attempt, this.options.retry);
    this.logger.warn(
      `${fetched.topic}[${fetched.partition}] offsets ${batch[0].offset}..${batch[batch.length - 1].offset} ` +
        `failed (attempt ${attempt + 1}), retrying in ${delay} ms: ${describe(error)}`,
    );
    return this.waitWithHeartbeat(delay, payload);
  }

  /** False when the batch should be given up while waiting for resume (shutdown or rebalance). */
  private async waitWhilePaused(payload: EachBatchPayload): Promise<boolean> {
    while (this.paused) {
      if (!(await this.waitWithHeartbeat(PAUSE_POLL_MS, payload))) return false;
    }
    return true;
  }

  private async handle(topic: string, partition: number, batch: InboundMessage[]): Promise<BatchOutcome> {
    const pattern = Object.keys(this.options.routes).find((p) => this.options.routes[p] === topic);
    const handler = pattern === undefined ? null : this.getHandlerByPattern(pattern);
    if (!handler) throw new Error(`no handler routed to topic ${topic}`);
    const result = await handler(batch, new BatchContext([topic, partition]));
    const outcome = await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
    return (outcome as BatchOutcome | undefined) ?? { deadLetters: [] };
  }

  /**
   * Under a ceiling, batches of a tenth of a second's worth of the effective
   * rate: rows then reach MySQL in a smooth stream rather than in one lump a
   * second, and the wait for the limiter stays far below the session timeout.
   */
  private nextBatchSize(): number {
    const { groupCeiling, effectiveRate } = this.options.throttle.snapshot();
    if (groupCeiling <= 0) return this.settings.batchSize;
    return Math.max(1, Math.min(this.settings.batchSize, Math.floor(effectiveRate / 10)));
  }

  /**
   * Sleeps in heartbeat-sized steps so the group does not evict a member that
   * is only waiting. Returns false when the batch should be given up instead:
   * shutdown, or a rebalance (the heartbeat fails), which kafkajs can only
   * join once this fetch is handled; the batch is re-read by its next owner.
   * The steps are counted, not read off Date.now(): a timer may fire a
   * millisecond before the wall clock says its time is up, and the extra step
   * that followed made one heartbeat too many now and then.
   */
  private async waitWithHeartbeat(ms: number, payload: EachBatchPayload): Promise<boolean> {
    for (let left = ms; left > 0; left -= HEARTBEAT_STEP_MS) {
      if (!isCurrent(payload)) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.min(HEARTBEAT_STEP_MS, left)));
      if (!(await heartbeatOrGiveUp(payload))) return false;
    }
    return isCurrent(payload);
  }
}

/** Still this member's to process: not shutting down, partition not revoked. */
function isCurrent({ isRunning, isStale }: EachBatchPayload): boolean {
  return isRunning() && !isStale();
}

/** A failing heartbeat means the group is rebalancing: kafkajs can only rejoin once this fetch is handled. */
async function heartbeatOrGiveUp({ heartbeat }: EachBatchPayload): Promise<boolean> {
  try {
    await heartbeat();
    return true;
  } catch {
    return false;
  }
}

/**
 * Waits until every partition of the topics has a leader and returns their
 * count. A consumer that joins while a just-created topic's partitions have no
 * leader yet is assigned partitions it never fetches until kafkajs refreshes
 * its metadata, minutes later.
 */
async function partitionsWithLeaders(kafka: Kafka, topics: string[], timeoutMs = 30_000): Promise<number> {
  return withAdmin(kafka, async (admin) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      const partitions = metadata.flatMap((t) => t.partitions);
      if (partitions.every((p) => p.leader >= 0)) return partitions.length;
      if (Date.now() > deadline) throw new Error(`partitions of ${topics.join(', ')} have no leader`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });
}

/**
 * The error's message, with its code when the message does not name it (a
 * MySQL deadlock says "Deadlock found..." and carries ER_LOCK_DEADLOCK in
 * `code`). A handler without BatchHandlerErrorsFilter gives Nest's plain
 * `{ status, message }` object instead of the error; show either.
 */
function describe(error: unknown): string {
  if (typeof error !== 'object' || error === null || !('message' in error)) return String(error);
  const message = String(error.message);
  const code = 'code' in error && typeof error.code === 'string' ? error.code : '';
  return code && !message.includes(code) ? `${message} (${code})` : message;
}
