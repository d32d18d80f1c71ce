import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';

/** One file the catalog page is made of, read once at start. */
interface PageFile {
  body: Buffer;
  contentType: string;
  etag: string;
}

/** The path the data health page is served on; its files are under `${CATALOG_PATH}/assets/`. */
export const CATALOG_PATH = '/catalog';

const ASSETS = join(__dirname, 'assets');
const SCRIPT = 'text/javascript; charset=utf-8';

/** The page's own files, relative to `assets/`, and their content types. */
const OWN_FILES: Record<string, string> = {
  'catalog.css': 'text/css; charset=utf-8',
  'main.js': SCRIPT,
  'catalogApi.js': SCRIPT,
  'dom.js': SCRIPT,
  'format.js': SCRIPT,
  'productList.js': SCRIPT,
  'productDetail.js': SCRIPT,
  'lineageGraph.js': SCRIPT,
  'neighbourhood.js': SCRIPT,
};

/**
 * Everything the page may load comes from the gateway itself: scripts and styles from its own origin only, no inline
 * code, no other origin even for images or fonts; GraphQL is asked on the same origin (`connect-src 'self'`).
 */
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-resource-policy': 'same-origin',
};

function pageFile(body: Buffer, contentType: string): PageFile {
  return { body, contentType, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
}

/** The dagre browser bundle (graphlib included, exposes the `dagre` global), out of the installed package. */
async function dagreBundle(): Promise<Buffer> {
  const root = dirname(require.resolve('@dagrejs/dagre/package.json'));
  const source = await readFile(join(root, 'dist', 'dagre.min.js'), 'utf8');
  // The source map is not served: drop the comment pointing at it so a browser's developer tools do not ask for it.
  return Buffer.from(source.replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '\n'));
}

/** The data health page's files by URL path, and how to serve them. */
export interface CatalogPage {
  /**
   * Answers a request for `/catalog` or a file under `/catalog/assets/` and returns true; returns false (having
   * written nothing) for any other path. Only GET and HEAD are served (405 otherwise); an unknown file is a 404.
   */
  serve(pathname: string, method: string, headers: IncomingHttpHeaders, res: ServerResponse): boolean;
}

/**
 * Reads the data health page (HTML, CSS, its ES modules and the dagre layout bundle from `node_modules`) once, so
 * serving it never touches the disk. Every answer carries a strict content security policy; files are revalidated
 * by ETag (`cache-control: no-cache`), so a browser never runs a stale script after the gateway is upgraded.
 * @throws Error when a file of the page or the dagre package is missing (a broken install).
 */
export async function loadCatalogPage(): Promise<CatalogPage> {
  const files = new Map<string, PageFile>();
  files.set(CATALOG_PATH, pageFile(await readFile(join(ASSETS, 'index.html')), 'text/html; charset=utf-8'));
  for (const [name, type] of Object.entries(OWN_FILES)) {
    files.set(`${CATALOG_PATH}/assets/${name}`, pageFile(await readFile(join(ASSETS, name)), type));
  }
  files.set(`${CATALOG_PATH}/assets/dagre.min.js`, pageFile(await dagreBundle(), SCRIPT));
  return {
    serve(pathname, method, headers, res) {
      if (pathname !== CATALOG_PATH && !pathname.startsWith(`${CATALOG_PATH}/`)) return false;
      const file = files.get(pathname === `${CATALOG_PATH}/` ? CATALOG_PATH : pathname);
      const send = (status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void => {
        res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, ...extra });
        res.end(method === 'HEAD' ? undefined : body);
      };
      if (method !== 'GET' && method !== 'HEAD') {
        send(405, 'text/plain; charset=utf-8', `expected GET or HEAD for ${pathname}, got ${method}\n`, { allow: 'GET, HEAD' });
      } else if (!file) {
        send(404, 'text/plain; charset=utf-8', `no file ${pathname}; the data health page is ${CATALOG_PATH}\n`);
      } else if (headers['if-none-match'] === file.etag) {
        res.writeHead(304, { ...SECURITY_HEADERS, etag: file.etag, 'cache-control': 'no-cache' });
        res.end();
      } else {
        send(200, file.contentType, file.body, { etag: file.etag, 'cache-control': 'no-cache', 'content-length': String(file.body.length) });
      }
      return true;
    },
  };
}
