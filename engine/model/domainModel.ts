import type { ProductContract } from '../contract/types';
import type { ProductModel } from './productModel';
import { buildProductModels } from './productModel';
import type { ReferenceModel } from './relations';
import { findReferences } from './relations';

/** Everything one domain subgraph serves, derived from contracts: the resolvers use the same model as the SDL. */
export interface DomainModel {
  domain: string;
  products: ProductModel[];
  /** References from this domain's products, to entities of any domain. */
  references: ReferenceModel[];
}

/**
 * Builds the model of one domain from its contracts and every contract of the hub (references may cross domains).
 * @throws Error when `contracts` is empty or spans several domains.
 */
export function buildDomainModel(contracts: ProductContract[], allContracts: ProductContract[]): DomainModel {
  const domains = [...new Set(contracts.map((c) => c.domain))];
  if (domains.length !== 1) throw new Error(`expected the contracts of exactly one domain, got ${domains.length ? domains.join(', ') : 'none'}`);
  const products = buildProductModels(contracts);
  const all = buildProductModels(allContracts.some((c) => c.domain === domains[0]) ? allContracts : [...allContracts, ...contracts]);
  return { domain: domains[0]!, products, references: findReferences(products, all) };
}
