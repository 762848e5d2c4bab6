import { Controller, Logger, Module, UseFilters, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern } from '@nestjs/microservices';
import { DrainThrottle } from '@surge/pacing';
import { BatchHandlerErrorsFilter } from './batch-handler-errors.filter';
import { KafkaBatchTransport } from './batch-transport';
import { FakeFetch, FakeKafka, fakeTransportOptions } from './test-support/fake-kafka';

const PATTERN = 'order-events';

/** What mysql2 throws for a deadlock: the message, and the code in its own field. */
const deadlock = () =>
  Object.assign(new Error('Deadlock found when trying to get lock; try restarting transaction'), {
    code: 'ER_LOCK_DEADLOCK',
  });

let calls = 0;
/** Fails its first call, as a batch that deadlocked and then went through. */
async function writeOnce(): Promise<{ deadLetters: [] }> {
  if (++calls === 1) throw deadlock();
  return { deadLetters: [] };
}

@Controller()
@UseFilters(BatchHandlerErrorsFilter)
class FilteredConsumer {
  @MessagePattern(PATTERN)
  write() {
    return writeOnce();
  }
}

@Controller()
class UnfilteredConsumer {
  @MessagePattern(PATTERN)
  write() {
    return writeOnce();
  }
}

/** The transport behind Nest's real handler wrapping (exception filters included), on a fake kafkajs. */
async function failedBatches(consumer: Type<unknown>) {
  calls = 0;
  const kafka = new FakeKafka(1);
  const throttle = new DrainThrottle(0);
  const transport = new KafkaBatchTransport(fakeTransportOptions(kafka, { [PATTERN]: 'orders' }, throttle));
  @Module({ controllers: [consumer] })
  class ConsumerModule {}
  const app = await NestFactory.createMicroservice(ConsumerModule, { strategy: transport, logger: false });
  await app.listen();
  try {
    await kafka.member.eachBatch(new FakeFetch('orders', 0, ['o-0', 'o-1']));
    expect(kafka.log).toContain('commit 2');
    return throttle.snapshot().failedBatches;
  } finally {
    await app.close();
  }
}

describe('BatchHandlerErrorsFilter', () => {
  let warnings: jest.SpyInstance;
  beforeEach(() => {
    warnings = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it("gives the transport the handler's own error: the retry warning and the failure count name the deadlock", async () => {
    const failed = await failedBatches(FilteredConsumer);
    const error = 'Deadlock found when trying to get lock; try restarting transaction (ER_LOCK_DEADLOCK)';
    expect(failed).toEqual({ count: 1, errors: [{ error, count: 1, lastAt: expect.any(String) }] });
    // The warning's tail, after the (jittered) backoff delay.
    expect(warnings.mock.calls.map(([line]) => String(line).split(' ms: ')[1])).toEqual([error]);
  });

  it("is needed: without it Nest's default filter leaves only 'Internal server error'", async () => {
    const failed = await failedBatches(UnfilteredConsumer);
    expect(failed.errors.map((e) => e.error)).toEqual(['Internal server error']);
  });
});
