import { placeInColumn } from '../../engine/query/columnDomain';
import { edgesColumn } from './helpers/edgesModel';

const col = edgesColumn;

describe('placing a value in a column\'s domain', () => {
  it('places values in decimal and timestamp domains', () => {
    expect(placeInColumn(col('price'), '99999999.995')).toEqual({ below: '99999999.99', above: undefined });
    expect(placeInColumn(col('price'), '-99999999.995')).toEqual({ below: undefined, above: '-99999999.99' });
    expect(placeInColumn(col('price'), '100000000')).toEqual({ below: '99999999.99', above: undefined });
    expect(placeInColumn(col('price'), '0.001')).toEqual({ below: '0.00', above: '0.01' });
    expect(placeInColumn(col('whole'), '0.5')).toEqual({ below: '0', above: '1' });
    expect(placeInColumn(col('at'), '1969-12-31 23:59:59.9999995')).toEqual({ below: '1969-12-31 23:59:59.999999', above: '1970-01-01 00:00:00.000000' });
    expect(placeInColumn(col('label'), 'x')).toEqual({ exact: 'x' });
  });
});
