/**
 * The search page's script: runs the query of the form (and of `?q=`) through Pagefind's
 * browser API and lists the posts that match. Pagefind (its script, wasm and the index chunks it
 * fetches) loads on first use: when the field gets focus or input, or when the page opens with a
 * query. Without JavaScript the page is a plain form with a pointer to the archive.
 */
import { resultCountMessage, searchHit, type PagefindData, type SearchHit, type Segment } from './results.ts';

interface Pagefind {
  init(): Promise<void>;
  search(query: string): Promise<{ results: { id: string; data(): Promise<PagefindData> }[] } | null>;
  preload(query: string): Promise<void>;
}

/** Results shown at once; each costs one fragment request. */
const MAX_RESULTS = 20;
/** Typing pauses this long (ms) before a search runs. */
const DEBOUNCE_MS = 200;

let loading: Promise<Pagefind> | undefined;
function loadPagefind(): Promise<Pagefind> {
  // A URL the bundler leaves alone: the index is written after the bundle, by the search integration.
  const url = '/pagefind/pagefind.js';
  loading ??= (import(/* @vite-ignore */ url) as Promise<Pagefind>).then(async (pagefind) => {
    await pagefind.init();
    return pagefind;
  });
  return loading;
}

function segmentsInto(parent: HTMLElement, segments: Segment[]): HTMLElement {
  for (const { text, marked } of segments) {
    if (!marked) parent.append(text);
    else {
      const mark = document.createElement('mark');
      mark.textContent = text;
      parent.append(mark);
    }
  }
  return parent;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  return node;
}

function link(href: string, text: string): HTMLAnchorElement {
  const a = el('a');
  a.href = href;
  a.textContent = text;
  return a;
}

function renderHit(hit: SearchHit): HTMLLIElement {
  const item = el('li', 'search-result');
  const title = el('h2');
  title.append(link(hit.url, hit.title));
  item.append(title);
  if (hit.excerpt.length > 0) item.append(segmentsInto(el('p', 'excerpt'), hit.excerpt));
  if (hit.sections.length > 0) {
    const sections = el('ul', 'sections');
    for (const section of hit.sections) {
      const li = el('li');
      li.append(link(section.url, section.title), segmentsInto(el('p', 'excerpt'), section.excerpt));
      sections.append(li);
    }
    item.append(sections);
  }
  return item;
}

export function enhanceSearch(form: HTMLFormElement): void {
  const input = form.querySelector<HTMLInputElement>('input[name="q"]')!;
  const status = document.getElementById(form.dataset.status!)!;
  const list = document.getElementById(form.dataset.results!) as HTMLOListElement;
  const help = document.querySelector<HTMLElement>('[data-search-help]');
  if (help) help.hidden = true;

  let run = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const search = async (query: string) => {
    const mine = ++run;
    const url = new URL(location.href);
    if (query) url.searchParams.set('q', query);
    else url.searchParams.delete('q');
    history.replaceState(null, '', url);
    if (!query) {
      list.replaceChildren();
      status.textContent = '';
      return;
    }
    try {
      const pagefind = await loadPagefind();
      const found = await pagefind.search(query);
      const results = found?.results ?? [];
      const hits = await Promise.all(results.slice(0, MAX_RESULTS).map(async (r) => searchHit(await r.data())));
      if (mine !== run) return; // overtaken by a newer query
      list.replaceChildren(...hits.map(renderHit));
      const shown = results.length > MAX_RESULTS ? ` Showing the first ${MAX_RESULTS}.` : '';
      status.textContent = resultCountMessage(results.length, query) + shown;
    } catch {
      if (mine !== run) return;
      list.replaceChildren();
      loading = undefined; // try again on the next query
      status.textContent = 'Search is unavailable: its index could not be loaded.';
      if (help) {
        help.hidden = false;
        help.querySelector<HTMLElement>('[data-search-no-js]')?.remove();
      }
    }
  };

  const warm = () => void loadPagefind().catch(() => undefined);
  input.addEventListener('focus', warm, { once: true });
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void search(input.value.trim()), DEBOUNCE_MS);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    void search(input.value.trim());
  });
  const initial = new URL(location.href).searchParams.get('q')?.trim() ?? '';
  if (initial) {
    input.value = initial;
    void search(initial);
  }
}
