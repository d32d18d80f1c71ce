// @ts-check
/**
 * The data health page: reads the catalog once, then shows the overview (`#/`) or one product
 * (`#/product/<id>`), following the address so the browser's back button and links work.
 */
import { CatalogError, apiKey, catalogShape, listProducts, productDetail as fetchDetail, setApiKey } from './catalogApi.js';
import { h, replace } from './dom.js';
import { productDetail } from './productDetail.js';
import { productList } from './productList.js';

/** @typedef {import('./types.js').ProductSummary} ProductSummary */
/** @typedef {import('./productList.js').ListState} ListState */

const main = /** @type {HTMLElement} */ (document.getElementById('main'));
const status = /** @type {HTMLElement} */ (document.getElementById('status'));

/** @type {ListState} */
let listState = { search: '', freshness: '', domain: '', layer: '', page: 0 };
/** @type {ProductSummary[]} */
let products = [];
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

function renderList() {
  const hadSearch = document.activeElement instanceof HTMLInputElement && document.activeElement.classList.contains('search');
  replace(main, productList(products, listState, {
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
}

/** @param {string} id */
async function renderProduct(id) {
  if (!shape) return;
  status.textContent = `Loading ${id}…`;
  const detail = await fetchDetail(shape, id);
  status.textContent = '';
  if (location.hash !== `#/product/${encodeURIComponent(id)}`) return; // the reader moved on meanwhile
  if (!detail) {
    replace(main, h('section', { class: 'card' }, h('h2', {}, 'No such product'), h('p', {}, `The catalog has no product ${id}.`),
      h('a', { href: '#/' }, '← All products')));
    return;
  }
  const draw = () => replace(main, productDetail(products, detail, {
    version: versions.get(id), onOpen: open,
    onVersion: (v) => {
      versions.set(id, v);
      draw();
    },
  }));
  draw();
  document.title = `${id} · Data health · Tessera`;
  window.scrollTo(0, 0);
}

function route() {
  const match = /^#\/product\/(.+)$/.exec(location.hash);
  if (match?.[1]) renderProduct(decodeURIComponent(match[1])).catch(showError);
  else renderList();
}

async function start() {
  status.textContent = 'Reading the catalog…';
  try {
    shape = await catalogShape();
    products = await listProducts(shape);
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
