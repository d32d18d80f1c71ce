// @ts-check
/**
 * The data health page: reads the catalog once, then shows the overview (`#/`) or one product
 * (`#/product/<id>`), following the address so the browser's back button and links work.
 */
import { CatalogError, apiKey, catalogShape, columnTrace, consumersOf, impactConsumers, listProducts, productDetail as fetchDetail, setApiKey } from './catalogApi.js';
import { h, replace } from './dom.js';
import { edgesOfProducts, oneEdgePerPair } from './neighbourhood.js';
import { productDetail } from './productDetail.js';
import { pageOf, productList } from './productList.js';

/** @typedef {import('./productList.js').ListState} ListState */
/** @typedef {import('./productList.js').Hub} Hub */

const main = /** @type {HTMLElement} */ (document.getElementById('main'));
const status = /** @type {HTMLElement} */ (document.getElementById('status'));

/** @type {ListState} */
let listState = { search: '', freshness: '', domain: '', layer: '', page: 0 };
/** @type {Hub} */
let hub = { products: [], edges: [], consumers: new Map() };
/** @type {import('./catalogApi.js').Shape | undefined} */
let shape;
/** @type {Map<string, number>} the version shown per product */
const versions = new Map();

/** @param {string} id */
function open(id) {
  location.hash = `#/product/${encodeURIComponent(id)}`;
}

/** @param {unknown} err */
function showError(err) {
  const message = err instanceof Error ? err.message : String(err);
  const needsKey = err instanceof CatalogError && (err.code === 'UNAUTHENTICATED' || err.code === 'FORBIDDEN');
  const key = h('input', { type: 'password', class: 'search', placeholder: 'API key', value: apiKey(), 'aria-label': 'API key' });
  replace(main, h('section', { class: 'card error-card' },
    h('h2', {}, needsKey ? 'This gateway needs an API key' : 'The catalog could not be read'),
    h('p', {}, message),
    needsKey ? h('form', {
      class: 'toolbar', onsubmit: (e) => {
        e.preventDefault();
        setApiKey(key.value.trim());
        void start();
      },
    }, key, h('button', { type: 'submit' }, 'Use key')) : h('button', { type: 'button', onclick: () => void start() }, 'Try again')));
}

/**
 * Asks for the consumers of `ids` not asked for yet, then calls `redraw` when some arrived.
 * @param {string[]} ids
 * @param {() => void} redraw
 */
function loadConsumers(ids, redraw) {
  if (!shape) return;
  const missing = ids.filter((id) => !hub.consumers.has(id));
  if (!missing.length) return;
  consumersOf(shape, missing).then((found) => {
    if (!found.size) return;
    for (const [id, list] of found) hub.consumers.set(id, list);
    redraw();
  }, () => undefined); // usage is extra: the page stands without it
}

function renderList() {
  const hadSearch = document.activeElement instanceof HTMLInputElement && document.activeElement.classList.contains('search');
  replace(main, productList(hub, listState, {
    onChange: (next) => {
      listState = next;
      renderList();
    },
    onOpen: open,
  }));
  document.title = 'Data health · Tessera';
  if (hadSearch) {
    const input = /** @type {HTMLInputElement | null} */ (main.querySelector('input.search'));
    input?.focus();
    input?.setSelectionRange(input.value.length, input.value.length);
  }
  const state = listState;
  loadConsumers(pageOf(hub.products, state).map((p) => p.id), () => {
    if (state === listState && !/^#\/product\//.test(location.hash)) renderList();
  });
}

/** @param {string} id */
async function renderProduct(id) {
  if (!shape) return;
  const here = `#/product/${encodeURIComponent(id)}`;
  status.textContent = `Loading ${id}…`;
  const detail = await fetchDetail(shape, id);
  status.textContent = '';
  if (location.hash !== here) return; // the reader moved on meanwhile
  if (!detail) {
    replace(main, h('section', { class: 'card' }, h('h2', {}, 'No such product'), h('p', {}, `The catalog has no product ${id}.`),
      h('a', { href: '#/' }, '← All products')));
    return;
  }
  /** @type {{ column?: string, trace?: import('./types.js').ColumnTrace | null }} */
  let traced = {};
  /** @type {import('./types.js').ImpactConsumer[] | null | undefined} */
  let readers;
  const draw = () => {
    const y = window.scrollY;
    replace(main, productDetail(hub, detail, {
      version: versions.get(id), column: traced.column, trace: traced.trace, readers, onOpen: open,
      onVersion: (v) => {
        versions.set(id, v);
        draw();
      },
      onColumn: (column) => {
        if (!shape) return;
        traced = { column };
        draw();
        columnTrace(shape, id, column).then((trace) => {
          if (traced.column !== column || location.hash !== here) return;
          traced = { column, trace };
          draw();
        }, (err) => {
          status.textContent = `Tracing ${column} failed: ${err instanceof Error ? err.message : String(err)}`;
        });
      },
    }));
    window.scrollTo(0, y);
  };
  window.scrollTo(0, 0);
  draw();
  document.title = `${id} · Data health · Tessera`;
  loadConsumers([id], () => {
    if (location.hash === here) draw();
  });
  impactConsumers(shape, id).then((found) => {
    readers = found;
    if (found?.length && location.hash === here) draw();
  }, () => undefined); // usage is extra: the page stands without it
}

/**
 * `#/product/<id>` opens a product; `#/product/<id>/v<N>` opens it on version N (the address the gateway's
 * deprecation `Link` headers point at).
 */
function route() {
  const match = /^#\/product\/([^/]+)(?:\/v(\d+))?$/.exec(location.hash);
  if (!match?.[1]) return renderList();
  const id = decodeURIComponent(match[1]);
  if (match[2]) {
    versions.set(id, Number(match[2]));
    history.replaceState(null, '', `#/product/${encodeURIComponent(id)}`);
  }
  renderProduct(id).catch(showError);
}

async function start() {
  status.textContent = 'Reading the catalog…';
  try {
    shape = await catalogShape();
    const { products, edges } = await listProducts(shape);
    hub = { products, edges: oneEdgePerPair(edges ?? edgesOfProducts(products)), consumers: new Map() };
    status.textContent = '';
    route();
  } catch (err) {
    status.textContent = '';
    showError(err);
  }
}

window.addEventListener('hashchange', route);
document.getElementById('refresh')?.addEventListener('click', () => void start());
void start();
