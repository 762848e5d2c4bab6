import { IsInt, Max, Min } from 'class-validator';

/** Largest stock or price the inventory row takes (INT UNSIGNED, with headroom). */
export const MAX_STOCK_UNITS = 2_000_000_000;

export class StockLevelDto {
  @IsInt()
  @Min(0)
  @Max(MAX_STOCK_UNITS)
  available!: number;

  @IsInt()
  @Min(0)
  @Max(MAX_STOCK_UNITS)
  priceCents!: number;
}
