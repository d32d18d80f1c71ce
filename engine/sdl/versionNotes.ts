import type { ProductModel } from '../model/productModel';

/**
 * The `@deprecated` reason of a product version's query fields: `"<reason>; sunset <date>"` for a deprecated
 * version, `"retired: ..."` for a retired one (its fields stay so a query gets VERSION_RETIRED rather than a
 * validation error), undefined for the current version.
 */
export function deprecationReason(model: ProductModel): string | undefined {
  const v = model.version;
  if (v.status === 'current') return undefined;
  const reason = v.deprecationReason ?? `superseded by a newer major version of ${model.qualified}`;
  const sunset = v.sunset ? `; sunset ${v.sunset}` : '';
  return v.status === 'retired' ? `retired: ${reason}${sunset}` : `${reason}${sunset}`;
}

/** The description of a product version's entity type. */
export function typeDescription(model: ProductModel): string {
  const c = model.contract;
  const lines = [
    c.description,
    '',
    `Data product \`${model.qualified}\`, version ${model.version.version} (${model.version.status}), owned by \`${c.owner}\`.`,
    `Freshness SLO: warn after ${c.freshness.warnAfter}, error after ${c.freshness.errorAfter}. Primary key: ${model.version.primaryKey.join(', ')}.`,
  ];
  const reason = deprecationReason(model);
  if (reason) lines.push(`Deprecated: ${reason}.`);
  return lines.join('\n');
}
