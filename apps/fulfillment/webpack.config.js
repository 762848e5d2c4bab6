module.exports = require('../../webpack.preset').appBuild('fulfillment', {
  // The schema migration runner ships beside the app (node dist/apps/fulfillment/migrate.js).
  additionalEntryPoints: [{ entryName: 'migrate', entryPath: 'apps/fulfillment/src/migrate.ts' }],
  // TypeORM loads its MySQL driver by name.
  runtimeDependencies: ['mysql2'],
});
