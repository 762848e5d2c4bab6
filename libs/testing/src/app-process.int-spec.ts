import { AppProcess, launchApp } from './app-process';
import { freePort } from './free-port';
import { waitFor } from './wait-for';

const FIXTURE = 'libs/testing/src/fixtures/ready-server.ts';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('AppProcess', () => {
  it('waits for health, keeps the output, and stops the whole process group', async () => {
    const port = await freePort();
    const app = await launchApp(
      new AppProcess({ label: 'fixture', script: FIXTURE, port, env: { PORT: String(port) } }),
    );
    const grandchild = Number(
      (await waitFor('the fixture to name its child', () => /grandchild (\d+)/.exec(app.logs())?.[1])) ?? NaN,
    );
    expect(isAlive(grandchild)).toBe(true);

    expect(await app.stop()).toEqual({ code: null, signal: 'SIGTERM' });
    expect(app.running).toBe(false);
    await waitFor('the grandchild to be gone', () => !isAlive(grandchild), { timeoutMs: 5000 });
  });

  it('fails with the app output when the app exits before it is ready, and reports the exit', async () => {
    const port = await freePort();
    const app = new AppProcess({
      label: 'crashing',
      script: FIXTURE,
      port,
      env: { PORT: String(port), FIXTURE_CRASH: 'no database' },
    });
    const unexpected: string[] = [];
    app.onUnexpectedExit = (why) => unexpected.push(why);
    await expect(launchApp(app, '/health/ready', 20_000)).rejects.toThrow(
      /crashing exited before it was ready[\s\S]*fixture failing: no database/,
    );
    expect(await app.exited()).toEqual({ code: 3, signal: null });
    expect(unexpected).toEqual([expect.stringContaining('crashing exited by itself (code 3, signal null)')]);
  });
});
