module.exports = require('../../webpack.preset').appBuild('order-intake', {
  // TypeORM loads its MySQL driver by name.
  runtimeDependencies: ['mysql2'],
});
