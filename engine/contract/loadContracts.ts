import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { ContractFinding } from './contractFinding';
import { ContractError } from './contractFinding';
import { parseContract } from './parseContract';
import type { ProductContract } from './types';

/**
 * Loads every contract of one domain (`<schemaDir>/<domain>/*.yaml`) or, without a domain, of all domains. Files are
 * listed explicitly and sorted, so the order (and the generated schema) is stable.
 * @throws ContractError with the findings of every invalid file, and when a file's `domain` differs from its folder.
 */
export async function loadContracts(schemaDir: string, domain?: string): Promise<ProductContract[]> {
  const domains = domain ? [domain] : await listDomains(schemaDir);
  const contracts: ProductContract[] = [];
  const findings: ContractFinding[] = [];
  for (const d of domains) {
    const dir = join(schemaDir, d);
    const files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
    for (const f of files) {
      const path = join(dir, f);
      const file = relative(process.cwd(), path) || path;
      try {
        const contract = parseContract(file, await readFile(path, 'utf8'));
        if (contract.domain !== d) {
          findings.push({ file, path: '/domain', rule: 'domain/folder', message: `expected domain "${d}" (the folder it is in), found "${contract.domain}"` });
        }
        contracts.push(contract);
      } catch (err) {
        if (err instanceof ContractError) findings.push(...err.findings);
        else throw err;
      }
    }
  }
  if (findings.length) throw new ContractError(findings);
  return contracts;
}

/** The domain folders under the schema directory: every folder holding at least one YAML contract. */
export async function listDomains(schemaDir: string): Promise<string[]> {
  const entries = await readdir(schemaDir, { withFileTypes: true });
  const domains: string[] = [];
  for (const e of entries.filter((x) => x.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const files = await readdir(join(schemaDir, e.name));
    if (files.some((f) => /\.ya?ml$/.test(f))) domains.push(e.name);
  }
  return domains;
}
