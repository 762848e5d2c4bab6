import { HELP, OptionsError, parseOptions } from './cli/options';
import { runFlashSale } from './flash-sale';
import { PreflightError } from './run/preflight';

/** npm run flash-sale -- [options]: exit 0 on PASS, 1 on FAIL, 2 when the run could not start. */
async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2), process.env);
  if (options === 'help') {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const { report } = await runFlashSale(options);
  return report.verdict === 'FAIL' ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    const known = error instanceof OptionsError || error instanceof PreflightError;
    process.stderr.write(`flash-sale: ${known ? error.message : (error.stack ?? error.message)}\n`);
    process.exit(known ? 2 : 1);
  },
);
