import { ConfigError, DEVELOPMENT_SECRET, readConfig } from '../../engine/config';
import { readGatewayConfig } from '../../gateway/gatewayConfig';

describe('the published development secret', () => {
  it('is accepted only in local development: not production, listening on loopback only', () => {
    expect(readConfig({}).gatewaySecret).toBe(DEVELOPMENT_SECRET);
    expect(readConfig({ TESSERA_HOST: '::1' }).gatewaySecret).toBe(DEVELOPMENT_SECRET);
    expect(readConfig({ TESSERA_HOST: 'localhost' }).gatewaySecret).toBe(DEVELOPMENT_SECRET);
    for (const env of [{ TESSERA_HOST: '0.0.0.0' }, { TESSERA_HOST: '10.0.0.5' }, { TESSERA_HOST: '::' }, { NODE_ENV: 'production' },
      { TESSERA_HOST: '0.0.0.0', TESSERA_GATEWAY_SECRET: DEVELOPMENT_SECRET }]) {
      expect(() => readConfig(env)).toThrow(ConfigError);
      expect(() => readConfig(env)).toThrow(/TESSERA_GATEWAY_SECRET: expected a secret of your own outside local development/);
    }
    expect(readConfig({ TESSERA_HOST: '0.0.0.0', TESSERA_GATEWAY_SECRET: 'a-secret-of-our-own' }).gatewaySecret).toBe('a-secret-of-our-own');
    expect(() => readConfig({ TESSERA_GATEWAY_SECRET: '' })).toThrow(/a non-empty secret/);
  });

  it('is refused by a gateway calling a subgraph on another machine', () => {
    expect(() => readGatewayConfig({ TESSERA_SUBGRAPH_URLS: 'sales=http://sales.internal:4001/graphql' }))
      .toThrow(/TESSERA_GATEWAY_SECRET: expected a secret of your own when a subgraph is not on loopback \(sales is not\)/);
    expect(readGatewayConfig({ TESSERA_SUBGRAPH_URLS: 'sales=http://127.0.0.1:4001/graphql' }).gatewaySecret).toBe(DEVELOPMENT_SECRET);
    expect(readGatewayConfig({ TESSERA_SUBGRAPH_URLS: 'sales=http://sales.internal:4001/graphql', TESSERA_GATEWAY_SECRET: 's3cret' }).gatewaySecret).toBe('s3cret');
  });
});
