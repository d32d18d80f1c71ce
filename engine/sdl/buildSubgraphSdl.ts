import type { ProductContract } from '../contract/types';
import type { DomainModel } from '../model/domainModel';
import { buildDomainModel } from '../model/domainModel';
import type { ProductModel } from '../model/productModel';
import { aggregateSdl } from './aggregateSdl';
import { changesSdl } from './changesSdl';
import { commonSdl } from './commonSdl';
import { argList, columnField, keyDirective, listArgs, productSdl, reverseField, snapshotArgs } from './productSdl';
import type { ReferenceModel } from '../model/relations';
import { deprecated, describe } from './sdlText';
import { deprecationReason } from './versionNotes';

function queryFields(model: ProductModel): string {
  const dep = deprecated(deprecationReason(model));
  const t = model.typeName;
  const keyArgs = model.primaryKey.map((k) => `${k.field}: ${k.scalar}!`);
  return [
    `${describe(`Rows of \`${model.qualified}\` v${model.version.version}, filtered, sorted and paged (null with an error when it cannot be served).`, '  ')}  ${model.listField}${listArgs(model, true)}: ${t}Connection${dep}`,
    `${describe(`One row of \`${model.qualified}\` v${model.version.version} by primary key, or null.`, '  ')}  ${model.lookupField}${argList([...keyArgs, ...snapshotArgs()])}: ${t}${dep}`,
    `${describe(`Grouped aggregates of \`${model.qualified}\` v${model.version.version}; one group of all rows without groupBy (null with an error when it cannot be served).`, '  ')}  ${model.aggregateField}${argList([`where: ${t}Filter`, `groupBy: [${t}GroupBy!]`, ...snapshotArgs()])}: [${t}AggregateGroup!]${dep}`,
    `${describe(`The rows of \`${model.qualified}\` v${model.version.version} added, removed and changed between two snapshots, by primary key, in key order (null with an error when it cannot be served).`, '  ')}  ${model.changesField}${argList(['"The snapshot id changes are counted from." from: String!', '"The snapshot id changes are counted to." to: String!', '"Only these kinds of change; default all." kinds: [ChangeKind!]', '"Page size; default TESSERA_DEFAULT_PAGE_SIZE, at most TESSERA_MAX_PAGE_SIZE." first: Int', '"Cursor of the change to start after." after: String'])}: ${t}ChangeConnection${dep}`,
  ].join('\n');
}

/** Stubs of other domains' entities this domain references, carrying the reverse relations it adds to them. */
function externalStubs(model: DomainModel): string[] {
  const byType = new Map<string, ReferenceModel[]>();
  for (const r of model.references.filter((x) => x.target.contract.domain !== model.domain)) {
    byType.set(r.target.typeName, [...(byType.get(r.target.typeName) ?? []), r]);
  }
  return [...byType.values()].map((refs) => {
    const target = refs[0]!.target;
    const doc = `\`${target.qualified}\` v${target.version.version}, served by the ${target.contract.domain} subgraph; this subgraph adds the relations below.`;
    const fields = [...target.primaryKey.map(columnField), ...refs.map(reverseField)];
    return `${describe(doc)}type ${target.typeName} ${keyDirective(target)} {\n${fields.join('\n')}\n}`;
  });
}

/** The SDL of a domain model (see {@link buildSubgraphSdl}). */
export function domainSdl(model: DomainModel): string {
  const parts = [commonSdl()];
  for (const p of model.products) {
    const forward = model.references.filter((r) => r.from === p);
    const reverse = model.references.filter((r) => r.target.typeName === p.typeName && r.target.contract.domain === model.domain);
    parts.push(productSdl(p, forward, reverse), aggregateSdl(p), changesSdl(p));
  }
  parts.push(...externalStubs(model));
  parts.push(`type Query {\n${model.products.map(queryFields).join('\n')}\n}`);
  return `${parts.join('\n\n')}\n`;
}

/**
 * The Federation 2 subgraph SDL of one domain, generated from its contracts: one entity type per product and major
 * version, list/lookup/aggregate query fields, references to other domains' entities and reverse relations on them.
 * `allContracts` holds every domain's contracts so references resolve; the output is deterministic (the committed
 * `schema/<domain>/subgraph.graphql` is compared against it).
 */
export function buildSubgraphSdl(contracts: ProductContract[], allContracts: ProductContract[]): string {
  return domainSdl(buildDomainModel(contracts, allContracts));
}
