import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import { lineOf } from './parseContract';

/**
 * A function giving the 1-based line of a JSON pointer in a contract file, for findings raised after parsing (lint,
 * breaking changes). Files are read once per locator; an unreadable file gives no line rather than an error.
 */
export function lineLocator(): (file: string, pointer: string) => Promise<number | undefined> {
  const docs = new Map<string, Promise<((pointer: string) => number | undefined) | undefined>>();
  return async (file, pointer) => {
    let located = docs.get(file);
    if (!located) {
      located = readFile(file, 'utf8').then((text) => {
        const counter = new LineCounter();
        const doc = parseDocument(text, { lineCounter: counter });
        return (p: string) => lineOf(doc, counter, p);
      }, () => undefined);
      docs.set(file, located);
    }
    return (await located)?.(pointer);
  };
}
