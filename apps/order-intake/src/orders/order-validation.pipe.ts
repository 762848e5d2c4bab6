import type { ArgumentMetadata } from '@nestjs/common';
import { VALIDATION_PIPE_OPTIONS } from '@surge/config';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { BoundedValidationPipe } from '../errors/bounded-problems';
import { DtoCheck } from './dto-check';

/**
 * The app's validation pipe (Nest's ValidationPipe with bounded 400s), with a short path for what almost every order is: a
 * JSON object body. For those it runs class-transformer and class-validator's
 * synchronous validator once and nothing else; the class-validator DTO stays
 * the only statement of what an order is, and errors go through the same
 * exception factory, so the 400 messages are the same.
 *
 * What the short path leaves out, ValidationPipe does for inputs JSON cannot
 * produce here: parseStrictJson has already refused prototype keys (the pipe's
 * stripProtoKeys pass), JSON.parse makes no sparse arrays (closeArrayGaps) and
 * no binary values (findNestedBinaryValues), and nothing in an order has an
 * async constraint (the promise per validation). Anything else (a body that is
 * an array or a primitive, a query, a param) takes the full pipe. A valid
 * order does not even reach validateSync: DtoCheck passes it from the same
 * decorators without building an error per property.
 */
export class OrderValidationPipe extends BoundedValidationPipe {
  private readonly shortcut: DtoCheck;

  constructor() {
    super(VALIDATION_PIPE_OPTIONS);
    this.shortcut = new DtoCheck(this.validatorOptions);
  }

  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const metatype = metadata.metatype;
    if (metadata.type !== 'body' || !metatype || !this.toValidate(metadata) || !isPlainObject(value)) {
      return super.transform(value, metadata);
    }
    const entity = plainToInstance(metatype, value, this.transformOptions) as object;
    if (this.shortcut.passes(entity)) return Promise.resolve(entity);
    const errors: ValidationError[] = validateSync(entity, this.validatorOptions);
    if (errors.length > 0) return Promise.reject(this.exceptionFactory(errors) as Error);
    return Promise.resolve(entity);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}
