const { appBuild, LOG_SHIPPING_WORKER } = require('../../webpack.preset');

module.exports = appBuild('log-sink', {
  // The CLIs that read the log store ship beside the app (node dist/apps/log-sink/trace.js).
  additionalEntryPoints: [
    { entryName: 'trace', entryPath: 'apps/log-sink/src/trace.ts' },
    { entryName: 'logs', entryPath: 'apps/log-sink/src/logs.ts' },
    LOG_SHIPPING_WORKER,
  ],
});
