/** The sales domain's subgraph: every product in schema/sales/, generated from its contracts. */
import { startDomainSubgraph } from '../../engine/subgraph/startDomainSubgraph';

void startDomainSubgraph('sales');
