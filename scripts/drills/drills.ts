import { setTimeout as sleep } from 'node:timers/promises';
import { countMessages, readTopic } from '@surge/kafka-testing';
import { withAdmin } from '@surge/kafka';
import { randomBytes } from 'node:crypto';
import {
  HttpReceiver,
  MailCatcher,
  refusalMessage,
  refuseSku,
  TcpProxy,
  waitFor,
  type AppProcess,
} from '@surge/testing';
import { atLoadSecond, onShared, type Drill, type DrillEnvironment, type Outcome } from './drill';
import { DrillContext, seconds, type DrillResult } from './harness';
import { Cluster, DrillBroker, LocalMysql, portOpen } from './infra';
import { poisonMessages } from './poison-messages';
import { logStoreOutage } from './log-store-outage';
import { refusedOrders } from './refused-orders';

/** Starts a stopped or killed intake again; how long until it is ready, and until it answers 202. */
async function restartIntake(
  ctx: DrillContext,
  intake: AppProcess,
  condition: string,
): Promise<{ ready: number; back: number }> {
  const restartAt = performance.now();
  intake.start();
  const ready = await intake.waitReady();
  await waitFor(`intake to answer 202 again${condition}`, async () => (await ctx.probe(intake)) === 202, {
    timeoutMs: 60_000,
    intervalMs: 100,
  });
  const back = performance.now() - restartAt;
  ctx.log(
    `order-intake restarted${condition}: ready after ${seconds(ready)} s, answering 202 after ${seconds(back)} s`,
  );
  return { ready, back };
}

const consumerCrash: Drill = {
  name: 'consumer-crash',
  proves:
    'kill -9 of one of two fulfillment instances mid-drain, twice with a restart, then for good: the survivor takes its partitions; nothing lost or written twice',
  settings: onShared,
  async run(ctx) {
    const a = await ctx.startApp('fulfillment', 'fulfillment-a');
    const b = await ctx.startApp('fulfillment', 'fulfillment-b');
    const intake = await ctx.startApp('order-intake');
    // Long enough that every kill, each followed by the group's rebalance, happens under load.
    const load = ctx.startLoad(intake, a, 100, 80);
    await load.loadStarted;
    const t0 = performance.now();
    const stalls: number[] = [];
    const crash = async (what: string): Promise<number> => {
      const killedAt = performance.now();
      await b.kill9();
      ctx.log(`kill -9 fulfillment-b ${what}`);
      return killedAt;
    };

    await atLoadSecond(t0, 4);
    for (let i = 1; i <= 2; i++) {
      const since = await ctx.lagSnapshot();
      const killedAt = await crash(`(${i}/3), restart in 2 s`);
      await sleep(2000);
      b.start();
      const resumed = await ctx.drainResumed(since, killedAt);
      stalls.push(resumed);
      ctx.log(`every partition drains again ${seconds(resumed)} s after the kill`);
      await b.waitReady();
      ctx.log(`fulfillment-b ready again (pid ${b.pid})`);
      await sleep(2000);
    }
    const since = await ctx.lagSnapshot();
    const killedAt = await crash('(3/3) for good');
    const takeover = await ctx.drainResumed(since, killedAt);
    stalls.push(takeover);
    ctx.log(`fulfillment-a drains every partition ${seconds(takeover)} s after the kill`);
    ctx.notes.push(
      `group stalled ${stalls.map((ms) => `${seconds(ms)} s`).join(', ')} after the three kills (the dead member holds the rebalance until its session times out)`,
    );
    return {
      load,
      outcome: {
        recoverySeconds: seconds(Math.max(...stalls)),
        recoveryMeaning: 'kill → every partition drains again',
      },
    };
  },
};

const dbRestart: Drill = {
  name: 'db-restart',
  proves:
    'MySQL stopped for 20 s mid-drain: fulfillment pauses, retries, and resumes by itself; intake keeps accepting',
  settings: onShared,
  async prepare(ctx, env) {
    const mysql = LocalMysql.fromUrl(env.mysqlUrl);
    if (!mysql.isLocal) throw new Error(`db-restart stops the local MySQL server; MYSQL_URL points at ${mysql.host}`);
  },
  async run(ctx, env) {
    const mysql = LocalMysql.fromUrl(env.mysqlUrl);
    const fulfillment = await ctx.startApp('fulfillment');
    const intake = await ctx.startApp('order-intake');
    const load = ctx.startLoad(intake, fulfillment, 200, 40);
    await load.loadStarted;
    const t0 = performance.now();
    await atLoadSecond(t0, 5);
    ctx.defer('starting MySQL again', () => mysql.start());
    await mysql.stop();
    ctx.log(`MySQL stopped (${mysql.daemon})`);
    const probes = ctx.probeLoop(intake);
    await sleep(20_000);
    const down = await probes.stop();
    const accepted = down.filter((p) => p.status === 202).length;
    ctx.notes.push(`intake answered 202 to ${accepted} of ${down.length} probes while MySQL was down`);
    if (accepted === 0) ctx.fail('intake accepted nothing while MySQL was down');
    const started = performance.now();
    await mysql.start();
    ctx.log(`MySQL started again (answers after ${seconds(performance.now() - started)} s)`);
    const since = await ctx.lagSnapshot();
    const resumed = await ctx.drainResumed(since, started);
    ctx.log(`every partition drains again ${seconds(resumed)} s after the start`);
    return {
      load,
      outcome: { recoverySeconds: seconds(resumed), recoveryMeaning: 'MySQL start → every partition drains again' },
    };
  },
};

const brokerRestart: Drill = {
  name: 'broker-restart',
  proves:
    'the single broker stopped under intake load: intake answers 503, acknowledges nothing it cannot store, and recovers by itself',
  async settings(env) {
    return { brokers: new DrillBroker(env.drillBrokerPort).brokers, mysqlUrl: env.mysqlUrl, replicationFactor: 1 };
  },
  async prepare(ctx, env) {
    const broker = new DrillBroker(env.drillBrokerPort);
    ctx.defer(`stopping the drill broker on ${env.drillBrokerPort} and removing its data`, () =>
      broker.reset().then(() => undefined),
    );
    await broker.up();
    ctx.log(`drill broker ready on ${broker.brokers[0]}`);
  },
  async run(ctx, env) {
    const broker = new DrillBroker(env.drillBrokerPort);
    const fulfillment = await ctx.startApp('fulfillment');
    const intake = await ctx.startApp('order-intake');
    const load = ctx.startLoad(intake, fulfillment, 200, 40);
    await load.loadStarted;
    const t0 = performance.now();
    await atLoadSecond(t0, 5);
    const probes = ctx.probeLoop(intake);
    await broker.down();
    const stoppedAt = performance.now();
    ctx.log('broker stopped');
    await sleep(8000);
    const restartAt = performance.now();
    const listening = waitFor('the broker port to open', () => portOpen(env.drillBrokerPort), {
      timeoutMs: 90_000,
      intervalMs: 100,
    }).then(() => performance.now());
    await broker.up();
    const openAt = await listening;
    ctx.log(
      `broker back: port open ${seconds(openAt - restartAt)} s after the start, answering admin requests after ${seconds(performance.now() - restartAt)} s`,
    );
    await waitFor('intake to answer 202 again', async () => (await ctx.probe(intake)) === 202, {
      timeoutMs: 60_000,
      intervalMs: 200,
    });
    await sleep(1000);
    const answers = await probes.stop();
    const whileDown = answers.filter((p) => p.at > stoppedAt && p.at < restartAt);
    const count = (list: typeof answers, status: number) => list.filter((p) => p.status === status).length;
    ctx.notes.push(
      `probes sent while the broker was down: ${count(whileDown, 503)}×503, ${count(whileDown, 202)}×202 of ${whileDown.length}`,
    );
    // A probe sent while the broker was down may wait out part of intake's
    // produce deadline and be acknowledged by the broker once it is back: that
    // 202 is true (intake answers 202 only on the broker's acknowledgement). A
    // 202 answered before the broker listened again could not be.
    const tooEarly = answers.filter((p) => p.status === 202 && p.at > stoppedAt && p.answeredAt < openAt);
    if (tooEarly.length > 0) ctx.fail(`intake answered 202 to ${tooEarly.length} orders before the broker was back`);
    if (count(whileDown, 503) === 0) ctx.fail('intake never answered 503 while the broker was down');
    const firstBack = answers.find((p) => p.at > restartAt && p.status === 202);
    if (!firstBack) ctx.fail('no probe accepted after the broker came back');
    const intakeBack = Math.max(0, (firstBack?.at ?? performance.now()) - openAt);
    const since = await ctx.lagSnapshot();
    const drainBack = await ctx.drainResumed(since, openAt);
    ctx.notes.push(
      `after the broker port opened: intake's first 202 ${seconds(intakeBack)} s, every partition draining ${seconds(drainBack)} s`,
    );
    return {
      load,
      outcome: {
        recoverySeconds: seconds(Math.max(intakeBack, drainBack)),
        recoveryMeaning: 'broker listening → intake 202 and every partition draining',
      },
    };
  },
};

const brokerLoss: Drill = {
  name: 'broker-loss',
  proves:
    'kill -9 of one of three brokers (RF 3, min ISR 2) under load: intake keeps accepting, nothing acknowledged is lost, the broker catches up',
  async settings(env) {
    return { brokers: await new Cluster().brokers(), mysqlUrl: env.mysqlUrl, replicationFactor: 3 };
  },
  async prepare(ctx) {
    const cluster = new Cluster();
    if (!(await cluster.ready())) {
      ctx.log('starting the 3-broker cluster (npm run stack:up -- --brokers 3 keeps it running)');
      ctx.defer('stopping the 3-broker cluster', () => cluster.down().then(() => undefined));
      await cluster.up();
    }
  },
  async run(ctx) {
    const cluster = new Cluster();
    const victim = 2;
    ctx.defer(`starting broker ${victim} again`, () => cluster.startNode(victim).then(() => undefined));
    const fulfillment = await ctx.startApp('fulfillment');
    const intake = await ctx.startApp('order-intake');
    const load = ctx.startLoad(intake, fulfillment, 200, 35);
    await load.loadStarted;
    const t0 = performance.now();
    await atLoadSecond(t0, 5);
    const probes = ctx.probeLoop(intake);
    const killedAt = performance.now();
    await cluster.killNode(victim);
    ctx.log(`kill -9 broker ${victim}`);
    await sleep(12_000);
    const down = (await probes.stop()).filter((p) => p.at > killedAt);
    const firstAfter = down.find((p, i) => p.status === 202 && i > 0);
    const refused = down.filter((p) => p.status !== 202).length;
    ctx.notes.push(`probes with broker ${victim} dead: ${down.length - refused}×202, ${refused} not accepted`);
    const accepted = down.filter((p) => p.at > killedAt + 6000 && p.status === 202).length;
    if (accepted === 0) ctx.fail(`intake stopped accepting with broker ${victim} dead (min ISR 2 is still met)`);
    const restartAt = performance.now();
    await cluster.startNode(victim);
    ctx.log(`broker ${victim} started again (${seconds(performance.now() - restartAt)} s to answer)`);
    await withAdmin(ctx.kafka, (admin) =>
      waitFor(
        `broker ${victim} back in the ISR of every partition of ${ctx.topic}`,
        async () => {
          const { topics } = await admin.fetchTopicMetadata({ topics: [ctx.topic] });
          return topics[0].partitions.every((p) => p.isr.includes(victim));
        },
        { timeoutMs: 120_000, intervalMs: 250 },
      ),
    );
    const caughtUp = performance.now() - restartAt;
    ctx.log(`broker ${victim} in sync on every partition ${seconds(caughtUp)} s after its start`);
    ctx.notes.push(
      `first 202 ${firstAfter ? seconds(firstAfter.at - killedAt) : '-'} s after the kill; back in sync ${seconds(caughtUp)} s after restart`,
    );
    return {
      load,
      outcome: { recoverySeconds: seconds(caughtUp), recoveryMeaning: 'broker start → in the ISR of every partition' },
    };
  },
};

const intakeCrash: Drill = {
  name: 'intake-crash',
  proves:
    'kill -9 of intake under load: every order it acknowledged before dying is stored; restarted, it takes orders again',
  settings: onShared,
  async run(ctx) {
    const fulfillment = await ctx.startApp('fulfillment');
    const intake = await ctx.startApp('order-intake');
    const load = ctx.startLoad(intake, fulfillment, 200, 30);
    await load.loadStarted;
    const t0 = performance.now();
    await atLoadSecond(t0, 6);
    await intake.kill9();
    ctx.log('kill -9 order-intake');
    await sleep(3000);
    const { ready, back } = await restartIntake(ctx, intake, '');
    ctx.notes.push(`intake dead 3 s, ready ${seconds(ready)} s after its restart`);
    return { load, outcome: { recoverySeconds: seconds(back), recoveryMeaning: 'restart → first 202' } };
  },
};

const intakeDbOutage: Drill = {
  name: 'intake-db-outage',
  proves:
    'MySQL cut off (TCP proxy) under load, intake restarted meanwhile: it boots and accepts without MySQL, GET /orders/:id answers 503, everything drains afterwards',
  settings: onShared,
  async run(ctx, env) {
    // The apps reach MySQL through a proxy the drill cuts; loadgen's audit goes straight to it.
    const { proxy, url } = await TcpProxy.before(env.mysqlUrl);
    ctx.defer('stopping the MySQL proxy', () => proxy.stop());
    const viaProxy = { MYSQL_URL: url };
    const fulfillment = await ctx.startApp('fulfillment', 'fulfillment', viaProxy);
    const intake = await ctx.startApp('order-intake', 'order-intake', viaProxy);
    const load = ctx.startLoad(intake, fulfillment, 200, 40);
    await load.loadStarted;
    const t0 = performance.now();

    await atLoadSecond(t0, 5);
    proxy.down();
    const cutAt = performance.now();
    ctx.log('MySQL cut off for both apps');
    await atLoadSecond(t0, 8);
    await intake.stop();
    const { ready } = await restartIntake(ctx, intake, ' without MySQL');

    const lookup = await fetch(`${intake.url}/orders/00000000-0000-7000-8000-000000000000`, {
      signal: AbortSignal.timeout(10_000),
    });
    await lookup.arrayBuffer();
    const retryAfter = lookup.headers.get('retry-after');
    ctx.notes.push(`GET /orders/:id without MySQL: ${lookup.status}, Retry-After ${retryAfter ?? 'missing'}`);
    if (lookup.status !== 503 || retryAfter === null)
      ctx.fail(`GET /orders/:id answered ${lookup.status} without MySQL`);

    const probes = ctx.probeLoop(intake);
    await sleep(5000);
    const down = await probes.stop();
    const accepted = down.filter((p) => p.status === 202).length;
    ctx.notes.push(
      `MySQL cut ${seconds(performance.now() - cutAt)} s; restarted intake ready in ${seconds(ready)} s, answered 202 to ${accepted} of ${down.length} probes meanwhile`,
    );
    if (accepted < down.length) ctx.fail(`restarted intake refused ${down.length - accepted} probes without MySQL`);

    const since = await ctx.lagSnapshot();
    const upAt = performance.now();
    proxy.up();
    ctx.log('MySQL reachable again');
    const resumed = await ctx.drainResumed(since, upAt);
    ctx.log(`every partition drains again ${seconds(resumed)} s after MySQL came back`);
    await waitFor(
      'GET /orders/:id to read MySQL again',
      async () => {
        const again = await fetch(`${intake.url}/orders/00000000-0000-7000-8000-000000000000`);
        await again.arrayBuffer();
        return again.status === 404;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    return {
      load,
      outcome: { recoverySeconds: seconds(resumed), recoveryMeaning: 'MySQL back → every partition drains again' },
    };
  },
};

/** Fulfillment and intake under 15 s of 200 orders/s, for the drills that write their own messages among them. */
async function shortLoad(ctx: DrillContext) {
  const fulfillment = await ctx.startApp('fulfillment');
  const intake = await ctx.startApp('order-intake');
  const load = ctx.startLoad(intake, fulfillment, 200, 15);
  await load.loadStarted;
  return { fulfillment, load, t0: performance.now() };
}

const poison: Drill = {
  name: 'poison',
  proves:
    'malformed and wrong-schema messages written into the orders topic mid-drain all land in the DLQ; every valid order is stored',
  settings: onShared,
  async run(ctx) {
    const { load, t0 } = await shortLoad(ctx);
    const producer = ctx.kafka.producer();
    await producer.connect();
    let injected = 0;
    let lastAt = 0;
    try {
      for (const second of [3, 6, 9]) {
        await atLoadSecond(t0, second);
        const batch = poisonMessages();
        await producer.send({ topic: ctx.topic, messages: batch.map(({ key, value }) => ({ key, value })) });
        injected += batch.length;
        lastAt = performance.now();
        ctx.log(`wrote ${batch.length} poison messages (${injected} so far)`);
      }
    } finally {
      await producer.disconnect();
    }
    const dlq = `${ctx.topic}.dlq`;
    const count = await waitFor(
      `${injected} messages in ${dlq}`,
      async () => {
        const n = await countMessages(ctx.kafka, dlq);
        return n >= injected ? n : false;
      },
      { timeoutMs: 120_000, intervalMs: 250 },
    );
    const dead = performance.now() - lastAt;
    const letters = await readTopic(ctx.kafka, dlq);
    const withError = letters.filter((m) => m.headers['x-error']).length;
    ctx.notes.push(`${injected} poison messages injected, ${count} in the DLQ, ${withError} with an x-error header`);
    if (count !== injected) ctx.fail(`${count} messages in the DLQ for ${injected} injected`);
    if (withError !== count) ctx.fail(`${count - withError} DLQ messages without an x-error header`);
    return { load, outcome: { recoverySeconds: seconds(dead), recoveryMeaning: 'last injection → all in the DLQ' } };
  },
};

const dbRefused: Drill = {
  name: 'db-refused',
  proves:
    'orders the parser accepts but MySQL refuses (a trigger SIGNALs), injected mid-drain into batches of valid orders: each lands in the DLQ with the database error; every order around them is stored',
  settings: onShared,
  async run(ctx) {
    const skuPrefix = `${ctx.runId}-REFUSED`;
    const allow = await refuseSku(ctx.db(), skuPrefix);
    ctx.defer(`dropping the trigger refusing ${skuPrefix}`, allow);
    const { fulfillment, load, t0 } = await shortLoad(ctx);
    const producer = ctx.kafka.producer();
    await producer.connect();
    const injected: string[] = [];
    let lastAt = 0;
    try {
      // Paused while injecting, the drain meets each refused order in a batch
      // of the load's valid ones (the case that held a partition for good).
      for (const [pauseAt, resumeAt] of [
        [3, 5],
        [8, 10],
      ]) {
        await atLoadSecond(t0, pauseAt);
        await ctx.admin(fulfillment, 'POST', 'pause');
        await sleep(500);
        const batch = refusedOrders(ctx.runId, skuPrefix, 12);
        await producer.send({ topic: ctx.topic, messages: batch.map(({ key, value }) => ({ key, value })) });
        injected.push(...batch.map((m) => m.orderId));
        ctx.log(`drain paused, wrote ${batch.length} orders MySQL refuses (${injected.length} so far)`);
        await atLoadSecond(t0, resumeAt);
        await ctx.admin(fulfillment, 'POST', 'resume');
        lastAt = performance.now();
        ctx.log('drain resumed');
      }
    } finally {
      await producer.disconnect();
    }
    const dlq = `${ctx.topic}.dlq`;
    await waitFor(
      `${injected.length} messages in ${dlq}`,
      async () => (await countMessages(ctx.kafka, dlq)) >= injected.length,
      { timeoutMs: 120_000, intervalMs: 250 },
    );
    const dead = performance.now() - lastAt;
    const letters = await readTopic(ctx.kafka, dlq);
    const reasons = new Map(letters.map((m) => [orderIdOf(m.value), m.headers['x-error'] ?? '']));
    const expected = refusalMessage(skuPrefix);
    const missing = injected.filter((id) => !reasons.has(id));
    const wrongReason = injected.filter((id) => reasons.has(id) && !reasons.get(id)?.includes(expected));
    const [rows] = await ctx.db().query('SELECT COUNT(*) AS n FROM orders WHERE id IN (?)', [injected]);
    const storedCulprits = Number((rows as Array<{ n: number }>)[0].n);
    ctx.notes.push(
      `${injected.length} refused orders injected, ${injected.length - missing.length} in the DLQ with "${expected}", ${letters.length} dead letters in all`,
    );
    if (missing.length > 0) ctx.fail(`${missing.length} refused orders not in the DLQ (e.g. ${missing[0]})`);
    if (wrongReason.length > 0) ctx.fail(`${wrongReason.length} dead letters without the database's error`);
    if (letters.length !== injected.length) ctx.fail(`${letters.length} dead letters for ${injected.length} injected`);
    if (storedCulprits > 0) ctx.fail(`${storedCulprits} refused orders are in MySQL`);
    return {
      load,
      outcome: { recoverySeconds: seconds(dead), recoveryMeaning: 'last resume → every refused order in the DLQ' },
    };
  },
};

/** What the notification drills run beside the order path: a MailDev of their own behind a proxy, a storefront. */
interface NotifyRig {
  catcher: MailCatcher;
  /** Between the notifier and MailDev: the drill takes SMTP away without touching a shared mail server. */
  smtp: TcpProxy;
  smtpPort: number;
  storefront: HttpReceiver;
}

/** The notifier's batch and concurrency in the drills: the bound on what one crash can send twice. */
const NOTIFY_BATCH = 20;
const NOTIFY_CONCURRENCY = 4;

async function notifyRig(ctx: DrillContext): Promise<NotifyRig> {
  const catcher = await MailCatcher.start();
  ctx.defer('stopping the drill MailDev', () => catcher.stop());
  const smtp = new TcpProxy('127.0.0.1', catcher.smtpPort);
  const smtpPort = await smtp.start();
  ctx.defer('stopping the SMTP proxy', () => smtp.stop());
  const storefront = await HttpReceiver.start('/surge-webhooks');
  ctx.defer('stopping the stand-in storefront', () => storefront.stop());
  ctx.log(`MailDev at ${catcher.api.url} (SMTP through 127.0.0.1:${smtpPort}), storefront at ${storefront.url}`);
  return { catcher, smtp, smtpPort, storefront };
}

/** The rig, then the three apps: the order path and the notifier on the rig's MailDev and storefront. */
async function startNotifying(ctx: DrillContext) {
  const rig = await notifyRig(ctx);
  const fulfillment = await ctx.startApp('fulfillment');
  const intake = await ctx.startApp('order-intake');
  const notifier = await ctx.startApp('notifier', 'notifier', {
    SMTP_URL: `smtp://127.0.0.1:${rig.smtpPort}`,
    WEBHOOK_URL: rig.storefront.url,
    WEBHOOK_SECRETS: `whsec_${randomBytes(32).toString('base64')}`,
    NOTIFY_BATCH_SIZE: String(NOTIFY_BATCH),
    NOTIFY_PARTITIONS_CONCURRENCY: String(NOTIFY_CONCURRENCY),
  });
  return { rig, fulfillment, intake, notifier };
}

/** loadgen's --notify: each order gets an email, and the audit checks the table and MailDev. */
const notifyArgs = (rig: NotifyRig, mailDuplicates: number) => [
  '--notify',
  'email,webhook',
  '--maildev',
  rig.catcher.api.url,
  '--mail-duplicates',
  String(mailDuplicates),
];

/** Notifications of this run's orders recorded as sent. */
async function notificationsSent(ctx: DrillContext): Promise<number> {
  const [rows] = await ctx
    .db()
    .query(
      "SELECT COUNT(*) AS n FROM notifications n JOIN orders o ON o.id = n.order_id WHERE o.customer_id LIKE ? AND n.status = 'sent'",
      [`${ctx.runId}-c%`],
    );
  return Number((rows as Array<{ n: number }>)[0].n);
}

/**
 * After loadgen's audit (which checked the table and every mail): every
 * stored order's webhook arrived, and the copies beyond one of a mail or a
 * webhook (same Message-ID / webhook-id) are counted and held to `allowance`.
 */
async function checkDeliveries(ctx: DrillContext, rig: NotifyRig, allowance: number): Promise<void> {
  const stored = await ctx.stored();
  const webhookIds = rig.storefront.received.map((r) => String(r.headers['webhook-id']));
  const webhooks = new Set(webhookIds).size;
  const mailIds = (await rig.catcher.mails()).map((m) => m.headers['message-id']);
  const repeats = { mails: mailIds.length - new Set(mailIds).size, webhooks: webhookIds.length - webhooks };
  ctx.notes.push(
    `${stored} orders stored: ${new Set(mailIds).size} mails and ${webhooks} webhooks delivered; ` +
      `repeated copies ${repeats.mails} mails, ${repeats.webhooks} webhooks (documented bound ${allowance} per channel)`,
  );
  if (webhooks !== stored) ctx.fail(`${webhooks} webhooks delivered for ${stored} stored orders`);
  // Per channel: a crash can repeat every outcome in hand on each channel.
  for (const [channel, n] of Object.entries(repeats)) {
    if (n > allowance) ctx.fail(`${n} repeated ${channel}, over the bound of ${allowance}`);
  }
  const given = await countMessages(ctx.kafka, `${ctx.topic}.notifications.dlq`);
  if (given > 0) ctx.fail(`${given} notifications given up (in ${ctx.topic}.notifications.dlq)`);
}

const notifierCrash: Drill = {
  name: 'notifier-crash',
  proves:
    'kill -9 of the notifier three times mid-stream, restarted each time: every stored order mailed and posted, repeats counted and within the batches in flight',
  settings: onShared,
  async run(ctx) {
    const { rig, fulfillment, intake, notifier } = await startNotifying(ctx);
    const kills = [5, 12, 19];
    // A kill can repeat at most the outcomes in hand on each channel: sent, not yet recorded.
    const allowance = kills.length * NOTIFY_BATCH * NOTIFY_CONCURRENCY;
    const load = ctx.startLoad(intake, fulfillment, 100, 25, notifyArgs(rig, allowance));
    await load.loadStarted;
    const t0 = performance.now();
    const gaps: number[] = [];
    for (const [i, at] of kills.entries()) {
      await atLoadSecond(t0, at);
      const killedAt = performance.now();
      await notifier.kill9();
      ctx.log(`kill -9 notifier (${i + 1}/${kills.length}), restart in 1 s`);
      await sleep(1000);
      const before = await notificationsSent(ctx);
      notifier.start();
      await notifier.waitReady();
      await waitFor('notifications recorded again', async () => (await notificationsSent(ctx)) > before, {
        timeoutMs: 60_000,
        intervalMs: 100,
      });
      gaps.push(performance.now() - killedAt);
      ctx.log(`notifications recorded again ${seconds(gaps[gaps.length - 1])} s after the kill`);
    }
    await load.done;
    await checkDeliveries(ctx, rig, allowance);
    return {
      load,
      outcome: { recoverySeconds: seconds(Math.max(...gaps)), recoveryMeaning: 'kill → notifications recorded again' },
    };
  },
};

const smtpDown: Drill = {
  name: 'smtp-down',
  proves:
    'SMTP unreachable for 20 s under load: the drain does not wait for mail, every mail is sent once SMTP is back, none given up, repeats only of the mails the cut caught in flight',
  settings: onShared,
  async run(ctx) {
    const { rig, fulfillment, intake } = await startNotifying(ctx);
    // Cutting the connections can lose the server's answer to a mail it took: sent again, same Message-ID.
    const allowance = NOTIFY_BATCH * NOTIFY_CONCURRENCY;
    const load = ctx.startLoad(intake, fulfillment, 100, 35, notifyArgs(rig, allowance));
    await load.loadStarted;
    await atLoadSecond(performance.now(), 5);
    const storedBefore = await ctx.stored();
    rig.smtp.down();
    ctx.log('SMTP down');
    await sleep(20_000);
    const storedDuring = (await ctx.stored()) - storedBefore;
    const mailsBefore = (await rig.catcher.mails()).length;
    rig.smtp.up();
    const upAt = performance.now();
    ctx.log(`SMTP up again; ${storedDuring} orders stored meanwhile, ${rig.smtp.refused} SMTP connections refused`);
    await waitFor('a mail caught after SMTP is back', async () => (await rig.catcher.mails()).length > mailsBefore, {
      timeoutMs: 90_000,
      intervalMs: 200,
    });
    const back = performance.now() - upAt;
    ctx.notes.push(
      `${storedDuring} orders stored while SMTP was down (the drain does not wait for mail); ` +
        `${rig.smtp.refused} connections refused; mail flowing again ${seconds(back)} s after SMTP came back`,
    );
    if (storedDuring === 0) ctx.fail('nothing was stored while SMTP was down');
    if (rig.smtp.refused === 0) ctx.fail('the notifier never tried SMTP while it was down');
    await load.done;
    await checkDeliveries(ctx, rig, allowance);
    return { load, outcome: { recoverySeconds: seconds(back), recoveryMeaning: 'SMTP up → mail caught again' } };
  },
};

function orderIdOf(value: Buffer | null): string {
  try {
    return String((JSON.parse(value?.toString() ?? '') as { orderId?: unknown }).orderId);
  } catch {
    return '';
  }
}

export const DRILLS: Drill[] = [
  consumerCrash,
  dbRestart,
  intakeCrash,
  intakeDbOutage,
  poison,
  dbRefused,
  brokerRestart,
  brokerLoss,
  notifierCrash,
  smtpDown,
  logStoreOutage,
];

export async function runDrill(
  drill: Drill,
  env: DrillEnvironment,
  onContext: (ctx: DrillContext | null) => void,
): Promise<DrillResult> {
  const ctx = new DrillContext(drill.name, await drill.settings(env));
  onContext(ctx);
  ctx.log(
    `run ${ctx.runId}: topic ${ctx.topic}, brokers ${ctx.settings.brokers.join(',')}, logs .stack/drills/${ctx.runId}/`,
  );
  let outcome: Outcome = { recoverySeconds: null, recoveryMeaning: '' };
  let figures: Pick<DrillResult, 'acknowledged' | 'stored' | 'lost' | 'report'> = {
    acknowledged: 0,
    stored: 0,
    lost: 0,
    report: null,
  };
  try {
    if (drill.prepare) await drill.prepare(ctx, env);
    ctx.deleteTopicsAtEnd();
    const { outcome: o, load } = await drill.run(ctx, env);
    outcome = o;
    figures = await ctx.finishLoad(load);
  } catch (error) {
    ctx.fail((error as Error).message);
  } finally {
    await ctx.teardown();
    onContext(null);
  }
  return {
    name: drill.name,
    pass: ctx.failures.length === 0 && figures.lost === 0 && figures.acknowledged > 0,
    ...figures,
    ...outcome,
    notes: ctx.notes,
    failures: ctx.failures,
  };
}
