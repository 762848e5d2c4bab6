import { createKafka } from '@surge/kafka';
import { deleteTopics } from '@surge/kafka-testing';
import { AppProcess, freePort, isolatedAppEnv, launchApp, testStack, uniqueName } from '@surge/testing';

export interface SurgeApps {
  intakeUrl: string;
  fulfillmentUrl: string;
  adminToken: string;
  topic: string;
  stop(): Promise<void>;
}

/**
 * Both apps as child processes, the way an operator runs them (loadgen may not
 * import other apps), on free ports, a fresh topic and consumer group, and an
 * unlimited drain. Their output is kept and shown if they fail to come up.
 */
export async function startSurgeApps(): Promise<SurgeApps> {
  const adminToken = `loadgen-spec-${uniqueName('token')}`;
  const env = {
    ...isolatedAppEnv('loadgen', 3),
    ADMIN_TOKEN: adminToken,
    DRAIN_RATE_PER_SECOND: '0',
    INTAKE_WORKERS: '1',
    // Kept per test and printed only if it fails (libs/testing captured-logs).
    LOG_LEVEL: 'info',
  };
  const fulfillment = AppProcess.surgeApp('fulfillment', await freePort(), env);
  const intake = AppProcess.surgeApp('order-intake', await freePort(), env);
  const stop = async () => {
    await Promise.all([intake.stop(), fulfillment.stop()]);
    await deleteTopics(createKafka({ brokers: testStack.kafkaBrokers, clientId: 'loadgen-spec' }), [
      env.ORDERS_TOPIC,
      env.ORDERS_DLQ_TOPIC,
      env.OUTCOMES_TOPIC,
    ]);
  };
  try {
    // Fulfillment first: it creates the topics intake produces to.
    await launchApp(fulfillment);
    await launchApp(intake);
  } catch (error) {
    await stop();
    throw error;
  }
  return { intakeUrl: intake.url, fulfillmentUrl: fulfillment.url, adminToken, topic: env.ORDERS_TOPIC, stop };
}
