const { appBuild, LOG_SHIPPING_WORKER } = require('../../webpack.preset');

module.exports = appBuild('fulfillment', {
  // The schema migration runner ships beside the app (node dist/apps/fulfillment/migrate.js).
  additionalEntryPoints: [{ entryName: 'migrate', entryPath: 'apps/fulfillment/src/migrate.ts' }, LOG_SHIPPING_WORKER],
  // The ops console's page, script and styles, read from beside main.js.
  assets: [{ input: 'apps/fulfillment/src/console/assets', glob: '**/*', output: 'assets' }],
  // TypeORM loads its MySQL driver by name.
  runtimeDependencies: ['mysql2'],
});
