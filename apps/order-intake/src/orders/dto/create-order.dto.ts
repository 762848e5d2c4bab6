import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsObject,
  ValidateIf,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ORDER_LIMITS } from '@surge/contracts';

const ID_MESSAGE = `$property must be 1-${ORDER_LIMITS.maxIdLength} letters, digits or ._:- starting with a letter or digit`;
const ID_DOC = { pattern: ORDER_LIMITS.idPattern.source, minLength: 1, maxLength: ORDER_LIMITS.maxIdLength };

// The @ApiProperty bounds repeat the class-validator ones for the OpenAPI
// document only; class-validator stays the contract.
export class OrderLineDto {
  @ApiProperty({ ...ID_DOC, example: 'SKU-1' })
  @IsString()
  @MaxLength(ORDER_LIMITS.maxIdLength)
  @Matches(ORDER_LIMITS.idPattern, { message: ID_MESSAGE })
  sku!: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: ORDER_LIMITS.maxQuantity, example: 2 })
  @IsInt()
  @Min(1)
  @Max(ORDER_LIMITS.maxQuantity)
  quantity!: number;
}

// Optional but never null: an order carries a contact or leaves the field out.
export class ContactDto {
  @ApiPropertyOptional({
    pattern: ORDER_LIMITS.emailPattern.source,
    maxLength: ORDER_LIMITS.maxEmailLength,
    example: 'ana@example.com',
  })
  @ValidateIf((_: unknown, value: unknown) => value !== undefined)
  @IsString()
  @MaxLength(ORDER_LIMITS.maxEmailLength)
  @Matches(ORDER_LIMITS.emailPattern, { message: '$property must be an email address such as ana@example.com' })
  email?: string;

  @ApiPropertyOptional({ pattern: ORDER_LIMITS.phonePattern.source, example: '+33612345678' })
  @ValidateIf((_: unknown, value: unknown) => value !== undefined)
  @IsString()
  @Matches(ORDER_LIMITS.phonePattern, { message: '$property must be an E.164 number such as +33612345678' })
  phone?: string;
}

export class CreateOrderDto {
  @ApiProperty({ ...ID_DOC, example: 'c-42', description: 'Orders are keyed (and kept in order) by customer' })
  @IsString()
  @MaxLength(ORDER_LIMITS.maxIdLength)
  @Matches(ORDER_LIMITS.idPattern, { message: ID_MESSAGE })
  customerId!: string;

  @ApiProperty({ type: [OrderLineDto], minItems: 1, maxItems: ORDER_LIMITS.maxItems })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ORDER_LIMITS.maxItems)
  // Without it a line that is an array ([[]]) passes ValidateNested and is sent as {}.
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => OrderLineDto)
  items!: OrderLineDto[];

  @ApiProperty({ pattern: ORDER_LIMITS.currencyPattern.source, example: 'EUR', description: 'ISO 4217 code' })
  @IsString()
  @Matches(ORDER_LIMITS.currencyPattern, { message: '$property must be an ISO 4217 code such as EUR' })
  currency!: string;

  @ApiPropertyOptional({ type: ContactDto, description: 'Where the outcome of the order is sent' })
  @ValidateIf((_: unknown, value: unknown) => value !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => ContactDto)
  contact?: ContactDto;
}
