import { localUrl } from '../engine/localUrl';

it('brackets IPv6 hosts and connects to loopback for wildcard listeners', () => {
  expect(localUrl('127.0.0.1', 4000, '/graphql')).toBe('http://127.0.0.1:4000/graphql');
  expect(localUrl('0.0.0.0', 4001)).toBe('http://127.0.0.1:4001');
  expect(localUrl('::', 4002, '/x')).toBe('http://[::1]:4002/x');
  expect(localUrl('fe80::1', 4003)).toBe('http://[fe80::1]:4003');
  expect(localUrl('sales', 4001, '/graphql')).toBe('http://sales:4001/graphql');
});
