// This project's unit specs (nx test); see jest.preset.js.
module.exports = require('../../jest.preset').unitProject(__dirname);
