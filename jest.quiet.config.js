// npm test's configuration: the specs of jest.config.js, reported quietly. A
// passing run prints its counts; a failing one prints every failure in full at
// the end (and the failing test's app logs as it fails). `npx jest` keeps the
// per-file report for day-to-day work.
const base = require('./jest.config');

module.exports = { ...base, reporters: [['summary', { summaryThreshold: 0 }]] };
