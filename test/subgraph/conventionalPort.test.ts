import { conventionalPort } from '../../engine/subgraph/conventionalPort';

it('puts the domains in name order from the base port and the platform catalog after them', () => {
  const domains = ['sales', 'catalog', 'customers'];
  expect(['catalog', 'customers', 'sales', 'platform'].map((n) => conventionalPort(4001, domains, n))).toEqual([4001, 4002, 4003, 4004]);
  expect(conventionalPort(4001, [...domains, 'platform'], 'platform')).toBe(4004);
});
