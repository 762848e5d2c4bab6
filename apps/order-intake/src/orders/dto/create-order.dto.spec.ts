import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { VALIDATION_PIPE_OPTIONS } from '@surge/config';
import { CreateOrderDto } from './create-order.dto';

async function errorsOf(body: unknown): Promise<string[]> {
  const dto = plainToInstance(CreateOrderDto, body);
  const errors = await validate(dto as object, VALIDATION_PIPE_OPTIONS);
  const flatten = (list: typeof errors, path: string): string[] =>
    list.flatMap((e) => [
      ...Object.keys(e.constraints ?? {}).map(() => `${path}${e.property}`),
      ...flatten(e.children ?? [], `${path}${e.property}.`),
    ]);
  return [...new Set(flatten(errors, ''))];
}

const valid = { customerId: 'c-1', currency: 'EUR', items: [{ sku: 'SKU-1', quantity: 1 }] };

describe('CreateOrderDto', () => {
  it('accepts a valid order', async () => {
    expect(await errorsOf(valid)).toEqual([]);
  });

  it.each([
    ['missing customer', { ...valid, customerId: undefined }, 'customerId'],
    ['numeric customer', { ...valid, customerId: 42 }, 'customerId'],
    ['customer too long', { ...valid, customerId: 'c'.repeat(65) }, 'customerId'],
    ['lowercase currency', { ...valid, currency: 'eur' }, 'currency'],
    ['no items', { ...valid, items: [] }, 'items'],
    ['items not an array', { ...valid, items: { sku: 'A', quantity: 1 } }, 'items'],
    ['51 items', { ...valid, items: Array.from({ length: 51 }, () => ({ sku: 'A', quantity: 1 })) }, 'items'],
    ['zero quantity', { ...valid, items: [{ sku: 'A', quantity: 0 }] }, 'items.0.quantity'],
    ['quantity over the limit', { ...valid, items: [{ sku: 'A', quantity: 1001 }] }, 'items.0.quantity'],
    ['fractional quantity', { ...valid, items: [{ sku: 'A', quantity: 1.5 }] }, 'items.0.quantity'],
    ['quantity as a string', { ...valid, items: [{ sku: 'A', quantity: '1' }] }, 'items.0.quantity'],
    ['sku with a space', { ...valid, items: [{ sku: 'A B', quantity: 1 }] }, 'items.0.sku'],
    ['unknown field', { ...valid, discount: 100 }, 'discount'],
    ['unknown item field', { ...valid, items: [{ sku: 'A', quantity: 1, price: 0 }] }, 'items.0.price'],
  ])('rejects %s, naming %s', async (_, body, field) => {
    expect(await errorsOf(body)).toContain(field);
  });
});
