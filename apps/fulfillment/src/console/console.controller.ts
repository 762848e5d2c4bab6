import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Controller, Get, Header, NotFoundException, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

interface Asset {
  type: string;
  body: Buffer;
}

// Beside this file in the sources, beside main.js in the build (webpack.config.js copies them).
const ASSETS_DIR = join(__dirname, 'assets');
// Node's own resolver: in the production bundle webpack would turn require.resolve into a module id.
const UPLOT_DIR = join(createRequire(__filename).resolve('uplot'), '..');

/** Every file the page may load, read once at boot: the console works with no network beyond this app. */
function loadAssets(): Map<string, Asset> {
  const file = (path: string, type: string): Asset => ({ type, body: readFileSync(path) });
  return new Map([
    ['console.js', file(join(ASSETS_DIR, 'console.js'), 'text/javascript; charset=utf-8')],
    ['console.css', file(join(ASSETS_DIR, 'console.css'), 'text/css; charset=utf-8')],
    ['uPlot.iife.min.js', file(join(UPLOT_DIR, 'uPlot.iife.min.js'), 'text/javascript; charset=utf-8')],
    ['uPlot.min.css', file(join(UPLOT_DIR, 'uPlot.min.css'), 'text/css; charset=utf-8')],
  ]);
}

/**
 * The ops console: a static page that logs in with the admin token and then
 * calls the admin API with it as a bearer header. The page holds no data, so
 * it is served without the token; the token stays in the tab's
 * sessionStorage and never appears in a URL. The CSP keeps the page to this
 * origin: no CDN, no inline script.
 */
@Controller('console')
export class ConsoleController {
  private readonly page = readFileSync(join(ASSETS_DIR, 'index.html'));
  private readonly assets = loadAssets();

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'")
  @Header('cache-control', 'no-store')
  index(): Buffer {
    return this.page;
  }

  @Get(':asset')
  asset(@Param('asset') name: string, @Res({ passthrough: true }) reply: FastifyReply): Buffer {
    const asset = this.assets.get(name);
    if (!asset) throw new NotFoundException(`no console asset ${name}`);
    void reply.header('content-type', asset.type);
    return asset.body;
  }
}
