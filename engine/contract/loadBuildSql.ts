import { readFile } from 'node:fs/promises';
import { ContractError } from './contractFinding';
import type { ProductContract } from './types';

/**
 * Reads the SQL file a contract's `build.sql` names (beside the contract) into `build.text`. A contract without a
 * build step, or whose text is already read, is returned as it is.
 * @throws ContractError (rule `build/sql_file`) when the file cannot be read or is empty.
 */
export async function loadBuildSql(contract: ProductContract): Promise<ProductContract> {
  const build = contract.build;
  if (!build || build.text !== undefined) return contract;
  const text = await readFile(build.path, 'utf8').catch(() => undefined);
  if (text === undefined || !text.trim()) {
    throw new ContractError([{
      file: contract.file, path: '/build/sql', rule: 'build/sql_file',
      message: `expected a readable, non-empty SQL file "${build.sql}" beside the contract, found ${text === undefined ? 'no such file' : 'an empty file'}`,
    }]);
  }
  return { ...contract, build: { ...build, text } };
}
