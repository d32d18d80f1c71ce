import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import type { IncomingHttpHeaders } from 'node:http';
import type { HttpAnswer } from './httpPost';

/** What `@apollo/gateway`'s fetcher resolves with: the fetch `Response` interface it reads. */
export type FetcherResponse = Awaited<ReturnType<RemoteGraphQLDataSource['fetcher']>>;
type FetcherHeaders = FetcherResponse['headers'];

/** Response headers with lower-cased names, as `node:http` gives them, behind the fetch `Headers` interface. */
class AnswerHeaders implements FetcherHeaders {
  private readonly map = new Map<string, string>();

  constructor(headers: IncomingHttpHeaders) {
    for (const [name, value] of Object.entries(headers)) {
      if (value !== undefined) this.map.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
  }

  append(name: string, value: string): void {
    const key = name.toLowerCase();
    const had = this.map.get(key);
    this.map.set(key, had === undefined ? value : `${had}, ${value}`);
  }

  delete(name: string): void {
    this.map.delete(name.toLowerCase());
  }

  get(name: string): string | null {
    return this.map.get(name.toLowerCase()) ?? null;
  }

  has(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }

  set(name: string, value: string): void {
    this.map.set(name.toLowerCase(), value);
  }

  entries(): IterableIterator<[string, string]> {
    return this.map.entries();
  }

  keys(): IterableIterator<string> {
    return this.map.keys();
  }

  values(): IterableIterator<string> {
    return this.map.values();
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.map.entries();
  }
}

/**
 * A subgraph's answer, already read whole, behind the fetch `Response` interface `@apollo/gateway` reads: its JSON
 * is parsed straight from the bytes, without building a WHATWG `Response` and its body stream per subgraph fetch.
 * The body can be read once, as with fetch.
 */
export class AnswerResponse implements FetcherResponse {
  readonly headers: FetcherHeaders;
  readonly redirected = false;
  private used = false;

  constructor(readonly url: string, private readonly answer: HttpAnswer, readonly status: number = answer.status) {
    this.headers = new AnswerHeaders(answer.headers);
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  get statusText(): string {
    return this.answer.statusText;
  }

  get bodyUsed(): boolean {
    return this.used;
  }

  async text(): Promise<string> {
    return this.take().toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const body = this.take();
    return body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer;
  }

  clone(): FetcherResponse {
    if (this.used) throw new TypeError('expected a response whose body was not read yet, got one already read');
    return new AnswerResponse(this.url, this.answer, this.status);
  }

  private take(): Buffer {
    if (this.used) throw new TypeError('expected a response whose body was not read yet, got one already read');
    this.used = true;
    return this.answer.body;
  }
}
