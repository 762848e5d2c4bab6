// Runs the TypeScript sources directly: SWC transpiles on load (with decorator
// metadata, which Nest's dependency injection needs) and resolves the
// @surge/* path aliases from tsconfig.base.json.
process.env.SWC_NODE_PROJECT ??= require('node:path').join(__dirname, '..', 'tsconfig.base.json');
require('@swc-node/register');
