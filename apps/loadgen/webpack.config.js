module.exports = require('../../webpack.preset').appBuild('loadgen');
