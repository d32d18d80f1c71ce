import { ErrorCode, TesseraError } from '../errors';

/** One problem found in a contract: where it is and what was expected against what was found. */
export interface ContractFinding {
  file: string;
  /** JSON-pointer-like path inside the document, e.g. `/versions/0/columns/2/type`. */
  path: string;
  /** 1-based line in the YAML file, when known. */
  line?: number;
  /** Short rule name, e.g. `schema`, `naming/snake_case`, `breaking/removed_column`. */
  rule: string;
  message: string;
}

/** Renders a finding the way compilers do: `file:line path: message [rule]`. */
export function formatFinding(f: ContractFinding): string {
  const where = f.line === undefined ? f.file : `${f.file}:${f.line}`;
  return `${where} ${f.path || '/'}: ${f.message} [${f.rule}]`;
}

/** Thrown when contracts are invalid; carries every finding, not just the first. */
export class ContractError extends TesseraError {
  constructor(readonly findings: ContractFinding[]) {
    super(ErrorCode.CONTRACT_INVALID, findings.map(formatFinding).join('\n'));
    this.name = 'ContractError';
  }
}
