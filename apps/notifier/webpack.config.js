module.exports = require('../../webpack.preset').appBuild('notifier', {
  // TypeORM loads its MySQL driver by name.
  runtimeDependencies: ['mysql2'],
});
