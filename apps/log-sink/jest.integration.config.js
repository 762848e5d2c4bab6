// This project's integration specs (nx integration), against the real stack; see jest.preset.js.
const { integrationProject, testTimeout } = require('../../jest.preset');

module.exports = { ...integrationProject(__dirname), testTimeout };
