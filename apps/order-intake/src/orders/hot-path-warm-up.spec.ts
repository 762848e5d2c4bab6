import { Logger } from '@nestjs/common';
import { HotPathWarmUp } from './hot-path-warm-up';

describe('HotPathWarmUp', () => {
  // Intake runs it before listening: a sample the validator refused would stop every start.
  it('takes its sample order through validation and encoding, and says how long it took', async () => {
    // Caught here rather than printed: outside an app, Nest's default logger would write to the test's output.
    const debug = jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
    try {
      await expect(new HotPathWarmUp().onApplicationBootstrap()).resolves.toBeUndefined();
      expect(debug).toHaveBeenCalledWith(expect.stringMatching(/^hot path warmed in \d+\.\d ms$/));
    } finally {
      debug.mockRestore();
    }
  });
});
