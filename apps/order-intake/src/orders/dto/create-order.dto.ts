import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ORDER_LIMITS } from '@surge/contracts';

const ID_MESSAGE = `$property must be 1-${ORDER_LIMITS.maxIdLength} letters, digits or ._:- starting with a letter or digit`;

export class OrderLineDto {
  @IsString()
  @MaxLength(ORDER_LIMITS.maxIdLength)
  @Matches(ORDER_LIMITS.idPattern, { message: ID_MESSAGE })
  sku!: string;

  @IsInt()
  @Min(1)
  @Max(ORDER_LIMITS.maxQuantity)
  quantity!: number;
}

export class CreateOrderDto {
  @IsString()
  @MaxLength(ORDER_LIMITS.maxIdLength)
  @Matches(ORDER_LIMITS.idPattern, { message: ID_MESSAGE })
  customerId!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ORDER_LIMITS.maxItems)
  @ValidateNested({ each: true })
  @Type(() => OrderLineDto)
  items!: OrderLineDto[];

  @IsString()
  @Matches(ORDER_LIMITS.currencyPattern, { message: '$property must be an ISO 4217 code such as EUR' })
  currency!: string;
}
