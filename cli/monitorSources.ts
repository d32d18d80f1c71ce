import type { RecipientSourceFactory } from '../engine/governance/recipientSources';
import { recentReaderSource, selfServiceSubscriptionSource } from '../engine/subscriptions/monitorRecipientSources';

/**
 * Where the monitor's events go beyond `schema/owners.yaml` (its owners and the contracts' subscribers, always
 * asked first): one factory per source, each built once when the monitor starts. Self-service subscriptions of API
 * key holders and the recent readers of a version (`readerRecipients` over the usage log) are listed here; routing
 * unions every source's channels, each channel once (docs/governance.md, "Routing").
 */
export const MONITOR_RECIPIENT_SOURCES: readonly RecipientSourceFactory[] = [selfServiceSubscriptionSource, recentReaderSource];
