// Starts one Surge app in this very process (so its pid is the app's, and
// signals reach it directly):
//
//   node scripts/start-app.js <order-intake|fulfillment|notifier|log-sink|loadgen> [--built] [app args...]
//
// The development path runs the TypeScript sources through SWC on load. With
// --built, or SURGE_RUN=dist in the environment, it runs the production build
// (`nx build <app>` → dist/apps/<app>/main.js) instead, which is what the
// image runs; drills and specs pass SURGE_RUN on to exercise either.
const { existsSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const APPS = ['order-intake', 'fulfillment', 'notifier', 'log-sink', 'loadgen'];
const RUN_MODES = ['source', 'dist'];

const [app, ...rest] = process.argv.slice(2);
if (!APPS.includes(app)) {
  console.error(`start-app: name an app (${APPS.join(', ')}), got "${app ?? ''}"`);
  process.exit(2);
}
const runMode = process.env.SURGE_RUN ?? 'source';
if (!RUN_MODES.includes(runMode)) {
  console.error(`start-app: SURGE_RUN must be one of ${RUN_MODES.join(', ')}, got "${runMode}"`);
  process.exit(2);
}
const built = rest.includes('--built') || runMode === 'dist';
const appArgs = rest.filter((arg) => arg !== '--built');

const entry = built ? path.join(ROOT, 'dist/apps', app, 'main.js') : path.join(ROOT, 'apps', app, 'src/main.ts');
if (built && !existsSync(entry)) {
  console.error(`start-app: ${path.relative(ROOT, entry)} is missing; build it first: npx nx build ${app}`);
  process.exit(2);
}
// The app reads its own arguments from process.argv, as if started directly.
process.argv = [process.argv[0], entry, ...appArgs];
process.setSourceMapsEnabled(true);
// Intake's cluster workers are forked with this process's argv[1] and
// execArgv: they must load TypeScript and keep source maps the same way.
process.execArgv.push('--enable-source-maps');
if (!built) {
  process.execArgv.push('-r', path.join(__dirname, 'register.js'));
  require('./register.js');
}
require(entry);
