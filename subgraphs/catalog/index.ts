/** The catalog domain's subgraph: every product in schema/catalog/, generated from its contracts. */
import { startDomainSubgraph } from '../../engine/subgraph/startDomainSubgraph';

void startDomainSubgraph('catalog');
