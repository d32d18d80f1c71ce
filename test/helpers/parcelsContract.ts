/** A contract of a domain the sample hub does not have (`logistics`), referencing the sample's orders. */
export const PARCELS_YAML = `product: parcels
domain: logistics
owner: logistics-team
description: One row per parcel handed to a carrier.
freshness: { warnAfter: 25h, errorAfter: 72h }
versions:
  - version: 1
    status: current
    primaryKey: [parcel_id]
    columns:
      - { name: parcel_id, type: string, description: Carrier tracking number., tests: [unique, not_null] }
      - { name: order_id, type: int64, description: The order shipped., references: sales.orders.order_id }
      - { name: carrier, type: string, description: Who carries it. }
      - { name: shipped_at, type: timestamp, description: When it left the warehouse (UTC). }
`;
