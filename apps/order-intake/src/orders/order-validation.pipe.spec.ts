import { BadRequestException, type ArgumentMetadata, type ValidationPipe } from '@nestjs/common';
import fc from 'fast-check';
import { VALIDATION_PIPE_OPTIONS } from '@surge/config';
import { ORDER_LIMITS } from '@surge/contracts';
import { BoundedValidationPipe } from '../errors/bounded-problems';
import { CreateOrderDto } from './dto/create-order.dto';
import { OrderValidationPipe } from './order-validation.pipe';

const body: ArgumentMetadata = { type: 'body', metatype: CreateOrderDto };
const lean = new OrderValidationPipe();
const full = new BoundedValidationPipe(VALIDATION_PIPE_OPTIONS);

/** What a client would see: the instance's fields, or the 400's body. */
async function outcome(pipe: ValidationPipe, value: unknown): Promise<unknown> {
  try {
    const dto = (await pipe.transform(structuredClone(value), body)) as CreateOrderDto;
    return { accepted: dto instanceof CreateOrderDto, dto: JSON.parse(JSON.stringify(dto)) as unknown };
  } catch (error) {
    if (!(error instanceof BadRequestException)) throw error;
    return { refused: error.getResponse() };
  }
}

const id = fc.oneof(
  fc.stringMatching(new RegExp(`^[A-Za-z0-9][A-Za-z0-9._:-]{0,${ORDER_LIMITS.maxIdLength + 2}}$`)),
  fc.string(),
);
const near = (max: number) => fc.oneof(fc.integer({ min: -2, max: max + 2 }), fc.double(), fc.constant('1'));
const line = fc.oneof(
  fc.record(
    { sku: fc.oneof(id, fc.integer()), quantity: near(ORDER_LIMITS.maxQuantity), extra: fc.jsonValue() },
    { requiredKeys: [] },
  ),
  fc.jsonValue(),
);
const order = fc.record(
  {
    customerId: fc.oneof(id, fc.jsonValue()),
    currency: fc.oneof(fc.constantFrom('EUR', 'USD', 'eur', 'EURO', ''), fc.jsonValue()),
    items: fc.oneof(fc.array(line, { maxLength: ORDER_LIMITS.maxItems + 2 }), fc.jsonValue()),
    note: fc.jsonValue(),
  },
  { requiredKeys: [] },
);

describe('OrderValidationPipe', () => {
  it('accepts a valid order as a CreateOrderDto', async () => {
    const valid = { customerId: 'c-1', currency: 'EUR', items: [{ sku: 'SKU-1', quantity: 2 }] };
    expect(await outcome(lean, valid)).toEqual({ accepted: true, dto: valid });
  });

  it('answers every body exactly as the full pipe with the same options does', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(order, fc.jsonValue()), async (value) => {
        expect(await outcome(lean, value)).toEqual(await outcome(full, value));
      }),
      { numRuns: 2000 },
    );
  });
});
