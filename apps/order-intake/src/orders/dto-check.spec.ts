import fc from 'fast-check';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidatorOptions } from 'class-validator';
import { VALIDATION_PIPE_OPTIONS } from '@surge/config';
import { ORDER_LIMITS } from '@surge/contracts';
import { CreateOrderDto } from './dto/create-order.dto';
import { DtoCheck } from './dto-check';

// As Nest's ValidationPipe hands them to class-validator.
const { whitelist, forbidNonWhitelisted, validationError } = VALIDATION_PIPE_OPTIONS;
const options: ValidatorOptions = { forbidUnknownValues: false, whitelist, forbidNonWhitelisted, validationError };
const check = new DtoCheck(options);
const instance = (body: unknown) => plainToInstance(CreateOrderDto, body) as object;

const validId = fc.stringMatching(new RegExp(`^[A-Za-z0-9][A-Za-z0-9._:-]{0,${ORDER_LIMITS.maxIdLength - 1}}$`));
const validContact = fc.record(
  {
    email: fc.stringMatching(ORDER_LIMITS.emailPattern).filter((e) => e.length <= ORDER_LIMITS.maxEmailLength),
    phone: fc.stringMatching(ORDER_LIMITS.phonePattern),
  },
  { requiredKeys: [] },
);
const validOrder = fc.record(
  {
    customerId: validId,
    currency: fc.constant('EUR'),
    items: fc.array(fc.record({ sku: validId, quantity: fc.integer({ min: 1, max: ORDER_LIMITS.maxQuantity }) }), {
      minLength: 1,
      maxLength: ORDER_LIMITS.maxItems,
    }),
    contact: validContact,
  },
  { requiredKeys: ['customerId', 'currency', 'items'] },
);
// Each field of a valid order, alone, gone wrong in one of the ways a body can.
const near = (max: number) => fc.oneof(fc.integer({ min: -1, max: max + 1 }), fc.double(), fc.constant('1'));
const id = fc.oneof(validId, fc.string({ maxLength: ORDER_LIMITS.maxIdLength + 2 }), fc.integer());
const line = fc.oneof(
  fc.record({ sku: id, quantity: near(ORDER_LIMITS.maxQuantity) }, { requiredKeys: [] }),
  fc.record({ sku: validId, quantity: fc.constant(1), extra: fc.jsonValue() }),
  fc.jsonValue(),
);
const broken = fc.oneof(
  fc.record({ customerId: id }),
  fc.record({ currency: fc.constantFrom('USD', 'eur', '', 1) }),
  fc.record({ items: fc.oneof(fc.array(line, { maxLength: ORDER_LIMITS.maxItems + 1 }), fc.jsonValue()) }),
  fc.record({ contact: fc.oneof(fc.record({ email: fc.string(), phone: fc.string() }), fc.jsonValue()) }),
  fc.record({ note: fc.jsonValue() }),
);
const order = fc.oneof(
  validOrder,
  fc.tuple(validOrder, broken).map(([valid, wrong]) => ({ ...valid, ...wrong })),
);

describe('DtoCheck', () => {
  it('passes an order exactly when class-validator finds nothing wrong with it', () => {
    const seen = { passed: 0, refused: 0 };
    fc.assert(
      fc.property(order, (body) => {
        const passes = check.passes(instance(body));
        expect(passes).toBe(validateSync(instance(body), options).length === 0);
        seen[passes ? 'passed' : 'refused']++;
      }),
      { numRuns: 3000 },
    );
    // Both answers were given often enough to mean something.
    expect(Math.min(seen.passed, seen.refused)).toBeGreaterThan(300);
  });

  it('leaves every order to class-validator under options it does not model', () => {
    const valid = { customerId: 'c-1', currency: 'EUR', items: [{ sku: 'SKU-1', quantity: 2 }] };
    expect(check.passes(instance(valid))).toBe(true);
    for (const other of [
      { ...options, forbidNonWhitelisted: false },
      { ...options, skipMissingProperties: true },
    ]) {
      expect(new DtoCheck(other).passes(instance(valid))).toBe(false);
    }
  });
});
