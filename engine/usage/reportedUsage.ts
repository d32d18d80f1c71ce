import type { ScanUsage } from './scanUsage';
import { isScanUsage } from './scanUsage';
import type { FieldRead } from './usageRequest';

/** The response header a subgraph's export reports what it read in, for the gateway's usage log. */
export const USAGE_HEADER = 'x-tessera-usage';

/** The operation the usage log records an export as: no GraphQL operation can be named so. */
export const EXPORT_OPERATION = '/export';

/** What a subgraph's export read: the fields (columns) of the product version it wrote, and what its SQL scanned. */
export interface ReportedUsage {
  fields: FieldRead[];
  scans: ScanUsage[];
}

function isFieldRead(value: unknown): value is FieldRead {
  const o = value as Partial<FieldRead> | null;
  return !!o && typeof o.product === 'string' && typeof o.version === 'number' && typeof o.field === 'string'
    && (o.column === null || typeof o.column === 'string');
}

/** The {@link USAGE_HEADER} of a subgraph's answer, read leniently: what is malformed counts nothing. */
export function parseReportedUsage(header: string | undefined): ReportedUsage {
  try {
    const parsed = JSON.parse(header ?? '{}') as { fields?: unknown; scans?: unknown };
    return {
      fields: Array.isArray(parsed.fields) ? parsed.fields.filter(isFieldRead) : [],
      scans: Array.isArray(parsed.scans) ? parsed.scans.filter(isScanUsage) : [],
    };
  } catch {
    return { fields: [], scans: [] };
  }
}
