const { appBuild, LOG_SHIPPING_WORKER } = require('../../webpack.preset');

module.exports = appBuild('notifier', {
  additionalEntryPoints: [LOG_SHIPPING_WORKER],
  // TypeORM loads its MySQL driver by name.
  runtimeDependencies: ['mysql2'],
});
