import { HotPathWarmUp } from './hot-path-warm-up';

describe('HotPathWarmUp', () => {
  // Intake runs it before listening: a sample the validator refused would stop every start.
  it('takes its sample order through validation and encoding', async () => {
    await expect(new HotPathWarmUp().onApplicationBootstrap()).resolves.toBeUndefined();
  });
});
