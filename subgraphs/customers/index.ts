/** The customers domain's subgraph: every product in schema/customers/, generated from its contracts. */
import { startDomainSubgraph } from '../../engine/subgraph/startDomainSubgraph';

void startDomainSubgraph('customers');
