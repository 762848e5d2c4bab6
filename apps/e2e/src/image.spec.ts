import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { REPO_ROOT } from '@surge/testing';
import { BUILT_APPS, distPath, externalPackages, readJson } from './test-support/production-build';

// There is no Docker engine where the specs run: the image is checked through
// its Dockerfile (linted, and its stages held to the rules below) and through
// the build output its runtime stage copies.
const dockerfile = readFileSync(join(REPO_ROOT, 'docker/Dockerfile'), 'utf8');

interface Stage {
  name: string;
  instructions: Instruction[];
}

function stages(): Stage[] {
  const result: Stage[] = [];
  for (const instruction of DockerfileParser.parse(dockerfile).getInstructions()) {
    if (instruction.getKeyword() === 'FROM') {
      const args = instruction.getArguments().map((a) => a.getValue());
      const as = args.findIndex((a) => a.toUpperCase() === 'AS');
      result.push({ name: as >= 0 ? args[as + 1] : String(result.length), instructions: [] });
    } else if (result.length > 0) {
      result[result.length - 1].instructions.push(instruction);
    }
  }
  return result;
}

/** Each instruction of the kind, as written after its keyword (flags included). */
const lines = (stage: Stage, keyword: string) =>
  stage.instructions
    .filter((i) => i.getKeyword() === keyword)
    .map((i) =>
      i
        .getTextContent()
        .replace(/^\s*\w+\s+/, '')
        .replace(/\s*\\\n\s*/g, ' '),
    );

interface PackageJson {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** Tools that build or test Surge; none of them may reach a runtime image. */
const DEV_TOOL =
  /^(@nx\/|nx$|jest|@jest\/|@swc\/|@swc-node\/|swc-loader|webpack|typescript$|ts-|eslint|@typescript-eslint|prettier|fast-check|@nestjs\/testing|playwright|dockerfile-|@types\/)/;

describe('docker/Dockerfile', () => {
  it('passes the Dockerfile linter', () => {
    const problems = validate(dockerfile).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
    expect(problems).toEqual([]);
  });

  it('builds in one stage and runs in another that installs nothing and holds no build tools', () => {
    const all = stages();
    expect(all.map((s) => s.name)).toEqual(['build', 'deps', 'runtime']);
    const [build, deps, runtime] = all;
    expect(lines(build, 'RUN').some((r) => /nx build/.test(r))).toBe(true);
    // Production dependencies only, from the lockfile the build generated for the app.
    expect(lines(deps, 'RUN').join('\n')).toMatch(/npm ci --omit=dev/);
    expect(lines(deps, 'COPY').join('\n')).toMatch(/dist\/apps\/\$\{APP\}\/package-lock\.json/);
    // The runtime takes the bundle from the build stage and node_modules from deps, nothing else.
    const copies = lines(runtime, 'COPY');
    expect(copies).toEqual(['--from=deps /app/node_modules ./node_modules', '--from=build /src/dist/apps/${APP}/ ./']);
    expect(lines(runtime, 'RUN').join('\n')).not.toMatch(/npm (ci|install)|yarn|pnpm/);
    expect(lines(runtime, 'RUN').join('\n')).toMatch(/rm -rf .*\/usr\/local\/bin\/npm/);
  });

  it('runs the app as an unprivileged user, with plain node on the built main.js', () => {
    const runtime = stages()[2];
    const users = lines(runtime, 'USER');
    expect(users).toHaveLength(1);
    expect(users[0]).not.toMatch(/^(root|0)(:|$)/);
    const run = runtime.instructions.find((i) => i.getKeyword() === 'CMD');
    expect(run?.getArgumentsContent()).toBe('["node", "--enable-source-maps", "main.js"]');
    // USER comes after every instruction that writes into the image.
    const keywords = runtime.instructions.map((i) => i.getKeyword());
    expect(keywords.lastIndexOf('COPY')).toBeLessThan(keywords.indexOf('USER'));
    expect(keywords.lastIndexOf('RUN')).toBeLessThan(keywords.indexOf('USER'));
  });
});

describe.each(BUILT_APPS)('dist/apps/%s', (app) => {
  const generated = readJson<PackageJson>(distPath(app, 'package.json'));
  const dependencies = Object.keys(generated.dependencies ?? {});

  it('lists no build or test tool among its dependencies', () => {
    const devDependencies = Object.keys(readJson<PackageJson>(join(REPO_ROOT, 'package.json')).devDependencies ?? {});
    expect(dependencies.filter((name) => DEV_TOOL.test(name) || devDependencies.includes(name))).toEqual([]);
    expect(generated.devDependencies ?? {}).toEqual({});
  });

  it('lists every package its bundle requires, at the version the workspace locks', () => {
    const bundle = readFileSync(distPath(app, 'main.js'), 'utf8');
    const required = externalPackages(bundle);
    expect(required).not.toEqual([]);
    expect(required.filter((name) => !dependencies.includes(name))).toEqual([]);
    const lock = readJson<{ packages: Record<string, { version: string }> }>(join(REPO_ROOT, 'package-lock.json'));
    for (const name of dependencies)
      expect(generated.dependencies?.[name]).toBe(lock.packages[`node_modules/${name}`]?.version);
  });

  it("has a package-lock.json npm ci accepts: the workspace's overrides hold in it", () => {
    // npm's own check of the tree the lock describes against every package.json in it, offline.
    const ls = spawnSync('npm', ['ls', '--package-lock-only', '--all', '--omit=dev'], {
      cwd: distPath(app, ''),
      encoding: 'utf8',
    });
    const problems = `${ls.stdout}\n${ls.stderr}`.split('\n').filter((line) => /invalid|missing|ERR/.test(line));
    expect(problems).toEqual([]);
    expect(ls.status).toBe(0);
  });
});
