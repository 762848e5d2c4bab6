// Every spec of the workspace in one run (npm test); nx runs each project's own config.
const { unitProject, integrationProject, testTimeout } = require('./jest.preset');

const trees = ['{apps,libs,ops}/**'];

module.exports = {
  testTimeout,
  projects: [unitProject(__dirname, trees), integrationProject(__dirname, trees)],
};
