import { buildSchema, parse, validate } from 'graphql';
import { knownOperationTypesRule } from '../../gateway/knownOperationTypesRule';

const SCHEMA = buildSchema(`
  type Query { a: Int }
  type Mutation { subscribeWebhook: Boolean deleteWebhookSubscription: Boolean dropEverything: Boolean }
`);
const READ_ONLY = buildSchema('type Query { a: Int }');

const messages = (schema: typeof SCHEMA, doc: string): string[] => validate(schema, parse(doc), [knownOperationTypesRule()]).map((e) => e.message);

describe('knownOperationTypesRule', () => {
  it('lets queries and the subscription mutations through, alone or together, through fragments', () => {
    expect(messages(SCHEMA, '{ a }')).toEqual([]);
    expect(messages(SCHEMA, 'mutation { subscribeWebhook deleteWebhookSubscription __typename }')).toEqual([]);
    expect(messages(SCHEMA, 'mutation { ...M } fragment M on Mutation { ... on Mutation { deleteWebhookSubscription } }')).toEqual([]);
  });

  it('refuses any other mutation field the schema has, however it is selected', () => {
    const expected = ['expected a query operation, or a mutation of only subscribeWebhook or deleteWebhookSubscription, got a mutation operation selecting "dropEverything"'];
    expect(messages(SCHEMA, 'mutation { dropEverything }')).toEqual(expected);
    expect(messages(SCHEMA, 'mutation { subscribeWebhook ...M } fragment M on Mutation { ... { dropEverything } }')).toEqual(expected);
  });

  it('refuses subscriptions, and mutations where the schema has no mutation type', () => {
    expect(messages(SCHEMA, 'subscription { a }')).toEqual(['expected a query operation (this API has no subscription type), got a subscription operation']);
    expect(messages(READ_ONLY, 'mutation { subscribeWebhook }')).toEqual(['expected a query operation (this API has no mutation type), got a mutation operation']);
  });
});
