import type { ContractFinding } from './contractFinding';
import { ContractError } from './contractFinding';
import type { DomainRegistry } from './domainRegistry';
import { PLATFORM_SUBGRAPH_NAME, readDomainRegistry } from './domainRegistry';
import { listDomains } from './loadContracts';

/**
 * Where the registry and the schema folder disagree: a domain folder without an entry, an entry without a domain
 * folder, a domain folder named like the platform catalog, no entry for the platform catalog. A missing entry's
 * finding suggests a free port, so adding a domain never means moving another one.
 */
export function domainRegistryFindings(registry: DomainRegistry, domains: readonly string[]): ContractFinding[] {
  const findings: ContractFinding[] = [];
  const declared = new Set(registry.subgraphs.map((s) => s.name));
  const nextPort = Math.max(4000, ...registry.subgraphs.map((s) => s.port)) + 1;
  for (const domain of domains) {
    if (domain === PLATFORM_SUBGRAPH_NAME) {
      findings.push({ file: registry.file, path: `/subgraphs/${domain}`, rule: 'registry/reserved_name', message: `expected no domain folder named "${domain}" (the platform catalog's subgraph), found schema/${domain}/` });
    } else if (!declared.has(domain)) {
      findings.push({ file: registry.file, path: '/subgraphs', line: 1, rule: 'registry/missing_domain', message: `expected an entry for the domain in schema/${domain}/, found none; add "${domain}: { port: ${nextPort} }" (a port no other subgraph uses)` });
    }
  }
  for (const s of registry.subgraphs) {
    if (s.name !== PLATFORM_SUBGRAPH_NAME && !domains.includes(s.name)) {
      findings.push({ file: registry.file, path: `/subgraphs/${s.name}`, line: s.line, rule: 'registry/unknown_domain', message: `expected a domain folder schema/${s.name}/ with contracts for this entry, found none` });
    }
  }
  if (!declared.has(PLATFORM_SUBGRAPH_NAME)) {
    findings.push({ file: registry.file, path: '/subgraphs', line: 1, rule: 'registry/missing_platform', message: `expected an entry for the platform catalog "${PLATFORM_SUBGRAPH_NAME}", found none` });
  }
  return findings;
}

/** The registry's findings for `tessera check`: parse errors, or disagreements with the domain folders. */
export async function checkDomainRegistry(schemaDir: string): Promise<ContractFinding[]> {
  try {
    return domainRegistryFindings(await readDomainRegistry(schemaDir), await listDomains(schemaDir));
  } catch (err) {
    if (err instanceof ContractError) return err.findings;
    throw err;
  }
}

/**
 * The registry of `schemaDir`, checked against its domain folders: what npm start, the subgraphs and composition read.
 * @throws ContractError when it is missing, invalid or disagrees with the folders.
 */
export async function loadDomainRegistry(schemaDir: string): Promise<DomainRegistry> {
  const registry = await readDomainRegistry(schemaDir);
  const findings = domainRegistryFindings(registry, await listDomains(schemaDir));
  if (findings.length) throw new ContractError(findings);
  return registry;
}
