// One home for how Surge's apps are built for production (nx build <app>):
// webpack bundles the app with the workspace libs it imports, compiled by SWC
// with the decorator metadata Nest's dependency injection reads; packages
// from node_modules stay external and are listed in a generated package.json
// holding only what the app imports at run time.
const path = require('node:path');
const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');

/**
 * The SWC options of the development path and the specs (ES2022, legacy
 * decorators with metadata), in place of the Nx plugin's own: those set
 * `loose`, under which `[...map]` compiles to `[].concat(map)` and a
 * Map's entries are lost (the intake's batches went out without a topic).
 */
const swcOptions = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  // CommonJS like the development path, so `require.main === module` marks
  // an entry point (migrate.ts runs itself) and modules keep their own scope.
  module: { type: 'commonjs' },
};

/**
 * The log shipping worker thread's module (libs/observability), built beside
 * main.js where LogShipping looks for it; for every app that ships its logs.
 */
const LOG_SHIPPING_WORKER = {
  entryName: 'log-shipping-worker',
  entryPath: 'libs/observability/src/log-shipping/log-shipping.worker.ts',
};

/**
 * What Surge's code needs from the bundle beyond the Nx plugin's defaults:
 * our SWC options, and no module concatenation, which renames a class whose
 * name clashes in the merged scope (`Order` became `order_entity_Order`) and
 * breaks TypeORM relations that name their entity by its class name.
 */
class SurgeBundleRules {
  apply(compiler) {
    compiler.options.optimization.concatenateModules = false;
    const rules = compiler.options.module.rules.filter((rule) => String(rule.loader).includes('swc-loader'));
    if (rules.length === 0) throw new Error('webpack.preset.js: no swc-loader rule to configure');
    for (const rule of rules) rule.options = swcOptions;
    // pino's worker requires the module and calls its export: the entry must export like a CommonJS module.
    const worker = compiler.options.entry[LOG_SHIPPING_WORKER.entryName];
    if (worker) worker.library = { type: 'commonjs2' };
  }
}

/**
 * The workspace's npm overrides, into the generated package.json. Nx leaves
 * out every override whose package the app depends on directly (npm refuses a
 * string override of a direct dependency that differs from its spec), and
 * with them the ones Surge needs at run time (fastify 5.12 under
 * @nestjs/platform-fastify, content-disposition under @fastify/static): the
 * app's package-lock.json then no longer matched its package.json and
 * `npm ci` in the image failed. A string override of a direct dependency is
 * written `$name` (the app's own spec), which npm always accepts; one of a
 * package the app does not depend on directly gets the workspace's spec.
 */
class KeepOverrides {
  apply(compiler) {
    const root = require('./package.json');
    const { overrides } = root;
    if (!overrides) return;
    // `$name` means the workspace's own spec for name; an app that does not depend on it gets that spec.
    const spelled = (spec) => (spec.startsWith('$') ? root.dependencies[spec.slice(1)] : spec);
    const { Compilation, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap(KeepOverrides.name, (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: KeepOverrides.name, stage: Compilation.PROCESS_ASSETS_STAGE_REPORT },
        () => {
          const asset = compilation.getAsset('package.json');
          if (!asset) return;
          const pkg = JSON.parse(asset.source.source().toString());
          const kept = {};
          for (const [name, spec] of Object.entries(overrides)) {
            if (typeof spec !== 'string') kept[name] = spec;
            else kept[name] = pkg.dependencies?.[name] ? `$${name}` : spelled(spec);
          }
          pkg.overrides = kept;
          compilation.updateAsset('package.json', new sources.RawSource(`${JSON.stringify(pkg, null, 2)}\n`));
        },
      );
    });
  }
}

/**
 * @param {string} name the app's folder under apps/ and dist/apps/
 * @param {{ additionalEntryPoints?: {entryName: string, entryPath: string}[], runtimeDependencies?: string[] }} extra
 *   runtimeDependencies: packages loaded by name at run time, which no import reveals
 */
function appBuild(name, extra = {}) {
  return {
    output: {
      path: path.join(__dirname, 'dist/apps', name),
      // Stack traces name the source files as they are in the repository.
      devtoolModuleFilenameTemplate: '[absolute-resource-path]',
    },
    plugins: [
      new NxAppWebpackPlugin({
        target: 'node',
        compiler: 'swc',
        main: './src/main.ts',
        tsConfig: './tsconfig.app.json',
        outputHashing: 'none',
        // Readable output: the bundle is small and a stack trace should name real functions.
        optimization: false,
        sourceMap: true,
        generatePackageJson: true,
        // Types are checked once for the whole workspace (npm run typecheck), not per bundle.
        skipTypeChecking: true,
        ...extra,
      }),
      new SurgeBundleRules(),
      new KeepOverrides(),
    ],
  };
}

module.exports = { appBuild, LOG_SHIPPING_WORKER };
