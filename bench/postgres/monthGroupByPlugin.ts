/**
 * Adds `…_TRUNCATED_TO_MONTH` to the group-by values of every timestamp column (`@graphile/pg-aggregates` ships hour
 * and day only), the way its documentation says to add a derivative: one more group-by spec, `date_trunc('month', …)`.
 * Q3 groups orders by status and month.
 */
export const MonthGroupByPlugin: GraphileConfig.Plugin = {
  name: 'TesseraBenchMonthGroupByPlugin',
  version: '1.0.0',
  after: ['PgAggregatesSpecsPlugin'],
  schema: {
    hooks: {
      build(build) {
        const { sql, dataplanPg, pgAggregateGroupBySpecs } = build;
        if (!sql || !dataplanPg || !pgAggregateGroupBySpecs) throw new Error('expected PgBasicsPlugin and @graphile/pg-aggregates to be loaded first');
        const { TYPES } = dataplanPg;
        pgAggregateGroupBySpecs.push({
          id: 'truncated-to-month',
          isSuitableType: (codec) => codec === TYPES.timestamp || codec === TYPES.timestamptz,
          sqlWrap: (fragment) => sql`date_trunc('month', ${fragment})`,
          sqlWrapCodec: (codec) => codec,
        });
        return build;
      },
    },
  },
};
